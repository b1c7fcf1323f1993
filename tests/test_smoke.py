from live_server import Api


async def test_limits_need_no_sign_in(api: Api) -> None:
    data = await api.ok("{ limits { maxMessageLength } }")
    assert data["limits"]["maxMessageLength"] == 4000
