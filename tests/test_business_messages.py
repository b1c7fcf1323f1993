"""Business messages end to end: an app messaging people who used it, only as they allow,
landing in their chat with the app with the reason shown to them alone; every refusal
with its code; caps and tiers on a controlled clock; reports; live delivery."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from clock import Clock
from conftest import Install
from live_server import Api
from souq.apps.notices import HostNotifier
from souq.db.models import AppDay
from souq.runtime import Services
from souq.services.audit import Actor
from souq_sdk import App, Context, Text
from souq_sdk.notices import Allowed, Basis, Category, Delivered, Notifier, Refusal, Refused
from sqlalchemy import select

SCOPES = ("messages.notify", "messages.promote", "profile.name")

CHATS = """query { conversations(first: 20) { nodes {
  id kind title app unreadCount
  messages(last: 10) { nodes { id body app { slug } why { category basis text scope reported } } }
} } }"""


def flyer() -> App:
    """An app that tells people the id it sees for them."""
    app = App(slug="flyer", name="Flyer", version="1.0.0", summary="Flies", scopes=SCOPES)

    @app.command()
    def who(context: Context) -> Text:
        """Say who the app thinks you are."""
        return Text(context.person_id)

    return app


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"messaging_tiers": (2, 2, 1), "promotions_per_week": 2}


@pytest.fixture
async def app(install: Install) -> None:
    await install(flyer())


@pytest.fixture
def clock(services: Services) -> Clock:
    clock = Clock()
    services.notices.clock = clock
    return clock


async def alias(api: Api, token: str, app: str = "flyer") -> str:
    """Use ``app`` once (a command in the person's own group); return its id for them."""
    group = await api.group(token, "Mine", [])
    line = await api.send(token, group, f"/{app} who", f"who-{app}-{token[-6:]}")
    history = await api.ok(
        "query($id: ID!) { conversation(id: $id) { messages(last: 5) { nodes { seq body app { slug } } } } }",
        {"id": group},
        token,
    )
    replies = [m for m in history["conversation"]["messages"]["nodes"] if m["seq"] > line["seq"]]
    return replies[0]["body"]


async def grant(api: Api, token: str, scope: str, app: str = "flyer") -> None:
    await api.ok(
        "mutation($a: String!, $s: String!) { grantScope(app: $a, scope: $s) { app } }",
        {"a": app, "s": scope},
        token,
    )


async def chats(api: Api, token: str) -> list[dict[str, Any]]:
    return [
        c
        for c in (await api.ok(CHATS, token=token))["conversations"]["nodes"]
        if c["kind"] == "APP"
    ]


async def test_a_service_message_within_the_window_lands_in_the_app_chat_with_its_reason(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    delivered = await services.notices.notify(
        "flyer", person, Category.SERVICE, Text("KL1234 is delayed 90 minutes")
    )
    assert isinstance(delivered, Delivered) and delivered.basis is Basis.RECENT_USE
    [chat] = await chats(api, ana)
    assert (chat["title"], chat["app"], chat["unreadCount"]) == ("Flyer", "flyer", 1)
    [message] = chat["messages"]["nodes"]
    assert message["id"] == delivered.message_id
    assert message["body"] == "KL1234 is delayed 90 minutes"
    assert message["why"]["basis"] == "RECENT_USE" and message["why"]["scope"] is None
    assert message["why"]["text"].startswith("You used Flyer less than a minute before")
    # the same chat is used again, and nobody else sees any of it
    await services.notices.notify("flyer", person, Category.SERVICE, Text("Gate changed"))
    assert len(await chats(api, ana)) == 1
    settings = await api.ok(
        "query { myAppSettings { messagesLast30Days lastMessageAt } }", token=ana
    )
    [entry] = settings["myAppSettings"]
    assert entry["messagesLast30Days"] == 2 and entry["lastMessageAt"] is not None
    bruno = await api.register("bruno")
    assert await chats(api, bruno) == []
    why = await api.gql(
        "query($id: ID!) { conversation(id: $id) { id } }", {"id": chat["id"]}, bruno
    )
    assert why["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_outside_the_window_only_a_grant_lets_service_messages_through(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    clock.now += timedelta(hours=25)
    refused = await services.notices.notify("flyer", person, Category.SERVICE, Text("hi"))
    assert isinstance(refused, Refused) and refused.code is Refusal.NOT_OPTED_IN
    assert await services.notices.can_notify("flyer", person, Category.SERVICE) == refused
    await grant(api, ana, "messages.notify")
    delivered = await services.notices.notify("flyer", person, Category.SERVICE, Text("hi"))
    assert isinstance(delivered, Delivered) and delivered.basis is Basis.GRANTED
    [chat] = await chats(api, ana)
    why = chat["messages"]["nodes"][-1]["why"]
    assert why["scope"] == "messages.notify"
    assert why["text"].startswith("You allowed Flyer to send you service messages on ")
    # a revoked grant refuses the very next message
    await api.ok(
        'mutation { revokeGrant(app: "flyer", scope: "messages.notify") { app } }', token=ana
    )
    again = await services.notices.notify("flyer", person, Category.SERVICE, Text("hi"))
    assert isinstance(again, Refused) and again.code is Refusal.NOT_OPTED_IN


async def test_promotions_need_their_own_grant_and_are_capped_per_week(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    await grant(api, ana, "messages.notify")
    off = await services.notices.notify("flyer", person, Category.PROMOTION, Text("Sale!"))
    assert isinstance(off, Refused) and off.code is Refusal.PROMOTIONS_OFF
    await grant(api, ana, "messages.promote")
    first = await services.notices.can_notify("flyer", person, Category.PROMOTION)
    assert first.remaining == 2  # type: ignore[union-attr]
    sent_at = clock.now
    one = await services.notices.notify("flyer", person, Category.PROMOTION, Text("Sale 1"))
    assert isinstance(one, Delivered) and one.remaining == 1
    clock.now += timedelta(days=1)
    two = await services.notices.notify("flyer", person, Category.PROMOTION, Text("Sale 2"))
    assert isinstance(two, Delivered) and two.remaining == 0
    three = await services.notices.notify("flyer", person, Category.PROMOTION, Text("Sale 3"))
    assert isinstance(three, Refused) and three.code is Refusal.RATE_LIMITED
    assert three.retry_after == sent_at + timedelta(days=7)
    clock.now = sent_at + timedelta(days=7, seconds=1)
    later = await services.notices.notify("flyer", person, Category.PROMOTION, Text("Sale 4"))
    assert isinstance(later, Delivered)
    [chat] = await chats(api, ana)
    assert {m["why"]["category"] for m in chat["messages"]["nodes"]} == {"PROMOTION"}


async def test_mute_delivers_without_unread_and_block_refuses(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    await api.ok('mutation { muteApp(app: "flyer") { muted } }', token=ana)
    muted = await services.notices.notify("flyer", person, Category.SERVICE, Text("quiet"))
    assert isinstance(muted, Delivered)
    [chat] = await chats(api, ana)
    assert chat["unreadCount"] == 0 and chat["messages"]["nodes"][0]["body"] == "quiet"
    await api.ok('mutation { blockApp(app: "flyer") { blocked } }', token=ana)
    blocked = await services.notices.notify("flyer", person, Category.SERVICE, Text("loud"))
    assert isinstance(blocked, Refused) and blocked.code is Refusal.BLOCKED
    await api.ok('mutation { blockApp(app: "flyer", blocked: false) { blocked } }', token=ana)
    assert isinstance(
        await services.notices.notify("flyer", person, Category.SERVICE, Text("ok")), Delivered
    )


async def test_strangers_and_other_apps_ids_cannot_be_addressed(
    api: Api, services: Services, install: Install, app: None, clock: Clock
) -> None:
    other = App(slug="other", name="Other", version="1.0.0", summary="x", scopes=SCOPES)

    @other.command()
    def who(context: Context) -> Text:
        """Who."""
        return Text(context.person_id)

    await install(other)
    ana = await api.register("ana")
    flyer_id, other_id = await alias(api, ana), await alias(api, ana, "other")
    assert flyer_id != other_id  # two apps cannot link a person by id
    for app_slug, person in (("flyer", other_id), ("other", flyer_id), ("flyer", "p_nobody")):
        refused = await services.notices.notify(app_slug, person, Category.SERVICE, Text("x"))
        assert isinstance(refused, Refused) and refused.code is Refusal.UNKNOWN_PERSON


async def test_a_suspended_app_sends_nothing(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    await services.review.suspend(Actor.system("test"), "flyer", reason="spam")
    refused = await services.notices.notify("flyer", person, Category.SERVICE, Text("x"))
    assert isinstance(refused, Refused) and refused.code is Refusal.APP_SUSPENDED


async def test_the_tier_caps_people_per_day_and_resets_the_next_day(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    people = [await alias(api, await api.register(name)) for name in ("ana", "bruno", "carla")]
    for person in people[:2]:
        assert isinstance(
            await services.notices.notify("flyer", person, Category.SERVICE, Text("x")), Delivered
        )
    capped = await services.notices.notify("flyer", people[2], Category.SERVICE, Text("x"))
    assert isinstance(capped, Refused) and capped.code is Refusal.TIER_LIMIT
    tomorrow = datetime.combine(clock.now.date() + timedelta(days=1), datetime.min.time(), UTC)
    assert capped.retry_after == tomorrow
    # people already reached today take no more of the cap
    again = await services.notices.notify("flyer", people[0], Category.SERVICE, Text("y"))
    assert isinstance(again, Delivered)


async def test_reports_count_once_and_can_block(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    delivered = await services.notices.notify("flyer", person, Category.SERVICE, Text("x"))
    assert isinstance(delivered, Delivered)
    report = (
        "mutation($m: ID!, $b: Boolean!) { reportMessage(messageId: $m, block: $b) { reported } }"
    )
    bruno = await api.register("bruno")
    error = await api.error(report, {"m": delivered.message_id, "b": False}, bruno)
    assert error["extensions"]["code"] == "NOT_FOUND"
    for _ in range(2):
        answer = await api.ok(report, {"m": delivered.message_id, "b": True}, ana)
        assert answer["reportMessage"] == {"reported": True}
    reported = await services.db.read(lambda s: s.scalar(select(AppDay.reported)))
    assert reported == 1
    settings = (await api.ok("query { myAppSettings { blocked } }", token=ana))["myAppSettings"]
    assert settings == [{"blocked": True}]


async def test_in_the_chat_with_an_app_its_commands_need_no_prefix(
    api: Api, services: Services, app: None
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    opened = await api.ok('mutation { openAppChat(app: "flyer") { id kind app title } }', token=ana)
    chat = opened["openAppChat"]
    assert (chat["kind"], chat["app"], chat["title"]) == ("APP", "flyer", "Flyer")
    line = await api.send(ana, chat["id"], "who", "plain-who")
    assert line["body"] == "who"
    history = await api.ok(
        "query($id: ID!) { conversation(id: $id) { messages(last: 5) { nodes { body } } } }",
        {"id": chat["id"]},
        ana,
    )
    assert [m["body"] for m in history["conversation"]["messages"]["nodes"]] == ["who", person]
    help_line = await api.send(ana, chat["id"], "/flyer who", "slash-who")
    assert help_line["body"] == "/flyer who"  # the prefix still works
    bruno = await api.register("bruno")
    first = await api.ok('mutation { openAppChat(app: "flyer") { id } }', token=bruno)
    assert first["openAppChat"]["id"] != chat["id"]  # a served app: the app learns nothing
    settings = await api.ok("query { myAppSettings { app } }", token=bruno)
    assert settings["myAppSettings"] == []
    error = await api.error('mutation { openAppChat(app: "nosuchapp") { id } }', token=bruno)
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_the_notifier_apps_get_works_from_worker_threads_and_coroutines(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    notifier = HostNotifier(services.notices, "flyer", asyncio.get_running_loop())
    assert isinstance(notifier, Notifier)
    delivered = await asyncio.to_thread(notifier.notify, person, Text("from a thread"))
    assert isinstance(delivered, Delivered)
    assert isinstance(await asyncio.to_thread(notifier.can_notify, person), Allowed)
    assert isinstance(await notifier.anotify(person, Text("from a coroutine")), Delivered)
    refused = await notifier.acan_notify(person, Category.PROMOTION)
    assert isinstance(refused, Refused) and refused.code is Refusal.PROMOTIONS_OFF
    with pytest.raises(RuntimeError, match="await anotify"):
        notifier.notify(person, Text("on the loop"))


async def test_a_business_message_arrives_live_with_its_reason(
    api: Api, services: Services, app: None, clock: Clock
) -> None:
    ana = await api.register("ana")
    person = await alias(api, ana)
    live_events = """subscription($after: [SeenInput!]) { events(after: $after) { __typename
      ... on MessagePosted { message { body app { slug } why { basis } } } } }"""
    async with api.subscribe(ana, live_events, await api.from_now(ana)) as live:
        delivered = await services.notices.notify(
            "flyer", person, Category.SERVICE, Text("Boarding at gate D7")
        )
        assert isinstance(delivered, Delivered)
        event = (await live.next())["data"]["events"]
    assert event["__typename"] == "MessagePosted"
    assert event["message"] == {
        "body": "Boarding at gate D7",
        "app": {"slug": "flyer"},
        "why": {"basis": "RECENT_USE"},
    }
