"""How the host runs an app, side by side with the harness: deadlines, worker threads,
which calls wait for which, and a UsageError wherever a handler raises it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import pytest
from conftest import Install
from live_server import Api
from souq.apps import invocations
from souq.apps.health import health as app_health
from souq.db.models import AppState
from souq.runtime import Services
from souq.settings import Settings
from souq_sdk import App, Button, Card, Context, Text, UsageError, testing
from souq_sdk.testing import AppHarness, TimedOut
from souq_sdk.workers import FIRST_ANSWER_SECONDS, STREAM_SECONDS, WORKERS
from sqlalchemy import select
from test_apps import Chat, app_call_errors, app_calls, people, streams_settled

SHORT = 0.3
"""The host's deadline for the apps of this module: short, as no test waits it out twice."""


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Short deadlines for the apps that are slow on purpose."""
    return {"app_timeouts": {"nap": SHORT, "stall": SHORT}, "app_stream_seconds": SHORT}


def test_the_harness_and_the_host_share_their_defaults() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.app_timeout_seconds, settings.app_stream_seconds, settings.app_workers) == (
        FIRST_ANSWER_SECONDS,
        STREAM_SECONDS,
        WORKERS,
    )
    harness = AppHarness(nap_app())
    assert (harness.timeout, harness.stream_seconds, harness.workers) == (
        FIRST_ANSWER_SECONDS,
        STREAM_SECONDS,
        WORKERS,
    )


# -- deadlines --------------------------------------------------------------------------


def nap_app() -> App:
    """Async handlers that sleep: on virtual time in the harness, real time in the host."""
    app = App(slug="nap", name="Nap", version="1.0.0", summary="Takes naps")

    @app.command()
    async def nap(seconds: int) -> Text:
        """Sleep, then answer."""
        await asyncio.sleep(seconds)
        return Text(f"slept {seconds} s")

    @app.command()
    async def doze(seconds: int) -> AsyncIterator[Text]:
        """Answer at once, sleep, then answer again."""
        yield Text("dozing")
        await asyncio.sleep(seconds)
        yield Text("awake")

    return app


async def test_a_missed_deadline_reads_the_same_in_the_harness_and_the_host(
    api: Api, install: Install, services: Services
) -> None:
    chat = Chat(api, services, "service")
    await install(nap_app())
    ana, _bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    harness = AppHarness(nap_app(), timeout=SHORT, stream_seconds=SHORT)
    with pytest.raises(TimedOut) as first:
        await asyncio.to_thread(harness.run, "/nap nap 5")
    answer = await chat.run(ana, conversation, "/nap nap 5")
    assert (answer["app"]["slug"], answer["body"]) == ("souq", str(first.value))
    assert str(first.value) == "Nap did not answer, try again."

    with pytest.raises(TimedOut) as stream:
        await asyncio.to_thread(harness.run, "/nap doze 5")
    assert stream.value.replies == (Text("dozing"),)
    progress = await chat.run(ana, conversation, "/nap doze 5")
    await streams_settled(services)
    shown = await chat.message(ana, conversation, progress["id"])
    assert shown["body"] == f"dozing\n\n{stream.value}"
    assert await app_calls(services, "nap") == [
        ("command", "nap", "timeout"),
        ("command", "doze", "ok"),
        ("stream", "stream", "timeout"),
    ]


# -- worker threads ---------------------------------------------------------------------


@dataclass
class Blocker:
    """What the stall app's slow handler waits for; set at teardown."""

    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def blocker() -> Iterator[Blocker]:
    control = Blocker()
    yield control
    control.release.set()


def stall_app(blocker: Blocker) -> App:
    """A sync handler that blocks its thread, and one that answers at once."""
    app = App(slug="stall", name="Stall", version="1.0.0", summary="Blocks on purpose")

    @app.command()
    def slow() -> Text:
        """Block a worker thread until the test ends."""
        blocker.release.wait()
        return Text("too late")

    @app.command()
    def quick() -> Text:
        """Answer at once."""
        return Text("quick")

    return app


async def test_abandoned_slow_calls_do_not_starve_other_peoples_fast_ones(
    api: Api, install: Install, services: Services, blocker: Blocker
) -> None:
    """Four people's slow commands time out; a fifth person's instant one still answers.
    Abandoned handlers may keep as many spare threads busy as the app has workers; past
    that, a call waits for a thread (at most one deadline) and times out."""
    chat = Chat(api, services, "service")
    await install(stall_app(blocker))
    slow_people = await people(api, "ana", "bruno", "carla", "dina")
    (eve,) = await people(api, "eve")
    rooms = [await api.direct(token, "eve") for token in slow_people]
    for round_ in range(2):
        answers = await asyncio.gather(
            *(
                chat.run(token, room, "/stall slow")
                for token, room in zip(slow_people, rooms, strict=True)
            )
        )
        assert {a["body"] for a in answers} == {"Stall did not answer, try again."}
        if round_ == 0:
            fast = await chat.run(eve, rooms[0], "/stall quick")
            assert (fast["app"]["slug"], fast["body"]) == ("stall", "quick")
    starved = await chat.run(eve, rooms[0], "/stall quick")
    assert starved["body"] == "Stall did not answer, try again."
    errors = await app_call_errors(services, "stall")
    assert errors[-1] == f"no worker free within {SHORT:g} s"

    harness = AppHarness(stall_app(blocker), timeout=0.05)
    for round_ in range(2):
        for _person in range(4):
            with pytest.raises(TimedOut):
                await asyncio.to_thread(harness.run, "/stall slow")
        if round_ == 0:
            assert await asyncio.to_thread(harness.run, "/stall quick") == Text("quick")
    with pytest.raises(TimedOut):
        await asyncio.to_thread(harness.run, "/stall quick")


# -- which calls wait for which ---------------------------------------------------------


@dataclass
class Meeting:
    """Where the test holds the meet app's calls."""

    entered: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    both_in: asyncio.Event = field(default_factory=asyncio.Event)
    bumps: int = 0


@pytest.fixture
async def meeting(services: Services) -> AsyncIterator[Meeting]:
    control = Meeting()
    yield control
    control.release.set()
    control.both_in.set()


def meet_app(meeting: Meeting) -> App:
    """Person state and conversation state, with calls the test can hold."""
    app = App(slug="meet", name="Meet", version="1.0.0", summary="Meets")

    @app.command()
    async def slow(context: Context) -> Text:
        """Keep a note for the person, slowly."""
        context.person_state.set("note", "kept")
        meeting.entered.set()
        await meeting.release.wait()
        return Text("noted")

    @app.command()
    def tick(context: Context) -> Text:
        """Count in the conversation."""
        count = context.conversation_state.get("ticks", 0) + 1
        context.conversation_state.set("ticks", count)
        return Text(f"ticks {count}")

    @app.command()
    async def bump(context: Context) -> Text:
        """Count in the conversation, once two calls have read the count."""
        count = context.conversation_state.get("bumps", 0) + 1
        meeting.bumps += 1
        if meeting.bumps == 2:
            meeting.both_in.set()
        await meeting.both_in.wait()
        context.conversation_state.set("bumps", count)
        return Text(f"bumps {count}")

    @app.command()
    async def survey(context: Context) -> AsyncIterator[Text]:
        """Answer at once, then write to the conversation's state when the test says so."""
        yield Text("surveying")
        await meeting.release.wait()
        context.conversation_state.set("survey", "done")
        yield Text("surveyed")

    return app


async def test_a_slow_call_on_person_state_does_not_hold_up_another_member(
    api: Api, install: Install, services: Services, meeting: Meeting
) -> None:
    chat = Chat(api, services, "service")
    await install(meet_app(meeting))
    ana, bruno = await people(api, "ana", "bruno")
    group = await api.group(ana, "Team", ["bruno"])
    slow = asyncio.create_task(chat.run(ana, group, "/meet slow"))
    await asyncio.wait_for(meeting.entered.wait(), timeout=10)
    # Bounded only so that a host that serialises the two fails instead of hanging.
    tick = await asyncio.wait_for(chat.run(bruno, group, "/meet tick"), timeout=10)
    assert tick["body"] == "ticks 1"
    assert not slow.done()
    meeting.release.set()
    assert (await slow)["body"] == "noted"


async def test_concurrent_calls_on_the_same_state_lose_no_update(
    api: Api, install: Install, services: Services, meeting: Meeting
) -> None:
    chat = Chat(api, services, "service")
    await install(meet_app(meeting))
    ana, bruno = await people(api, "ana", "bruno")
    group = await api.group(ana, "Team", ["bruno"])
    both = asyncio.gather(chat.run(ana, group, "/meet bump"), chat.run(bruno, group, "/meet bump"))
    # Bounded only so that a host that serialises the two fails instead of hanging.
    answers = await asyncio.wait_for(both, timeout=10)
    # Both read 0; the second to save was refused and ran again on the fresh state.
    assert sorted(a["body"] for a in answers) == ["bumps 1", "bumps 2"]
    assert meeting.bumps == 3
    rows = await services.db.read(
        lambda s: s.scalars(select(AppState).where(AppState.app_slug == "meet")).all()
    )
    assert [(row.scope, row.data, row.version) for row in rows] == [
        ("conversation", {"bumps": 2}, 2)
    ]
    assert await app_calls(services, "meet") == [("command", "bump", "ok")] * 2

    aside = Meeting()
    harness = AppHarness(meet_app(aside))
    answers = await asyncio.wait_for(
        asyncio.gather(
            harness.arun("/meet bump", as_person="ana", in_conversation="team"),
            harness.arun("/meet bump", as_person="bruno", in_conversation="team"),
        ),
        timeout=10,
    )
    assert sorted(a.text for a in answers) == ["bumps 1", "bumps 2"]  # type: ignore[union-attr]
    assert (harness.conversation_state("team"), aside.bumps) == ({"bumps": 2}, 3)


# -- UsageError wherever it is raised -----------------------------------------------------


def picky_app() -> App:
    """Refuses what people ask for in a button action and in a stream."""
    app = App(slug="picky", name="Picky", version="1.0.0", summary="Hard to please")

    @app.command()
    def menu() -> Card:
        """Show the menu."""
        return Card(title="Menu", buttons=(Button("Soup", "soup"), Button("Size", "size")))

    @app.action()
    def soup() -> Text:
        """Sold out."""
        raise UsageError("The soup is sold out.")

    @app.action()
    def size() -> Text:
        """Needs a size, which only a command can give."""
        raise UsageError("Pick a size first.", usage="/picky order <size>")

    @app.command()
    async def count(upto: int) -> AsyncIterator[Text]:
        """Count, refusing odd numbers once it has started."""
        yield Text("counting")
        if upto % 2:
            raise UsageError(f"<upto> {upto} is odd.")
        yield Text(f"counted to {upto}")

    return app


async def test_a_usage_error_in_an_action_or_a_stream_answers_like_one_in_a_command(
    api: Api, install: Install, services: Services
) -> None:
    chat = Chat(api, services, "service")
    await install(picky_app())
    ana, bruno = await people(api, "ana", "bruno")
    conversation = await api.direct(ana, "bruno")
    harness = AppHarness(picky_app())
    shown = await asyncio.to_thread(harness.run, "/picky menu")
    card = await chat.run(ana, conversation, "/picky menu")
    for n, expected in enumerate(
        ["The soup is sold out.", "Pick a size first.\nUsage: /picky order <size>"]
    ):
        with pytest.raises(UsageError) as refused:
            await asyncio.to_thread(harness.press, shown.buttons[n])  # type: ignore[union-attr]
        assert str(refused.value) == expected
        answer = await chat.press(ana, card["id"], str(n))
        assert (answer["app"]["slug"], answer["private"], answer["body"]) == (
            "souq",
            True,
            expected,
        )

    with pytest.raises(UsageError) as refused:
        await asyncio.to_thread(harness.run, "/picky count 3")
    assert str(refused.value) == "<upto> 3 is odd.\nUsage: /picky count <upto>"
    progress = await chat.run(ana, conversation, "/picky count 3")
    await streams_settled(services)
    note = (await chat.after(ana, conversation, progress))[-1]
    assert (note["app"]["slug"], note["private"], note["body"]) == (
        "souq",
        True,
        str(refused.value),
    )
    assert (await chat.message(ana, conversation, progress["id"]))["body"] == "counting"
    assert await chat.after(bruno, conversation, progress) == []
    assert await app_calls(services, "picky") == [
        ("command", "menu", "ok"),
        ("action", "soup", "usage"),
        ("action", "size", "usage"),
        ("command", "count", "ok"),
        ("stream", "stream", "usage"),
    ]
    health = await services.db.read(lambda s: app_health(s, "picky"))
    assert (health.errors, health.timeouts, health.invalid) == (0, 0, 0)


async def test_a_call_that_keeps_losing_the_race_tells_the_person_to_try_again(
    api: Api,
    install: Install,
    services: Services,
    meeting: Meeting,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(invocations, "STATE_ATTEMPTS", 1)
    monkeypatch.setattr(testing, "STATE_ATTEMPTS", 1)
    chat = Chat(api, services, "service")
    await install(meet_app(meeting))
    ana, bruno = await people(api, "ana", "bruno")
    group = await api.group(ana, "Team", ["bruno"])
    both = asyncio.gather(chat.run(ana, group, "/meet bump"), chat.run(bruno, group, "/meet bump"))
    answers = await asyncio.wait_for(both, timeout=10)
    assert sorted((a["app"]["slug"], a["body"]) for a in answers) == [
        ("meet", "bumps 1"),
        ("souq", "Meet is busy, try again."),
    ]
    assert sorted(await app_calls(services, "meet")) == [
        ("command", "bump", "busy"),
        ("command", "bump", "ok"),
    ]
    health = await services.db.read(lambda s: app_health(s, "meet"))
    assert (health.calls, health.errors) == (2, 0)

    harness = AppHarness(meet_app(Meeting()))
    both = asyncio.gather(
        harness.arun("/meet bump", as_person="ana", in_conversation="team"),
        harness.arun("/meet bump", as_person="bruno", in_conversation="team"),
        return_exceptions=True,
    )
    outcomes = await asyncio.wait_for(both, timeout=10)
    busy = [o for o in outcomes if isinstance(o, testing.Busy)]
    assert [str(b) for b in busy] == ["Meet is busy, try again."]
    assert [o for o in outcomes if o not in busy] == [Text("bumps 1")]


@pytest.mark.parametrize("settings_overrides", [{}])  # the default stream ceiling
async def test_a_stream_does_not_overwrite_state_another_call_saved_meanwhile(
    api: Api, install: Install, services: Services, meeting: Meeting
) -> None:
    chat = Chat(api, services, "service")
    await install(meet_app(meeting))
    ana, bruno = await people(api, "ana", "bruno")
    group = await api.group(ana, "Team", ["bruno"])
    progress = await chat.run(ana, group, "/meet survey")
    assert (await chat.run(bruno, group, "/meet tick"))["body"] == "ticks 1"
    meeting.release.set()
    await streams_settled(services)
    shown = await chat.message(ana, group, progress["id"])
    assert shown["body"] == "surveying\n\nMeet ran into a problem, try again."
    rows = await services.db.read(
        lambda s: s.scalars(select(AppState).where(AppState.app_slug == "meet")).all()
    )
    assert [row.data for row in rows] == [{"ticks": 1}]
    assert await app_calls(services, "meet") == [
        ("command", "survey", "ok"),
        ("command", "tick", "ok"),
        ("stream", "stream", "error"),
    ]
