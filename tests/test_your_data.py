"""Your data: the export holds everything souq keeps about the person and nothing of
others; deleting an account leaves tombstones, removes what apps kept, signs out, keeps
the ledger verified; both audited. Over the real GraphQL API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import SETUP, Install
from live_server import PASSWORD, Api
from sample_apps import shop
from souq.payments.ledger import verify
from souq.runtime import Services
from souq.services.audit import AuditAction, AuditFilter
from souq_sdk import App, Context, PaymentEvent, Text
from souq_sdk.notices import Category

EXPORT = "mutation { exportMyData }"
CARDS = """query($id: ID!) { conversation(id: $id) { messages(last: 5) { nodes {
  id content { ... on PaymentCard { paymentRequestId } } } } } }"""
DELETE = "mutation($p: String!) { deleteAccount(password: $p) }"
HISTORY = """query($id: ID!) { conversation(id: $id) { messages(last: 50) { nodes {
  id body private deleted sender { username displayName } content { __typename } } } } }"""


def notebook() -> App:
    """Keeps a note about each person; asks for the scopes business messages need."""
    app = App(
        slug="notebook",
        name="Notebook",
        version="1.0.0",
        summary="Notes",
        scopes=("messages.notify", "profile.name"),
    )

    @app.command()
    def note(context: Context, text: str) -> Text:
        """Keep a note about you."""
        context.person_state.set("note", text)
        return Text(context.person_id)

    return app


@pytest.fixture
async def world(api: Api, services: Services, install: Install) -> dict[str, Any]:
    """ana and bruno chatting; ana used the notebook, granted it, got a business message,
    paid the shop; bruno has his own private command and grant."""
    told: list[PaymentEvent] = []
    await install(notebook())
    await install(shop(told))
    ana, bruno = await api.register("ana"), await api.register("bruno")
    await api.ok('mutation { setPhone(phone: "+31612345678") { phone } }', token=ana)
    await api.ok('mutation { setPhone(phone: "+31687654321") { phone } }', token=bruno)
    chat = await api.group(ana, "flat", ["bruno"])
    await api.send(ana, chat, "hello bruno", "a1")
    await api.send(bruno, chat, "hi ana", "b1")
    await api.send(bruno, chat, "/notebook note brunos-secret", "b2")
    line = await api.send(ana, chat, "/notebook note likes-tea", "a2")
    history = (await api.ok(HISTORY, {"id": chat}, ana))["conversation"]["messages"]["nodes"]
    ana_alias = next(m["body"] for m in history if int(m["id"]) > int(line["id"]) and m["private"])
    for token in (ana, bruno):
        await api.ok(
            'mutation { grantScope(app: "notebook", scope: "messages.notify") { app } }',
            token=token,
        )
    await services.notices.notify("notebook", ana_alias, Category.SERVICE, Text("noted"))
    await services.payments.top_up(SETUP, "ana", 5000, "EUR", reason="test")
    sent = await api.send(ana, chat, "/shop buy 1250 tea-1", "a3")
    history = (await api.ok(CARDS, {"id": chat}, ana))["conversation"]["messages"]["nodes"]
    [card] = [m for m in history if int(m["id"]) > int(sent["id"])]
    await api.ok(
        'mutation($r: ID!) { confirmPayment(requestId: $r, idempotencyKey: "k1") { status } }',
        {"r": card["content"]["paymentRequestId"]},
        ana,
    )
    return {"ana": ana, "bruno": bruno, "chat": chat, "alias": ana_alias}


async def test_the_export_holds_all_of_yours_and_nothing_of_others(
    api: Api, services: Services, world: dict[str, Any]
) -> None:
    data = (await api.ok(EXPORT, token=world["ana"]))["exportMyData"]
    assert data["format"] == "souq-export/1"
    assert data["profile"]["username"] == "ana" and data["profile"]["phone"] == "+31612345678"
    bodies = [m["body"] for c in data["conversations"] for m in c["messages"]]
    assert {"hello bruno", "hi ana", "/notebook note likes-tea", "noted"} <= set(bodies)
    kinds = {c["kind"] for c in data["conversations"]}
    assert kinds == {"group", "app"}
    [notebook_entry] = [a for a in data["apps"] if a["app"] == "notebook"]
    assert notebook_entry["state_kept_about_you"] == {"note": "likes-tea"}
    assert [g["scope"] for g in notebook_entry["grants"]] == ["messages.notify"]
    assert [(h["action"], h["scope"]) for h in data["grant_history"]] == [
        ("granted", "messages.notify")
    ]
    assert [b["basis"] for b in data["business_messages"]] == ["granted"]
    assert [(p["amount"], p["status"]) for p in data["payments"]] == [(1250, "completed")]
    [wallet] = data["wallets"]
    assert wallet["balance"] == 3750 and sum(e["amount"] for e in wallet["entries"]) == 3750
    text = json.dumps(data)
    for of_bruno in ("brunos-secret", "+31687654321"):
        assert of_bruno not in text  # bruno's private command and his phone
    [entry] = (await services.audit.page(SETUP, AuditFilter(AuditAction.DATA_EXPORTED), first=5))[0]
    assert entry.actor == entry.subject and entry.subject.startswith("user:")


async def test_deleting_an_account_leaves_tombstones_and_a_verified_ledger(
    api: Api, services: Services, world: dict[str, Any]
) -> None:
    ana, bruno, chat = world["ana"], world["bruno"], world["chat"]
    wrong = await api.error(DELETE, {"p": "not my password"}, ana)
    assert wrong["extensions"]["code"] == "INVALID_CREDENTIALS"
    assert (await api.ok("{ me { username } }", token=ana))["me"]["username"] == "ana"

    async with api.subscribe(ana, "subscription { events { __typename } }") as live:
        assert (await api.ok(DELETE, {"p": PASSWORD}, ana))["deleteAccount"] is True
        code, _reason = await live.closed(within=5)
        assert code == 4403

    gone = await api.error("{ me { username } }", token=ana)
    assert gone["extensions"]["code"] == "UNAUTHENTICATED"
    seen = (await api.ok(HISTORY, {"id": chat}, bruno))["conversation"]["messages"]["nodes"]
    from_ana = [m for m in seen if m["sender"] and m["sender"]["displayName"] == "Deleted account"]
    assert from_ana and all(m["deleted"] and m["body"] == "" for m in from_ana)
    assert any(m["body"] == "hi ana" and not m["deleted"] for m in seen)
    owner = await api.ok(
        "query($id: ID!) { conversation(id: $id) { owner { username } } }", {"id": chat}, bruno
    )
    assert owner["conversation"]["owner"] == {"username": "bruno"}  # the group passed on
    missing = await api.error(
        'mutation { openDirectConversation(username: "ana") { id } }', token=bruno
    )
    assert missing["extensions"]["code"] == "NOT_FOUND"
    # the name is free again; the new ana is someone else, unknown to every app
    again = await api.register("ana")
    assert (await api.ok("query { myAppSettings { app } }", token=again))["myAppSettings"] == []
    async with services.db.session() as session:
        result = await session.run_sync(verify)
    assert result.ok, result.problems
    entries, _ = await services.audit.page(SETUP, AuditFilter(AuditAction.ACCOUNT_DELETED), first=5)
    assert len(entries) == 1
