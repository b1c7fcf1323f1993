"""Metrics across the worker processes of ``souq serve --workers N``.

The supervisor points prometheus-client's multiprocess mode at one folder for all its
workers (``PROMETHEUS_MULTIPROC_DIR``: the operator's, emptied at start, else a fresh
temporary folder removed at exit), so that a scrape served by any worker adds up every
worker's values; when a worker ends, its live gauges (open WebSockets) are dropped.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prometheus_client.multiprocess import mark_process_dead
from uvicorn.supervisors import Multiprocess

from .metrics import MULTIPROC_DIR


@contextmanager
def shared_metrics() -> Iterator[Path]:
    """Set ``PROMETHEUS_MULTIPROC_DIR`` for the workers started inside (they inherit the
    environment and import prometheus-client after it is set); yields the folder."""
    given = os.environ.get(MULTIPROC_DIR)
    folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="souq-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):  # a previous run's values would be added in
        stale.unlink()
    os.environ[MULTIPROC_DIR] = str(folder)
    try:
        yield folder
    finally:
        if not given:
            del os.environ[MULTIPROC_DIR]
            shutil.rmtree(folder, ignore_errors=True)


class Supervisor(Multiprocess):
    """uvicorn's supervisor, telling prometheus-client of every worker that ended (died
    and was replaced, or retired by a restart) so that its live gauges stop counting."""

    _known: frozenset[int] = frozenset()

    def keep_subprocess_alive(self) -> None:
        """uvicorn's check, then the bookkeeping for workers that are gone."""
        super().keep_subprocess_alive()
        current = frozenset(p.pid for p in self.processes if p.pid is not None)
        if os.environ.get(MULTIPROC_DIR):
            for pid in self._known - current:
                mark_process_dead(pid)
        self._known = current
