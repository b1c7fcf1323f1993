"""Shared documents and the call's clock, in the harness (the host keeps the same rules:
tests/test_shared_documents.py runs the same app on it)."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from seats_app import seats_app
from souq_sdk import Shared, StateError, Text
from souq_sdk.shared import MAX_DOCUMENTS, MAX_NAME
from souq_sdk.testing import AppHarness, HarnessError


def test_a_document_is_shared_by_everyone_and_saved_with_the_call() -> None:
    h = AppHarness(seats_app())
    assert h.run("/seats take A5", as_person="ana") == Text("A5 is yours")
    assert h.run("/seats take A5", as_person="bob") == Text("A5 is taken")
    assert h.shared("show")["A5"]["by"] == h.person_id("ana")
    assert h.run("/seats peek A5", as_person="bob") == Text(h.person_id("ana"))


def test_two_people_taking_one_seat_at_once_exactly_one_gets_it() -> None:
    app = seats_app(threading.Barrier(2))
    h = AppHarness(app)

    async def race() -> list[Any]:
        return await asyncio.gather(
            h.arun("/seats take A5", as_person="ana"), h.arun("/seats take A5", as_person="bob")
        )

    answers = asyncio.run(race())
    assert sorted(a.text for a in answers) == ["A5 is taken", "A5 is yours"]
    assert len(app.calls) == 3  # both read the free seat; the one that lost ran again
    winner = "ana" if answers[0] == Text("A5 is yours") else "bob"
    assert h.shared("show")["A5"]["by"] == h.person_id(winner)


def test_the_clock_is_the_harness_clock_and_moves_with_advance() -> None:
    h = AppHarness(seats_app())
    h.run("/seats take A5", as_person="ana")
    h.advance(timedelta(minutes=4))
    assert h.run("/seats take A5", as_person="bob") == Text("A5 is taken")
    assert h.event("sweep") == {"freed": []}
    h.advance(timedelta(minutes=1))
    assert h.event("sweep") == {"freed": ["A5"]}
    assert h.shared("show") == {}
    assert h.run("/seats take A5", as_person="bob") == Text("A5 is yours")


def test_the_clock_can_start_at_a_given_time() -> None:
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    h = AppHarness(seats_app(), start=start)
    assert h.now == start
    h.advance(timedelta(days=1))
    assert h.now == start + timedelta(days=1)
    with pytest.raises(HarnessError, match="time zone"):
        AppHarness(seats_app(), start=datetime(2026, 12, 1, 9, 0))


def test_jobs_get_the_shared_documents_too() -> None:
    h = AppHarness(seats_app())
    h.run_job("count")
    h.run_job("count")
    assert h.shared("runs") == {"n": 2}


def test_the_sync_form_refuses_to_run_on_the_event_loop() -> None:
    h = AppHarness(seats_app())
    with pytest.raises(StateError, match=r"use await shared.aget\('show'\)"):
        h.run("/seats wrong")


def test_names_and_the_number_of_documents_are_bounded() -> None:
    shared = Shared("seats")
    for bad in ("", "x" * (MAX_NAME + 1)):
        with pytest.raises(StateError, match=f"1 to {MAX_NAME} characters"):
            shared[bad]
    for n in range(MAX_DOCUMENTS):
        shared[f"doc{n}"].set("n", n)
    assert shared["doc0"].get("n") == 0  # a document already used is not counted again
    with pytest.raises(StateError, match=f"at most {MAX_DOCUMENTS} shared documents"):
        shared["one-more"]
    assert [name for name, _, version in shared.changed()] == [
        f"doc{n}" for n in range(MAX_DOCUMENTS)
    ]
