"""Sending and reading messages: durable, ordered, never duplicated."""

from __future__ import annotations

import asyncio

import pytest
from live_server import SEND, Api
from souq.runtime import Services

HISTORY = """query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  conversation(id: $id) { messages(first: $first, after: $after, last: $last, before: $before) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { seq body sender { username } } }
  } }
}"""


async def _history(api: Api, token: str, conversation: str, **args: object) -> dict:
    data = await api.ok(HISTORY, {"id": conversation, **args}, token)
    return data["conversation"]["messages"]


async def test_send_and_page_through_history(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    for n in range(1, 8):
        sent = await api.send(ana if n % 2 else bruno, conversation, f"message {n}", f"k{n}")
        assert sent["seq"] == n

    page = await _history(api, bruno, conversation, first=3)
    assert [e["node"]["seq"] for e in page["edges"]] == [1, 2, 3]
    assert page["pageInfo"]["hasNextPage"] and not page["pageInfo"]["hasPreviousPage"]
    page = await _history(api, bruno, conversation, first=3, after=page["pageInfo"]["endCursor"])
    assert [e["node"]["body"] for e in page["edges"]] == ["message 4", "message 5", "message 6"]
    page = await _history(api, bruno, conversation, first=3, after=page["pageInfo"]["endCursor"])
    assert [e["node"]["seq"] for e in page["edges"]] == [7]
    assert not page["pageInfo"]["hasNextPage"] and page["pageInfo"]["hasPreviousPage"]

    newest = await _history(api, ana, conversation)
    assert [e["node"]["seq"] for e in newest["edges"]] == list(range(1, 8))
    page = await _history(api, ana, conversation, last=2)
    assert [e["node"]["seq"] for e in page["edges"]] == [6, 7]
    page = await _history(api, ana, conversation, last=4, before=page["pageInfo"]["startCursor"])
    assert [e["node"]["seq"] for e in page["edges"]] == [2, 3, 4, 5]
    assert page["pageInfo"]["hasPreviousPage"] and page["pageInfo"]["hasNextPage"]
    page = await _history(api, ana, conversation, last=4, before=page["pageInfo"]["startCursor"])
    assert [e["node"]["seq"] for e in page["edges"]] == [1]
    assert not page["pageInfo"]["hasPreviousPage"]


async def test_page_arguments_are_checked(api: Api) -> None:
    ana = await api.register("ana")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    for args in ({"first": 1, "last": 1}, {"first": -1}, {"last": 10_000}, {"after": "garbage"}):
        error = await api.error(HISTORY, {"id": conversation, **args}, ana)
        assert error["extensions"]["code"] == "BAD_USER_INPUT", args


async def test_a_retry_returns_the_original_and_creates_nothing(api: Api) -> None:
    ana = await api.register("ana")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    first = await api.send(ana, conversation, "hello", "retry-me")
    again = await api.send(ana, conversation, "hello", "retry-me")
    assert again == first
    error = await api.error(SEND, {"c": conversation, "b": "changed", "k": "retry-me"}, ana)
    assert error["extensions"] == {"code": "IDEMPOTENCY_CONFLICT", "field": "clientMessageId"}
    page = await _history(api, ana, conversation)
    assert [e["node"]["body"] for e in page["edges"]] == ["hello"]


async def test_the_same_client_id_from_another_sender_is_another_message(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    await api.send(ana, conversation, "hi", "same")
    await api.send(bruno, conversation, "hi", "same")
    assert len((await _history(api, ana, conversation))["edges"]) == 2


async def test_fifty_concurrent_retries_make_one_message(api: Api) -> None:
    ana = await api.register("ana")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    sent = await asyncio.gather(*(api.send(ana, conversation, "once", "c-1") for _ in range(50)))
    assert {m["id"] for m in sent} == {sent[0]["id"]}
    page = await _history(api, ana, conversation)
    assert [e["node"]["seq"] for e in page["edges"]] == [1]


async def test_concurrent_sends_get_gapless_unique_seqs(api: Api) -> None:
    people = ["ana", "bruno", "carla", "dora", "emil"]
    tokens = dict(zip(people, [await api.register(p) for p in people], strict=True))
    group = await api.group(tokens["ana"], "Busy", people[1:])
    sends = [api.send(tokens[people[n % 5]], group, f"m{n}", f"id-{n}") for n in range(200)]
    sent = await asyncio.gather(*sends)
    assert sorted(m["seq"] for m in sent) == list(range(1, 201))
    stored = []
    after = None
    while True:
        page = await _history(api, tokens["dora"], group, first=100, after=after)
        stored += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert [m["seq"] for m in stored] == list(range(1, 201))
    by_body = {m["body"]: m["seq"] for m in sent}
    assert all(by_body[m["body"]] == m["seq"] for m in stored)


@pytest.mark.parametrize("body", ["", "   \n", "x" * 4001])
async def test_bad_bodies_are_refused_and_change_nothing(api: Api, body: str) -> None:
    ana = await api.register("ana")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    error = await api.error(SEND, {"c": conversation, "b": body, "k": "k"}, ana)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "body"}
    assert "limit is 4000" in error["message"] or "empty" in error["message"]
    assert (await _history(api, ana, conversation))["edges"] == []
    # The client id was not used up by the failed send.
    assert (await api.send(ana, conversation, "fine", "k"))["seq"] == 1


async def test_a_failing_write_fails_alone(api: Api, services: Services) -> None:
    """In a group commit batch, one bad write rolls back alone; the others commit."""
    ana = await api.register("ana")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    me = await services.accounts.by_username("ana")
    results = await asyncio.gather(
        services.messages.send(me, int(conversation), "a", "g1"),
        services.messages.send(me, int(conversation) + 1000, "lost", "g2"),
        services.messages.send(me, int(conversation), "b", "g3"),
        return_exceptions=True,
    )
    kinds = [type(r[0] if isinstance(r, tuple) else r).__name__ for r in results]
    assert kinds == ["MessageRecord", "NotFound", "MessageRecord"]
    page = await _history(api, ana, conversation)
    assert [e["node"]["body"] for e in page["edges"]] == ["a", "b"]
