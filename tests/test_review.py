"""App review over GraphQL: submit, diff, approve, serve, suspend, audit, and who may do what.

Apps here are installed unapproved (``install(app, approved=False)``) and go through the
whole review path as a developer and an admin would, over real HTTP. A new version of an
app's code is installed by replacing the loaded app, as a deploy would.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SETUP, Install
from live_server import Api
from souq.cli.demo import demo_notes
from souq.db.models import AppVersion, AuditEntry, RegisteredApp
from souq.demo import BUNDLED, bundled, seed
from souq.runtime import Services
from souq.services.accounts import Role
from souq.settings import Settings
from souq_sdk import App, Button, Card, Context, Text
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

_ids = itertools.count(1)

SEND = """mutation($c: ID!, $b: String!, $k: String!) {
  sendMessage(conversationId: $c, body: $b, clientMessageId: $k) { id seq }
}"""
HISTORY = """query($id: ID!) { conversation(id: $id) { messages(last: 100) { nodes {
  id seq body app { slug } content { ... on Card { buttons { id label } } } } } } }"""
PRESS = """mutation($m: ID!, $b: String!, $k: String!) {
  pressButton(messageId: $m, buttonId: $b, clientId: $k) { id body app { slug } } }"""
APPS = "{ apps { slug version commands { name } } }"
SUGGEST = """query($c: ID!, $p: String!) {
  commandSuggestions(conversationId: $c, prefix: $p) { command { name } } }"""

VERSION = """slug version status manifestHash scopes submittedBy decidedBy reason
  commands { name usage }
  diff { against commandsAdded { name after } commandsRemoved { name before }
         commandsChanged { name before after changes }
         actionsAdded actionsRemoved actionsChanged scopesAdded scopesRemoved }"""
APP = f"""slug owner approvedVersion suspension {{ reason by since }}
  versions {{ {VERSION} }}"""
REGISTER = f"mutation($s: String!) {{ registerApp(slug: $s) {{ {APP} }} }}"
SUBMIT = f"""mutation($s: String!, $m: JSON!) {{
  submitAppVersion(slug: $s, manifest: $m) {{ {VERSION} }} }}"""
APPROVE = f"""mutation($s: String!, $v: String!, $r: String) {{
  approveAppVersion(slug: $s, version: $v, reason: $r) {{ {VERSION} }} }}"""
REJECT = f"""mutation($s: String!, $v: String!, $r: String!) {{
  rejectAppVersion(slug: $s, version: $v, reason: $r) {{ {VERSION} }} }}"""
SUSPEND = f"mutation($s: String!, $r: String!) {{ suspendApp(slug: $s, reason: $r) {{ {APP} }} }}"
UNSUSPEND = (
    f"mutation($s: String!, $r: String!) {{ unsuspendApp(slug: $s, reason: $r) {{ {APP} }} }}"
)
SET_ROLE = """mutation($u: String!, $r: Role!, $why: String!) {
  setRole(username: $u, role: $r, reason: $why) { username role } }"""
MY_APPS = f"{{ myApps {{ {APP} }} }}"
QUEUE = f"{{ reviewQueue {{ {VERSION} }} }}"
INSTALLED = "{ installedApps { slug installedVersion status approvedVersion } }"
AUDIT = """query($first: Int, $after: String, $action: AuditAction, $app: String, $actor: String) {
  auditLog(first: $first, after: $after, action: $action, app: $app, actor: $actor) {
    edges { cursor node { actor action app version subject reason detail } }
    pageInfo { hasNextPage endCursor } } }"""


def tix(version: str = "1.0.0", *, book: bool = False, calls: list[str] | None = None) -> App:
    """A cinema app: ``/tix list`` shows a card with a Hold button; version 2 adds
    ``/tix book`` and asks for payments."""
    seen = calls if calls is not None else []
    app = App(
        slug="tix",
        name="Tix",
        version=version,
        summary="Cinema tickets",
        scopes=("payments.request",) if book else (),
    )

    @app.command("list")
    def list_() -> Card:
        """List tonight's films."""
        seen.append("list")
        return Card(title="Tonight", buttons=(Button("Hold a seat", "hold", {"seat": "A1"}),))

    @app.action()
    def hold(context: Context, payload: dict[str, Any]) -> Text:
        seen.append("hold")
        return Text(f"held {payload['seat']}")

    if book:

        @app.command("book")
        def book_(film: str) -> Text:
            """Book a seat."""
            seen.append("book")
            return Text(f"booked {film}")

    return app


class People:
    """Tokens for a person, two developers and an admin."""

    def __init__(self, api: Api, services: Services) -> None:
        self.api = api
        self.services = services
        self.tokens: dict[str, str] = {}

    async def add(self, username: str, role: Role = Role.PERSON) -> str:
        token = await self.api.register(username)
        if role != Role.PERSON:
            await self.services.accounts.set_role(SETUP, username, role, reason="test setup")
        self.tokens[username] = token
        return token


@pytest.fixture
async def people(api: Api, services: Services) -> People:
    """ana (a person), devi (who owns tix), omar (another developer), root (an admin)."""
    crowd = People(api, services)
    await crowd.add("ana")
    await crowd.add("devi", Role.DEVELOPER)
    await crowd.add("omar", Role.DEVELOPER)
    await crowd.add("root", Role.ADMIN)
    return crowd


async def run(api: Api, token: str, conversation: str, line: str) -> dict[str, Any]:
    """Send a command and return the answer its sender sees next."""
    sent = (await api.ok(SEND, {"c": conversation, "b": line, "k": f"k{next(_ids)}"}, token))[
        "sendMessage"
    ]
    history = (await api.ok(HISTORY, {"id": conversation}, token))["conversation"]["messages"]
    return next(m for m in history["nodes"] if m["seq"] > sent["seq"])


async def press(api: Api, token: str, card: dict[str, Any]) -> dict[str, Any]:
    """Press the first button of ``card``; return the resulting message."""
    button = card["content"]["buttons"][0]["id"]
    variables = {"m": card["id"], "b": button, "k": f"p{next(_ids)}"}
    return (await api.ok(PRESS, variables, token))["pressButton"]


async def counts(services: Services) -> tuple[int, int, int, list[tuple[str, str]]]:
    """Rows in the registry and the audit log, and every version's status."""
    async with services.db.session() as session:
        apps = await session.scalar(select(func.count()).select_from(RegisteredApp))
        versions = await session.scalar(select(func.count()).select_from(AppVersion))
        entries = await session.scalar(select(func.count()).select_from(AuditEntry))
        statuses = (await session.execute(select(AppVersion.version, AppVersion.status))).all()
    return apps or 0, versions or 0, entries or 0, sorted(tuple(row) for row in statuses)


def manifest_of(app: App) -> dict[str, Any]:
    """The manifest as ``souq-sdk check`` prints it (JSON)."""
    return json.loads(json.dumps(app.manifest().to_dict()))


# -- the lifecycle ----------------------------------------------------------------------


async def test_full_lifecycle_submit_diff_approve_serve_then_a_second_version(
    api: Api, services: Services, install: Install, people: People
) -> None:
    ana, devi, root = people.tokens["ana"], people.tokens["devi"], people.tokens["root"]
    conversation = await api.direct(ana, "devi")
    v1 = tix()
    await install(v1, approved=False)

    answer = await run(api, ana, conversation, "/tix list")
    assert answer["app"]["slug"] == "souq"
    assert answer["body"] == "Tix is not available right now."
    assert "tix" not in {a["slug"] for a in (await api.ok(APPS, token=ana))["apps"]}

    registered = (await api.ok(REGISTER, {"s": "tix"}, devi))["registerApp"]
    assert (registered["owner"], registered["versions"]) == ("devi", [])
    again = (await api.ok(REGISTER, {"s": "tix"}, devi))["registerApp"]
    assert again == registered, "claiming your own slug again answers the same"
    taken = await api.error(REGISTER, {"s": "tix"}, root)
    assert taken["extensions"]["code"] == "SLUG_TAKEN", "but anyone else's is taken"
    raced = await asyncio.gather(*(api.ok(REGISTER, {"s": "tix-two"}, devi) for _ in range(3)))
    assert all(r == raced[0] for r in raced), "a retry racing the first claim answers the same"
    pending = (await api.ok(SUBMIT, {"s": "tix", "m": manifest_of(v1)}, devi))["submitAppVersion"]
    assert (pending["status"], pending["submittedBy"]) == ("PENDING", "devi")
    assert len(pending["manifestHash"]) == 64

    [queued] = (await api.ok(QUEUE, token=root))["reviewQueue"]
    assert (queued["slug"], queued["version"]) == ("tix", "1.0.0")
    assert queued["diff"]["against"] is None
    assert queued["diff"]["commandsAdded"] == [{"name": "list", "after": "/tix list"}]
    assert queued["diff"]["actionsAdded"] == ["hold"]
    installed = {a["slug"]: a for a in (await api.ok(INSTALLED, token=root))["installedApps"]}
    assert installed["tix"]["status"] == "AWAITING_REVIEW"
    assert (await run(api, ana, conversation, "/tix list"))[
        "body"
    ] == "Tix is not available right now."

    approved = await api.ok(APPROVE, {"s": "tix", "v": "1.0.0", "r": "fine"}, root)
    assert approved["approveAppVersion"]["status"] == "APPROVED"
    assert approved["approveAppVersion"]["decidedBy"] == "root"
    card = await run(api, ana, conversation, "/tix list")
    assert card["app"]["slug"] == "tix"
    assert (await press(api, ana, card))["body"] == "held A1"
    assert (await api.ok(QUEUE, token=root))["reviewQueue"] == []

    # The code moves ahead to 2.0.0 (a new command and a new scope) before review.
    services.apps.remove("tix")
    v2 = tix("2.0.0", book=True)
    await install(v2, approved=False)
    submitted = (await api.ok(SUBMIT, {"s": "tix", "m": manifest_of(v2)}, devi))["submitAppVersion"]
    assert submitted["diff"]["against"] == "1.0.0"
    assert submitted["diff"]["commandsAdded"] == [{"name": "book", "after": "/tix book <film>"}]
    assert submitted["diff"]["scopesAdded"] == ["payments.request"]
    assert submitted["diff"]["commandsRemoved"] == submitted["diff"]["commandsChanged"] == []
    installed = {a["slug"]: a for a in (await api.ok(INSTALLED, token=root))["installedApps"]}
    assert installed["tix"] == {
        "slug": "tix",
        "installedVersion": "2.0.0",
        "status": "AWAITING_REVIEW",
        "approvedVersion": "1.0.0",
    }

    # The new code is not what was approved: none of it runs, old commands included.
    for line in ("/tix list", "/tix book Dune"):
        refused = await run(api, ana, conversation, line)
        assert refused["app"]["slug"] == "souq"
        assert "booked" not in refused["body"]
    assert "tix" not in {a["slug"] for a in (await api.ok(APPS, token=ana))["apps"]}
    suggested = await api.ok(SUGGEST, {"c": conversation, "p": "/tix"}, ana)
    assert suggested["commandSuggestions"] == []

    await api.ok(APPROVE, {"s": "tix", "v": "2.0.0"}, root)
    assert (await run(api, ana, conversation, "/tix book Dune"))["body"] == "booked Dune"
    apps = {a["slug"]: a for a in (await api.ok(APPS, token=ana))["apps"]}
    assert apps["tix"]["version"] == "2.0.0"
    assert [c["name"] for c in apps["tix"]["commands"]] == ["list", "book"]

    mine = (await api.ok(MY_APPS, token=devi))["myApps"]
    assert [(v["version"], v["status"]) for v in mine[0]["versions"]] == [
        ("2.0.0", "APPROVED"),
        ("1.0.0", "APPROVED"),
    ]
    assert mine[0]["approvedVersion"] == "2.0.0"
    log = (await api.ok(AUDIT, {"app": "tix"}, root))["auditLog"]["edges"]
    assert [(e["node"]["action"], e["node"]["version"], e["node"]["actor"]) for e in log] == [
        ("VERSION_APPROVED", "2.0.0", "root"),
        ("VERSION_APPROVED", "1.0.0", "root"),
    ]


async def test_a_rejection_and_its_reason_reach_the_developer(
    api: Api, services: Services, install: Install, people: People
) -> None:
    devi, root = people.tokens["devi"], people.tokens["root"]
    app = tix()
    await install(app, approved=False)
    await api.ok(REGISTER, {"s": "tix"}, devi)
    await api.ok(SUBMIT, {"s": "tix", "m": manifest_of(app)}, devi)
    reason = "The Hold button holds seats forever: release them after 10 minutes."
    rejected = await api.ok(REJECT, {"s": "tix", "v": "1.0.0", "r": reason}, root)
    assert rejected["rejectAppVersion"]["status"] == "REJECTED"

    [mine] = (await api.ok(MY_APPS, token=devi))["myApps"]
    [version] = mine["versions"]
    assert (version["status"], version["reason"], version["decidedBy"]) == (
        "REJECTED",
        reason,
        "root",
    )
    assert mine["approvedVersion"] is None
    installed = {a["slug"]: a for a in (await api.ok(INSTALLED, token=root))["installedApps"]}
    assert installed["tix"]["status"] == "AWAITING_REVIEW"

    again = await api.error(SUBMIT, {"s": "tix", "m": manifest_of(app)}, devi)
    assert again["extensions"]["code"] == "VERSION_NOT_NEWER"
    fixed = manifest_of(app) | {"version": "1.0.1"}
    assert (await api.ok(SUBMIT, {"s": "tix", "m": fixed}, devi))["submitAppVersion"][
        "status"
    ] == "PENDING"
    [entry] = (await api.ok(AUDIT, {"action": "VERSION_REJECTED"}, root))["auditLog"]["edges"]
    assert (entry["node"]["app"], entry["node"]["reason"]) == ("tix", reason)


# -- suspension -------------------------------------------------------------------------


async def test_suspension_stops_the_next_command_and_press_and_unsuspension_restores_them(
    api: Api, services: Services, install: Install, people: People
) -> None:
    ana, root = people.tokens["ana"], people.tokens["root"]
    calls: list[str] = []
    await install(tix(calls=calls))
    conversation = await api.direct(ana, "devi")
    card = await run(api, ana, conversation, "/tix list")
    assert calls == ["list"]

    suspended = (await api.ok(SUSPEND, {"s": "tix", "r": "double charges"}, root))["suspendApp"]
    assert suspended["suspension"]["reason"] == "double charges"
    assert suspended["suspension"]["by"] == "root"
    assert (await run(api, ana, conversation, "/tix list"))[
        "body"
    ] == "Tix is not available right now."
    pressed = await press(api, ana, card)  # a card shown before the suspension
    assert (pressed["app"]["slug"], pressed["body"]) == ("souq", "Tix is not available right now.")
    assert calls == ["list"], "the suspended app was not called"
    assert "tix" not in {a["slug"] for a in (await api.ok(APPS, token=ana))["apps"]}
    installed = {a["slug"]: a for a in (await api.ok(INSTALLED, token=root))["installedApps"]}
    assert installed["tix"]["status"] == "SUSPENDED"

    again = await api.error(SUSPEND, {"s": "tix", "r": "again"}, root)
    assert again["extensions"]["code"] == "ALREADY_DECIDED"
    restored = (await api.ok(UNSUSPEND, {"s": "tix", "r": "refunds issued"}, root))["unsuspendApp"]
    assert restored["suspension"] is None
    assert (await press(api, ana, card))["body"] == "held A1"
    assert (await run(api, ana, conversation, "/tix list"))["app"]["slug"] == "tix"
    assert calls == ["list", "hold", "list"]
    log = (await api.ok(AUDIT, {"app": "tix"}, root))["auditLog"]["edges"]
    assert [(e["node"]["action"], e["node"]["reason"]) for e in log] == [
        ("APP_UNSUSPENDED", "refunds issued"),
        ("APP_SUSPENDED", "double charges"),
        ("VERSION_APPROVED", "test setup"),
    ]


async def test_installed_code_that_matches_no_approved_version_is_not_served(
    api: Api, services: Services, install: Install, people: People
) -> None:
    ana, root = people.tokens["ana"], people.tokens["root"]
    conversation = await api.direct(ana, "devi")
    await install(tix())  # 1.0.0 approved
    services.apps.remove("tix")
    await install(tix(book=True), approved=False)  # changed code, same version number
    installed = {a["slug"]: a for a in (await api.ok(INSTALLED, token=root))["installedApps"]}
    assert installed["tix"]["status"] == "AWAITING_REVIEW"
    assert (await run(api, ana, conversation, "/tix list"))[
        "body"
    ] == "Tix is not available right now."
    assert (await run(api, ana, conversation, "/tix"))["body"] == "Tix is not available right now."


# -- bad input changes nothing ----------------------------------------------------------


async def test_bad_submissions_and_decisions_get_stable_codes_and_change_nothing(
    api: Api, services: Services, install: Install, people: People
) -> None:
    devi, omar, root = people.tokens["devi"], people.tokens["omar"], people.tokens["root"]
    app = tix()
    await install(app, approved=False)
    await api.ok(REGISTER, {"s": "tix"}, devi)
    await api.ok(SUBMIT, {"s": "tix", "m": manifest_of(app)}, devi)
    await api.ok(APPROVE, {"s": "tix", "v": "1.0.0"}, root)
    before = await counts(services)
    good = manifest_of(app) | {"version": "1.1.0"}
    cases: list[tuple[str, str, dict[str, Any], str, str]] = [
        (
            devi,
            SUBMIT,
            {"s": "tix", "m": {"slug": "tix", "version": "one"}},
            "INVALID_MANIFEST",
            "version",
        ),
        (devi, SUBMIT, {"s": "tix", "m": "not an object"}, "INVALID_MANIFEST", "not valid"),
        (
            devi,
            SUBMIT,
            {"s": "tix", "m": manifest_of(app)},
            "VERSION_NOT_NEWER",
            "not newer than 1.0.0",
        ),
        (
            devi,
            SUBMIT,
            {"s": "tix", "m": good | {"version": "0.9.0"}},
            "VERSION_NOT_NEWER",
            "0.9.0",
        ),
        (
            devi,
            SUBMIT,
            {"s": "tix", "m": good | {"slug": "other"}},
            "BAD_USER_INPUT",
            "for 'other'",
        ),
        (devi, SUBMIT, {"s": "nope", "m": good | {"slug": "nope"}}, "NOT_FOUND", "nope"),
        (omar, SUBMIT, {"s": "tix", "m": good}, "FORBIDDEN", "another developer"),
        (omar, REGISTER, {"s": "tix"}, "SLUG_TAKEN", "taken"),
        (devi, REGISTER, {"s": "Bad Slug"}, "BAD_USER_INPUT", "slug"),
        (devi, REGISTER, {"s": "help"}, "BAD_USER_INPUT", "slug"),
        (devi, REGISTER, {"s": "x" * 40}, "BAD_USER_INPUT", "slug"),
        (root, APPROVE, {"s": "tix", "v": "1.0.0"}, "ALREADY_DECIDED", "already approved"),
        (
            root,
            REJECT,
            {"s": "tix", "v": "1.0.0", "r": "late"},
            "ALREADY_DECIDED",
            "already approved",
        ),
        (root, APPROVE, {"s": "tix", "v": "9.9.9"}, "NOT_FOUND", "no version"),
        (root, APPROVE, {"s": "ghost", "v": "1.0.0"}, "NOT_FOUND", "ghost"),
        (root, UNSUSPEND, {"s": "tix", "r": "why not"}, "ALREADY_DECIDED", "not suspended"),
        (root, SUSPEND, {"s": "tix", "r": "  "}, "BAD_USER_INPUT", "reason"),
        (root, SUSPEND, {"s": "tix", "r": "x" * 501}, "BAD_USER_INPUT", "reason"),
        (root, SET_ROLE, {"u": "ana", "r": "PERSON", "why": "x"}, "ALREADY_DECIDED", "already"),
        (root, SET_ROLE, {"u": "ghost", "r": "ADMIN", "why": "x"}, "NOT_FOUND", "ghost"),
    ]
    for token, query, variables, code, words in cases:
        error = await api.error(query, variables, token)
        assert error["extensions"]["code"] == code, (variables, error)
        assert words in error["message"], (variables, error)
        assert await counts(services) == before, f"{variables} changed something"
    invalid = await api.error(SUBMIT, {"s": "tix", "m": {"slug": "tix", "version": "one"}}, devi)
    assert any("version" in p for p in invalid["extensions"]["problems"])
    # The reject's reason is required, and checked before anything else.
    pending = good
    await api.ok(SUBMIT, {"s": "tix", "m": pending}, devi)
    blank = await api.error(REJECT, {"s": "tix", "v": "1.1.0", "r": ""}, root)
    assert blank["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_database_refuses_to_change_or_delete_audit_entries(
    api: Api, services: Services, install: Install
) -> None:
    await install(tix())  # approved: the entries of the approvals of the bundled apps and tix
    for statement in (update(AuditEntry).values(reason="rewritten"), text("DELETE FROM audit_log")):
        with pytest.raises(DBAPIError, match="append-only"):
            async with services.db.session() as session:
                await session.execute(statement)
                await session.commit()
    async with services.db.session() as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    assert sorted((e.app_slug, e.reason) for e in entries) == sorted(
        [(slug, "test setup") for slug in BUNDLED] + [("tix", "test setup")]
    )


# -- the audit log ----------------------------------------------------------------------


async def test_the_audit_log_pages_and_filters_every_decision(
    api: Api, services: Services, install: Install, people: People
) -> None:
    root, devi = people.tokens["root"], people.tokens["devi"]
    app = tix()
    await install(app, approved=False)
    await api.ok(REGISTER, {"s": "tix"}, devi)
    await api.ok(SUBMIT, {"s": "tix", "m": manifest_of(app)}, devi)
    await api.ok(APPROVE, {"s": "tix", "v": "1.0.0", "r": "ok"}, root)
    await api.ok(SUSPEND, {"s": "tix", "r": "one"}, root)
    await api.ok(UNSUSPEND, {"s": "tix", "r": "two"}, root)
    await api.ok(SET_ROLE, {"u": "ana", "r": "DEVELOPER", "why": "joins the team"}, root)

    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await api.ok(AUDIT, {"first": 2, "after": after, "actor": "root"}, root))[
            "auditLog"
        ]
        assert len(page["edges"]) <= 2
        seen += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert [(e["action"], e["app"] or e["subject"], e["reason"]) for e in seen] == [
        ("ROLE_CHANGED", "ana", "joins the team"),
        ("APP_UNSUSPENDED", "tix", "two"),
        ("APP_SUSPENDED", "tix", "one"),
        ("VERSION_APPROVED", "tix", "ok"),
    ]
    assert seen[0]["detail"] == {"from": "person", "to": "developer"}
    roles = (await api.ok(AUDIT, {"action": "ROLE_CHANGED"}, root))["auditLog"]["edges"]
    assert {e["node"]["actor"] for e in roles} == {"root", "test setup"}
    assert (await api.ok(AUDIT, {"app": "nothing"}, root))["auditLog"]["edges"] == []
    bad = await api.error(AUDIT, {"after": "not-a-cursor"}, root)
    assert bad["extensions"]["code"] == "BAD_USER_INPUT"


# -- the developer's usage figures ------------------------------------------------------


async def test_my_apps_shows_usage_per_day_from_the_call_records(
    api: Api, services: Services, install: Install
) -> None:
    shaky = App(slug="shaky", name="Shaky", version="1.0.0", summary="Sometimes fails")

    @shaky.command()
    def ok() -> Text:
        """Works."""
        return Text("fine")

    @shaky.command()
    def fail() -> Text:
        """Fails."""
        raise RuntimeError("boom")

    await install(shaky)  # owned by appdev
    ana, bruno = await api.register("ana"), await api.register("bruno")
    conversation = await api.direct(ana, "bruno")
    for token, line in ((ana, "/shaky ok"), (ana, "/shaky ok"), (bruno, "/shaky fail")):
        await run(api, token, conversation, line)
    developer = await services.accounts.by_username("appdev")
    token = await services.accounts.issue_token(developer.id, label="test")
    query = (
        "{ myApps { slug usage(days: 7) { day invocations people errors timeouts p95LatencyMs } } }"
    )
    [app] = [a for a in (await api.ok(query, token=token))["myApps"] if a["slug"] == "shaky"]
    [today] = app["usage"]
    assert (today["invocations"], today["people"], today["errors"], today["timeouts"]) == (
        3,
        2,
        1,
        0,
    )
    assert today["p95LatencyMs"] > 0
    for days in (0, 91):
        error = await api.error(
            "query($d: Int!) { myApps { usage(days: $d) { day } } }", {"d": days}, token
        )
        assert error["extensions"]["code"] == "BAD_USER_INPUT"


# -- who may do what --------------------------------------------------------------------

ROLES = ("anonymous", "ana", "omar", "devi", "root")
"""Nobody signed in, a person, another developer, the owner of tix, an admin."""

U, F, N = "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"
OK = "ok"

MATRIX: list[tuple[str, str, dict[str, Any], tuple[str, ...]]] = [
    # name, document, variables, outcome for each of ROLES
    ("myApps", "{ myApps { slug } }", {}, (U, F, OK, OK, OK)),
    (
        "registeredApp",
        "query($s: String!) { registeredApp(slug: $s) { slug } }",
        {"s": "tix"},
        (U, N, N, OK, OK),
    ),
    (
        "registeredApp.usage",
        "query($s: String!) { registeredApp(slug: $s) { usage { day } } }",
        {"s": "tix"},
        (U, N, N, OK, OK),
    ),
    ("registeredApps", "{ registeredApps { slug } }", {}, (U, F, F, F, OK)),
    ("reviewQueue", "{ reviewQueue { slug } }", {}, (U, F, F, F, OK)),
    ("installedApps", "{ installedApps { slug } }", {}, (U, F, F, F, OK)),
    ("auditLog", "{ auditLog { edges { cursor } } }", {}, (U, F, F, F, OK)),
    ("submitAppVersion", SUBMIT, {"s": "tix", "m": "MANIFEST"}, (U, F, F, OK, F)),
    ("approveAppVersion", APPROVE, {"s": "tix", "v": "1.0.0"}, (U, F, F, F, OK)),
    ("rejectAppVersion", REJECT, {"s": "tix", "v": "1.0.1", "r": "no"}, (U, F, F, F, OK)),
    ("suspendApp", SUSPEND, {"s": "tix", "r": "r"}, (U, F, F, F, OK)),
    ("unsuspendApp", UNSUSPEND, {"s": "tix", "r": "r"}, (U, F, F, F, OK)),
    ("setRole", SET_ROLE, {"u": "ana", "r": "DEVELOPER", "why": "w"}, (U, F, F, F, OK)),
]


async def test_authorization_matrix_over_every_review_field(
    api: Api, services: Services, install: Install, people: People
) -> None:
    app = tix()
    await install(app, approved=False)
    devi = people.tokens["devi"]
    await api.ok(REGISTER, {"s": "tix"}, devi)
    await api.ok(SUBMIT, {"s": "tix", "m": manifest_of(app)}, devi)

    # registerApp: any developer (or admin) may claim a free slug; a person may not.
    register = {
        role: await api.gql(REGISTER, {"s": f"app-{role}"}, people.tokens.get(role))
        for role in ROLES
    }
    codes = {
        role: body["errors"][0]["extensions"]["code"] if body.get("errors") else OK
        for role, body in register.items()
    }
    assert codes == {"anonymous": U, "ana": F, "omar": OK, "devi": OK, "root": OK}
    # A developer sees only their own apps.
    mine = (await api.ok("{ myApps { slug } }", token=people.tokens["omar"]))["myApps"]
    assert [a["slug"] for a in mine] == ["app-omar"]

    results: dict[str, tuple[str, ...]] = {}
    for name, document, variables, _expected in MATRIX:
        outcomes = []
        for role in ROLES:
            given = dict(variables)
            if given.get("m") == "MANIFEST":
                given["m"] = manifest_of(app) | {"version": "1.0.1"}
            body = await api.gql(document, given, people.tokens.get(role))
            outcomes.append(body["errors"][0]["extensions"]["code"] if body.get("errors") else OK)
        results[name] = tuple(outcomes)
    assert results == {name: expected for name, _, _, expected in MATRIX}


# -- the demo ---------------------------------------------------------------------------


@pytest.mark.unreviewed
async def test_the_demo_seed_approves_the_bundled_apps_and_fills_wallets(
    api: Api, services: Services, install: Install
) -> None:
    ana = await api.register("ana")
    assert (await api.ok(APPS, token=ana))["apps"] == [], "nothing is approved on a new server"
    await install(tix(), approved=False)  # installed, but not bundled with souq
    await seed(services)
    seeded = await seed(services)  # again: nothing decided twice
    served = {a["slug"] for a in (await api.ok(APPS, token=ana))["apps"]}
    assert set(BUNDLED) <= served and "tix" not in served
    assert set(seeded.tries) == set(BUNDLED)
    mine = [s for s in seeded.not_approved if s.installed.slug == "tix"]
    assert [s.status.value for s in mine] == ["unregistered"]
    assert not any(bundled(s.installed) for s in seeded.not_approved)
    notes = demo_notes(services.settings, mine)
    assert notes[1].startswith("Not approved: /tix (test) is not bundled with souq, so the demo")
    assert "souq apps approve SLUG VERSION" in notes[2]
    async with services.db.session() as session:
        entries = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    approvals = sorted((e.actor, e.action, e.app_slug) for e in entries if e.app_slug)
    assert approvals == [("demo seed", "version_approved", slug) for slug in sorted(BUNDLED)]
    top_ups = sorted((e.actor, e.subject, e.detail) for e in entries if e.action == "top_up")
    assert top_ups == [
        ("demo seed", name, {"amount": 10000, "currency": "EUR"})
        for name in ("admin", "ana", "bruno", "carla", "devi")
    ]
    wallet = (await api.ok("{ wallet { balances { amount currency } } }", token=ana))["wallet"]
    assert wallet["balances"] == [{"amount": 10000, "currency": "EUR"}]  # once, though seeded twice
    roles = {(e.actor, e.subject) for e in entries if e.action == "role_changed"}
    assert roles == {("demo seed", "devi"), ("demo seed", "admin")}
    owner = await services.review.app(SETUP, "food")
    assert owner.owner == "devi"


def test_the_demo_banner_names_the_database_it_seeds_without_its_password(
    tmp_path: Path,
) -> None:
    postgres = Settings(
        env="dev",
        data_dir=tmp_path,
        database_url="postgresql+asyncpg://souq:s3cret@db.example/souq",
    )
    assert demo_notes(postgres, []) == ["Database: postgresql+asyncpg://souq:***@db.example/souq"]
    sqlite = Settings(data_dir=tmp_path)
    assert demo_notes(sqlite, []) == [f"Database: sqlite+aiosqlite:///{tmp_path / 'souq.db'}"]
