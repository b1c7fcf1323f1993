"""An airline app that messages its passengers outside commands: the same app runs in the
harness and on the host, side by side (tests/test_app_events.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from souq_sdk import App, Context, Text
from souq_sdk.notices import Category, Delivered, Notifier

SCOPES = ("messages.notify", "messages.promote")


def airline() -> App:
    """``/airline who`` says the id the app sees; the ``delayed`` event notifies the
    people it lists (with the data's ``key``, if any) and reports who got it and who was
    refused why; the ``offers`` job
    sends a promotion to everyone in the ``fans`` list it is built with."""
    app = App(slug="airline", name="Airline", version="1.0.0", summary="Flies", scopes=SCOPES)
    fans: list[str] = []

    @app.command()
    def who(context: Context) -> Text:
        """Say who the app thinks you are."""
        return Text(context.person_id)

    @app.event("delayed")
    def delayed(notifier: Notifier, data: dict[str, Any]) -> dict[str, Any]:
        delivered, refused = [], {}
        for person in data.get("people", []):
            result = notifier.notify(
                person, Text(f"{data['flight']} is delayed"), key=data.get("key")
            )
            if isinstance(result, Delivered):
                delivered.append(person)
            else:
                refused[person] = str(result.code)
        return {"delivered": delivered, "refused": refused}

    @app.event("crash")
    async def crash(notifier: Notifier, data: dict[str, Any]) -> None:
        raise RuntimeError("the backend sent something the app did not expect")

    @app.job("offers", every=timedelta(hours=1))
    async def offers(notifier: Notifier) -> None:
        for person in fans:
            await notifier.anotify(person, Text("Seats from 49 EUR"), category=Category.PROMOTION)

    app.fans = fans  # type: ignore[attr-defined]
    return app
