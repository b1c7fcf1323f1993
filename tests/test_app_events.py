"""Apps messaging people outside a command, on the host and in the harness side by side:
signed events over real HTTP (good, bad, stale and rotated signatures), scheduled jobs run
once per due time by two processes on one database, on a controlled clock."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from airline_app import airline
from clock import Clock
from conftest import SETUP, Install
from live_server import Api
from souq.cli import app as cli
from souq.db.models import AppCall, AppDay, Payment
from souq.runtime import Services, build_services
from souq.services.accounts import Role
from souq.services.audit import Actor
from souq.settings import Settings
from souq_sdk import App, Context, PaymentEvent, PaymentOutcome, PaymentRequest, Text
from souq_sdk.notices import Notifier
from souq_sdk.signing import signature
from souq_sdk.testing import AppHarness
from sqlalchemy import select
from typer.testing import CliRunner, Result

DAY_AND_AN_HOUR = timedelta(hours=25)
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])  # logic, not storage


@pytest.fixture
async def app(install: Install) -> App:
    plugin = airline()
    await install(plugin)
    return plugin


async def signed(
    api: Api,
    secret: str,
    event: str,
    data: object,
    *,
    slug: str = "airline",
    at: float | None = None,
) -> httpx.Response:
    """POST ``data`` to the app's event endpoint, signed with ``secret`` at ``at``."""
    body = json.dumps(data).encode()
    header = signature(secret, body, time.time() if at is None else at)
    return await api.http.post(
        f"/apps/{slug}/events/{event}",
        content=body,
        headers={"Souq-Signature": header, "Content-Type": "application/json"},
    )


async def alias(api: Api, token: str) -> str:
    """Use the airline once; return its id for the person."""
    group = await api.group(token, "Mine", [])
    await api.send(token, group, "/airline who", f"who-{token[-6:]}")
    history = await api.ok(
        "query($id: ID!) { conversation(id: $id) { messages(last: 1) { nodes { body } } } }",
        {"id": group},
        token,
    )
    return history["conversation"]["messages"]["nodes"][0]["body"]


async def test_a_signed_event_notifies_who_allowed_it_and_refuses_the_others_as_the_harness_does(
    api: Api, services: Services, app: App
) -> None:
    # On the host: ana and bruno used the app a day ago; ana allowed service messages.
    ana, bruno = await api.register("ana"), await api.register("bruno")
    ids = {"ana": await alias(api, ana), "bruno": await alias(api, bruno), "carla": "nobody"}
    await api.ok(
        'mutation { grantScope(app: "airline", scope: "messages.notify") { app } }', token=ana
    )
    services.notices.clock = Clock(datetime.now(UTC) + DAY_AND_AN_HOUR)
    secret = await services.event_secrets.current("airline")
    assert secret is not None
    people = [ids["ana"], ids["bruno"], ids["carla"]]
    answer = await signed(api, secret, "delayed", {"flight": "KL1234", "people": people})
    assert answer.status_code == 200, answer.text
    summary = answer.json()["summary"]
    names = {v: k for k, v in ids.items()}
    host = (
        [names[p] for p in summary["delivered"]],
        {names[p]: code for p, code in summary["refused"].items()},
    )
    chats = await api.ok(
        "query { conversations(first: 5) { nodes { kind messages(last: 1) { nodes { body } } } } }",
        token=ana,
    )
    bodies = [
        c["messages"]["nodes"][0]["body"]
        for c in chats["conversations"]["nodes"]
        if c["kind"] == "APP"
    ]
    assert bodies == ["KL1234 is delayed"]
    calls = await services.db.read(
        lambda s: list(
            s.execute(
                select(AppCall.kind, AppCall.name, AppCall.outcome, AppCall.user_id).where(
                    AppCall.kind == "event"
                )
            )
        )
    )
    assert [tuple(c) for c in calls] == [("event", "delayed", "ok", None)]

    # In the harness: the same app, the same people, the same story.
    h = AppHarness(airline())
    await h.arun("/airline who", as_person="ana")
    await h.arun("/airline who", as_person="bruno")
    h.advance(DAY_AND_AN_HOUR)
    h.grant("ana", "messages.notify")
    hids = {"ana": h.person_id("ana"), "bruno": h.person_id("bruno"), "carla": "nobody"}
    hnames = {v: k for k, v in hids.items()}
    result = await h.aevent("delayed", {"flight": "KL1234", "people": list(hids.values())})
    assert result is not None
    harness = (
        [hnames[p] for p in result["delivered"]],
        {hnames[p]: code for p, code in result["refused"].items()},
    )
    assert host == harness == (["ana"], {"bruno": "not_opted_in", "carla": "unknown_person"})
    assert [(r.person, str(r.refused.code)) for r in h.refused] == [
        ("bruno", "not_opted_in"),
        ("nobody", "unknown_person"),  # a stranger: the harness knows no name for them
    ]


async def test_a_keyed_message_reaches_each_person_once_however_often_the_event_comes(
    api: Api, services: Services, app: App
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    await api.ok(
        'mutation { grantScope(app: "airline", scope: "messages.notify") { app } }', token=ana
    )
    services.use_clock(Clock(datetime.now(UTC) + DAY_AND_AN_HOUR))  # past the window
    keyed = {"flight": "KL7", "people": [person], "key": "delay:KL7"}
    first = await services.events.send("airline", "delayed", keyed)
    again = await services.events.send("airline", "delayed", keyed)
    await api.ok(
        'mutation { revokeGrant(app: "airline", scope: "messages.notify") { app } }', token=ana
    )
    revoked = await services.events.send("airline", "delayed", keyed)  # delivered already
    other = await services.events.send("airline", "delayed", {**keyed, "key": "delay:KL7b"})
    assert (
        first.summary == again.summary == revoked.summary == {"delivered": [person], "refused": {}}
    )
    assert other.summary == {"delivered": [], "refused": {person: "not_opted_in"}}
    chats = await api.ok(
        "query { conversations(first: 5) { nodes { kind messages(last: 5) { nodes { body } } } } }",
        token=ana,
    )
    (chat,) = [c for c in chats["conversations"]["nodes"] if c["kind"] == "APP"]
    assert [m["body"] for m in chat["messages"]["nodes"]] == ["KL7 is delayed"]
    long_key = await services.events.send("airline", "delayed", {**keyed, "key": "k" * 101})
    assert long_key.outcome == "error" and "1 to 100 characters" in (long_key.error or "")

    # In the harness: the same.
    h = AppHarness(airline())
    await h.arun("/airline who", as_person="ana")
    h.advance(DAY_AND_AN_HOUR)
    h.grant("ana", "messages.notify")
    hkeyed = {**keyed, "people": [h.person_id("ana")]}
    assert await h.aevent("delayed", hkeyed) == await h.aevent("delayed", hkeyed)
    h.revoke("ana", "messages.notify")
    assert await h.aevent("delayed", hkeyed) == {"delivered": [h.person_id("ana")], "refused": {}}
    assert [d.person for d in h.delivered] == ["ana"]
    with pytest.raises(ValueError, match="1 to 100 characters"):
        await h.aevent("delayed", {**hkeyed, "key": ""})


@SQLITE_ONLY
async def test_bad_stale_and_rotated_signatures_are_refused_in_one_line(
    api: Api, services: Services, app: App
) -> None:
    secret = await services.event_secrets.current("airline")
    assert secret is not None
    data: dict[str, Any] = {"flight": "KL1", "people": []}
    wrong = await signed(api, "souq_whsec_guess", "delayed", data)
    assert wrong.status_code == 401
    assert wrong.json() == {
        "error": "UNAUTHENTICATED",
        "message": "the signature does not match (wrong secret, or the body changed)",
    }
    stale = await signed(api, secret, "delayed", data, at=time.time() - 3600)  # a replay
    assert stale.status_code == 401 and "more than 300 seconds" in stale.json()["message"]
    unsigned = await api.http.post("/apps/airline/events/delayed", content=b"{}")
    assert unsigned.status_code == 401 and "header is missing" in unsigned.json()["message"]
    assert (await signed(api, secret, "delayed", data)).status_code == 200

    rotated = await services.event_secrets.reveal(Actor.system("operator"), "airline", rotate=True)
    assert rotated != secret
    assert (await signed(api, secret, "delayed", data)).status_code == 401
    assert (await signed(api, rotated, "delayed", data)).json() == {
        "outcome": "ok",
        "summary": {"delivered": [], "refused": {}},
    }


@SQLITE_ONLY
async def test_unknown_apps_and_events_bad_bodies_failures_and_suspension_have_their_status(
    api: Api, services: Services, app: App
) -> None:
    secret = await services.event_secrets.current("airline")
    assert secret is not None
    assert (await signed(api, secret, "delayed", {}, slug="nope")).status_code == 404
    unknown = await signed(api, secret, "landed", {})
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "airline declares no event 'landed'"
    for body in ([1, 2], "text", None):
        refused = await signed(api, secret, "delayed", body)
        assert refused.status_code == 400
        assert refused.json()["message"] == "the body must be a JSON object"
    huge = {"x": "a" * services.settings.max_request_bytes}
    too_large = await signed(api, secret, "delayed", huge)
    assert too_large.status_code == 413 and too_large.json()["error"] == "TOO_LARGE"
    failed = await signed(api, secret, "crash", {})
    assert failed.status_code == 502 and failed.json()["error"] == "APP_FAILED"
    assert failed.json()["message"].startswith("airline error: RuntimeError(")
    await services.review.suspend(Actor.system("test"), "airline", reason="spam")
    suspended = await signed(api, secret, "delayed", {})
    assert suspended.status_code == 409 and suspended.json()["error"] == "CONFLICT"
    assert suspended.json()["message"] == "airline is not serving now (suspended)"


async def test_a_job_runs_once_per_due_time_across_two_processes(
    services: Services, settings: Settings, install: Install
) -> None:
    plugin = airline()
    await install(plugin)
    other = build_services(settings)
    await other.start(discover_apps=False)
    try:
        await other.apps.register(plugin, source="test")
        clock = Clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
        services.events.clock = other.events.clock = clock

        async def runs() -> int:
            return await services.db.read(
                lambda s: len(
                    list(
                        s.scalars(
                            select(AppCall.id).where(
                                AppCall.kind == "job", AppCall.app_slug == "airline"
                            )
                        )
                    )
                )
            )

        await asyncio.gather(services.sweep(), other.sweep())
        assert await runs() == 1  # due at first sight, once
        await asyncio.gather(services.sweep(), other.sweep())
        clock.now += timedelta(minutes=59)
        await asyncio.gather(services.sweep(), other.sweep())
        assert await runs() == 1  # not due again before its hour
        clock.now += timedelta(minutes=1)
        await asyncio.gather(services.sweep(), other.sweep())
        assert await runs() == 2
        assert await services.events.next_due("airline", "offers") == clock.now + timedelta(hours=1)
        outcomes = await services.db.read(
            lambda s: list(
                s.scalars(
                    select(AppCall.outcome).where(
                        AppCall.kind == "job", AppCall.app_slug == "airline"
                    )
                )
            )
        )
        assert outcomes == ["ok", "ok"]
    finally:
        await other.close()


def souq(settings: Settings, *args: str) -> Result:
    """Run ``souq ARGS`` in this process on the test's database and data folder."""
    env = {"SOUQ_DATA_DIR": str(settings.data_dir), "SOUQ_DATABASE_URL": settings.database_url}
    return CliRunner().invoke(cli, list(args), env=env)


@SQLITE_ONLY
async def test_souq_apps_event_signs_and_posts_to_the_running_server_and_people_see_it_live(
    api: Api, services: Services, settings: Settings, app: App
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    url = str(api.http.base_url)
    live = """subscription { events { __typename ... on MessagePosted { message { body } } } }"""
    data = json.dumps({"flight": "KL9", "people": [person, "nobody"]})
    async with api.subscribe(ana, live) as events:
        sent = await asyncio.to_thread(
            souq, settings, "apps", "event", "airline", "delayed", "--data", data, "--url", url
        )
        assert sent.exit_code == 0, sent.output
        assert json.loads(sent.stdout) == {
            "delivered": [person],
            "refused": {"nobody": "unknown_person"},
        }
        event = (await events.next())["data"]["events"]
    assert event == {"__typename": "MessagePosted", "message": {"body": "KL9 is delayed"}}

    old = await asyncio.to_thread(souq, settings, "apps", "secret", "airline")
    new = await asyncio.to_thread(souq, settings, "apps", "secret", "airline", "--rotate")
    assert old.stdout.startswith("souq_whsec_") and new.stdout != old.stdout
    assert new.stdout.strip() == await services.event_secrets.current("airline")

    for args, error in [
        (("landed",), "error: 404: airline declares no event 'landed'"),
        (("delayed", "--data", "[1]"), "error: --data must be a JSON object"),
        (("delayed", "--url", "http://127.0.0.1:9"), "error: cannot reach http://127.0.0.1:9"),
    ]:
        where = () if "--url" in args else ("--url", url)
        failed = await asyncio.to_thread(souq, settings, "apps", "event", "airline", *args, *where)
        assert failed.exit_code == 1 and error in failed.output, failed.output


MESSAGING = """query { %s { slug messaging {
  quality delivered reported dailyCap promotionsPaused } } }"""


@SQLITE_ONLY
async def test_developers_see_their_apps_rating_and_tier_and_admins_see_every_apps(
    api: Api, services: Services, app: App
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    secret = await services.event_secrets.current("airline")
    assert secret is not None
    await signed(api, secret, "delayed", {"flight": "KL1", "people": [person]})
    owner = await services.accounts.token_for("appdev")
    mine = [
        a
        for a in (await api.ok(MESSAGING % "myApps", token=owner))["myApps"]
        if a["slug"] == "airline"
    ]
    high, _, low = services.settings.messaging_tiers
    assert mine == [
        {
            "slug": "airline",
            "messaging": {
                "quality": "HIGH",
                "delivered": 1,
                "reported": 0,
                "dailyCap": high,
                "promotionsPaused": False,
            },
        }
    ]
    # 40 messages this week, 2 reported (5 %): a low rating, the lowest tier.
    today = datetime.now(UTC).date()
    await services.db.write(
        lambda s: s.merge(AppDay(app_slug="airline", day=today, delivered=40, people=1, reported=2))
    )
    await services.accounts.set_role(Actor.system("test"), "ana", Role.ADMIN, reason="test")
    every = (await api.ok(MESSAGING % "registeredApps", token=ana))["registeredApps"]
    assert {
        "slug": "airline",
        "messaging": {
            "quality": "LOW",
            "delivered": 40,
            "reported": 2,
            "dailyCap": low,
            "promotionsPaused": True,
        },
    } in every
    bruno = await api.register("bruno")
    refused = await api.error(MESSAGING % "registeredApps", token=bruno)
    assert refused["extensions"]["code"] == "FORBIDDEN"  # a person sees no app's standing


@SQLITE_ONLY
async def test_only_the_apps_owner_reads_and_rotates_its_event_secret_over_graphql(
    api: Api, services: Services, app: App
) -> None:
    owner = await services.accounts.token_for("appdev")
    query = 'query { appEventSecret(slug: "airline") }'
    secret = (await api.ok(query, token=owner))["appEventSecret"]
    assert secret == await services.event_secrets.current("airline")
    rotated = (await api.ok('mutation { rotateAppEventSecret(slug: "airline") }', token=owner))[
        "rotateAppEventSecret"
    ]
    assert rotated != secret and rotated == await services.event_secrets.current("airline")
    assert (await signed(api, secret, "delayed", {})).status_code == 401
    bruno = await api.register("bruno")
    refused = await api.error(query, token=bruno)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert refused["message"] == "only the app's owner may see its event secret"


@SQLITE_ONLY
async def test_a_payment_handler_messages_the_payer_in_their_chat_with_the_app(
    api: Api, services: Services, install: Install
) -> None:
    shop = App(
        slug="mugs", name="Mugs", version="1.0.0", summary="Sells", scopes=("payments.request",)
    )

    @shop.command()
    def buy() -> PaymentRequest:
        """Buy a mug."""
        return PaymentRequest(amount=500, description="a mug", reference="o-1")

    @shop.on_payment(PaymentOutcome.COMPLETED)
    async def paid(context: Context, event: PaymentEvent, notifier: Notifier) -> Text:
        shipped = await notifier.anotify(context.person_id, Text("Your mug ships tomorrow"))
        return Text(f"paid; notice {type(shipped).__name__}")

    await install(shop)
    ana = await api.register("ana")
    await api.register("bruno")
    chat = await api.direct(ana, "bruno")
    await services.payments.top_up(SETUP, "ana", 5000, "EUR", reason="test")
    await api.send(ana, chat, "/mugs buy", "k-1")
    payment_id = await services.db.read(
        lambda s: s.scalar(select(Payment.id).where(Payment.app_slug == "mugs"))
    )
    payer = await services.accounts.by_username("ana")
    await services.outcomes.confirm(payer, payment_id, "pay-1")
    chats = await api.ok(
        "query { conversations(first: 5) { nodes { kind app messages(last: 3) { nodes { body } } } } }",
        token=ana,
    )
    by_kind = {c["kind"]: c for c in chats["conversations"]["nodes"]}
    assert [m["body"] for m in by_kind["APP"]["messages"]["nodes"]] == ["Your mug ships tomorrow"]
    assert "paid; notice Delivered" in [m["body"] for m in by_kind["DIRECT"]["messages"]["nodes"]]
