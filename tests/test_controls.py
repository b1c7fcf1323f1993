"""A person's settings for the apps they used, over the real GraphQL API: the apps listed
once used, grants with dates and history, only approved scopes grantable, mute, block,
forget-me, and phone numbers. Each person sees and changes only their own."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Install
from live_server import Api
from souq.apps import invocations
from souq_sdk import App, Context, Text

SETTINGS = """query { myAppSettings {
  app name muted blocked firstUsedAt lastCommandAt
  grants { scope { name description } grantedAt via }
  canAskFor { name }
} }"""

HISTORY = """query($app: String) { grantHistory(app: $app) { app scope { name } action via } }"""

GRANT = """mutation($a: String!, $s: String!) { grantScope(app: $a, scope: $s) {
  app grants { scope { name } via } } }"""
REVOKE = """mutation($a: String!, $s: String!) { revokeGrant(app: $a, scope: $s) {
  app grants { scope { name } } } }"""


def profile_app(
    slug: str = "prof", scopes: tuple[str, ...] = ("profile.name", "messages.notify")
) -> App:
    """An app asking for some scopes; ``/SLUG who`` tells the id it sees."""
    app = App(slug=slug, name=slug.title(), version="1.0.0", summary="Knows you", scopes=scopes)

    @app.command()
    def who(context: Context) -> Text:
        """Say who the app thinks you are."""
        return Text(context.person_id)

    return app


async def use(api: Api, token: str, line: str) -> None:
    """Run a command in the person's own group (any conversation will do)."""
    group = await api.group(token, "Mine", [])
    await api.send(token, group, line, f"c-{line}-{id(line)}")


async def settings_of(api: Api, token: str) -> list[dict[str, Any]]:
    return (await api.ok(SETTINGS, token=token))["myAppSettings"]


@pytest.fixture
async def prof(install: Install) -> None:
    await install(profile_app())


async def test_an_app_is_listed_once_used_with_what_it_can_ask_for(api: Api, prof: None) -> None:
    ana = await api.register("ana")
    assert await settings_of(api, ana) == []
    await use(api, ana, "/prof who")
    [entry] = await settings_of(api, ana)
    assert entry["app"] == "prof" and entry["name"] == "Prof"
    assert (entry["muted"], entry["blocked"], entry["grants"]) == (False, False, [])
    assert entry["lastCommandAt"] is not None
    assert [s["name"] for s in entry["canAskFor"]] == ["profile.name", "messages.notify"]
    bruno = await api.register("bruno")
    assert await settings_of(api, bruno) == []


async def test_each_command_moves_last_command_at_and_keeps_first_used_at(
    api: Api, prof: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The use recorded before every call is one upsert: the first command creates the
    relation, later ones move only ``lastCommandAt``, and the app's id stays the same."""
    moments = iter(datetime(2026, 12, 1, 9, minute, tzinfo=UTC) for minute in range(60))
    monkeypatch.setattr(invocations, "utcnow", lambda: next(moments))
    ana = await api.register("ana")
    group = await api.group(ana, "Mine", [])
    await api.send(ana, group, "/prof who", "first")
    [first] = await settings_of(api, ana)
    await api.send(ana, group, "/prof who", "second")
    [second] = await settings_of(api, ana)
    assert first["firstUsedAt"] == second["firstUsedAt"] == "2026-12-01T09:00:00+00:00"
    assert (first["lastCommandAt"], second["lastCommandAt"]) == (
        "2026-12-01T09:00:00+00:00",
        "2026-12-01T09:01:00+00:00",
    )


async def test_grant_and_revoke_with_history(api: Api, prof: None) -> None:
    ana = await api.register("ana")
    await use(api, ana, "/prof who")
    granted = (await api.ok(GRANT, {"a": "prof", "s": "profile.name"}, ana))["grantScope"]
    assert granted["grants"] == [{"scope": {"name": "profile.name"}, "via": "SETTINGS"}]
    again = (await api.ok(GRANT, {"a": "prof", "s": "profile.name"}, ana))["grantScope"]
    assert again == granted  # granting twice changes nothing and logs nothing
    revoked = (await api.ok(REVOKE, {"a": "prof", "s": "profile.name"}, ana))["revokeGrant"]
    assert revoked["grants"] == []
    await api.ok(REVOKE, {"a": "prof", "s": "profile.name"}, ana)  # not granted: no entry
    history = (await api.ok(HISTORY, {"app": "prof"}, ana))["grantHistory"]
    assert [(h["action"], h["via"], h["scope"]["name"]) for h in history] == [
        ("REVOKED", "SETTINGS", "profile.name"),
        ("GRANTED", "SETTINGS", "profile.name"),
    ]
    [entry] = await settings_of(api, ana)
    assert entry["grants"] == []


async def test_only_scopes_the_approved_version_asks_for_can_be_granted(
    api: Api, prof: None
) -> None:
    ana = await api.register("ana")
    await use(api, ana, "/prof who")
    error = await api.error(GRANT, {"a": "prof", "s": "profile.phone"}, ana)
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "does not ask for 'profile.phone'" in error["message"]
    unknown = await api.error(GRANT, {"a": "prof", "s": "everything"}, ana)
    assert unknown["extensions"]["code"] == "BAD_USER_INPUT"
    assert "unknown scope" in unknown["message"]


async def test_an_app_you_never_used_is_not_found(api: Api, prof: None) -> None:
    ana, bruno = await api.register("ana"), await api.register("bruno")
    await use(api, ana, "/prof who")
    for query, variables in (
        (GRANT, {"a": "prof", "s": "profile.name"}),
        (REVOKE, {"a": "prof", "s": "profile.name"}),
        ('mutation { muteApp(app: "prof") { muted } }', None),
        ('mutation { blockApp(app: "prof") { blocked } }', None),
        ('mutation { forgetMe(app: "prof") { app } }', None),
    ):
        error = await api.error(query, variables, bruno)
        assert error["extensions"]["code"] == "NOT_FOUND", query
    anonymous = await api.error(SETTINGS)
    assert anonymous["extensions"]["code"] == "UNAUTHENTICATED"


async def test_mute_and_block_are_the_persons_and_undo(api: Api, prof: None) -> None:
    ana = await api.register("ana")
    await use(api, ana, "/prof who")
    muted = await api.ok('mutation { muteApp(app: "prof") { muted blocked } }', token=ana)
    assert muted["muteApp"] == {"muted": True, "blocked": False}
    blocked = await api.ok('mutation { blockApp(app: "prof") { muted blocked } }', token=ana)
    assert blocked["blockApp"] == {"muted": True, "blocked": True}
    undone = await api.ok(
        'mutation { a: muteApp(app: "prof", muted: false) { muted }'
        ' b: blockApp(app: "prof", blocked: false) { blocked } }',
        token=ana,
    )
    assert undone == {"a": {"muted": False}, "b": {"blocked": False}}


async def test_forget_me_revokes_grants_and_is_kept_in_history(api: Api, prof: None) -> None:
    ana = await api.register("ana")
    await use(api, ana, "/prof who")
    await api.ok(GRANT, {"a": "prof", "s": "profile.name"}, ana)
    forgotten = await api.ok(
        'mutation { forgetMe(app: "prof") { grants { via } lastCommandAt } }', token=ana
    )
    assert forgotten["forgetMe"] == {"grants": [], "lastCommandAt": None}
    history = (await api.ok(HISTORY, {"app": None}, ana))["grantHistory"]
    assert [(h["action"], h["via"]) for h in history] == [
        ("REVOKED", "FORGET_ME"),
        ("GRANTED", "SETTINGS"),
    ]


_ids = itertools.count()

PHONE = "mutation($p: String) { setPhone(phone: $p) { phone } }"


async def test_phone_numbers_are_validated_and_kept_in_e164(api: Api) -> None:
    ana = await api.register("ana")
    assert (await api.ok(PHONE, {"p": "+31 6 1234 5678"}, ana))["setPhone"] == {
        "phone": "+31612345678"
    }
    assert (await api.ok("query { me { phone } }", token=ana))["me"]["phone"] == "+31612345678"
    for bad in ("0612345678", "+31 6 12", "+999 123", "+31 6 1234 5678 ext" + "9" * 40, "+1 abc"):
        error = await api.error(PHONE, {"p": bad}, ana)
        assert error["extensions"]["code"] == "BAD_USER_INPUT", bad
    assert (await api.ok(PHONE, {"p": None}, ana))["setPhone"] == {"phone": None}
    assert (await api.ok(PHONE, {"p": "   "}, ana))["setPhone"] == {"phone": None}


async def test_forget_me_gives_the_app_a_new_id_and_drops_what_it_kept(
    api: Api, install: Install
) -> None:
    app = profile_app()

    @app.command()
    def count(context: Context) -> Text:
        """Count your visits."""
        visits = context.person_state.get("visits", 0) + 1
        context.person_state.set("visits", visits)
        return Text(str(visits))

    await install(app)
    ana = await api.register("ana")
    group = await api.group(ana, "Mine", [])

    async def run(line: str) -> str:
        sent = await api.send(ana, group, line, f"{line}-{next(_ids)}")
        history = await api.ok(
            "query($id: ID!) { conversation(id: $id) { messages(last: 3) { nodes { seq body } } } }",
            {"id": group},
            ana,
        )
        nodes = history["conversation"]["messages"]["nodes"]
        return next(m["body"] for m in nodes if m["seq"] > sent["seq"])

    before = await run("/prof who")
    assert [await run("/prof count") for _ in range(2)] == ["1", "2"]
    assert await run("/prof who") == before  # stable until forgotten
    await api.ok('mutation { forgetMe(app: "prof") { app } }', token=ana)
    after = await run("/prof who")
    assert after != before and after.startswith("p_")
    assert await run("/prof count") == "1"  # what it kept about ana is gone
