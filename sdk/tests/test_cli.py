"""The souq-sdk command: `new` scaffolds a package whose test passes; `check` validates."""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from souq_sdk.cli import main
from souq_sdk.scaffold import sdk_source

APPS = Path(__file__).parent / "apps"
SDK = sdk_source() or Path("not a source checkout")
WORKSPACE_LOCK = Path(__file__).parents[2] / "uv.lock"
HEADER = {"version", "revision", "requires-python"}


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def test_new_scaffolds_a_project_that_passes_its_own_tests_outside_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``uv run pytest`` and ``uv run souq-sdk check`` in a fresh project, offline.

    tmp_path is outside the souq workspace, so uv treats the project as its own and makes
    its own .venv. The project gets the lock uv would write (the workspace's pins of pytest
    and its dependencies, whose wheels ``uv sync`` cached), and ``--locked`` makes uv
    refuse it unless it matches the generated pyproject.toml and its SDK source exactly.
    """
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH; CI installs it")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "weather"]) == 0
    project = tmp_path / "weather"
    assert SDK.is_relative_to(Path(__file__).parents[2])
    sources = f'[tool.uv.sources]\nsouq-sdk = {{ path = "{SDK}", editable = true }}\n'
    assert (project / "pyproject.toml").read_text().endswith(sources)
    (project / "uv.lock").write_text(seed_lock("weather", SDK))
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")
    }
    uv_run = f"{uv} run --offline --locked --python {sys.executable}"
    chain = f"{uv_run} pytest -q -p no:cacheprovider && echo ==== && {uv_run} souq-sdk check"
    done = subprocess.run(
        ["sh", "-c", chain], cwd=project, capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    tests, _, check = done.stdout.partition("====\n")
    assert "2 passed" in tests
    manifest = json.loads(check)
    assert (manifest["slug"], manifest["version"]) == ("weather", "0.1.0")  # pyproject's
    assert [c["name"] for c in manifest["commands"]] == ["hello"]
    assert (project / ".venv").is_dir()


def seed_lock(slug: str, sdk: Path) -> str:
    """The uv.lock uv writes for a new project: pytest as the workspace pinned it."""
    text = WORKSPACE_LOCK.read_text()
    head, *blocks = text.split("\n[[package]]\n")
    packages = {
        p["name"]: (p, block)
        for p, block in zip(tomllib.loads(text)["package"], blocks, strict=True)
    }
    wanted, todo = set(), ["pytest", "souq-sdk"]
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo += [d["name"] for d in packages[name][0].get("dependencies", [])]
    sdk_block = packages["souq-sdk"][1].replace('{ editable = "sdk" }', f'{{ editable = "{sdk}" }}')
    root = f"""name = "souq-{slug}"
version = "0.1.0"
source = {{ editable = "." }}
dependencies = [
    {{ name = "souq-sdk" }},
]

[package.dev-dependencies]
dev = [
    {{ name = "pytest" }},
]

[package.metadata]
requires-dist = [{{ name = "souq-sdk", editable = "{sdk}" }}]

[package.metadata.requires-dev]
dev = [{{ name = "pytest", specifier = ">=8" }}]
"""
    chosen = {name: packages[name][1] for name in wanted} | {
        "souq-sdk": sdk_block,
        f"souq-{slug}": root,
    }
    header = "\n".join(line for line in head.splitlines() if line.split(" =")[0] in HEADER)
    return header + "\n" + "".join(f"\n[[package]]\n{chosen[n].strip()}\n" for n in sorted(chosen))


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


def test_check_refuses_an_app_version_other_than_its_distributions(
    install_demo: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install_demo("2.3.4", app_version="2.0.0")
    assert main(["check", "souq_demo.app:app"]) == 1
    assert capsys.readouterr().err == (
        "souq-sdk: souq_demo.app:app: the app says version 2.0.0, but the installed "
        "distribution souq-demo is 2.3.4: give one version (leave out App(version=...) "
        "to use pyproject.toml's)\n"
    )


@pytest.mark.parametrize("given", [None, "2.3.4"])
def test_check_accepts_the_distributions_version_given_or_not(
    given: str | None, install_demo: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install_demo("2.3.4", app_version=given)
    assert main(["check", "souq_demo.app:app"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == "2.3.4"


def test_check_names_an_app_that_has_no_version_and_is_not_installed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_sys_path: None,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "not-installed", "--sdk", str(SDK)]) == 0
    monkeypatch.chdir(tmp_path / "not-installed")
    capsys.readouterr()
    assert main(["check"]) == 1  # src/ is importable, but nothing installed the project
    assert capsys.readouterr().err.startswith(
        "souq-sdk: souq_not_installed.app:app: Invalid manifest of app 'not-installed':\n"
        "- version: not given, and no installed distribution holds 'souq_not_installed.app'"
    )


def test_new_installs_the_sdk_from_a_wheel_given_with_sdk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = tmp_path / "dist" / "souq_sdk-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "weather", "--sdk", "dist/souq_sdk-0.1.0-py3-none-any.whl"]) == 0
    pyproject = tomllib.loads((tmp_path / "weather" / "pyproject.toml").read_text())
    assert pyproject["tool"]["uv"]["sources"] == {"souq-sdk": {"path": str(wheel)}}


@pytest.mark.parametrize("given", ["nowhere", "weather-src", "dist/other-1.0-py3-none-any.whl"])
def test_new_refuses_an_sdk_path_that_is_no_sdk(
    given: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "weather-src").mkdir()
    (tmp_path / "weather-src" / "pyproject.toml").write_text("[project]\nname = 'weather'\n")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "other-1.0-py3-none-any.whl").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "weather", "--sdk", given]) == 2
    assert capsys.readouterr().err == (
        f"souq-sdk: --sdk {tmp_path / given} is neither a souq-sdk source folder (holding "
        "its pyproject.toml) nor a souq_sdk-*.whl wheel\n"
    )
    assert not (tmp_path / "weather").exists()


def test_new_says_how_to_point_at_the_sdk_when_it_runs_from_a_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("souq_sdk.cli.sdk_source", lambda: None)  # as installed from a wheel
    monkeypatch.chdir(tmp_path)
    assert main(["new", "weather"]) == 0
    assert "`uv add PATH` once with the path of a souq_sdk-*.whl" in capsys.readouterr().out
    assert "uv" not in tomllib.loads((tmp_path / "weather" / "pyproject.toml").read_text())["tool"]
    readme = (tmp_path / "weather" / "README.md").read_text()
    assert "uv add /path/to/souq_sdk-0.1.0-py3-none-any.whl" in readme
