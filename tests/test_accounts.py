"""Accounts over the API: registration, sign-in, tokens, sign-out, throttling, storage."""

from __future__ import annotations

from typing import Any

import pytest
from argon2 import PasswordHasher
from live_server import PASSWORD, Api
from souq.db.models import AccessToken, User
from souq.runtime import Services
from souq.services import passwords
from souq.services.accounts import token_hash
from sqlalchemy import func, select

REGISTER = """mutation($u: String!, $p: String!, $d: String) {
  register(username: $u, password: $p, displayName: $d) { token me { id username displayName role } }
}"""
LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { token me { id username role } }
}"""
ME = "{ me { id username displayName role } }"
LOGOUT = "mutation { logout }"


PRODUCTION_HASHER = passwords._hasher


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at minimal cost: only the hashing test below pays for the real parameters."""
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", hasher.hash("nobody's password"))


async def register(
    api: Api, username: str, password: str = PASSWORD, display_name: str | None = None
) -> dict[str, Any]:
    return await api.gql(REGISTER, {"u": username, "p": password, "d": display_name})


async def login(api: Api, username: str, password: str = PASSWORD) -> dict[str, Any]:
    return await api.gql(LOGIN, {"u": username, "p": password})


async def user_count(services: Services) -> int:
    """Accounts people registered (the owner of the installed apps is not one)."""
    async with services.db.session() as session:
        query = select(func.count()).select_from(User).where(User.username != "appdev")
        return int(await session.scalar(query) or 0)


def code_of(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]["code"]


# -- registration -----------------------------------------------------------------------


async def test_register_signs_in(api: Api) -> None:
    body = await register(api, "Ana_Costa", display_name="  Ana Costa ")
    payload = body["data"]["register"]
    assert payload["me"]["username"] == "ana_costa"
    assert payload["me"]["displayName"] == "Ana Costa"
    assert payload["me"]["role"] == "PERSON"
    assert payload["token"].startswith("souq_")
    me = await api.ok(ME, token=payload["token"])
    assert me["me"] == payload["me"]


async def test_display_name_defaults_to_the_username(api: Api) -> None:
    body = await register(api, "bruno")
    assert body["data"]["register"]["me"]["displayName"] == "bruno"


@pytest.mark.parametrize(
    "username",
    [
        "ab",
        "1abc",
        "_abc",
        "a-b-c",
        "ana smith",
        "ana.costa",
        "x" * 33,
        "",
        "   ",
        "jos\u00e9",
        "an\na",
    ],
    ids=[
        "too-short",
        "digit-first",
        "underscore-first",
        "dash",
        "space",
        "dot",
        "too-long",
        "empty",
        "blank",
        "non-ascii",
        "newline-inside",
    ],
)
async def test_bad_usernames_are_refused(api: Api, services: Services, username: str) -> None:
    body = await register(api, username)
    assert code_of(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "username"
    assert "3-32 characters" in body["errors"][0]["message"]
    assert body["data"] is None
    assert await user_count(services) == 0


@pytest.mark.parametrize(
    "password", ["", "short", "x" * 7, "x" * 257], ids=["empty", "5", "7", "257"]
)
async def test_bad_passwords_are_refused(api: Api, services: Services, password: str) -> None:
    body = await register(api, "ana", password)
    assert code_of(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "password"
    assert await user_count(services) == 0


@pytest.mark.parametrize("password", ["x" * 8, "x" * 256], ids=["8", "256"])
async def test_password_length_limits_are_inclusive(api: Api, password: str) -> None:
    body = await register(api, "ana", password)
    assert "errors" not in body, body
    assert "errors" not in await login(api, "ana", password)


@pytest.mark.parametrize("display_name", ["", "   ", "x" * 65], ids=["empty", "blank", "65"])
async def test_bad_display_names_are_refused(
    api: Api, services: Services, display_name: str
) -> None:
    body = await register(api, "ana", display_name=display_name)
    assert code_of(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "displayName"
    assert await user_count(services) == 0


@pytest.mark.parametrize("second", ["ana", "ANA", "Ana", " ana "])
async def test_taken_username_is_a_conflict_whatever_the_case(
    api: Api, services: Services, second: str
) -> None:
    assert "errors" not in await register(api, "ana")
    body = await register(api, second, "another password")
    assert code_of(body) == "CONFLICT"
    assert body["errors"][0]["extensions"]["field"] == "username"
    assert "taken" in body["errors"][0]["message"]
    assert await user_count(services) == 1
    # the original password still works, the second one does not
    assert "errors" not in await login(api, "ana")
    assert code_of(await login(api, "ana", "another password")) == "INVALID_CREDENTIALS"


# -- signing in and out -------------------------------------------------------------------


async def test_login_is_case_insensitive_and_gives_a_working_token(api: Api) -> None:
    await register(api, "ana")
    body = await login(api, "  ANA ")
    payload = body["data"]["login"]
    assert payload["me"]["username"] == "ana"
    me = await api.ok(ME, token=payload["token"])
    assert me["me"]["id"] == payload["me"]["id"]


async def test_wrong_password_and_unknown_user_get_the_same_answer(api: Api) -> None:
    await register(api, "ana")
    wrong = await login(api, "ana", "not the password")
    unknown = await login(api, "nobody", PASSWORD)
    assert code_of(wrong) == code_of(unknown) == "INVALID_CREDENTIALS"
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]
    assert wrong["errors"][0]["extensions"] == unknown["errors"][0]["extensions"]
    assert wrong["data"] is None and unknown["data"] is None


async def test_each_login_is_a_new_token(api: Api) -> None:
    await register(api, "ana")
    first = (await login(api, "ana"))["data"]["login"]["token"]
    second = (await login(api, "ana"))["data"]["login"]["token"]
    assert first != second
    for token in (first, second):
        assert (await api.ok(ME, token=token))["me"]["username"] == "ana"


async def test_logout_revokes_only_that_token(api: Api) -> None:
    registered = (await register(api, "ana"))["data"]["register"]["token"]
    logged_in = (await login(api, "ana"))["data"]["login"]["token"]

    assert await api.ok(LOGOUT, token=logged_in) == {"logout": True}

    error = await api.error(ME, token=logged_in)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "invalid or revoked" in error["message"]
    assert (await api.ok(ME, token=registered))["me"]["username"] == "ana"
    error = await api.error(LOGOUT, token=logged_in)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_me_needs_a_token(api: Api) -> None:
    error = await api.error(ME)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"] == "not signed in: sign in first"
    assert error["path"] == ["me"]


@pytest.mark.parametrize(
    "token",
    [
        "souq_" + "A" * 43,
        "not-a-souq-token",
        "souq_" + "A" * 200,
        "souq_",
        "souq_' OR '1'='1",
    ],
    ids=["forged", "foreign", "overlong", "prefix-only", "injection"],
)
async def test_forged_tokens_are_refused(api: Api, token: str) -> None:
    await register(api, "ana")
    error = await api.error(ME, token=token)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"] == "not signed in: the bearer token is invalid or revoked"


async def test_a_token_hash_is_not_a_token(api: Api, services: Services) -> None:
    """Someone who reads the tokens table cannot sign in with what they find there."""
    token = (await register(api, "ana"))["data"]["register"]["token"]
    error = await api.error(ME, token="souq_" + token_hash(token))
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    error = await api.error(ME, token=token_hash(token))
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


# -- throttling -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings_overrides",
    [{"login_attempts_per_username": "3/minute", "login_attempts_per_address": "100/minute"}],
    ids=["3-per-username"],
)
async def test_failed_logins_are_throttled_per_username(api: Api) -> None:
    await register(api, "ana")
    await register(api, "bruno")
    for _ in range(3):
        assert code_of(await login(api, "ana", "wrong password")) == "INVALID_CREDENTIALS"

    for attempt in ("wrong password", PASSWORD):  # now even the right password is refused
        body = await login(api, "ANA", attempt)
        assert code_of(body) == "RATE_LIMITED"
        error = body["errors"][0]
        retry_after = error["extensions"]["retryAfter"]
        assert isinstance(retry_after, int) and 1 <= retry_after <= 60
        assert f"{retry_after} s" in error["message"]

    # another person from the same address is not affected
    assert "errors" not in await login(api, "bruno")


@pytest.mark.parametrize(
    "settings_overrides",
    [{"login_attempts_per_username": "3/minute", "login_attempts_per_address": "100/minute"}],
    ids=["3-per-username"],
)
async def test_successful_logins_are_not_counted(api: Api) -> None:
    await register(api, "ana")
    for _ in range(5):
        assert "errors" not in await login(api, "ana")
    assert code_of(await login(api, "ana", "wrong password")) == "INVALID_CREDENTIALS"


@pytest.mark.parametrize(
    "settings_overrides",
    [{"login_attempts_per_username": "100/minute", "login_attempts_per_address": "3/minute"}],
    ids=["3-per-address"],
)
async def test_failed_logins_are_throttled_per_address(api: Api) -> None:
    await register(api, "ana")
    for name in ("nobody1", "nobody2", "ana"):  # spread over usernames, known or not
        assert code_of(await login(api, name, "wrong password")) == "INVALID_CREDENTIALS"

    body = await login(api, "ana")  # a fourth username, right password: refused all the same
    assert code_of(body) == "RATE_LIMITED"
    assert 1 <= body["errors"][0]["extensions"]["retryAfter"] <= 60
    assert code_of(await login(api, "fresh_name", "whatever1")) == "RATE_LIMITED"


@pytest.mark.parametrize(
    "settings_overrides",
    [{"login_attempts_per_username": "3/minute"}],
    ids=["3-per-username"],
)
async def test_throttled_logins_issue_no_token(api: Api, services: Services) -> None:
    await register(api, "ana")
    for _ in range(3):
        await login(api, "ana", "wrong password")
    async with services.db.session() as session:
        before = await session.scalar(select(func.count()).select_from(AccessToken))
    assert code_of(await login(api, "ana")) == "RATE_LIMITED"
    async with services.db.session() as session:
        assert await session.scalar(select(func.count()).select_from(AccessToken)) == before


# -- what is stored -------------------------------------------------------------------------


async def test_only_the_hash_of_a_token_is_stored(api: Api, services: Services) -> None:
    registered = (await register(api, "ana"))["data"]["register"]["token"]
    logged_in = (await login(api, "ana"))["data"]["login"]["token"]

    async with services.db.session() as session:
        rows = (await session.execute(select(AccessToken))).scalars().all()
        stored = [
            " ".join(str(getattr(row, column.key)) for column in AccessToken.__table__.columns)
            for row in rows
        ]
    assert len(rows) == 2
    assert {row.token_hash for row in rows} == {token_hash(registered), token_hash(logged_in)}
    assert {row.label for row in rows} == {"register", "login"}
    for token in (registered, logged_in):
        secret = token.removeprefix("souq_")
        assert not any(secret in text or secret[:16] in text for text in stored)


async def test_passwords_are_hashed_with_argon2id(
    api: Api, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passwords, "_hasher", PRODUCTION_HASHER)
    await register(api, "ana", "a password of mine")
    await register(api, "bruno", "a password of mine")
    async with services.db.session() as session:
        result = await session.execute(
            select(User.username, User.password_hash).where(User.username != "appdev")
        )
        hashes = {username: hashed for username, hashed in result}
    assert set(hashes) == {"ana", "bruno"}
    for stored in hashes.values():
        assert stored.startswith("$argon2id$")
        assert "a password of mine" not in stored
    assert hashes["ana"] != hashes["bruno"], "each hash has its own salt"
    assert PasswordHasher().verify(hashes["ana"], "a password of mine")
    assert not PasswordHasher().check_needs_rehash(hashes["ana"]), "argon2-cffi's default cost"
