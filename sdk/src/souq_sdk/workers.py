"""The threads that run one app's sync handlers, and the deadline of one call.

The host and the test harness run apps the same way:

- A sync handler runs in a thread of the app's own :class:`Workers`: at most ``size``
  calls at once. A call that finds them all busy waits for one; that wait does not count
  against its deadline (a slow call elsewhere is not this call's fault), but it lasts at
  most one deadline.
- A call past its deadline is abandoned: the caller stops waiting at once. Python cannot
  stop a thread, so the handler runs on until it returns and what it returns is dropped;
  it no longer holds one of the ``size`` places, so other people's calls go on. At most
  ``size`` abandoned handlers run on the side; beyond that, new calls wait for a thread
  (so an app whose handlers hang for good uses at most ``2 * size`` threads).
- An async handler runs on the event loop, in no thread: its deadline counts from the
  start of the call.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any

FIRST_ANSWER_SECONDS = 3.0
"""How long an app has for its first answer, unless the operator says otherwise."""

STREAM_SECONDS = 60.0
"""How long a stream of replies may run after its first answer."""

WORKERS = 4
"""How many of an app's sync handlers run at once, unless the operator says otherwise."""


STATE_ATTEMPTS = 5
"""How many times a call runs when other calls keep saving its state first (each run
after the first gets the state as then saved)."""


def did_not_answer(app_name: str) -> str:
    """What the person reads when ``app_name`` missed a deadline."""
    return f"{app_name} did not answer, try again."


def is_busy(app_name: str) -> str:
    """What the person reads when other calls kept saving the state a call needs first."""
    return f"{app_name} is busy, try again."


class Deadline:
    """The first-answer deadline of one call: ``seconds`` of the app's own time.

    Use ``async with deadline.running():`` around the call; it raises :class:`TimeoutError`
    when the time is up. While the call waits for a worker thread (:meth:`waiting`), the
    count stops, for at most ``seconds``.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.waited_out = False
        """Whether the time ran out while the call waited for a worker thread."""
        self._timeout: asyncio.Timeout | None = None

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the call within the deadline (seen by :func:`current_deadline`)."""
        token = _deadline.set(self)
        try:
            async with asyncio.timeout(self.seconds) as timeout:
                self._timeout = timeout
                yield
        finally:
            _deadline.reset(token)
            self._timeout = None

    @contextlib.asynccontextmanager
    async def waiting(self) -> AsyncIterator[None]:
        """Stop the count while the call waits for a thread (the wait itself may last
        ``seconds`` at most), then go on with the time that was left."""
        timeout = self._timeout
        if timeout is None or timeout.when() is None:
            yield
            return
        loop = asyncio.get_running_loop()
        left = max(0.0, (timeout.when() or 0.0) - loop.time())
        timeout.reschedule(loop.time() + self.seconds)
        self.waited_out = True
        try:
            yield
        finally:
            if not timeout.expired():
                self.waited_out = False
                timeout.reschedule(loop.time() + left)


_deadline: ContextVar[Deadline | None] = ContextVar("souq_deadline", default=None)


def current_deadline() -> Deadline | None:
    """The deadline of the call being run, if any."""
    return _deadline.get()


class Workers:
    """The threads of one app's sync handlers (see the module's docstring)."""

    def __init__(self, size: int = WORKERS, *, name: str = "souq-app") -> None:
        if size < 1:
            raise ValueError("an app needs at least one worker")
        self.size = size
        self._pool = ThreadPoolExecutor(2 * size, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._places = 0  # calls being waited for
        self._threads = 0  # threads busy: those calls, and abandoned ones
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    @property
    def abandoned(self) -> int:
        """How many handlers run on after their caller stopped waiting."""
        with self._lock:
            return self._threads - self._places

    async def run(self, function: Callable[..., Any], /, *args: Any) -> Any:
        """Run ``function(*args)`` in a worker thread (with the caller's context vars)."""
        loop = asyncio.get_running_loop()
        deadline = current_deadline()
        async with deadline.waiting() if deadline else contextlib.nullcontext():
            await self._take_place(loop)
        context = contextvars.copy_context()
        try:
            future = loop.run_in_executor(
                self._pool, functools.partial(self._job, context, function, *args)
            )
            future.add_done_callback(_consume)
        except BaseException:
            self._give_back(thread=True)
            raise
        try:
            return await asyncio.shield(future)  # cancelled: the handler runs on, abandoned
        finally:
            self._give_back(thread=False)

    def close(self) -> None:
        """Stop taking calls; running handlers are abandoned."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _job(self, context: contextvars.Context, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return context.run(function, *args)
        finally:
            with self._lock:
                self._threads -= 1
            self._wake()

    async def _take_place(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            with self._lock:
                if self._places < self.size and self._threads < 2 * self.size:
                    self._places += 1
                    self._threads += 1
                    return
                waiter: asyncio.Future[None] = loop.create_future()
                self._waiters.append((loop, waiter))
            try:
                await waiter
            finally:
                with self._lock, contextlib.suppress(ValueError):
                    self._waiters.remove((loop, waiter))

    def _give_back(self, *, thread: bool) -> None:
        with self._lock:
            self._places -= 1
            if thread:
                self._threads -= 1
        self._wake()

    def _wake(self) -> None:
        """Let every waiting call look again (from any thread)."""
        with self._lock:
            waiters, self._waiters = self._waiters, []
        for loop, waiter in waiters:
            with contextlib.suppress(RuntimeError):  # that loop is closed
                loop.call_soon_threadsafe(_settle, waiter)


def _settle(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _consume(future: asyncio.Future[Any]) -> None:
    """Retrieve an abandoned handler's exception, so that it is not logged as lost."""
    if not future.cancelled():
        future.exception()
