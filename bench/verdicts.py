"""Targets and their verdicts, printed the same way by every benchmark.

Each benchmark ends with one line per target, ``[PASS]`` or ``[MISS]``, the target and
the figure measured, so a run can be read (or grepped) without knowing the script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """One target: what it asks, what was measured, and whether it holds."""

    key: str  # the name the JSON report keeps it under
    label: str
    measured: str
    passed: bool


def print_verdicts(verdicts: Sequence[Verdict]) -> None:
    """One ``[PASS]``/``[MISS]`` line per target."""
    width = max((len(v.label) for v in verdicts), default=0)
    for v in verdicts:
        print(f"  [{'PASS' if v.passed else 'MISS'}] {v.label:<{width}}  {v.measured}".rstrip())
