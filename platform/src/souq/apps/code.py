"""What code an installed app runs: a digest of its distribution's files, so that review
can pin the code it approved (see :mod:`souq.apps.serving`).

The digest is the SHA-256 of one line per file, ``path NUL sha256(contents)``, sorted by
path, over:

- every file the distribution's ``RECORD`` lists outside its ``.dist-info`` folder, with
  the folder's ``METADATA`` and ``entry_points.txt`` (which object is loaded, at which
  version); what installers write for themselves (``RECORD``, ``INSTALLER``,
  ``REQUESTED``, ``direct_url.json``, ...) and compiled ``.pyc`` files are left out, so
  the same wheel gives the same digest wherever it is installed;
- when the module the entry point names is not among those files (an editable install,
  or a distribution without a ``RECORD``), every file of that module's top-level package
  as it is on disk.

The files are hashed as they are on disk, not as ``RECORD`` says they were: a file
edited in place changes the digest too.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from importlib.metadata import Distribution, EntryPoint
from pathlib import Path

KEPT_METADATA = frozenset({"METADATA", "entry_points.txt"})


@dataclass(frozen=True)
class InstalledCode:
    """The distribution an app was installed from, and the digest of its files."""

    distribution: str
    version: str
    digest: str

    @property
    def label(self) -> str:
        """``name version`` of the distribution."""
        return f"{self.distribution} {self.version}"


def installed_code(entry_point: EntryPoint) -> InstalledCode | None:
    """The code behind ``entry_point`` (``None`` when no distribution provides it)."""
    dist = entry_point.dist
    if dist is None:
        return None
    files = _recorded(dist)
    package = _package_files(entry_point.module)
    if package and not any(p in files.values() for p in package.values()):
        files.update(package)
    lines = sorted(f"{name}\0{_sha256(path)}\n" for name, path in files.items())
    digest = hashlib.sha256("".join(lines).encode()).hexdigest()
    return InstalledCode(dist.name, dist.version, digest)


def _recorded(dist: Distribution) -> dict[str, Path]:
    """The distribution's own files by their ``RECORD`` name (see the module's docstring)."""
    found: dict[str, Path] = {}
    for file in dist.files or ():
        parts = file.parts
        if parts[-1].endswith(".pyc") or "__pycache__" in parts:
            continue
        if parts[0].endswith(".dist-info") and (len(parts) != 2 or parts[1] not in KEPT_METADATA):
            continue
        path = Path(str(file.locate())).resolve()
        if path.is_file():
            found[str(file)] = path
    return found


def _package_files(module: str) -> dict[str, Path]:
    """Every file of ``module``'s top-level package (or the module alone), by its path
    relative to the folder that holds it."""
    spec = importlib.util.find_spec(module.partition(".")[0])
    if spec is None or spec.origin is None:
        return {}
    origin = Path(spec.origin).resolve()
    if not spec.submodule_search_locations:
        return {origin.name: origin}
    root = origin.parent
    return {
        str(path.relative_to(root.parent)): path.resolve()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
