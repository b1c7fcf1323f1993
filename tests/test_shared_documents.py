"""Shared documents and ``context.now`` on the host, over the real API: the seats app of
sdk/tests/test_shared.py behaves here as in the harness, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

from clock import Clock
from conftest import Install
from live_server import Api
from seats_app import seats_app
from souq.apps.state import load_document
from souq.runtime import Services
from souq_sdk import App

LAST = "query($id: ID!) { conversation(id: $id) { messages(last: 1) { nodes { body } } } }"


async def answer(api: Api, token: str, group: str, line: str, key: str) -> str:
    """Run ``line`` in ``group``; the app's (private) answer to it."""
    await api.send(token, group, line, key)
    data = await api.ok(LAST, {"id": group}, token)
    return data["conversation"]["messages"]["nodes"][0]["body"]


async def stored(services: Services, name: str) -> dict:
    """The seats app's shared document ``name``, as the database holds it."""
    data, _version = await services.db.read(lambda s: load_document(s, "seats", name))
    return data


async def test_two_people_taking_one_seat_at_once_exactly_one_gets_it(
    api: Api, services: Services, install: Install
) -> None:
    app: App = seats_app(threading.Barrier(2))
    await install(app)
    ana, bob = await api.register("ana"), await api.register("bob")
    group = await api.group(ana, "Cinema", ["bob"])
    answers = await asyncio.gather(
        answer(api, ana, group, "/seats take A5", "a"),
        answer(api, bob, group, "/seats take A5", "b"),
    )
    assert sorted(answers) == ["A5 is taken", "A5 is yours"]
    assert len(app.calls) == 3  # both read the free seat; the one that lost ran again
    held = await stored(services, "show")
    winner = ana if answers[0] == "A5 is yours" else bob
    who = await answer(api, winner, group, "/seats peek A5", "p")  # an async handler
    assert held["A5"]["by"] == who


async def test_the_apps_clock_is_the_hosts_and_events_and_jobs_save_documents(
    api: Api, services: Services, install: Install
) -> None:
    await install(seats_app())
    clock = Clock(datetime(2026, 12, 1, 19, 0, tzinfo=UTC))
    services.use_clock(clock)
    ana, bob = await api.register("ana"), await api.register("bob")
    group = await api.group(ana, "Cinema", ["bob"])
    assert await answer(api, ana, group, "/seats take A5", "1") == "A5 is yours"
    assert (await stored(services, "show"))["A5"]["until"] == "2026-12-01T19:05:00+00:00"
    clock.now += timedelta(minutes=4)
    assert await answer(api, bob, group, "/seats take A5", "2") == "A5 is taken"
    assert (await services.events.send("seats", "sweep", {})).summary == {"freed": []}
    clock.now += timedelta(minutes=1)
    assert (await services.events.send("seats", "sweep", {})).summary == {"freed": ["A5"]}
    assert await answer(api, bob, group, "/seats take A5", "3") == "A5 is yours"
    await services.events.run_due_jobs()
    await services.events.run_due_jobs()  # not due again yet
    assert await stored(services, "runs") == {"n": 1}


async def test_the_sync_form_on_the_event_loop_is_the_apps_error(
    api: Api, services: Services, install: Install
) -> None:
    await install(seats_app())
    ana = await api.register("ana")
    group = await api.group(ana, "Cinema", [])
    assert await answer(api, ana, group, "/seats wrong", "w") == (
        "Seats ran into a problem, try again."
    )
