"""An event loop whose clock jumps ahead when nothing but time can happen next.

The test harness runs apps on it, so that a handler awaiting ``asyncio.sleep(5)`` meets
its 3 second deadline at once, in a test that takes no wall time. The clock jumps only
when the loop has nothing ready to run and is waiting for nothing but a timer:

- no work in a thread started through the loop (``run_in_executor``, ``asyncio.to_thread``,
  the app's sync handlers): while a thread works, time passes as on the wall clock;
- no socket or pipe being watched (a network call in flight): then too time is real.

What the loop cannot see, it cannot wait for: a thread started some other way that
wakes the loop (``call_soon_threadsafe``) may find the clock moved on.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any


class _JumpingSelector(selectors.DefaultSelector):  # type: ignore[misc,valid-type]
    """Polls instead of sleeping, and moves its loop's clock by the time it would sleep."""

    loop: VirtualTimeLoop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        loop = self.loop
        idle = loop.in_threads == 0 and len(self.get_map()) <= 1  # only the loop's own pipe
        if timeout is None or timeout <= 0 or not idle:
            return super().select(timeout)
        events = super().select(0)
        if not events:
            loop.jumped += timeout
        return events


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop on virtual time (see the module's docstring)."""

    def __init__(self) -> None:
        selector = _JumpingSelector()
        selector.loop = self
        self.jumped = 0.0
        """How far the clock has jumped ahead of the wall clock, in seconds."""
        self.in_threads = 0
        """How many calls started through :meth:`run_in_executor` are running."""
        super().__init__(selector)

    def time(self) -> float:
        """The loop's clock: monotonic wall time plus every jump."""
        return super().time() + self.jumped

    def run_in_executor(
        self, executor: Executor | None, func: Callable[..., Any], *args: Any
    ) -> asyncio.Future[Any]:
        """Run ``func`` in a thread; the clock does not jump while it runs."""
        future = super().run_in_executor(executor, func, *args)
        self.in_threads += 1
        future.add_done_callback(self._thread_done)
        return future

    def _thread_done(self, _future: asyncio.Future[Any]) -> None:
        self.in_threads -= 1
