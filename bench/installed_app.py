"""A throwaway app installed the way real apps are found, for the benchmarks.

:func:`install_app` lays out the app's module and a minimal ``*.dist-info`` folder (its
``entry_points.txt`` names the app in the ``souq`` group) in a folder that every ``souq``
process of the run gets on ``PYTHONPATH`` (:func:`app_env`). :func:`approve_app` then puts
the app through review with the ``souq`` command, as a developer and an admin would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from messaging import ROOT, BenchError, child_env


@dataclass(frozen=True)
class BenchApp:
    """A throwaway app: its slug, its module's name and source, and what it is for."""

    slug: str
    module: str
    source: str
    summary: str

    @property
    def distribution(self) -> str:
        """The name of its (pretend) distribution."""
        return f"souq-{self.slug}-app"


def install_app(app: BenchApp, site: Path) -> Path:
    """Lay out ``app``'s module and its distribution metadata in ``site``."""
    site.mkdir(parents=True)
    (site / f"{app.module}.py").write_text(app.source)
    dist = site / f"{app.distribution.replace('-', '_')}-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {app.distribution}\nVersion: 0.1.0\nSummary: {app.summary}\n"
    )
    (dist / "entry_points.txt").write_text(f"[souq]\n{app.slug} = {app.module}:app\n")
    (dist / "top_level.txt").write_text(f"{app.module}\n")
    return site


def app_env(data_dir: Path, site: Path) -> dict[str, str]:
    """A souq process's environment: bench/messaging.py's, plus ``site`` on PYTHONPATH."""
    env = child_env(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), env.get("PYTHONPATH")) if p)
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m ARGS`` (``souq ...`` or ``souq_sdk ...``) from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def must(done: subprocess.CompletedProcess[str]) -> str:
    """The output of a command that must succeed."""
    if done.returncode != 0:
        command = " ".join(str(a) for a in done.args[2:])
        raise BenchError(f"{command} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def approve_app(app: BenchApp, env: dict[str, str], work: Path, developer: str) -> None:
    """Put ``app`` through review with the ``souq`` command: a developer account, the slug
    registered, the manifest ``souq_sdk check`` prints submitted, that version approved."""
    creating = env | {"SOUQ_NEW_PASSWORD": "bench-developer-password"}
    must(cli(creating, "souq", "users", "create", developer, "--role", "developer"))
    must(cli(env, "souq", "apps", "register", app.slug, "--developer", developer))
    manifest = work / "manifest.json"
    manifest.write_text(must(cli(env, "souq_sdk", "check", f"{app.module}:app")))
    must(cli(env, "souq", "apps", "submit", str(manifest), "--developer", developer))
    version = json.loads(manifest.read_text())["version"]
    must(cli(env, "souq", "apps", "approve", app.slug, version, "--reason", "benchmark"))
