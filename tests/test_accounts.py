"""Accounts over the API: registration, sign-in, tokens, sign-out, throttling, storage."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from argon2 import PasswordHasher
from live_server import PASSWORD, Api
from souq.db.models import AccessToken, User
from souq.demo import DEMO_PASSWORD
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


# -- password policy ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("ana", "password", "most common passwords"),
        ("ana", "12345678", "most common passwords"),
        ("ana", "Qwerty123", "most common passwords"),
        ("ana", " PASSWORD ", "most common passwords"),
        ("ana", " " * 8, "only spaces"),
        ("ana", "\t \n \t \n ", "only spaces"),
        ("ana_costa", "ana_costa", "not be the username"),
        ("ana_costa", "ANA_COSTA ", "not be the username"),
    ],
    ids=["password", "digits", "capitalised", "padded", "spaces", "whitespace", "name", "NAME"],
)
async def test_weak_passwords_are_refused(
    api: Api, services: Services, username: str, password: str, message: str
) -> None:
    body = await register(api, username, password)
    assert code_of(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "password"
    assert message in body["errors"][0]["message"]
    assert await user_count(services) == 0


@pytest.mark.parametrize("password", [PASSWORD, DEMO_PASSWORD], ids=["tests", "demo"])
async def test_the_passwords_of_the_tests_and_the_demo_meet_the_policy(
    api: Api, password: str
) -> None:
    assert "errors" not in await register(api, "ana", password)


# -- throttling -----------------------------------------------------------------------------
# Counted before the hash: the hasher below counts how many attempts reach it.


class CountingHasher(PasswordHasher):
    """A cheap argon2id hasher that counts the hashes it computes and checks."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.hashed = 0
        self.verified = 0

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.hashed += 1
        return super().hash(password, salt=salt)

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(cheap_password_hashing: None, monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(passwords, "_hasher", counting)
    return counting


def from_address(address: str) -> dict[str, str]:
    return {"x-forwarded-for": address}


async def login_from(api: Api, address: str, username: str, password: str = PASSWORD) -> str:
    """The error code of a sign-in from ``address`` (through a trusted proxy), or ``ok``."""
    variables = {"u": username, "p": password}
    body = (await api.post(LOGIN, variables, headers=from_address(address))).json()
    return code_of(body) if body.get("errors") else "ok"


PROXIED = {
    "forwarded_allow_ips": "127.0.0.1",
    "login_attempts_per_username_and_address": "100/minute",
    "login_attempts_per_username": "100/minute",
    "login_attempts_per_address": "100/minute",
}


@pytest.mark.parametrize(
    "settings_overrides",
    [
        PROXIED | {"login_attempts_per_username_and_address": "5/minute"},
        PROXIED | {"login_attempts_per_username": "5/minute"},
        PROXIED | {"login_attempts_per_address": "5/minute"},
    ],
    ids=["per-pair", "per-username", "per-address"],
)
async def test_parallel_guesses_never_exceed_the_limit(api: Api, hasher: CountingHasher) -> None:
    await register(api, "ana")
    hasher.verified = 0
    codes = await asyncio.gather(
        *(login_from(api, "10.0.0.1", "ana", f"wrong password {i}") for i in range(40))
    )
    assert sorted(codes) == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"] * 35
    assert hasher.verified == 5, "only the admitted attempts reach the hash"


@pytest.mark.parametrize(
    "settings_overrides",
    [PROXIED | {"login_attempts_per_username_and_address": "3/minute"}],
    ids=["3-per-pair"],
)
async def test_failed_logins_are_throttled_per_username_and_address(api: Api) -> None:
    await register(api, "ana")
    await register(api, "bruno")
    for _ in range(3):
        assert await login_from(api, "10.0.0.1", "ana", "wrong password") == "INVALID_CREDENTIALS"

    for attempt in ("wrong password", PASSWORD):  # now even the right password is refused
        variables = {"u": "ANA", "p": attempt}
        body = (await api.post(LOGIN, variables, headers=from_address("10.0.0.1"))).json()
        assert code_of(body) == "RATE_LIMITED"
        error = body["errors"][0]
        retry_after = error["extensions"]["retryAfter"]
        assert isinstance(retry_after, int) and 1 <= retry_after <= 60
        assert f"{retry_after} s" in error["message"]

    # another person at that address, and the same person elsewhere, are not affected
    assert await login_from(api, "10.0.0.1", "bruno") == "ok"
    assert await login_from(api, "10.0.0.2", "ana") == "ok"


@pytest.mark.parametrize(
    "settings_overrides",
    [PROXIED | {"login_attempts_per_username_and_address": "3/minute"}],
    ids=["3-per-pair"],
)
async def test_a_successful_login_clears_its_address_counter(api: Api) -> None:
    await register(api, "ana")
    for _ in range(2):
        assert await login_from(api, "10.0.0.1", "ana", "wrong password") == "INVALID_CREDENTIALS"
    assert await login_from(api, "10.0.0.1", "ana") == "ok"
    for _ in range(3):
        assert await login_from(api, "10.0.0.1", "ana", "wrong password") == "INVALID_CREDENTIALS"
    assert await login_from(api, "10.0.0.1", "ana") == "RATE_LIMITED"


@pytest.mark.parametrize(
    "settings_overrides",
    [PROXIED | {"login_attempts_per_username": "3/minute"}],
    ids=["3-per-username"],
)
async def test_strangers_cannot_lock_the_owner_out(api: Api) -> None:
    await register(api, "ana")
    assert await login_from(api, "10.0.0.1", "ana") == "ok"  # where ana signs in: 1 of 3

    # strangers spread their guesses over addresses and use up the username's limit
    for stranger in ("198.51.100.1", "198.51.100.2"):
        assert await login_from(api, stranger, "ana", "wrong password") == "INVALID_CREDENTIALS"
    assert await login_from(api, "198.51.100.3", "ana", "wrong password") == "RATE_LIMITED"
    assert await login_from(api, "198.51.100.5", "ana") == "RATE_LIMITED", "even when right"

    assert await login_from(api, "10.0.0.1", "ana") == "ok", "the owner still gets in"


@pytest.mark.parametrize(
    "settings_overrides",
    [PROXIED | {"login_attempts_per_address": "3/minute"}],
    ids=["3-per-address"],
)
async def test_logins_are_throttled_per_address(api: Api) -> None:
    await register(api, "ana")
    for name in ("nobody1", "nobody2", "ana"):  # spread over usernames, known or not
        assert await login_from(api, "10.0.0.1", name, "wrong password") == "INVALID_CREDENTIALS"

    body = await api.post(LOGIN, {"u": "ana", "p": PASSWORD}, headers=from_address("10.0.0.1"))
    assert code_of(body.json()) == "RATE_LIMITED"
    assert 1 <= body.json()["errors"][0]["extensions"]["retryAfter"] <= 60
    assert await login_from(api, "10.0.0.1", "fresh_name", "whatever1") == "RATE_LIMITED"
    assert await login_from(api, "10.0.0.2", "ana") == "ok", "another address is not affected"


@pytest.mark.parametrize(
    "settings_overrides",
    [{"login_attempts_per_username_and_address": "3/minute"}],
    ids=["3-per-pair"],
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


async def register_from(api: Api, address: str, username: str) -> str:
    variables = {"u": username, "p": PASSWORD, "d": None}
    body = (await api.post(REGISTER, variables, headers=from_address(address))).json()
    return code_of(body) if body.get("errors") else "ok"


@pytest.mark.parametrize(
    "settings_overrides",
    [{"forwarded_allow_ips": "127.0.0.1", "registrations_per_address": "3/minute"}],
    ids=["3-per-address"],
)
async def test_registrations_are_throttled_per_address(
    api: Api, services: Services, hasher: CountingHasher
) -> None:
    assert await register_from(api, "10.0.0.1", "ana") == "ok"
    assert await register_from(api, "10.0.0.1", "ana") == "CONFLICT", "probing counts too"
    assert await register_from(api, "10.0.0.1", "bruno") == "ok"
    assert hasher.hashed == 2, "a taken username is refused before any hashing"

    body = (
        await api.post(REGISTER, {"u": "carla", "p": PASSWORD}, headers=from_address("10.0.0.1"))
    ).json()
    assert code_of(body) == "RATE_LIMITED"
    assert 1 <= body["errors"][0]["extensions"]["retryAfter"] <= 60
    assert await register_from(api, "10.0.0.1", "ana") == "RATE_LIMITED", "no more probing"
    assert hasher.hashed == 2
    assert await user_count(services) == 2

    assert await register_from(api, "10.0.0.2", "carla") == "ok", "another address is not affected"


@pytest.mark.parametrize(
    "settings_overrides",
    [{"login_attempts_per_address": "2/minute", "registrations_per_address": "100/minute"}],
    ids=["2-per-address"],
)
async def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(api: Api) -> None:
    await register(api, "ana")
    assert await login_from(api, "10.0.0.1", "ana", "wrong password") == "INVALID_CREDENTIALS"
    assert await login_from(api, "10.0.0.2", "ana", "wrong password") == "INVALID_CREDENTIALS"
    assert await login_from(api, "10.0.0.3", "ana") == "RATE_LIMITED", "all from 127.0.0.1"


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
