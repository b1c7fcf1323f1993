"""The web client for people, in real Chromium: ordering food from the chat and paying
for it in the confirmation sheet, the wallet, groups and their members, what each app is
allowed (consent cards, settings), exporting one's data, reporting a business message,
and deleting one's account."""

from __future__ import annotations

import json

import pytest
from browser import assert_accessible, chromium, person, screenshot
from conftest import SETUP
from live_server import PASSWORD, Api
from playwright.async_api import Locator, Page, expect
from souq.runtime import Services
from souq.services.accounts import Role
from test_food_billpay_notices_flows import People, signed_event

pytestmark = pytest.mark.browser

TOP_UP = 'mutation($u: String!, $a: Long!) { topUp(username: $u, amount: $a, reason: "test") { amount } }'


def base_url(api: Api) -> str:
    return str(api.http.base_url).rstrip("/")


async def admin(api: Api, services: Services) -> str:
    token = await api.register("root")
    await services.accounts.set_role(SETUP, "root", Role.ADMIN, reason="test setup")
    return token


async def send(page: Page, text: str) -> None:
    box = page.get_by_role("combobox", name="Message")
    await box.fill(text)
    await box.press("Enter")


async def command(page: Page, line: str) -> None:
    """Type a whole command: Enter first takes the matching suggestion, then sends it."""
    box = page.get_by_role("combobox", name="Message")
    await box.fill(line)
    await expect(page.get_by_role("listbox", name="Commands")).to_be_visible()
    await box.press("Enter")
    await expect(box).to_have_value(line + " ")
    await box.press("Enter")
    await expect(box).to_have_value("")
    await expect(page.locator(".usage")).to_have_count(0)  # nothing left of the command


def card(page: Page, title: str) -> Locator:
    """The card (in the message log) whose heading is ``title``."""
    log = page.get_by_role("log", name="Messages")
    return log.locator(".card").filter(has=page.get_by_role("heading", name=title, exact=True))


async def test_food_is_ordered_from_the_suggestions_and_paid_in_the_sheet(
    api: Api, services: Services
) -> None:
    root = await admin(api, services)
    ana = await api.register("ana")
    await api.register("bruno")
    await api.direct(ana, "bruno")
    await api.ok(TOP_UP, {"u": "ana", "a": 2000}, root)  # €20: not enough for two dishes
    async with chromium() as browser:
        page = await person(browser, base_url(api), "ana")
        await page.get_by_role("link", name="bruno").click()

        # typing /fo suggests Food's commands, with their parameters' types and help
        box = page.get_by_role("combobox", name="Message")
        await box.press_sequentially("/fo")
        options = page.get_by_role("listbox", name="Commands").get_by_role("option")
        menu = options.filter(has_text="/food menu")
        await expect(menu).to_contain_text("restaurant")
        await expect(menu).to_contain_text("its short name (da-enzo)")
        await assert_accessible(page)
        await screenshot(page, "people-command-suggestions")
        # chosen with the keyboard alone
        names = await options.locator(".command").all_inner_texts()
        for _ in range(names.index("/food menu")):
            await box.press("ArrowDown")
        await expect(menu).to_have_attribute("aria-selected", "true")
        await box.press("Enter")
        await expect(box).to_have_value("/food menu ")
        await box.press_sequentially("da-enzo")
        await box.press("Enter")

        dishes = card(page, "Da Enzo al 29: menu")
        await (
            dishes.get_by_role("listitem")
            .filter(has_text="Spaghetti alla carbonara")
            .get_by_role("button", name="Add")
            .click()
        )
        added = card(page, "Added Spaghetti alla carbonara")
        await added.get_by_role("button", name="View cart").click()
        await (
            card(page, "Your cart at Da Enzo al 29: €13.00")
            .get_by_role("button", name="Add one")
            .click()
        )
        # the cart is updated in place: one cart, now of two dishes
        await expect(card(page, "Your cart at Da Enzo al 29: €26.00")).to_have_count(1)
        await expect(card(page, "Your cart at Da Enzo al 29: €13.00")).to_have_count(0)

        await command(page, "/food checkout")
        payment = page.locator(".card.payment")
        await expect(payment).to_contain_text("Order at Da Enzo al 29: 2 dishes · €26.00")
        await expect(payment).to_contain_text("Waiting for payment")
        pay = payment.get_by_role("button", name="Pay…")

        # the sheet: Escape closes it and gives the focus back
        await pay.click()
        sheet = page.get_by_role("dialog", name="Confirm payment")
        await expect(sheet).to_be_visible()
        await page.keyboard.press("Escape")
        await expect(sheet).to_have_count(0)
        await expect(pay).to_be_focused()

        await pay.click()
        await expect(sheet).to_contain_text("Food")
        await expect(sheet).to_contain_text("€26.00")
        await expect(sheet).to_contain_text("€20.00")  # the balance
        await assert_accessible(page)
        await screenshot(page, "people-payment-sheet")
        await sheet.get_by_role("button", name="Pay €26.00").click()
        await expect(sheet.get_by_role("alert")).to_contain_text("Not enough money")
        await expect(payment).to_contain_text("Waiting for payment")

        # topped up meanwhile: paying again (with the same key) goes through
        await api.ok(TOP_UP, {"u": "ana", "a": 1000}, root)
        await sheet.get_by_role("button", name="Pay €26.00").click()
        await expect(sheet).to_have_count(0)
        await expect(payment).to_contain_text("Paid")
        await expect(payment.get_by_role("button", name="Pay…")).to_have_count(0)
        await expect(payment).to_be_focused()  # where the button was
        receipt = (
            page.get_by_role("log", name="Messages").locator(".card").filter(has_text="confirmed")
        )
        await expect(receipt).to_contain_text("Da Enzo al 29 is preparing 2 dishes")
        await expect(receipt).to_contain_text("2 x Spaghetti alla carbonara")
        await assert_accessible(page)
        await screenshot(page, "people-paid")

        await page.get_by_role("link", name="Wallet").click()
        await expect(page.get_by_role("heading", name="Wallet", level=1)).to_be_visible()
        await expect(page.locator(".balances")).to_contain_text("€4.00")
        history = page.get_by_role("table", name="Wallet history, newest first")
        await expect(history.get_by_role("row").nth(1)).to_contain_text("-€26.00")
        await expect(history.get_by_role("row").nth(1)).to_contain_text("Payment")
        # the heading, the payment and the two top-ups
        await expect(history.get_by_role("row")).to_have_count(4)
        payments = page.get_by_role("table", name="Payment requests, newest first")
        await expect(payments.get_by_role("row").nth(1)).to_contain_text("Paid")
        await assert_accessible(page)
        await screenshot(page, "wallet")


async def test_a_payment_declined_in_the_sheet_is_declined_in_place(
    api: Api, services: Services
) -> None:
    people = await People(api, services).open()
    [menu] = await people.run(people.ana, "/food menu da-enzo")
    await people.press(people.ana, menu, "0.0")  # Add a carbonara
    await people.run(people.ana, "/food checkout")
    async with chromium() as browser:
        page = await person(browser, base_url(api), "ana")
        bruno = await person(browser, base_url(api), "bruno")
        await page.get_by_role("link", name="dinner").click()
        payment = page.locator(".card.payment")
        await payment.get_by_role("button", name="Pay…").click()
        sheet = page.get_by_role("dialog", name="Confirm payment")
        await expect(sheet).to_contain_text("€100.00")  # ana's balance
        await sheet.get_by_role("button", name="Decline").click()
        await expect(payment).to_contain_text("Declined")
        await expect(page.get_by_role("log", name="Messages")).to_contain_text(
            "You declined the payment"
        )
        # bruno, in the same group, never sees ana's payment card
        await bruno.get_by_role("link", name="dinner").click()
        await expect(bruno.get_by_role("log", name="Messages")).to_contain_text("Da Enzo al 29")
        await expect(bruno.locator(".card.payment")).to_have_count(0)


async def test_the_wallet_history_loads_a_page_at_a_time(api: Api, services: Services) -> None:
    root = await admin(api, services)
    await api.register("ana")
    for amount in range(1, 24):
        await api.ok(TOP_UP, {"u": "ana", "a": amount * 100}, root)
    async with chromium() as browser:
        page = await person(browser, base_url(api), "ana")
        await page.goto("/wallet")
        history = page.get_by_role("table", name="Wallet history, newest first")
        await expect(history.get_by_role("row")).to_have_count(21)
        await expect(history.get_by_role("row").nth(1)).to_contain_text("€23.00")
        await page.get_by_role("button", name="Load more history").click()
        await expect(history.get_by_role("row")).to_have_count(24)
        await expect(history.get_by_role("row").nth(23)).to_contain_text("€1.00")
        await expect(page.get_by_role("button", name="Load more history")).to_have_count(0)
        await expect(page.locator(".balances")).to_contain_text("€276.00")


async def test_a_group_is_made_its_members_changed_and_left(api: Api) -> None:
    for name in ("ana", "bruno", "carla"):
        await api.register(name)
    async with chromium() as browser:
        ana = await person(browser, base_url(api), "ana")
        bruno = await person(browser, base_url(api), "bruno")

        await ana.get_by_role("button", name="New group").click()
        form = ana.get_by_role("dialog", name="New group")
        await expect(form.get_by_role("button", name="Close")).to_be_focused()
        # the focus stays in the dialog: Tab goes round its five controls
        for _ in range(5):
            await ana.keyboard.press("Tab")
        await expect(form.get_by_role("button", name="Close")).to_be_focused()
        await ana.keyboard.press("Shift+Tab")
        await expect(form.get_by_role("button", name="Cancel")).to_be_focused()
        await form.get_by_label("Title").fill("Dinner")
        await form.get_by_label("Members").fill("bruno")
        await assert_accessible(ana)
        await screenshot(ana, "people-new-group")
        await form.get_by_role("button", name="Create group").click()
        await expect(ana.get_by_role("heading", name="Dinner", level=1)).to_be_visible()
        await send(ana, "Pizza tonight?")

        # bruno's list gains the group with ana's message; he opens it
        await bruno.get_by_role("link", name="Dinner").click()
        await expect(bruno.get_by_role("log", name="Messages")).to_contain_text("Pizza tonight?")
        # he is not the owner: he sees the members, but cannot change them
        await bruno.get_by_role("button", name="Members (2)").click()
        panel = bruno.get_by_role("dialog", name="Members of Dinner")
        await expect(panel).to_contain_text("Only the group's owner adds and removes members.")
        await expect(panel.get_by_role("button", name="Remove ana")).to_have_count(0)
        await bruno.keyboard.press("Escape")

        members = ana.get_by_role("button", name="Members (2)")
        await members.click()
        panel = ana.get_by_role("dialog", name="Members of Dinner")
        await panel.get_by_label("Add people").fill("carla")
        await panel.get_by_role("button", name="Add", exact=True).click()
        await expect(panel.get_by_role("listitem")).to_have_count(3)
        await expect(panel).to_contain_text("@carla")
        await assert_accessible(ana)
        await screenshot(ana, "people-group-members")
        await panel.get_by_role("button", name="Remove bruno").click()
        await expect(panel.get_by_role("listitem")).to_have_count(2)
        await expect(panel).not_to_contain_text("@bruno")
        await ana.keyboard.press("Escape")
        await expect(ana.get_by_role("button", name="Members (2)")).to_be_focused()

        # bruno's window loses the group at once, live
        await expect(bruno.get_by_role("alert")).to_contain_text(
            "You are not a member of this conversation"
        )
        await expect(bruno.get_by_role("link", name="Dinner")).to_have_count(0)

        # ana leaves, after confirming
        await ana.get_by_role("button", name="Members (2)").click()
        panel = ana.get_by_role("dialog", name="Members of Dinner")
        await panel.get_by_role("button", name="Leave group…").click()
        await expect(panel).to_contain_text("Leave Dinner?")
        await panel.get_by_role("button", name="Leave group", exact=True).click()
        await expect(ana.get_by_role("link", name="Dinner")).to_have_count(0)
        await expect(ana).to_have_url(base_url(api) + "/chats")


async def test_a_consent_card_grants_settings_show_and_revoke_it_and_data_is_exported(
    api: Api,
) -> None:
    ana = await api.register("ana")
    await api.register("bruno")
    await api.direct(ana, "bruno")
    async with chromium() as browser:
        page = await person(browser, base_url(api), "ana")
        await page.get_by_role("link", name="bruno").click()
        await command(page, "/bank link")
        consent = card(page, "Souq Bank asks for your permission")
        # souq's card, not the app's: marked as souq's
        message = page.locator(".message.from-souq").filter(
            has_text="Souq Bank asks for your permission"
        )
        await expect(message.locator(".badge.souq")).to_have_text("souq")
        await assert_accessible(page)
        await screenshot(page, "people-consent-card")
        await consent.get_by_role("button", name="Allow", exact=True).click()
        await expect(consent.get_by_role("button")).to_have_count(0)  # answered
        await expect(card(page, "Your Souq Bank account")).to_be_visible()

        await page.get_by_role("link", name="Settings").click()
        bank = page.get_by_role("listitem").filter(
            has=page.get_by_role("heading", name="Souq Bank")
        )
        grant = bank.get_by_role("listitem").filter(has_text="messages.notify")
        await expect(grant).to_contain_text("Allowed in the chat on")
        await assert_accessible(page)
        await screenshot(page, "settings")
        await grant.get_by_role("button", name="Revoke messages.notify from Souq Bank").click()
        await expect(
            bank.get_by_role("button", name="Allow messages.notify to Souq Bank")
        ).to_be_visible()
        await expect(
            bank.get_by_role("button", name="Revoke messages.notify from Souq Bank")
        ).to_have_count(0)
        await page.reload()
        await expect(
            bank.get_by_role("button", name="Allow messages.notify to Souq Bank")
        ).to_be_visible()

        await bank.get_by_role("button", name="Mute Souq Bank").click()
        await expect(bank.get_by_role("button", name="Unmute Souq Bank")).to_be_visible()
        await bank.get_by_role("button", name="Forget me…").click()
        forget = page.get_by_role("dialog", name="Make Souq Bank forget you?")
        await assert_accessible(page)
        await forget.get_by_role("button", name="Forget me").click()
        await expect(forget).to_have_count(0)
        await expect(bank.get_by_role("button", name="Forget me…")).to_be_focused()

        await page.get_by_role("textbox", name="Phone number").fill("+31 6 1234 5678")
        await page.get_by_role("button", name="Save").click()
        await expect(page.get_by_role("status")).to_have_text("Saved: +31612345678")
        await page.get_by_role("textbox", name="Phone number").fill("12")
        await page.get_by_role("button", name="Save").click()
        await expect(page.get_by_role("alert")).to_be_visible()

        async with page.expect_download() as downloading:
            await page.get_by_role("button", name="Export my data").click()
        download = await downloading.value
        assert download.suggested_filename.endswith(".json")
        path = await download.path()
        exported = json.loads(path.read_text())
        assert exported["format"] == "souq-export/1"
        assert "ana" in json.dumps(exported["profile"])


async def test_a_business_message_says_why_and_is_reported(api: Api, services: Services) -> None:
    people = await People(api, services).open()
    order, receipt = await people.paid_order(people.ana)
    asked = await people.press(people.ana, receipt, "0")  # Tell me when it's on its way
    [consent] = [m for m in await people.messages(people.ana) if m["id"] == asked["id"]]
    await people.press(people.ana, consent, "0")  # Allow
    await signed_event(
        api, services, "food", "order-status", {"order": order, "status": "on_its_way"}
    )
    async with chromium() as browser:
        page = await person(browser, base_url(api), "ana")
        await page.get_by_role("link").filter(has=page.get_by_text("Food", exact=True)).click()
        news = (
            page.get_by_role("log", name="Messages")
            .locator(".message")
            .filter(has_text=f"Your order {order} from Da Enzo al 29 is on its way.")
        )
        await expect(news.locator(".why")).to_contain_text("You allowed Food to send you")
        await news.get_by_role("button", name="Report").click()
        sheet = page.get_by_role("dialog", name="Report this message")
        await sheet.get_by_label("Also block Food").check()
        await assert_accessible(page)
        await screenshot(page, "people-report")
        await sheet.get_by_role("button", name="Report").click()
        await expect(sheet).to_have_count(0)
        await expect(news.locator(".why")).to_contain_text("Reported")
        await expect(news.get_by_role("button", name="Report")).to_have_count(0)

        await page.goto("/settings")
        food = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Food"))
        await expect(food.get_by_role("button", name="Unblock Food")).to_be_visible()


async def test_deleting_the_account_signs_out(api: Api) -> None:
    await api.register("ana")
    async with chromium() as browser:
        page = await person(browser, base_url(api), "ana")
        await page.goto("/settings")
        await page.get_by_role("button", name="Delete my account…").click()
        sheet = page.get_by_role("dialog", name="Delete your account?")
        await sheet.get_by_label("Password").fill("not the password")
        await sheet.get_by_role("button", name="Delete my account").click()
        await expect(sheet.get_by_role("alert")).to_be_visible()
        await assert_accessible(page)
        await screenshot(page, "people-delete-account")
        await sheet.get_by_label("Password").fill(PASSWORD)
        await sheet.get_by_role("button", name="Delete my account").click()
        await expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
        # and the account is gone: signing in again fails
        await page.get_by_label("Username").fill("ana")
        await page.get_by_label("Password").fill(PASSWORD)
        await page.get_by_role("button", name="Sign in", exact=True).click()
        await expect(page.get_by_role("alert")).to_be_visible()
