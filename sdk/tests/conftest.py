"""Fixtures shared by the SDK's tests."""

import importlib.util
import sys
from collections.abc import Iterator
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
