"""The web client's chat in real Chromium: two people in two windows chatting live,
history, and sending that survives a failure."""

from __future__ import annotations

import pytest
from browser import assert_accessible, chromium, person, screenshot
from live_server import Api
from playwright.async_api import Page, expect
from tcp_proxy import proxy_to

pytestmark = pytest.mark.browser


def base_url(api: Api) -> str:
    return str(api.http.base_url).rstrip("/")


async def send(page: Page, text: str) -> None:
    box = page.get_by_role("combobox", name="Message")
    await box.fill(text)
    await box.press("Enter")


async def test_two_people_chat_live_in_two_windows(api: Api) -> None:
    for name in ("ana", "bruno"):
        await api.register(name)
    async with chromium() as browser:
        ana = await person(browser, base_url(api), "ana")
        bruno = await person(browser, base_url(api), "bruno")
        await assert_accessible(ana)

        await ana.get_by_placeholder("Start a chat with… (username)").fill("bruno")
        await ana.get_by_role("button", name="Chat", exact=True).click()
        await expect(ana.get_by_role("heading", name="bruno")).to_be_visible()
        await send(ana, "See you at eight")
        log = ana.get_by_role("log", name="Messages")
        await expect(log.get_by_text("See you at eight")).to_be_visible()

        # bruno's list gains the conversation live, with one unread message
        link = bruno.get_by_role("link", name="ana")
        await expect(link).to_contain_text("See you at eight")
        await expect(bruno.get_by_label("1 unread")).to_be_visible()
        await link.click()
        await expect(
            bruno.get_by_role("log", name="Messages").get_by_text("See you at eight")
        ).to_be_visible()
        await expect(bruno.get_by_label("1 unread")).to_have_count(0)

        await send(bruno, "Eight it is <b>not bold</b>")
        reply = log.get_by_text("Eight it is <b>not bold</b>")
        await expect(reply).to_be_visible()
        assert await log.locator("b").count() == 0, "message bodies are text, never HTML"
        await assert_accessible(ana)
        await screenshot(ana, "chat")


async def test_a_dropped_connection_loses_and_doubles_nothing(api: Api) -> None:
    """Messages arrive before, during and after ana's connection is cut; once she is back,
    her window shows every one of them once, in order."""
    tokens = {name: await api.register(name) for name in ("ana", "bruno")}
    conversation = await api.direct(tokens["bruno"], "ana")
    port = api.http.base_url.port
    assert port is not None

    async def bruno_sends(numbers: range) -> None:
        for n in numbers:
            await api.send(tokens["bruno"], conversation, f"message {n}", f"m{n}")

    async with proxy_to(port) as proxy, chromium() as browser:
        ana = await person(browser, f"http://127.0.0.1:{proxy.port}", "ana")
        await ana.get_by_role("link", name="bruno").click()
        log = ana.get_by_role("log", name="Messages")
        await bruno_sends(range(1, 6))
        await expect(log.get_by_text("message 5", exact=True)).to_be_visible()

        proxy.cut()
        await expect(ana.get_by_role("status")).to_contain_text("reconnecting")
        await bruno_sends(range(6, 16))
        proxy.restore()
        # "Reconnect now" skips the wait; the client may also have reconnected on its own
        await ana.evaluate("document.querySelector('.banner button')?.click()")
        await expect(ana.get_by_role("status")).to_have_count(0)
        await bruno_sends(range(16, 21))

        bodies = log.locator(".message .body")
        await expect(bodies).to_have_text([f"message {n}" for n in range(1, 21)])


async def test_history_loads_backwards_as_you_scroll_up(api: Api) -> None:
    tokens = {name: await api.register(name) for name in ("ana", "bruno")}
    conversation = await api.direct(tokens["bruno"], "ana")
    for n in range(1, 71):
        await api.send(tokens["bruno"], conversation, f"line {n}", f"l{n}")
    async with chromium() as browser:
        ana = await person(browser, base_url(api), "ana")
        await ana.get_by_role("link", name="bruno").click()
        log = ana.get_by_role("log", name="Messages")
        bodies = log.locator(".message .body")
        await expect(bodies.last).to_have_text("line 70")
        await expect(log.get_by_text("line 1", exact=True)).to_have_count(0)
        for loaded in (60, 70):  # pages of 30: scrolling to the top loads the one before
            await log.evaluate("element => element.scrollTo(0, 0)")
            await expect(bodies).to_have_count(loaded)
        await expect(log.get_by_text("Start of the conversation")).to_be_visible()
        await expect(bodies).to_have_text([f"line {n}" for n in range(1, 71)])


async def test_a_message_that_could_not_be_sent_is_kept_and_sent_once_on_retry(api: Api) -> None:
    tokens = {name: await api.register(name) for name in ("ana", "bruno")}
    conversation = await api.direct(tokens["bruno"], "ana")
    port = api.http.base_url.port
    assert port is not None
    async with proxy_to(port) as proxy, chromium() as browser:
        ana = await person(browser, f"http://127.0.0.1:{proxy.port}", "ana")
        await ana.get_by_role("link", name="bruno").click()
        log = ana.get_by_role("log", name="Messages")
        proxy.cut()
        await send(ana, "Are you there?")
        failed = log.locator(".message.failed")
        await expect(failed).to_contain_text("Not sent")
        await expect(failed.locator(".body")).to_have_text("Are you there?")

        proxy.restore()
        await failed.get_by_role("button", name="Retry").click()
        await expect(log.locator(".message.failed")).to_have_count(0)
        await expect(log.locator(".message .body")).to_have_text(["Are you there?"])
        history = await api.gql(
            "query($id: ID!) { conversation(id: $id) { messages(last: 10) { nodes { body } } } }",
            {"id": conversation},
            tokens["bruno"],
        )
        assert history["data"]["conversation"]["messages"]["nodes"] == [{"body": "Are you there?"}]


async def tab_to(page: Page, role: str, name: str) -> None:
    """Press Tab until the element with ``role`` and ``name`` has the focus."""
    target = page.get_by_role(role, name=name)  # type: ignore[arg-type]
    for _ in range(30):
        await page.keyboard.press("Tab")
        if await target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached the {role} {name!r}")


async def test_chatting_with_the_keyboard_alone(api: Api) -> None:
    tokens = {name: await api.register(name) for name in ("ana", "bruno")}
    conversation = await api.direct(tokens["bruno"], "ana")
    await api.send(tokens["bruno"], conversation, "Lunch?", "k1")
    async with chromium() as browser:
        ana = await person(browser, base_url(api), "ana")
        await tab_to(ana, "link", "bruno")
        await ana.keyboard.press("Enter")
        await expect(ana.get_by_role("heading", name="bruno")).to_be_visible()
        await tab_to(ana, "combobox", "Message")
        await ana.keyboard.type("Yes, at one")
        await ana.keyboard.press("Enter")
        log = ana.get_by_role("log", name="Messages")
        await expect(log.locator(".message .body")).to_have_text(["Lunch?", "Yes, at one"])
