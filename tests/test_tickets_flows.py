"""The tickets app in a real group chat over HTTP and live subscriptions: a booking paid and
refunded, two people racing for one seat, and a hold that runs out on the host's
clock. The app is the installed one, found through its entry point."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from clock import Clock
from conftest import SETUP, approve
from live_server import Api, Subscriber
from souq.apps.state import load_document
from souq.demo import bundled
from souq.payments.ledger import verify
from souq.runtime import Services
from souq.services.accounts import Role

_ids = itertools.count(1)

MESSAGE = """id seq body private app { slug } content {
    ... on Card { title body fields { label value } buttons { id label } }
    ... on ListContent { title items { title body buttons { id label } } }
    ... on PaymentCard { paymentRequestId status description amount { amount } } }"""
HISTORY = (
    "query($id: ID!) { conversation(id: $id) { messages(last: 100) { nodes { "
    + MESSAGE
    + " } } } }"
)
LIVE = (
    "subscription($after: [SeenInput!]) { events(after: $after) { __typename "
    + f"... on MessagePosted {{ message {{ {MESSAGE} }} }} "
    + f"... on MessageUpdated {{ message {{ {MESSAGE} }} }} }} }}"
)
PRESS = """mutation($m: ID!, $b: String!, $k: String!) {
  pressButton(messageId: $m, buttonId: $b, clientId: $k) { id } }"""
CONFIRM = """mutation($r: ID!, $k: String!) {
  confirmPayment(requestId: $r, idempotencyKey: $k) { status } }"""
BALANCE = "{ wallet { balances { amount currency } } }"


class Cinema:
    """ana and bruno in a group, each with €100.00, and the tickets app approved."""

    def __init__(self, api: Api, services: Services) -> None:
        self.api, self.services = api, services

    async def open(self) -> Cinema:
        app = self.services.apps.get("tickets")
        assert app is not None, "souq-tickets is installed with souq's workspace"
        if not bundled(app):  # the services fixture approved it already if it is
            await approve(self.services, app)
        self.people = {name: await self.api.register(name) for name in ("ana", "bruno")}
        root = await self.api.register("root")
        await self.services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
        for name in self.people:
            await self.api.ok(
                'mutation($u: String!) { topUp(username: $u, amount: 10000, reason: "test") '
                "{ amount } }",
                {"u": name},
                root,
            )
        self.id = await self.api.group(self.people["ana"], "movies", ["bruno"])
        return self

    async def messages(self, person: str) -> list[dict[str, Any]]:
        data = await self.api.ok(HISTORY, {"id": self.id}, self.people[person])
        return data["conversation"]["messages"]["nodes"]

    async def send(self, line: str, person: str = "ana") -> None:
        await self.api.send(self.people[person], self.id, line, f"k{next(_ids)}")

    async def press(self, message: dict[str, Any], button: str, person: str = "ana") -> None:
        variables = {"m": message["id"], "b": button, "k": f"p{next(_ids)}"}
        await self.api.ok(PRESS, variables, self.people[person])

    async def confirm(self, card: dict[str, Any], person: str = "ana") -> None:
        request = card["content"]["paymentRequestId"]
        variables = {"r": request, "k": f"c{next(_ids)}"}
        paid = await self.api.ok(CONFIRM, variables, self.people[person])
        assert paid["confirmPayment"]["status"] == "COMPLETED"

    async def balance(self, person: str = "ana") -> int:
        data = await self.api.ok(BALANCE, token=self.people[person])
        return sum(b["amount"] for b in data["wallet"]["balances"])


async def stored(services: Services, name: str) -> dict[str, Any]:
    """The tickets app's shared document ``name``, as the database holds it."""
    data, _version = await services.db.read(lambda s: load_document(s, "tickets", name))
    return data


async def event(
    live: Subscriber,
    kind: str,
    check: Callable[[dict[str, Any]], bool] = lambda _message: True,
    **where: Any,
) -> dict[str, Any]:
    """The next live ``kind`` event (MessagePosted, MessageUpdated) whose message has the
    given values (``status=...`` is the content's) and passes ``check``; others are
    passed over."""
    while True:
        payload = await live.next()
        assert not payload.get("errors"), payload
        data = payload["data"]["events"]
        message = data.get("message") or {}
        content = message.get("content") or {}
        found = {**message, **{k: v for k, v in content.items() if k not in message}}
        if (
            data["__typename"] == kind
            and all(found.get(k) == v for k, v in where.items())
            and check(message)
        ):
            return message


def labels(message: dict[str, Any]) -> dict[str, str]:
    """Seat -> label on a seat map message (``{"A5": "A5 ✓", ...}``)."""
    return {
        b["label"].split()[0]: b["label"]
        for item in message["content"]["items"][:-1]
        for b in item["buttons"]
    }


def seat_button(seat: str) -> str:
    """The button id of a seat on a seat map: row ``A`` is item 0, seat 1 button 0."""
    return f"{ord(seat[0]) - ord('A')}.{int(seat[1:]) - 1}"


@pytest.fixture
async def cinema(api: Api, services: Services) -> Cinema:
    return await Cinema(api, services).open()


async def test_a_booking_is_paid_with_a_ticket_then_cancelled_for_a_refund(
    api: Api, cinema: Cinema, services: Services, clock: Clock
) -> None:
    day = (clock.now + timedelta(days=1)).date()
    ana = cinema.people["ana"]
    async with api.subscribe(ana, LIVE, await api.from_now(ana)) as live:
        await cinema.send(f"/tickets seats dune 19:00 {day}")
        seat_map = await event(live, "MessagePosted", private=True, app={"slug": "tickets"})
        assert seat_map["content"]["title"].startswith("Dune: Part Two · ")
        await cinema.press(seat_map, seat_button("A5"))
        updated = await event(live, "MessageUpdated", id=seat_map["id"])
        assert labels(updated)["A5"] == "A5 ✓"
        await cinema.press(seat_map, seat_button("A6"))
        updated = await event(live, "MessageUpdated", id=seat_map["id"])
        assert (labels(updated)["A5"], labels(updated)["A6"]) == ("A5 ✓", "A6 ✓")

        await cinema.press(seat_map, "8.0")  # Pay for my seats
        card = await event(live, "MessagePosted", status="PENDING")
        assert card["content"]["amount"] == {"amount": 2300}
        assert card["content"]["description"].endswith("Hall 1: seats A5, A6")
        await cinema.confirm(card)
        ticket = await event(live, "MessagePosted", app={"slug": "tickets"}, private=True)
        assert ticket["content"]["title"].startswith("Ticket T-")
        fields = {f["label"]: f["value"] for f in ticket["content"]["fields"]}
        assert (fields["Seats"], fields["Paid"]) == ("A5, A6", "€23.00")
        assert await cinema.balance() == 10000 - 2300

        await cinema.send(f"/tickets seats dune 19:00 {day}", "bruno")
        bruno_map = next(
            m for m in reversed(await cinema.messages("bruno")) if m["app"] == {"slug": "tickets"}
        )
        assert (labels(bruno_map)["A5"], labels(bruno_map)["A7"]) == ("A5 ✗", "A7")
        assert not [m for m in await cinema.messages("bruno") if m["id"] == ticket["id"]]

        await cinema.press(ticket, "0")  # Cancel ticket
        code = ticket["content"]["title"].removeprefix("Ticket ")
        refunded = await event(live, "MessagePosted", app={"slug": "tickets"})
        assert refunded["body"] == (
            f"Tickets refunded €23.00 for {card['content']['description']}: Ticket {code} cancelled"
        )
        assert await cinema.balance() == 10000
        await cinema.press(ticket, "0")  # again: refused, refunded once
        again = await event(live, "MessagePosted", app={"slug": "tickets"})
        assert again["body"] == f"Ticket {code} is already cancelled and refunded."
    assert await cinema.balance() == 10000
    await cinema.send(f"/tickets seats dune 19:00 {day}", "bruno")
    bruno_map = next(
        m for m in reversed(await cinema.messages("bruno")) if m["app"] == {"slug": "tickets"}
    )
    assert labels(bruno_map)["A5"] == "A5"  # free again
    async with services.db.session() as session:
        assert (await session.run_sync(verify)).ok


async def test_two_people_pressing_one_seat_at_once_never_both_get_it(
    api: Api, cinema: Cinema, services: Services, clock: Clock
) -> None:
    day = (clock.now + timedelta(days=1)).date()
    bruno = cinema.people["bruno"]
    document = f"show:dune-{day:%Y%m%d}-1900"
    told = {"ana": 0, "bruno": 0}
    async with api.subscribe(bruno, LIVE, await api.from_now(bruno)) as live:
        await cinema.send(f"/tickets group dune 19:00 {day}")
        group_map = await event(live, "MessagePosted", private=False, app={"slug": "tickets"})
        for _round in range(10):
            await asyncio.gather(  # both press A5 at the same moment
                cinema.press(group_map, seat_button("A5"), "ana"),
                cinema.press(group_map, seat_button("A5"), "bruno"),
            )
            held = await event(
                live, "MessageUpdated", lambda m: labels(m)["A5"] == "A5 (held)", id=group_map["id"]
            )
            assert labels(held)["A5"] == "A5 (held)"  # bruno sees the public map change live
            losers = []
            for person in told:
                notes = [m["body"] for m in await cinema.messages(person) if m["private"]]
                taken = notes.count("A5 is taken: choose another seat.")
                if taken > told[person]:
                    losers.append(person)
                told[person] = taken
            assert len(losers) == 1  # exactly one was told it is taken; the other holds it
            seats = await stored(services, document)
            assert list(seats) == ["A5"] and "ticket" not in seats["A5"]
            (winner,) = set(told) - set(losers)
            await cinema.press(group_map, seat_button("A5"), winner)  # lets it go again
            assert await stored(services, document) == {}
            await event(
                live, "MessageUpdated", lambda m: labels(m)["A5"] == "A5", id=group_map["id"]
            )
    assert sum(told.values()) == 10


async def test_an_unpaid_hold_runs_out_on_the_hosts_clock(
    api: Api, cinema: Cinema, clock: Clock
) -> None:
    day = (clock.now + timedelta(days=1)).date()
    await cinema.send(f"/tickets group dune 19:00 {day}")
    group_map = next(m for m in await cinema.messages("bruno") if m["app"] == {"slug": "tickets"})
    await cinema.press(group_map, seat_button("C4"), "ana")
    clock.now += timedelta(minutes=4, seconds=59)
    await cinema.press(group_map, seat_button("C4"), "bruno")
    notes = [m["body"] for m in await cinema.messages("bruno") if m["private"]]
    assert notes[-1] == "C4 is taken: choose another seat."
    clock.now += timedelta(seconds=1)
    await cinema.press(group_map, seat_button("C4"), "bruno")
    assert [m["body"] for m in await cinema.messages("bruno") if m["private"]] == notes
    await cinema.press(group_map, "8.0", "bruno")
    card = (await cinema.messages("bruno"))[-1]
    assert card["content"]["description"].endswith("seats C4")
    await cinema.press(group_map, "8.0", "ana")
    assert (await cinema.messages("ana"))[-1]["body"] == (
        "You hold no seats for this showing: press free seats on the map first."
    )
