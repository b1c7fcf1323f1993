"""The flights app in a real chat over GraphQL, with live subscriptions: a flight booked
and paid (and one declined), a check-in to a boarding pass, and a delay sent through the
signed event endpoint reaching exactly the passengers who allowed it. The app is the
bundled one, found through its entry point and approved as the demo does; the clock is
the test's."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from clock import Clock
from conftest import SETUP
from live_server import Api, Subscriber
from souq.apps.state import load_document
from souq.cli import app as cli
from souq.runtime import Services
from souq.services.accounts import Role
from souq.settings import Settings
from souq_sdk.signing import signature
from typer.testing import CliRunner, Result

_ids = itertools.count(1)

LIVE = """subscription($after: [SeenInput!]) { events(after: $after) { __typename
  ... on MessagePosted { message { ...shown } }
  ... on MessageUpdated { message { ...shown } } } }
fragment shown on Message {
  id conversationId body private app { slug }
  why { category basis scope text }
  content { __typename
    ... on Card { title body fields { label value } buttons { id label } }
    ... on ListContent { title items { title buttons { id label } } }
    ... on PaymentCard { paymentRequestId status description amount { amount } } } }"""
PRESS = """mutation($m: ID!, $b: String!, $k: String!) {
  pressButton(messageId: $m, buttonId: $b, clientId: $k) { id } }"""
CONFIRM = """mutation($r: ID!, $k: String!) {
  confirmPayment(requestId: $r, idempotencyKey: $k) { status } }"""
DECLINE = "mutation($r: ID!) { declinePayment(requestId: $r) { status } }"
TOP_UP = 'mutation($u: String!) { topUp(username: $u, amount: 50000, reason: "test") { amount } }'
CHATS = "query { conversations(first: 20) { nodes { kind app } } }"


def is_card(title: str) -> Callable[[dict[str, Any]], bool]:
    return lambda m: (m["content"] or {}).get("title", "").startswith(title)


class Passenger:
    """Someone with money in their wallet, in a group of their own, watching live."""

    def __init__(self, api: Api, name: str, token: str, chat: str, live: Subscriber) -> None:
        self.api, self.name, self.token, self.chat, self.live = api, name, token, chat, live

    async def say(self, line: str) -> None:
        await self.api.send(self.token, self.chat, line, f"k{next(_ids)}")

    async def seen(self, match: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first message posted or updated, live, that matches (passing over others)."""
        for _ in range(10):
            payload = await self.live.next()
            assert not payload.get("errors"), payload
            message = payload["data"]["events"]["message"]
            if match(message):
                return message
        raise AssertionError("no such message arrived")

    async def press(self, message: dict[str, Any], label: str) -> None:
        [button] = [b for b in message["content"]["buttons"] if b["label"] == label]
        variables = {"m": message["id"], "b": button["id"], "k": f"p{next(_ids)}"}
        await self.api.ok(PRESS, variables, self.token)

    async def payment_card(self) -> dict[str, Any]:
        card = await self.seen(lambda m: (m["content"] or {}).get("__typename") == "PaymentCard")
        assert card["private"] and card["content"]["status"] == "PENDING"
        return card

    async def pay(self, card: dict[str, Any]) -> dict[str, Any]:
        """Confirm a payment card; return the booking card that answers it."""
        request = card["content"]["paymentRequestId"]
        paid = await self.api.ok(CONFIRM, {"r": request, "k": f"c{next(_ids)}"}, self.token)
        assert paid["confirmPayment"]["status"] == "COMPLETED"
        return await self.seen(is_card("Booked: "))

    async def book(self, day: date) -> tuple[dict[str, Any], str]:
        """Book and pay KL1234 on ``day``; the booking card and its reference."""
        await self.say(f"/flights book KL1234 {day.isoformat()} {self.name.title()} Lima")
        booking = await self.pay(await self.payment_card())
        fields = {f["label"]: f["value"] for f in booking["content"]["fields"]}
        return booking, fields["Booking reference"]

    async def allow(self, booking: dict[str, Any]) -> None:
        """Press "Tell me about this flight", then Allow on souq's consent card."""
        await self.press(booking, "Tell me about this flight")
        consent = await self.seen(is_card("Flights asks for your permission"))
        assert consent["app"]["slug"] == "souq" and consent["private"]
        await self.press(consent, "Allow")
        await self.seen(lambda m: m["id"] == consent["id"])  # answered in place

    async def app_chats(self) -> list[str | None]:
        nodes = (await self.api.ok(CHATS, token=self.token))["conversations"]["nodes"]
        return [c["app"] for c in nodes if c["kind"] == "APP"]


@asynccontextmanager
async def passengers(api: Api, services: Services, *names: str) -> AsyncIterator[list[Passenger]]:
    """People with €500 each, every one in a group of their own, each watching live."""
    root = await api.register("root")
    await services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
    async with AsyncExitStack() as stack:
        people = []
        for name in names:
            token = await api.register(name)
            await api.ok(TOP_UP, {"u": name}, root)
            chat = await api.group(token, f"{name} travels", [])
            live = await stack.enter_async_context(
                api.subscribe(token, LIVE, await api.from_now(token))
            )
            people.append(Passenger(api, name, token, chat, live))
        yield people


async def document(services: Services, name: str) -> dict[str, Any]:
    """The flights app's shared document ``name``, as the database holds it."""
    data, _version = await services.db.read(lambda s: load_document(s, "flights", name))
    return data


def next_departure(after: datetime) -> date:
    """The day of KL1234's first departure (09:30 UTC) after ``after``."""
    day = after.date()
    return day if after < datetime.combine(day, time(9, 30), UTC) else day + timedelta(days=1)


async def test_a_flight_is_found_booked_and_paid_in_chat(
    api: Api, services: Services, clock: Clock
) -> None:
    day = clock.now.date() + timedelta(days=3)
    async with passengers(api, services, "ana") as [ana]:
        await ana.say(f"/flights search AMS LIS {day.isoformat()}")
        found = await ana.seen(lambda m: (m["content"] or {}).get("__typename") == "ListContent")
        assert found["content"]["title"] == "Flights Amsterdam → Lisbon"
        kl1234 = found["content"]["items"][0]
        assert kl1234["title"] == "KL1234 · 09:30 UTC → 12:25 UTC"
        book = {"m": found["id"], "b": kl1234["buttons"][0]["id"], "k": "book-1"}
        await api.ok(PRESS, book, ana.token)  # Book: the app asks for ana's name
        consent = await ana.seen(is_card("Flights asks for your permission"))
        assert consent["content"]["body"] == "Flights would like to see the person's display name."
        await ana.press(consent, "Allow")
        await api.ok(PRESS, {**book, "k": "book-2"}, ana.token)  # Book again, now with a name
        card = await ana.payment_card()
        assert card["content"]["amount"] == {"amount": 7900}
        assert card["content"]["description"].endswith("09:30 UTC: ana")

        booking = await ana.pay(card)
        assert booking["app"]["slug"] == "flights" and booking["private"]
        fields = {f["label"]: f["value"] for f in booking["content"]["fields"]}
        assert (fields["Passenger"], fields["Paid"]) == ("ana", "€79.00")
        assert [b["label"] for b in booking["content"]["buttons"]] == [
            "Check in",
            "Tell me about this flight",
        ]
        reference = fields["Booking reference"]
        on_board = await document(services, f"flight:KL1234:{day.isoformat()}")
        assert list(on_board["passengers"]) == [reference]

        await ana.say(f"/flights book KL1641 {day.isoformat()} Ana Lima")
        declined = await ana.payment_card()
        await api.ok(DECLINE, {"r": declined["content"]["paymentRequestId"]}, ana.token)
        said = await ana.seen(lambda m: m["body"].startswith("You declined"))
        assert said["body"].startswith("You declined the payment: KL1641 is not booked.")
        assert await document(services, f"flight:KL1641:{day.isoformat()}") == {}


async def test_check_in_from_the_booking_card_to_a_boarding_pass(
    api: Api, services: Services, clock: Clock
) -> None:
    day = clock.now.date() + timedelta(days=3)
    departs = datetime.combine(day, time(9, 30), UTC)
    async with passengers(api, services, "ana") as [ana]:
        booking, reference = await ana.book(day)
        await ana.press(booking, "Check in")
        early = await ana.seen(lambda m: m["body"].startswith("Check-in for KL1234 opens"))
        assert early["content"] is None

        clock.now = departs - timedelta(hours=29)
        await ana.press(booking, "Check in")
        start = await ana.seen(is_card("Check in: KL1234 to Lisbon"))
        await ana.press(start, "Yes, that's right")
        seats = await ana.seen(lambda m: m["id"] == start["id"])  # updated in place
        assert [b["label"] for b in seats["content"]["buttons"]] == [
            "Window 1A",
            "Aisle 1C",
            "Middle 1B",
            "Any seat",
        ]
        await ana.press(seats, "Window 1A")
        bags = await ana.seen(lambda m: m["id"] == start["id"])
        await ana.press(bags, "1 bag")
        boarding = await ana.seen(lambda m: m["id"] == start["id"])
    assert boarding["content"]["title"] == "Boarding pass: KL1234"
    fields = {f["label"]: f["value"] for f in boarding["content"]["fields"]}
    code = f"KL1234-{day:%d%b}-1A-{reference}".upper()
    assert fields == {
        "Passenger": "Ana Lima",
        "Gate": "D7",
        "Seat": "1A",
        "Boarding": "08:50 UTC",
        "Departs": "09:30 UTC",
        "Bags": "1 checked, 1 cabin",
        "Code": code,
    }
    on_board = await document(services, f"flight:KL1234:{day.isoformat()}")
    assert on_board["passengers"][reference]["seat"] == "1A"


async def test_a_delay_reaches_live_exactly_the_passengers_who_allowed_it(
    api: Api, services: Services, clock: Clock
) -> None:
    day = next_departure(clock.now + timedelta(hours=25))
    async with passengers(api, services, "ana", "bruno", "carla") as [ana, bruno, carla]:
        references = {}
        for person in (ana, bruno, carla):
            booking, references[person.name] = await person.book(day)
            if person is ana:
                await ana.allow(booking)
        await api.ok('mutation { blockApp(app: "flights") { blocked } }', token=carla.token)
        clock.now += timedelta(hours=25)  # nobody used the app in the last day

        secret = await services.event_secrets.current("flights")
        assert secret is not None
        body = json.dumps({"flight": "KL1234", "minutes": 90}).encode()  # the next departure
        answer = await api.http.post(
            "/apps/flights/events/delayed",
            content=body,
            headers={"Souq-Signature": signature(secret, body, clock.now.timestamp())},
        )
        assert answer.status_code == 200, answer.text
        alert = f"alert:KL1234:{day.isoformat()}:1"
        assert answer.json() == {
            "outcome": "ok",
            "summary": {
                "alert": alert,
                "flight": "KL1234",
                "date": day.isoformat(),
                "delivered": 1,
                "refused": {"blocked": 1, "not_opted_in": 1},
            },
        }
        message = await ana.seen(is_card("KL1234 to Lisbon is delayed"))
    assert message["app"]["slug"] == "flights" and message["conversationId"] != ana.chat
    assert message["content"]["body"].startswith("It now leaves at 11:00 UTC instead of 09:30")
    assert message["content"]["fields"] == [{"label": "Booking", "value": references["ana"]}]
    why = message["why"]
    assert (why["category"], why["basis"], why["scope"]) == (
        "SERVICE",
        "GRANTED",
        "messages.notify",
    )
    assert why["text"].startswith("You allowed Flights to send you service messages")
    assert await ana.app_chats() == ["flights"]
    assert await bruno.app_chats() == [] and await carla.app_chats() == []

    on_board = (await document(services, f"flight:KL1234:{day.isoformat()}"))["passengers"]
    person = {name: on_board[reference]["person"] for name, reference in references.items()}
    recorded = await document(services, alert)
    assert (recorded["kind"], recorded["minutes"]) == ("delayed", 90)
    assert recorded["outcomes"] == {
        person["ana"]: "delivered",
        person["bruno"]: "not_opted_in",
        person["carla"]: "blocked",
    }


@pytest.mark.parametrize("backend", ["sqlite"])  # the command line, not storage
async def test_souq_demo_delay_acts_as_the_airline_through_the_running_server(
    api: Api, services: Services, settings: Settings
) -> None:
    env = {"SOUQ_DATA_DIR": str(settings.data_dir), "SOUQ_DATABASE_URL": settings.database_url}
    url = str(api.http.base_url)
    day = next_departure(datetime.now(UTC))

    def demo(*args: str) -> Result:
        return CliRunner().invoke(cli, ["demo", *args, "--url", url], env=env)

    told = await asyncio.to_thread(demo, "delay", "kl1234", "90")
    assert told.exit_code == 0, told.output
    assert json.loads(told.stdout) == {
        "alert": f"alert:KL1234:{day.isoformat()}:1",
        "flight": "KL1234",
        "date": day.isoformat(),
        "delivered": 0,
        "refused": {},
    }
    status = await document(services, f"status:KL1234:{day.isoformat()}")
    assert status["delay"] == 90
    for args, error in [
        (("delay", "KL1234", "0"), "Invalid value for 'minutes'"),
        (("delay", "KL1234", "90x"), "Invalid value for 'minutes'"),
    ]:
        refused = await asyncio.to_thread(demo, *args)
        assert refused.exit_code == 2 and error in refused.output, refused.output
    unknown = await asyncio.to_thread(demo, "delay", "XX1", "5")
    assert unknown.exit_code == 0 and "error" in json.loads(unknown.stdout)
