"""The admin and developer consoles in real Chromium: suspending an app refuses a person's
next command until it is unsuspended; a version submitted, reviewed beside the approved one
and rejected with a reason the developer reads; the audit log's filters and paging; health
and usage charts drawn from real calls."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from browser import assert_accessible, chromium, person, screenshot
from conftest import SETUP, Install
from live_server import Api
from playwright.async_api import Page, expect
from souq.runtime import Services
from souq.services.accounts import Role
from souq_sdk import App, Text

pytestmark = pytest.mark.browser

SUBMIT = (
    """mutation($s: String!, $m: JSON!) { submitAppVersion(slug: $s, manifest: $m) { status } }"""
)
APPROVE = """mutation($s: String!, $v: String!) {
  approveAppVersion(slug: $s, version: $v, reason: "looks right") { status } }"""
TOP_UP = """mutation($u: String!, $r: String!) {
  topUp(username: $u, amount: 100, reason: $r) { amount } }"""


def base_url(api: Api) -> str:
    return str(api.http.base_url).rstrip("/")


async def account(api: Api, services: Services, name: str, role: Role = Role.PERSON) -> str:
    """Register ``name`` with ``role``; return their token."""
    token = await api.register(name)
    if role != Role.PERSON:
        await services.accounts.set_role(SETUP, name, role, reason="test setup")
    return token


def tix(version: str = "1.0.0", *, book: bool = False) -> App:
    """A cinema app: ``/tix list``; with ``book``, ``/tix book <film>`` and the
    payments scope too."""
    app = App(
        slug="tix",
        name="Tix",
        version=version,
        summary="Cinema tickets",
        scopes=("payments.request",) if book else (),
    )

    @app.command("list")
    def list_() -> Text:
        """List tonight's films."""
        return Text("Dune at 20:00")

    if book:

        @app.command("book")
        def book_(film: str) -> Text:
            """Book a seat."""
            return Text(f"booked {film}")

    return app


def manifest_of(app: App) -> dict[str, Any]:
    """The manifest as ``souq-sdk check`` prints it."""
    return json.loads(json.dumps(app.manifest().to_dict()))


async def open_chat(page: Page, username: str) -> None:
    await page.get_by_placeholder("Start a chat with… (username)").fill(username)
    await page.get_by_role("button", name="Chat", exact=True).click()
    await expect(page.get_by_role("heading", name=username)).to_be_visible()


async def send(page: Page, text: str) -> None:
    await page.get_by_role("combobox", name="Message").fill(text)
    await page.get_by_role("button", name="Send", exact=True).click()


async def test_an_admin_suspends_an_app_and_a_persons_next_command_is_refused_until_unsuspended(
    api: Api, services: Services
) -> None:
    await account(api, services, "ana")
    await account(api, services, "bruno")
    await account(api, services, "root", Role.ADMIN)
    async with chromium() as browser:
        ana = await person(browser, base_url(api), "ana")
        await open_chat(ana, "bruno")
        log = ana.get_by_role("log", name="Messages")
        await send(ana, "/food restaurants roma")
        await expect(log.get_by_role("heading", name="Restaurants in Roma")).to_be_visible()

        root = await person(browser, base_url(api), "root")
        await root.get_by_role("link", name="Admin").click()
        await root.get_by_role("link", name="Apps", exact=True).click()
        apps = root.get_by_role("table")
        await expect(apps.get_by_role("row", name=re.compile("Food"))).to_contain_text("Serving")
        await assert_accessible(root)
        await screenshot(root, "admin-apps")
        await apps.get_by_role("link", name="Food").click()
        await expect(root.get_by_role("heading", name="Food", level=1)).to_be_visible()

        suspend = root.get_by_role("button", name="Suspend food")
        await suspend.click()
        await expect(root.get_by_role("alert")).to_contain_text("Say why")
        await root.get_by_label("Reason").fill("Kitchen closed for inspection")
        await suspend.click()
        await expect(root.get_by_role("heading", name="Suspended")).to_be_visible()
        await expect(root.get_by_text("“Kitchen closed for inspection”")).to_be_visible()
        await assert_accessible(root)
        await screenshot(root, "admin-app-suspended")

        await send(ana, "/food restaurants paris")
        await expect(log.get_by_text("Food is not available right now.")).to_be_visible()
        await expect(log.get_by_role("heading", name="Restaurants in Paris")).to_have_count(0)

        await root.get_by_label("Reason").fill("Inspection passed")
        await root.get_by_role("button", name="Unsuspend food").click()
        await expect(root.get_by_role("heading", name="Serving")).to_be_visible()
        await expect(root.get_by_role("status")).to_contain_text("food is served again")

        await send(ana, "/food restaurants lisbon")
        await expect(log.get_by_role("heading", name="Restaurants in Lisbon")).to_be_visible()


async def test_a_developer_submits_a_version_the_admin_rejects_it_beside_the_approved_one(
    api: Api, services: Services
) -> None:
    devi = await account(api, services, "devi", Role.DEVELOPER)
    root = await account(api, services, "root", Role.ADMIN)
    await api.ok('mutation { registerApp(slug: "tix") { slug } }', token=devi)
    await api.ok(SUBMIT, {"s": "tix", "m": manifest_of(tix())}, devi)
    await api.ok(APPROVE, {"s": "tix", "v": "1.0.0"}, root)

    async with chromium() as browser:
        dev = await person(browser, base_url(api), "devi")
        await dev.get_by_role("link", name="My apps").click()
        await expect(dev.get_by_role("heading", name="My apps")).to_be_visible()
        await assert_accessible(dev)
        await screenshot(dev, "dev-apps")
        await dev.get_by_role("link", name="/tix").click()
        await expect(dev.get_by_role("heading", name="/tix", level=1)).to_be_visible()

        manifest = dev.get_by_label("Manifest (JSON)")
        submit = dev.get_by_role("button", name="Submit for review")
        await dev.get_by_role("button", name="Start from 1.0.0's manifest").click()
        await expect(manifest).to_be_focused()
        await expect(manifest).to_have_value(re.compile(r'"version": "1.0.0"'))
        await manifest.fill('{"slug": "tix"')
        await submit.click()
        await expect(dev.get_by_role("alert")).to_contain_text("This is not JSON")
        invalid = manifest_of(tix("1.1.0")) | {"commands": [{"name": "Bad Name"}]}
        await manifest.fill(json.dumps(invalid))
        await submit.click()
        await expect(dev.get_by_role("alert")).to_contain_text("The manifest is not valid")
        await expect(dev.get_by_role("alert").get_by_role("listitem").first).to_be_visible()

        await manifest.fill(json.dumps(manifest_of(tix("1.1.0", book=True)), indent=2))
        await submit.click()
        await expect(dev.get_by_role("status")).to_contain_text("Submitted 1.1.0")
        pending = dev.get_by_role("listitem").filter(has=dev.get_by_role("heading", name="1.1.0"))
        await expect(pending).to_contain_text("Pending review")
        await assert_accessible(dev)
        await screenshot(dev, "dev-app-pending")

        admin = await person(browser, base_url(api), "root")
        await admin.get_by_role("link", name="Admin").click()
        item = admin.get_by_role("article", name="tix 1.1.0")
        await expect(item).to_be_visible()
        submitted = item.get_by_role("region", name="Submitted version 1.1.0")
        approved = item.get_by_role("region", name="Approved version 1.0.0")
        book = submitted.get_by_role("listitem").filter(has_text="/tix book")
        await expect(book).to_contain_text("Added")
        await expect(
            submitted.get_by_role("listitem").filter(has_text="payments.request")
        ).to_contain_text("Added")
        await expect(approved.get_by_text("/tix book")).to_have_count(0)
        await expect(approved.get_by_text("/tix list")).to_be_visible()
        await expect(item).to_contain_text("1 command added: book")
        await assert_accessible(admin)
        await screenshot(admin, "admin-review")

        reject = item.get_by_role("button", name="Reject tix 1.1.0")
        await reject.click()
        await expect(item.get_by_role("alert")).to_contain_text("Say why you reject it")
        await item.get_by_label("Reason").fill("Booking needs a seat parameter")
        await reject.click()
        await expect(admin.get_by_role("status")).to_contain_text("tix 1.1.0 rejected")
        await expect(admin.get_by_text("Nothing waits for review.")).to_be_visible()

        await dev.reload()
        await expect(pending).to_contain_text("Rejected")
        await expect(pending).to_contain_text("Reason: Booking needs a seat parameter")

        await manifest.fill(json.dumps(manifest_of(tix("1.2.0", book=True))))
        await submit.click()
        await expect(dev.get_by_role("status")).to_contain_text("Submitted 1.2.0")
        await admin.reload()
        await admin.get_by_role("button", name="Approve tix 1.2.0").click()
        await expect(admin.get_by_role("status")).to_contain_text("tix 1.2.0 approved")
        await dev.reload()
        newest = dev.get_by_role("listitem").filter(has=dev.get_by_role("heading", name="1.2.0"))
        await expect(newest).to_contain_text("Approved")


async def test_the_audit_log_filters_by_app_and_pages(api: Api, services: Services) -> None:
    root = await account(api, services, "root", Role.ADMIN)
    await account(api, services, "ana")
    for n in range(22):
        await api.ok(TOP_UP, {"u": "ana", "r": f"gift {n}"}, root)

    async with chromium() as browser:
        page = await person(browser, base_url(api), "root")
        await page.goto("/admin/audit")
        rows = page.get_by_role("table").get_by_role("row")
        await expect(rows.filter(has_text="gift 21")).to_be_visible()
        await expect(rows.filter(has_text="tickets")).to_have_count(0)  # older than a page
        await assert_accessible(page)
        await screenshot(page, "admin-audit")

        await page.get_by_label("App").fill("tickets")
        await page.get_by_label("App").press("Enter")  # the keyboard alone filters
        await expect(page).to_have_url(re.compile(r"/admin/audit\?app=tickets$"))
        body = page.get_by_role("table").locator("tbody tr")
        await expect(body).to_have_count(1)
        await expect(body).to_contain_text("Version approved")
        await expect(body).to_contain_text("tickets")

        await page.get_by_label("App").fill("")
        await page.get_by_label("Action").select_option(label="Top-up")
        await page.get_by_role("button", name="Filter").click()
        await expect(body).to_have_count(20)
        await expect(page.get_by_text("20 entries shown")).to_be_visible()
        await page.get_by_role("button", name="Show older entries").click()
        await expect(body).to_have_count(22)
        await expect(body.last).to_contain_text("gift 0")
        await expect(page.get_by_role("button", name="Show older entries")).to_have_count(0)

        await page.get_by_label("App").fill("no-such-app")
        await page.get_by_role("button", name="Filter").click()
        await expect(page.get_by_text("No entry matches these filters.")).to_be_visible()


async def test_health_and_usage_charts_are_drawn_from_real_calls(
    api: Api, services: Services, install: Install
) -> None:
    ana = await account(api, services, "ana")
    await account(api, services, "bruno")
    devi = await account(api, services, "devi", Role.DEVELOPER)
    root = await account(api, services, "root", Role.ADMIN)
    app = tix()
    await install(app, approved=False)
    await api.ok('mutation { registerApp(slug: "tix") { slug } }', token=devi)
    await api.ok(SUBMIT, {"s": "tix", "m": manifest_of(app)}, devi)
    await api.ok(APPROVE, {"s": "tix", "v": "1.0.0"}, root)
    chat = await api.direct(ana, "bruno")
    for n in range(3):
        sent = await api.send(ana, chat, "/tix list", f"tix-{n}")
        assert sent["body"] == "/tix list"
    await api.send(ana, chat, "/food restaurants roma", "food-1")

    async with chromium() as browser:
        dev = await person(browser, base_url(api), "devi")
        await dev.goto("/dev/apps/tix")
        calls = dev.get_by_role("img", name=re.compile(r"^Calls per day, .*: 3 calls in all"))
        await expect(calls).to_be_visible()
        await expect(
            dev.get_by_role("img", name=re.compile(r"^People per day, .*: 1 person in all"))
        ).to_be_visible()
        await expect(
            dev.get_by_role("img", name=re.compile(r"^Errors per day, .*: none\."))
        ).to_be_visible()
        await expect(
            dev.get_by_role("img", name=re.compile(r"^p95 latency, .*: highest \d+ ms"))
        ).to_be_visible()
        assert await calls.locator("rect.mark").count() == 1, "one day with calls, one bar"
        await dev.get_by_text("Numbers for Calls per day").press("Enter")
        numbers = dev.get_by_role("table", name="Calls per day")
        await expect(numbers.get_by_role("cell", name="3 calls")).to_be_visible()
        await expect(numbers.get_by_role("row")).to_have_count(15)  # a header and 14 days
        await assert_accessible(dev)
        await dev.get_by_role("heading", name=re.compile("^Use, last 14 days")).evaluate(
            "e => { document.getElementById('main').scrollTop = e.offsetTop - 60 }"
        )
        await screenshot(dev, "dev-app-usage")

        admin = await person(browser, base_url(api), "root")
        await admin.goto("/admin/apps")
        row = admin.get_by_role("row", name=re.compile("Tix"))
        await expect(row.get_by_role("cell").nth(4)).to_have_text("3")
        await expect(
            row.get_by_role("img", name=re.compile(r"tix calls per day, .*: 3 calls in all"))
        ).to_be_visible()
        await admin.goto("/admin/apps/food")
        await expect(
            admin.get_by_role("img", name=re.compile(r"^Calls per day, .*: 1 call in all"))
        ).to_be_visible()
        await assert_accessible(admin)
        await admin.get_by_role("heading", name=re.compile("^Health, last 14 days")).evaluate(
            "e => { document.getElementById('main').scrollTop = e.offsetTop - 60 }"
        )
        await screenshot(admin, "admin-app-health")
