"""The import contracts in pyproject.toml cover every package of the workspace."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_plugin_is_forbidden_to_import_the_platform() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["forbidden_modules"] == ["souq"])
    plugins = {p.name for p in ROOT.glob("plugins/*/src/*") if (p / "__init__.py").exists()}
    assert plugins, "no plugin packages found"
    assert plugins <= set(contract["source_modules"]), "add the new plugin to the import contract"
    assert plugins <= set(config["root_packages"])


def test_platform_folder_is_not_an_import_package() -> None:
    assert not (ROOT / "platform" / "__init__.py").exists()
