"""An open WebSocket never outlives the access it was opened with.

Every operation over a socket authenticates its token afresh; a revoked token or a gone
account closes the person's sockets (4403) as soon as the change is announced on the broker.
"""

from __future__ import annotations

from conftest import SETUP
from live_server import EVENTS, PASSWORD, Api
from souq.db.models import AccessToken, User
from souq.events.broker import access_topic
from souq.events.types import AccessChanged
from souq.runtime import Services
from souq.services.accounts import Role, token_hash
from sqlalchemy import delete
from sqlalchemy.orm import Session

CLOSE_WITHIN = 1.0
"""Seconds a revoked socket may stay open (the close follows the broker's event at once)."""

ME = "{ me { username role } }"
LOGOUT = "mutation { logout }"
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
SET_ROLE = """mutation($u: String!, $r: Role!) {
  setRole(username: $u, role: $r, reason: "over an old socket") { username role } }"""


def code(result: dict[str, object]) -> str:
    errors = result.get("errors")
    assert isinstance(errors, list) and errors, result
    return str(errors[0]["extensions"]["code"])


async def test_logout_closes_the_sockets_of_that_token_and_no_other(api: Api) -> None:
    ana = await api.register("ana")
    other_device = (await api.ok(LOGIN, {"u": "ana", "p": PASSWORD}))["login"]["token"]
    bruno = await api.register("bruno")
    conversation = await api.direct(bruno, "ana")
    async with (
        api.subscribe(ana, EVENTS, await api.from_now(ana)) as revoked,
        api.subscribe(other_device, EVENTS, await api.from_now(ana)) as kept,
        api.socket(ana) as queries,
    ):
        await api.send(bruno, conversation, "before", "b1")  # both subscriptions are live
        assert (await revoked.message())["body"] == "before"
        assert (await kept.message())["body"] == "before"

        assert (await api.ok(LOGOUT, token=ana))["logout"] is True

        assert await revoked.closed(CLOSE_WITHIN) == (4403, "signed out: the token was revoked")
        assert (await queries.closed(CLOSE_WITHIN))[0] == 4403
        await api.send(bruno, conversation, "after", "a1")
        assert (await kept.message())["body"] == "after"


async def test_every_operation_authenticates_the_token_afresh(api: Api, services: Services) -> None:
    ana = await api.register("ana")
    async with api.socket(ana) as socket:
        assert (await socket.run(ME))["data"] == {"me": {"username": "ana", "role": "PERSON"}}

        # Revoked behind the server's back: no event, yet the next operation knows.
        def revoke(session: Session) -> None:
            session.execute(delete(AccessToken).where(AccessToken.token_hash == token_hash(ana)))

        await services.db.write(revoke)

        assert code(await socket.run(ME)) == "UNAUTHENTICATED"
        assert code(await socket.run(EVENTS)) == "UNAUTHENTICATED"


async def test_a_demoted_admin_cannot_use_an_old_socket_to_promote_itself(
    api: Api, services: Services
) -> None:
    boss = await api.register("boss")
    await services.accounts.set_role(SETUP, "boss", Role.ADMIN, reason="test setup")
    async with api.socket(boss) as socket:
        assert (await socket.run(ME))["data"]["me"]["role"] == "ADMIN"

        await services.accounts.set_role(SETUP, "boss", Role.PERSON, reason="demoted")

        refused = await socket.run(SET_ROLE, {"u": "boss", "r": "ADMIN"})
        assert code(refused) == "FORBIDDEN"
        assert (await socket.run(ME))["data"]["me"]["role"] == "PERSON"
    assert (await services.accounts.by_username("boss")).role == Role.PERSON


async def test_a_deleted_account_is_refused_and_its_subscriptions_close(
    api: Api, services: Services
) -> None:
    carla = await api.register("carla")
    account = await services.accounts.by_username("carla")
    async with api.socket(carla) as socket, api.subscribe(carla, EVENTS) as live:
        assert (await socket.run(ME))["data"]["me"]["username"] == "carla"

        def remove(session: Session) -> None:
            session.execute(delete(User).where(User.id == account.id))

        await services.db.write(remove)

        assert code(await socket.run(ME)) == "UNAUTHENTICATED"
        # Whoever deletes an account announces it (as another process would, on the broker).
        await services.broker.publish([access_topic(account.id)], AccessChanged(account.id))
        assert (await live.closed(CLOSE_WITHIN))[0] == 4403
        assert (await socket.closed(CLOSE_WITHIN))[0] == 4403
