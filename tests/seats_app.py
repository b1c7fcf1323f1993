"""A cinema-seat app on shared documents: the same app runs in the harness
(sdk/tests/test_shared.py) and on the host (tests/test_shared_documents.py), side by side."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from souq_sdk import App, Context, Notifier, Shared, Text


def seats_app(meet: threading.Barrier | None = None) -> App:
    """``/seats take SEAT`` holds a seat for five minutes; ``meet``, if given, makes the
    first two calls both read the seat before either writes it."""
    app = App(slug="seats", name="Seats", version="1.0.0", summary="Seats")
    calls: list[str] = []

    @app.command()
    def take(context: Context, seat: str) -> Text:
        """Hold a seat.

        Args:
            seat: such as A5
        """
        seats = context.shared["show"]
        held = seats.get(seat)
        calls.append(context.person_id)
        if meet is not None and len(calls) <= 2:
            meet.wait(timeout=10)
        if held is not None and held["until"] > context.now.isoformat():
            return Text(f"{seat} is taken")
        until = context.now + timedelta(minutes=5)
        seats.set(seat, {"by": context.person_id, "until": until.isoformat()})
        return Text(f"{seat} is yours")

    @app.command()
    async def peek(context: Context, seat: str) -> Text:
        """Say who holds a seat (async).

        Args:
            seat: such as A5
        """
        seats = await context.shared.aget("show")
        return Text(str(seats.get(seat, {}).get("by")))

    @app.command()
    async def wrong(context: Context) -> Text:
        """Use the sync form on the event loop."""
        return Text(str(context.shared["show"].get("A1")))

    @app.event("sweep")
    def sweep(notifier: Notifier, data: dict[str, Any], shared: Shared) -> dict[str, Any]:
        seats = shared["show"]
        gone = [s for s in seats if seats.get(s)["until"] <= shared.now.isoformat()]
        for seat in gone:
            seats.delete(seat)
        return {"freed": gone}

    @app.job("count", every=timedelta(minutes=1))
    def count(notifier: Notifier, shared: Shared) -> None:
        runs = shared["runs"]
        runs.set("n", runs.get("n", 0) + 1)

    app.calls = calls  # type: ignore[attr-defined]
    return app
