"""The souq-sdk command: `new` scaffolds a package whose test passes; `check` validates."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from souq_sdk.cli import main

APPS = Path(__file__).parent / "apps"


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def test_new_scaffolds_a_package_whose_test_passes_and_whose_manifest_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "weather"]) == 0
    project = tmp_path / "weather"
    pyproject = (project / "pyproject.toml").read_text()
    assert '[project.entry-points.souq]\nweather = "souq_weather.app:app"' in pyproject

    tests = run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], project, PYTHONPATH="src"
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout

    check = run(["-m", "souq_sdk", "check"], project)
    assert check.returncode == 0, check.stderr
    manifest = json.loads(check.stdout)
    assert manifest["slug"] == "weather"
    assert [c["name"] for c in manifest["commands"]] == ["hello"]


def test_new_refuses_bad_names_and_existing_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Weather App"]) == 2
    (tmp_path / "taken").mkdir()
    assert main(["new", "taken"]) == 1
    assert "taken already exists" in capsys.readouterr().err


def test_check_an_explicit_target(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], restore_sys_path: None
) -> None:
    monkeypatch.syspath_prepend(str(APPS))
    assert main(["check", "echo"]) == 0
    assert json.loads(capsys.readouterr().out)["slug"] == "echo"


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (
            "from souq_sdk import hookimpl\n\n"
            "@hookimpl\ndef souq_manifest():\n    return {'slug': 'X', 'name': 'x'}\n",
            "broken_app",
            "broken_app: Invalid manifest of app 'X':\n- slug: 'X' must be",
        ),
        ("app = None\n", "broken_app:missing", "cannot load broken_app:missing"),
        ("raise ImportError('no numpy')\n", "broken_app", "cannot load broken_app: no numpy"),
    ],
)
def test_check_reports_broken_apps(
    source: str,
    target: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_sys_path: None,
) -> None:
    (tmp_path / "broken_app.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["check", target]) == 1
    assert message in capsys.readouterr().err


def test_check_needs_a_pyproject_or_a_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert "no pyproject.toml here" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert main(["check"]) == 1
    assert "declares no [project.entry-points.souq] app" in capsys.readouterr().err
