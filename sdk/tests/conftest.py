"""Fixtures shared by the SDK's tests."""

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

APPS = Path(__file__).parent / "apps"


def load_module(path: Path, name: str) -> ModuleType:
    """Import the file at ``path`` as a fresh module called ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def echo_module() -> ModuleType:
    """The plain-hookimpl test app in apps/echo.py."""
    return load_module(APPS / "echo.py", "souq_sdk_test_echo")


@pytest.fixture
def restore_sys_path() -> Iterator[None]:
    """Undo changes a test makes to sys.path and sys.modules."""
    path, modules = list(sys.path), set(sys.modules)
    yield
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        del sys.modules[name]


@pytest.fixture
def install_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_sys_path: None
) -> Callable[..., None]:
    """Install a distribution souq-demo (package souq_demo, app souq_demo.app:app).

    ``record`` lists the package's files in the dist-info RECORD, as a wheel install does;
    without it only the ``souq`` entry point ties the package to the distribution, as in
    an editable install. ``app_version`` is passed to ``App(version=...)`` when given.
    """

    def install(version: str, app_version: str | None = None, record: bool = True) -> None:
        site = tmp_path / "site"
        (site / "souq_demo").mkdir(parents=True)
        (site / "souq_demo" / "__init__.py").write_text("")
        given = f", version={app_version!r}" if app_version else ""
        (site / "souq_demo" / "app.py").write_text(
            "from souq_sdk import App, Text\n\n"
            f'app = App(slug="demo", name="Demo", summary="A demo"{given})\n\n\n'
            "@app.command()\ndef hi() -> Text:\n    return Text('hi')\n"
        )
        info = site / f"souq_demo-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: souq-demo\nVersion: {version}\n"
        )
        (info / "entry_points.txt").write_text("[souq]\ndemo = souq_demo.app:app\n")
        if record:
            (info / "RECORD").write_text("souq_demo/__init__.py,,\nsouq_demo/app.py,,\n")
        monkeypatch.syspath_prepend(str(site))

    return install
