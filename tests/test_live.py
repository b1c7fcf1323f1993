"""Live events over graphql-transport-ws: delivery, resume without gaps, authorization."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import websockets
from live_server import EVENTS, PROTOCOL, Api


async def test_two_clients_see_each_others_messages(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    async with (
        api.subscribe(ana, EVENTS, await api.from_now(ana)) as ana_live,
        api.subscribe(bruno, EVENTS, await api.from_now(bruno)) as bruno_live,
    ):
        # An event only flows once the subscription is registered: prime both streams.
        await api.send(ana, conversation, "ping", "p1")
        assert (await ana_live.message())["body"] == "ping"
        assert (await bruno_live.message())["body"] == "ping"
        await api.send(bruno, conversation, "pong", "p2")
        for live in (ana_live, bruno_live):
            message = await live.message()
            assert (message["body"], message["seq"], message["sender"]["username"]) == (
                "pong",
                2,
                "bruno",
            )


async def test_resume_replays_missed_messages_once_in_order_while_sending(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    await api.register("carla")
    direct = await api.direct(ana, "bruno")
    group = await api.group(bruno, "Group", ["ana", "carla"])
    for n in range(1, 4):
        await api.send(bruno, direct, f"d{n}", f"d{n}")
    # The client saw direct up to seq 1 and nothing of the group; then it went offline.
    for n in range(1, 4):
        await api.send(bruno, group, f"g{n}", f"g{n}")
    after = [{"conversationId": direct, "seq": 1}]
    received: dict[str, list[int]] = {direct: [], group: []}
    async with api.subscribe(ana, EVENTS, {"after": after}) as live:
        # Keep sending while the subscription replays and switches to live.
        sending = asyncio.gather(
            *(api.send(bruno, direct, f"d{n}", f"d{n}") for n in range(4, 24)),
            *(api.send(bruno, group, f"g{n}", f"g{n}") for n in range(4, 24)),
        )
        while len(received[direct]) < 22 or len(received[group]) < 23:
            message = await live.message()
            received[message["conversationId"]].append(message["seq"])
        await sending
    assert received[direct] == list(range(2, 24))
    assert received[group] == list(range(1, 24))


async def test_live_only_without_after(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    await api.send(bruno, conversation, "old", "old")
    async with api.subscribe(ana, EVENTS, await api.from_now(ana)) as live:
        await api.send(bruno, conversation, "new", "new")
        message = await live.message()
        assert (message["body"], message["seq"]) == ("new", 2)


async def test_non_members_receive_nothing(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    eve = await api.register("eve")
    private = await api.direct(ana, "bruno")
    eve_chat = await api.direct(eve, "ana")
    after = [{"conversationId": private, "seq": 0}]
    async with api.subscribe(eve, EVENTS, {"after": after}) as live:
        await api.send(bruno, private, "secret", "s1")
        await api.send(ana, eve_chat, "for eve", "e1")
        # The first thing eve receives is her own conversation's message, not the secret.
        message = await live.message()
        assert (message["body"], message["conversationId"]) == ("for eve", eve_chat)


async def test_a_bad_token_is_refused_with_4403(api: Api) -> None:
    for payload in ({"token": "souq_forged"}, {}, {"token": 42}):
        async with websockets.connect(api.ws_url, subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            try:
                await asyncio.wait_for(ws.recv(), timeout=10)
                raise AssertionError("the connection stayed open")
            except websockets.ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 4403


async def test_bad_subscription_arguments_are_errors(api: Api) -> None:
    ana = await api.register("ana")
    async with api.subscribe(ana, EVENTS, {"after": [{"conversationId": "1", "seq": -1}]}) as live:
        message = await live.raw()
        assert message["type"] in ("error", "next"), message
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


SHARED = """subscription($after: [SeenInput!], $withSender: Boolean!) {
  events(after: $after) { ... on MessagePosted { message {
    body private clientMessageId why { basis } sender @include(if: $withSender) { username }
  } } }
}"""


async def test_a_live_event_resolved_once_still_shows_each_viewer_only_their_own(
    api: Api,
) -> None:
    """Members with the same document and variables that matter receive the very same
    frame; the sender's own fields, and the variables used below `events`, stay theirs."""
    ana, bruno, carla, dora = [await api.register(n) for n in ("ana", "bruno", "carla", "dora")]
    group = await api.group(ana, "Shared", ["bruno", "carla", "dora"])

    async def live(token: str, with_sender: bool) -> Any:
        # Each subscriber passes its own `after`: it shapes the stream, not each event.
        variables = {**await api.from_now(token), "withSender": with_sender}
        return api.subscribe(token, SHARED, variables)

    async with (
        await live(ana, True) as ana_live,
        await live(bruno, True) as bruno_live,
        await live(carla, True) as carla_live,
        await live(dora, False) as dora_live,
    ):
        await api.send(ana, group, "hello", "ana-key")
        frames = {n: await s.ws.recv() for n, s in [("bruno", bruno_live), ("carla", carla_live)]}
        assert frames["bruno"] == frames["carla"]  # one encoding, sent to both
        seen = json.loads(frames["bruno"])["payload"]["data"]["events"]["message"]
        assert seen == {
            "body": "hello",
            "private": False,
            "clientMessageId": None,
            "why": None,
            "sender": {"username": "ana"},
        }
        assert (await ana_live.message())["clientMessageId"] == "ana-key"
        assert await dora_live.message() == {
            "body": "hello",
            "private": False,
            "clientMessageId": None,
            "why": None,
        }
        await api.send(bruno, group, "again", "bruno-key")
        by_viewer = {n: await s.message() for n, s in [("ana", ana_live), ("bruno", bruno_live)]}
        assert by_viewer["ana"]["clientMessageId"] is None
        assert by_viewer["bruno"]["clientMessageId"] == "bruno-key"


async def test_a_shared_result_goes_to_each_operation_under_its_own_id_until_it_completes(
    api: Api,
) -> None:
    """Two operations with the same document on one socket: the second receives the result
    the first one's execution made (written straight to the socket), under its own id; an
    operation completed by the client receives nothing more."""
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    group = await api.group(ana, "Ids", ["bruno"])
    async with api.socket(bruno) as socket:

        async def frames(count: int) -> list[dict[str, Any]]:
            return [
                json.loads(await asyncio.wait_for(socket.ws.recv(), timeout=10))
                for _ in range(count)
            ]

        variables = {**await api.from_now(bruno), "withSender": True}
        first = await socket.start(SHARED, variables)
        second = await socket.start(SHARED, variables)
        await api.send(ana, group, "one", "k1")  # live or replayed: both are listening after
        assert sorted(f["id"] for f in await frames(2)) == sorted([first, second])
        await api.send(ana, group, "two", "k2")
        received = await frames(2)
        assert sorted(f["id"] for f in received) == sorted([first, second])
        assert received[0]["payload"] == received[1]["payload"]
        assert received[0]["payload"]["data"]["events"]["message"]["body"] == "two"

        await socket.ws.send(json.dumps({"id": first, "type": "complete"}))
        # The socket handles its messages in order: once this query is answered, the
        # completion has been handled.
        assert (await socket.run("{ me { username } }"))["data"] == {"me": {"username": "bruno"}}
        await api.send(ana, group, "three", "k3")
        await api.send(ana, group, "four", "k4")
        bodies = [
            (f["id"], f["payload"]["data"]["events"]["message"]["body"]) for f in await frames(2)
        ]
        assert bodies == [(second, "three"), (second, "four")]
