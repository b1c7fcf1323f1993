"""The WebSocket handshake: a client that never sends connection_init is closed (4408)."""

from __future__ import annotations

import asyncio

import pytest
import websockets
from live_server import PROTOCOL, Api


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"connection_init_timeout_seconds": 0.2}


async def test_a_silent_client_is_closed_after_the_init_timeout(api: Api) -> None:
    async with websockets.connect(api.ws_url, subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4408


async def test_limits_publish_the_init_timeout(api: Api) -> None:
    data = await api.ok("{ limits { connectionInitTimeoutSeconds } }")
    assert data["limits"]["connectionInitTimeoutSeconds"] == 0.2
