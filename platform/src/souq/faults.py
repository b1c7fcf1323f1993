"""Crash points for tests: prove what survives a process dying between two steps.

``SOUQ_TEST_FAULT=<step>`` (accepted only with ``SOUQ_ENV=dev``, see
:class:`~souq.settings.Settings`) makes the process kill itself with ``SIGKILL`` right
after the named step, as a power cut or the kernel's OOM killer would: no ``finally``
block, no shutdown, no flush. Without it, :meth:`Faults.reached` does nothing.
"""

from __future__ import annotations

import os
import signal
import sys

from souq.settings import FaultStep, Settings


class Faults:
    """The crash point chosen for this process, if any."""

    def __init__(self, step: FaultStep | None = None) -> None:
        self._step = step

    @classmethod
    def of(cls, settings: Settings) -> Faults:
        """The crash point ``settings`` choose (none outside ``SOUQ_ENV=dev``)."""
        return cls(settings.test_fault if settings.dev else None)

    def reached(self, step: FaultStep) -> None:
        """Kill this process now if ``step`` is the chosen crash point."""
        if step == self._step:
            print(f"souq: SOUQ_TEST_FAULT: killed after {step}", file=sys.stderr, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
