"""How apps are run: deadlines, worker threads, virtual time (shared by host and harness)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from souq_sdk import App, Text
from souq_sdk.testing import AppHarness, TimedOut
from souq_sdk.virtual_time import VirtualTimeLoop
from souq_sdk.workers import Deadline, Workers


def on_virtual_time(coroutine: object) -> object:
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(coroutine)  # type: ignore[arg-type]


async def spend(deadline: Deadline, counted: float, waiting: float, after: float) -> float:
    """Spend ``counted`` seconds, wait ``waiting`` for a worker, spend ``after`` more;
    return the seconds that passed on the loop's clock."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    async with deadline.running():
        await asyncio.sleep(counted)
        async with deadline.waiting():
            await asyncio.sleep(waiting)
        await asyncio.sleep(after)
    return loop.time() - start


def test_waiting_for_a_worker_does_not_count_against_the_deadline_but_is_bounded() -> None:
    wall = time.monotonic()
    assert on_virtual_time(spend(Deadline(1.0), 0.5, 0.9, 0.4)) == pytest.approx(1.8, abs=0.05)

    too_long = Deadline(1.0)
    with pytest.raises(TimeoutError):
        on_virtual_time(spend(too_long, 0.2, 1.2, 0))
    assert too_long.waited_out, "the time ran out waiting for a worker"

    still_counted = Deadline(1.0)
    with pytest.raises(TimeoutError):
        on_virtual_time(spend(still_counted, 0.5, 0.2, 0.6))
    assert not still_counted.waited_out, "the time before and after the wait counts"
    assert time.monotonic() - wall < 3, "virtual time should not take wall time (4 s here)"


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """What blocking handlers wait for; set at teardown."""
    event = threading.Event()
    yield event
    event.set()


async def test_an_abandoned_call_gives_its_worker_back_and_spare_threads_are_bounded(
    release: threading.Event,
) -> None:
    workers = Workers(1)

    async def call(function: object, seconds: float = 0.05) -> object:
        async with Deadline(seconds).running():
            return await workers.run(function)  # type: ignore[arg-type]

    with pytest.raises(TimeoutError):
        await call(release.wait)
    assert workers.abandoned == 1
    assert await call(lambda: "fast") == "fast", "the abandoned call still holds the worker"
    with pytest.raises(TimeoutError):
        await call(release.wait)
    assert workers.abandoned == 2  # the limit: as many spare threads as workers
    full = Deadline(0.05)
    with pytest.raises(TimeoutError):
        async with full.running():
            await workers.run(lambda: "no thread for this one")
    assert full.waited_out
    release.set()
    assert await call(lambda: "again", seconds=10) == "again"
    workers.close()


# -- the harness applies the host's deadlines -----------------------------------------

napper = App(slug="nap", name="Nap", version="1.0.0", summary="Takes naps")


@napper.command()
async def nap(seconds: int) -> Text:
    """Sleep, then answer."""
    await asyncio.sleep(seconds)
    return Text(f"slept {seconds} s")


@napper.command()
async def doze(seconds: int) -> AsyncIterator[Text]:
    """Answer at once, sleep, then answer again."""
    yield Text("dozing")
    await asyncio.sleep(seconds)
    yield Text("awake")


@napper.command()
async def chores(milliseconds: int) -> Text:
    """Real work in a thread: time cannot jump while it runs."""
    await asyncio.to_thread(time.sleep, milliseconds / 1000)
    return Text("done")


def test_the_harness_times_out_a_slow_first_answer_on_virtual_time() -> None:
    wall = time.monotonic()
    with pytest.raises(TimedOut) as timed_out:
        AppHarness(napper).run("/nap nap 5")
    assert str(timed_out.value) == "Nap did not answer, try again."
    assert timed_out.value.detail == "no answer within 3 s"
    assert AppHarness(napper).run("/nap nap 2") == Text("slept 2 s")
    assert AppHarness(napper, timeout=6).run("/nap nap 5") == Text("slept 5 s")
    assert time.monotonic() - wall < 3, "virtual time should not take wall time"


def test_the_harness_applies_the_stream_ceiling() -> None:
    with pytest.raises(TimedOut) as timed_out:
        AppHarness(napper).run("/nap doze 61")
    assert str(timed_out.value) == "Nap did not answer, try again."
    assert timed_out.value.replies == (Text("dozing"),)
    assert timed_out.value.detail == "stream over 60 s"
    harness = AppHarness(napper, stream_seconds=120)
    assert harness.run("/nap doze 61") == Text("awake")
    assert harness.last.progress == (Text("dozing"),)


def test_time_does_not_jump_while_a_thread_works() -> None:
    assert AppHarness(napper, timeout=2).run("/nap chores 50") == Text("done")
    with pytest.raises(TimedOut):
        AppHarness(napper, timeout=0.01).run("/nap chores 200")


def test_the_harness_can_keep_the_wall_clock() -> None:
    harness = AppHarness(napper, timeout=0.05, virtual_time=False)
    with pytest.raises(TimedOut):
        harness.run("/nap nap 1")  # 0.05 s of real waiting
