"""What one WebSocket may ask of the server: bounded frames, sockets, operations, replay
and live buffers."""

from __future__ import annotations

import json
from typing import Any

import pytest
import websockets
from live_server import EVENTS, PROTOCOL, Api, close_of, serve
from souq.events.broker import person_topic
from souq.events.types import MessagePosted, MessageRecord
from souq.runtime import Services
from souq.services.messages import REPLAY_PAGE, append
from sqlalchemy.orm import Session

BUFFER = 5
ME = "{ me { username } }"


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {
        "max_sockets_per_person": 2,
        "ws_operation_rate": "2/hour",
        "max_replay_conversations": 3,
        "live_buffer_events": BUFFER,
    }


def ping(size: int) -> str:
    """A ping message of exactly ``size`` bytes."""
    empty = json.dumps({"type": "ping", "payload": {"pad": ""}})
    return json.dumps({"type": "ping", "payload": {"pad": "x" * (size - len(empty))}})


async def test_a_frame_over_the_request_limit_closes_the_socket(
    api: Api, services: Services
) -> None:
    limit = services.settings.max_request_bytes
    async with api.socket(await api.register("ana")) as socket:
        await socket.ws.send(ping(limit))
        assert json.loads(await socket.ws.recv())["type"] == "pong"
        await socket.ws.send(ping(limit + 1))
        assert (await socket.closed(within=10))[0] == 1009


async def test_the_app_refuses_big_frames_whatever_serves_it(services: Services) -> None:
    limit = services.settings.max_request_bytes
    async with serve(services, ws_max_size=16 * 1024 * 1024) as api:  # uvicorn's default
        ana = await api.register("ana")
        async with api.socket(ana) as socket:
            await socket.ws.send(ping(limit + 1))
            assert await socket.closed(within=10) == (1009, f"message over {limit} bytes")


async def test_after_lists_at_most_the_replay_cap(api: Api) -> None:
    ana = await api.register("ana")
    too_many = [{"conversationId": str(n), "seq": 0} for n in range(1, 5)]
    async with api.socket(ana) as socket:
        refused = await socket.run(EVENTS, {"after": too_many})
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "the limit is 3" in refused["errors"][0]["message"]
    bruno = await api.register("bruno")
    conversation = await api.direct(bruno, "ana")
    await api.send(bruno, conversation, "hi", "h1")
    async with api.subscribe(ana, EVENTS, {"after": too_many[:3]}) as live:
        assert (await live.message())["body"] == "hi"


async def test_a_person_has_a_bounded_number_of_sockets(api: Api) -> None:
    ana = await api.register("ana")
    bruno = await api.register("bruno")
    async with api.socket(ana), api.socket(ana), api.socket(bruno):
        async with websockets.connect(api.ws_url, subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": ana}}))
            code, reason = await close_of(ws, within=10)
        assert (code, reason) == (4429, "too many open sockets: at most 2 per person")


async def test_operations_over_the_rate_are_refused_and_the_socket_stays(api: Api) -> None:
    async with api.socket(await api.register("ana")) as socket:
        for _ in range(2):
            assert (await socket.run(ME))["data"] == {"me": {"username": "ana"}}
        refused = (await socket.run(ME))["errors"][0]
        assert refused["extensions"]["code"] == "RATE_LIMITED"
        assert refused["extensions"]["retryAfter"] > 0
        await socket.ws.send(json.dumps({"type": "ping"}))
        assert json.loads(await socket.ws.recv())["type"] == "pong"


async def stored(services: Services, conversation: str, count: int) -> list[MessageRecord]:
    """Store ``count`` messages from bruno without announcing them."""
    bruno = await services.accounts.by_username("bruno")

    def write(session: Session) -> list[MessageRecord]:
        return [
            append(
                session, int(conversation), sender=bruno, body=f"m{n}", client_message_id=f"m{n}"
            )
            for n in range(count)
        ]

    return await services.db.write(write)


async def test_a_subscriber_that_falls_behind_is_ended_and_resumes_with_after(
    api: Api, services: Services
) -> None:
    ana = await api.register("ana")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    me = await services.accounts.by_username("ana")
    async with api.subscribe(ana, EVENTS, {"after": []}) as live:  # gapless from the start
        await api.send(ana, conversation, "prime", "p")
        assert (await live.message())["seq"] == 1
        messages = await stored(services, conversation, BUFFER + 1)
        for message in messages:  # faster than any reader: nothing yields in between
            await services.broker.publish([person_topic(me.id)], MessagePosted(message))
        ended = await live.next()
        assert ended["errors"][0]["extensions"] == {"code": "FELL_BEHIND", "limit": BUFFER}
        assert (await live.raw())["type"] == "complete"
    assert services.broker.subscriber_count() == 0  # type: ignore[attr-defined]
    resume = {"after": [{"conversationId": conversation, "seq": 1}]}
    async with api.subscribe(ana, EVENTS, resume) as live:
        assert [(await live.message())["seq"] for _ in messages] == list(range(2, BUFFER + 3))


async def test_replay_reads_a_page_of_messages_at_a_time(
    api: Api, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = await api.register("ana")
    await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    count = 2 * REPLAY_PAGE + 10
    await stored(services, conversation, count)
    pages: list[int] = []
    read = services.db.read

    async def counting(fn: Any, **options: Any) -> Any:
        result = await read(fn, **options)
        if isinstance(result, list) and result and isinstance(result[0], MessageRecord):
            pages.append(len(result))
        return result

    monkeypatch.setattr(services.db, "read", counting)
    async with api.subscribe(ana, EVENTS, {"after": []}) as live:
        assert [(await live.message())["seq"] for _ in range(count)] == list(range(1, count + 1))
    assert pages == [REPLAY_PAGE, REPLAY_PAGE, 10]


async def test_limits_publish_the_socket_limits(api: Api) -> None:
    limits = (
        await api.ok(
            "{ limits { maxSocketsPerPerson wsOperationRate maxReplayConversations"
            " liveBufferEvents maxRequestBytes } }"
        )
    )["limits"]
    assert limits == {
        "maxSocketsPerPerson": 2,
        "wsOperationRate": "2/hour",
        "maxReplayConversations": 3,
        "liveBufferEvents": BUFFER,
        "maxRequestBytes": 100_000,
    }
