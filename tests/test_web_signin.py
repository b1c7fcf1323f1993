"""Signing in, registering and signing out in the web client, in real Chromium; the
credential stays in a cookie no script can read."""

from __future__ import annotations

import pytest
from browser import DESKTOP, assert_accessible, chromium, person, screenshot
from live_server import PASSWORD, Api
from playwright.async_api import expect

pytestmark = pytest.mark.browser


async def test_register_sign_out_and_a_wrong_password(api: Api) -> None:
    base = str(api.http.base_url).rstrip("/")
    async with chromium() as browser:
        context = await browser.new_context(base_url=base, viewport=DESKTOP)
        page = await context.new_page()
        await page.goto("/chats")
        await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        await assert_accessible(page)
        await screenshot(page, "sign-in")

        await page.get_by_role("button", name="New here? Create an account").click()
        await page.get_by_label("Username").fill("zoe")
        await page.get_by_label("Display name").fill("Zoe Quinn")
        await page.get_by_label("Password").fill(PASSWORD)
        await page.get_by_role("button", name="Create account").click()
        await expect(page.get_by_text("Choose a conversation, or start one.")).to_be_visible()
        assert page.url.endswith("/chats")

        cookies = await context.cookies()
        session = next(c for c in cookies if c["name"] == "souq_session")
        assert session["httpOnly"] and session["sameSite"] == "Strict"
        assert await page.evaluate("document.cookie") == "", "no script can read the session"

        await page.get_by_role("button", name="Sign out").click()
        await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        await page.reload()
        await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

        await page.get_by_label("Username").fill("zoe")
        await page.get_by_label("Password").fill("not the password")
        await page.get_by_role("button", name="Sign in", exact=True).click()
        await expect(page.get_by_role("alert")).to_contain_text("password")
        await page.get_by_label("Password").fill(PASSWORD)
        await page.get_by_role("button", name="Sign in", exact=True).click()
        await expect(page.get_by_role("navigation", name="Sections")).to_be_visible()


async def test_a_session_revoked_elsewhere_returns_the_window_to_signing_in(api: Api) -> None:
    await api.register("ana")
    async with chromium() as browser:
        page = await person(browser, str(api.http.base_url).rstrip("/"), "ana")
        await expect(page.get_by_text("Choose a conversation, or start one.")).to_be_visible()
        cookies = await page.context.cookies()
        token = next(c["value"] for c in cookies if c["name"] == "souq_session")
        assert (await api.gql("mutation { logout }", token=token))["data"] == {"logout": True}
        await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
