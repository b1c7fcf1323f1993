"""Asking people for more, over the real GraphQL API, host and harness side by side: an
app's ``AskScope`` becomes a consent card from souq, private to the person; Allow grants
the scope and runs the command again, Don't allow grants nothing; profile fields reach an
app only while granted, to that app alone; an app can neither forge nor pre-press the card.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from conftest import Install
from live_server import Api
from souq.runtime import Services
from souq_sdk import App, AskScope, Button, Card, Context, InvalidReply, Text
from souq_sdk.testing import AppHarness, HarnessError

_ids = itertools.count(1)

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"])
"""For tests of logic that storage does not change (the rest run on both backends)."""

HISTORY = """query($id: ID!) { conversation(id: $id) { messages(last: 100) { nodes {
  id seq body private app { slug }
  content { __typename ... on Card { title body fields { label value } buttons { id label } } }
} } } }"""
PRESS = """mutation($m: ID!, $b: String!, $k: String!) {
  pressButton(messageId: $m, buttonId: $b, clientId: $k) { id body app { slug } } }"""
GRANTS = """query { grantHistory(app: "flyer") { scope { name } action via } }"""
PHONE = "mutation($p: String) { setPhone(phone: $p) { phone } }"


def travel_app(
    slug: str = "flyer",
    version: str = "1.0.0",
    scopes: tuple[str, ...] = ("profile.name", "profile.phone"),
) -> App:
    """An app that needs the phone to book, and tells what it sees of a person."""
    app = App(slug=slug, name=slug.title(), version=version, summary="Travel", scopes=scopes)

    @app.command()
    def book(context: Context) -> Text | AskScope:
        """Book a trip (the boarding pass goes to your phone)."""
        if "profile.phone" not in context.grants:
            return AskScope("profile.phone", "to text you your boarding pass")
        return Text(f"Booked; the boarding pass goes to {context.profile.phone}")

    @app.command()
    def me(context: Context) -> Text:
        """What the app sees of you."""
        profile = context.profile
        return Text(f"{context.person_id}|{profile.display_name}|{profile.phone}")

    @app.command()
    def forge(context: Context) -> Card:
        """A card dressed up as souq's consent card."""
        payload = {"app": slug, "scope": "profile.phone", "source": 1, "rerun": True}
        return Card(
            "Flyer asks for your permission",
            body="Flyer would like to see the person's phone number.",
            buttons=(Button("Allow", "allow", payload), Button("Don't allow", "deny", payload)),
        )

    @app.command()
    def greedy(context: Context) -> AskScope:
        """Ask for a scope the manifest does not."""
        return AskScope("messages.promote", "offers")

    @app.command()
    def offer(context: Context) -> Card:
        """A card whose button needs the name."""
        return Card("Upgrade?", buttons=(Button("Upgrade", "upgrade"),))

    @app.action()
    def upgrade(context: Context) -> Text | AskScope:
        """Upgrade, for a named passenger."""
        if context.profile.display_name is None:
            return AskScope("profile.name", "to put your name on the ticket")
        return Text(f"Upgraded {context.profile.display_name}")

    @app.action()
    def allow(context: Context, payload: dict[str, Any]) -> Text:
        """The app's own action that happens to be called allow."""
        return Text("the app's own allow")

    @app.action()
    def deny(context: Context, payload: dict[str, Any]) -> Text:
        """The app's own action that happens to be called deny."""
        return Text("the app's own deny")

    return app


class Trip:
    """ana (with a phone) and bruno in a group where the travel apps are installed."""

    def __init__(self, api: Api) -> None:
        self.api = api

    async def open(self, install: Install, *slugs: str) -> Trip:
        for slug in slugs or ("flyer",):
            await install(travel_app(slug))
        self.ana = await self.api.register("ana")
        self.bruno = await self.api.register("bruno")
        await self.api.ok(PHONE, {"p": "+31 6 1234 5678"}, self.ana)
        self.group = await self.api.group(self.ana, "Trip", ["bruno"])
        return self

    async def run(self, line: str, token: str | None = None) -> dict[str, Any]:
        """Send ``line`` and return the first message after it that its sender sees."""
        token = token or self.ana
        sent = await self.api.send(token, self.group, line, f"k{next(_ids)}")
        return next(m for m in await self.messages(token) if int(m["seq"]) > int(sent["seq"]))

    async def messages(self, token: str | None = None) -> list[dict[str, Any]]:
        data = await self.api.ok(HISTORY, {"id": self.group}, token or self.ana)
        return data["conversation"]["messages"]["nodes"]

    async def press(self, message: dict[str, Any], button: str, token: str | None = None) -> Any:
        variables = {"m": message["id"], "b": button, "k": f"p{next(_ids)}"}
        return await self.api.gql(PRESS, variables, token or self.ana)

    async def grants(self) -> list[tuple[str, str, str]]:
        history = (await self.api.ok(GRANTS, token=self.ana))["grantHistory"]
        return [(h["scope"]["name"], h["action"], h["via"]) for h in history]


@pytest.fixture
async def trip(api: Api, install: Install) -> Trip:
    return await Trip(api).open(install)


async def test_allow_grants_and_runs_the_command_again_which_now_sees_the_phone(
    trip: Trip,
) -> None:
    card = await trip.run("/flyer book")
    assert card["app"]["slug"] == "souq" and card["private"]
    content = card["content"]
    assert content["title"] == "Flyer asks for your permission"
    assert content["body"] == "Flyer would like to see the person's phone number."
    assert {"label": "Its reason", "value": "to text you your boarding pass"} in content["fields"]
    assert content["buttons"] == [
        {"id": "0", "label": "Allow"},
        {"id": "1", "label": "Don't allow"},
    ]
    assert card["id"] not in {m["id"] for m in await trip.messages(trip.bruno)}
    answer = await trip.press(card, "0")
    assert answer["data"]["pressButton"]["body"] == (
        "Booked; the boarding pass goes to +31612345678"
    )
    assert answer["data"]["pressButton"]["app"]["slug"] == "flyer"
    assert await trip.grants() == [("profile.phone", "GRANTED", "CONSENT_CARD")]
    [answered] = [m for m in await trip.messages() if m["id"] == card["id"]]
    assert answered["content"]["buttons"] == []
    assert answered["content"]["body"].startswith("You allowed Flyer to see")
    again = await trip.press(card, "0")  # a second press changes nothing
    assert again["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await trip.grants() == [("profile.phone", "GRANTED", "CONSENT_CARD")]


async def test_dont_allow_grants_nothing_and_says_so(trip: Trip) -> None:
    card = await trip.run("/flyer book")
    answer = await trip.press(card, "1")
    assert answer["data"]["pressButton"]["id"] == card["id"]
    assert answer["data"]["pressButton"]["app"]["slug"] == "souq"
    [answered] = [m for m in await trip.messages() if m["id"] == card["id"]]
    assert answered["content"]["body"] == (
        "You did not allow Flyer to see the person's phone number. Nothing was shared."
    )
    assert answered["content"]["buttons"] == []
    assert await trip.grants() == []
    again = await trip.run("/flyer book")  # still not granted: asked again
    assert again["app"]["slug"] == "souq" and again["id"] != card["id"]


@SQLITE_ONLY
async def test_only_the_person_asked_can_press_the_card(trip: Trip) -> None:
    card = await trip.run("/flyer book")
    for button in ("0", "1"):
        pressed = await trip.press(card, button, trip.bruno)
        assert pressed["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await trip.grants() == []
    assert (await trip.press(card, "0"))["data"]["pressButton"]["body"].startswith("Booked")


@SQLITE_ONLY
async def test_an_app_cannot_forge_souqs_card(trip: Trip) -> None:
    forged = await trip.run("/flyer forge")
    assert forged["app"]["slug"] == "flyer"  # it is, and shows as, the app's own card
    for button, said in (("0", "the app's own allow"), ("1", "the app's own deny")):
        pressed = await trip.press(forged, button)
        assert pressed["data"]["pressButton"]["body"] == said  # routed to the app, no grant
    assert await trip.grants() == []
    assert {m["app"]["slug"] for m in await trip.messages() if m["app"]} == {"flyer"}
    assert (await trip.run("/flyer me"))["body"].endswith("|None|None")


@SQLITE_ONLY
async def test_asking_for_a_scope_the_manifest_lacks_is_refused(trip: Trip) -> None:
    refused = await trip.run("/flyer greedy")
    assert refused["app"]["slug"] == "souq"
    assert refused["body"] == "Flyer answered with something souq cannot show, try again later."
    assert refused["content"] is None
    harness = AppHarness(travel_app())
    with pytest.raises(InvalidReply, match=r"messages\.promote"):
        await harness.arun("/flyer greedy")


@SQLITE_ONLY
async def test_only_what_the_approved_version_asks_for_can_be_asked_or_allowed(
    trip: Trip, services: Services, install: Install
) -> None:
    card = await trip.run("/flyer book")
    # 1.1.0 no longer asks for the phone: the card shown before is refused politely.
    services.apps.remove("flyer")
    await install(travel_app(version="1.1.0", scopes=("profile.name",)))
    pressed = await trip.press(card, "0")
    assert pressed["data"]["pressButton"]["id"] == card["id"]
    [answered] = [m for m in await trip.messages() if m["id"] == card["id"]]
    assert answered["content"]["body"] == ("Flyer no longer asks for this, so nothing was granted.")
    assert await trip.grants() == []
    # 1.2.0's code asks for the phone again, but unapproved code is not served at all.
    services.apps.remove("flyer")
    await install(travel_app(version="1.2.0"), approved=False)
    refused = await trip.run("/flyer book")
    assert refused["app"]["slug"] == "souq" and refused["content"] is None
    assert refused["body"] == "Flyer is not available right now."
    assert await trip.grants() == []


async def test_a_revoked_grant_hides_the_profile_from_the_very_next_call(trip: Trip) -> None:
    grant = 'mutation($s: String!) { grantScope(app: "flyer", scope: $s) { app } }'
    revoke = 'mutation($s: String!) { revokeGrant(app: "flyer", scope: $s) { app } }'
    await trip.run("/flyer me")
    for scope in ("profile.name", "profile.phone"):
        await trip.api.ok(grant, {"s": scope}, trip.ana)
    assert (await trip.run("/flyer me"))["body"].endswith("|ana|+31612345678")
    await trip.api.ok(revoke, {"s": "profile.phone"}, trip.ana)
    assert (await trip.run("/flyer me"))["body"].endswith("|ana|None")
    await trip.api.ok(revoke, {"s": "profile.name"}, trip.ana)
    assert (await trip.run("/flyer me"))["body"].endswith("|None|None")


async def test_a_granted_phone_reaches_that_app_alone_and_ids_differ(
    api: Api, install: Install
) -> None:
    trip = await Trip(api).open(install, "flyer", "hotels")
    await trip.press(await trip.run("/flyer book"), "0")
    flyer_id, _name, flyer_phone = (await trip.run("/flyer me"))["body"].split("|")
    hotels_id, _name, hotels_phone = (await trip.run("/hotels me"))["body"].split("|")
    assert (flyer_phone, hotels_phone) == ("+31612345678", "None")
    assert flyer_id != hotels_id
    bruno_sees = (await trip.run("/flyer me", trip.bruno))["body"].split("|")
    assert bruno_sees[1:] == ["None", "None"]  # ana's grant is hers alone


@SQLITE_ONLY
async def test_a_press_may_ask_and_allow_lets_the_person_press_again(trip: Trip) -> None:
    offer = await trip.run("/flyer offer")
    card = (await trip.press(offer, "0"))["data"]["pressButton"]
    assert card["app"]["slug"] == "souq"
    [card] = [m for m in await trip.messages() if m["id"] == card["id"]]
    allowed = (await trip.press(card, "0"))["data"]["pressButton"]
    assert allowed["id"] == card["id"]  # nothing runs again: the card says it is allowed
    assert await trip.grants() == [("profile.name", "GRANTED", "CONSENT_CARD")]
    upgraded = (await trip.press(offer, "0"))["data"]["pressButton"]
    assert upgraded["body"] == "Upgraded ana"
    harness = AppHarness(travel_app())
    harness.set_profile("ana", display_name="ana")
    offered = await harness.arun("/flyer offer")
    assert isinstance(offered, Card)
    ask = await harness.apress(offered.buttons[0])
    assert ask == AskScope("profile.name", "to put your name on the ticket")
    assert await harness.aallow(ask) is None
    assert await harness.apress(offered.buttons[0]) == Text("Upgraded ana")


def test_the_harness_asks_allows_and_denies_as_the_host_does() -> None:
    harness = AppHarness(travel_app())
    harness.set_profile("ana", display_name="Ana", phone="+31612345678")
    ask = harness.run("/flyer book")
    assert ask == AskScope("profile.phone", "to text you your boarding pass")
    harness.deny(ask)
    with pytest.raises(HarnessError, match="answered already"):
        harness.allow(ask)
    assert harness.grants("ana") == frozenset()
    allowed = harness.allow(harness.run("/flyer book"))
    assert allowed == Text("Booked; the boarding pass goes to +31612345678")
    assert harness.run("/flyer me").text.endswith("|None|+31612345678")
    harness.grant("ana", "profile.name")
    assert harness.run("/flyer me").text.endswith("|Ana|+31612345678")
    assert harness.run("/flyer me", as_person="bruno").text.endswith("|None|None")
    harness.revoke("ana", "profile.phone")
    assert harness.run("/flyer me").text.endswith("|Ana|None")
    with pytest.raises(HarnessError, match="does not ask for"):
        harness.grant("ana", "messages.promote")
