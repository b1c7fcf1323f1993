"""The bank app (plugins/bank) end to end, over the real GraphQL API: ana links an account
(allowing the bank's questions on souq's consent card), her bank's backend reports a
suspicious transfer on the signed endpoint, and her live subscription gets "Was this
you?" in her chat with the bank, with its why line; she answers Yes, No, or not at all
(the host's clock moved on, the job run by the host's sweep)."""

from __future__ import annotations

import itertools
import json
import time
from datetime import timedelta
from typing import Any

import pytest
from clock import Clock
from conftest import approve
from live_server import Api
from souq.runtime import Services
from souq_sdk.signing import signature

_ids = itertools.count(1)

CARD = (
    "content { __typename ... on Card { title body fields { label value } buttons { id label } } }"
)
LAST = (
    "query($id: ID!) { conversation(id: $id) { messages(last: 1) { nodes { id body app { slug } "
    + CARD
    + " } } } }"
)
PRESS = (
    "mutation($m: ID!, $b: String!, $k: String!) { "
    "pressButton(messageId: $m, buttonId: $b, clientId: $k) { id body " + CARD + " } }"
)
LIVE = (
    "subscription($after: [SeenInput!]) { events(after: $after) { __typename "
    "... on MessagePosted { message { id body app { slug } why { category basis text scope } "
    + CARD
    + " } } } }"
)
SUSPICIOUS = {"amount": "1200.00", "payee": "Gadget Shop", "country": "DE"}


class Customer:
    """ana, with a linked bank account whose questions she allowed."""

    def __init__(self, api: Api, services: Services) -> None:
        self.api, self.services = api, services

    async def link(self) -> Customer:
        self.token = await self.api.register("ana")
        self.group = await self.api.group(self.token, "Money", [])
        consent = await self.run("/bank link")
        assert consent["app"]["slug"] == "souq"  # souq's consent card, not the bank's
        allowed = await self.press(consent, "Allow")
        assert allowed["content"]["title"] == "Your Souq Bank account"
        fields = {f["label"]: f["value"] for f in allowed["content"]["fields"]}
        self.account = fields["Account"]
        assert fields['"Was this you?"'] == "on: we ask before unusual transfers"
        return self

    async def run(self, line: str) -> dict[str, Any]:
        """Send ``line`` in ana's group; the message that answers it."""
        await self.api.send(self.token, self.group, line, f"k{next(_ids)}")
        data = await self.api.ok(LAST, {"id": self.group}, self.token)
        message: dict[str, Any] = data["conversation"]["messages"]["nodes"][0]
        return message

    async def press(self, message: dict[str, Any], label: str) -> dict[str, Any]:
        """Press the button ``label`` of ``message``; what pressButton answers."""
        [button] = [b for b in message["content"]["buttons"] if b["label"] == label]
        variables = {"m": message["id"], "b": button["id"], "k": f"p{next(_ids)}"}
        pressed: dict[str, Any] = (await self.api.ok(PRESS, variables, self.token))["pressButton"]
        return pressed

    async def transfer(self, transfer_id: str) -> dict[str, Any]:
        """The bank's backend reports a suspicious transfer on the signed endpoint."""
        secret = await self.services.event_secrets.current("bank")
        assert secret is not None
        body = json.dumps({"account": self.account, "id": transfer_id, **SUSPICIOUS}).encode()
        answer = await self.api.http.post(
            "/apps/bank/events/transfer",
            content=body,
            headers={
                "Souq-Signature": signature(secret, body, time.time()),
                "Content-Type": "application/json",
            },
        )
        assert answer.status_code == 200, answer.text
        summary: dict[str, Any] = answer.json()["summary"]
        return summary

    async def balance(self) -> str:
        card = await self.run("/bank balance")
        return next(f["value"] for f in card["content"]["fields"] if f["label"] == "Balance")


@pytest.fixture
async def ana(api: Api, services: Services, clock: Clock) -> Customer:
    bank = services.apps.get("bank")
    assert bank is not None, "souq-bank is installed with souq"
    await approve(services, bank)
    return await Customer(api, services).link()


async def asked(ana: Customer, transfer_id: str) -> dict[str, Any]:
    """Report a suspicious transfer while ana's live subscription runs; the question she
    gets live, checked with its why line."""
    async with ana.api.subscribe(ana.token, LIVE, await ana.api.from_now(ana.token)) as live:
        summary = await ana.transfer(transfer_id)
        message = (await live.next())["data"]["events"]["message"]
    assert summary["status"] == "held" and summary["asked"] is True
    assert summary["reasons"] == ["large", "new_payee", "abroad"]
    assert message["app"] == {"slug": "bank"} and message["body"] == "Was this you?"
    assert message["why"]["category"] == "SERVICE" and message["why"]["basis"] == "GRANTED"
    assert message["why"]["scope"] == "messages.notify"
    assert message["why"]["text"].startswith("You allowed Souq Bank to send you service messages")
    fields = {f["label"]: f["value"] for f in message["content"]["fields"]}
    assert fields["Amount"] == "€1,200.00" and fields["To"] == "Gadget Shop (DE)"
    assert [b["label"] for b in message["content"]["buttons"]] == ["Yes, it was me", "No"]
    return message


async def test_yes_lets_the_transfer_through(ana: Customer) -> None:
    question = await asked(ana, "t-1")
    answer = await ana.press(question, "Yes, it was me")
    assert answer["id"] == question["id"]  # the question card is replaced by the answer
    assert answer["content"]["title"] == "Transfer sent" and answer["content"]["buttons"] == []
    assert await ana.balance() == "€1,300.00"
    again = await ana.transfer("t-1")  # the backend repeats itself: nothing changes
    assert again["status"] == "completed" and again["repeated"] is True


async def test_no_blocks_the_transfer(ana: Customer) -> None:
    question = await asked(ana, "t-2")
    answer = await ana.press(question, "No")
    assert answer["content"]["title"] == "Transfer blocked"
    assert "sending you a new one" in answer["content"]["body"]
    assert await ana.balance() == "€2,500.00"


async def test_no_answer_in_time_blocks_it_when_the_hosts_sweep_runs_the_job(
    ana: Customer, services: Services, clock: Clock
) -> None:
    question = await asked(ana, "t-3")
    clock.now += timedelta(minutes=14)
    await services.sweep()  # the job runs, and finds nothing expired yet
    async with ana.api.subscribe(ana.token, LIVE, await ana.api.from_now(ana.token)) as live:
        clock.now += timedelta(minutes=2)
        await services.sweep()
        told = (await live.next())["data"]["events"]["message"]
    assert told["content"]["title"] == "Transfer blocked"
    assert told["content"]["body"].startswith("Nobody answered within 15 minutes")
    late = await ana.press(question, "Yes, it was me")
    assert late["content"]["title"] == "Transfer blocked"
    assert late["content"]["body"].startswith("This was settled already.")
    assert await ana.balance() == "€2,500.00"
