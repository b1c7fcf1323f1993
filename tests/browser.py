"""Test support: the web client in a real Chromium, driven by Playwright.

Chromium is Debian's (``apt-get install chromium``; Playwright's own browser downloads
cannot be reached here), found on the PATH or at ``SOUQ_TEST_CHROMIUM``. Without it the
browser tests are skipped, except in CI (``CI=true``), where they must run.

Every test serves souq with :func:`live_server.serve` in its own event loop, so the page
talks to the real app over real HTTP and WebSocket while the test can still reach the
services. Screenshots go to ``SOUQ_TEST_SCREENSHOTS`` (default ``build/screenshots``).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe
from live_server import PASSWORD
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 780}
SCREENSHOTS = Path(os.environ.get("SOUQ_TEST_SCREENSHOTS", "build/screenshots"))
SERIOUS = {"serious", "critical"}

expect.set_options(timeout=10_000)


def chromium_path() -> str | None:
    """Debian's Chromium, or the one ``SOUQ_TEST_CHROMIUM`` names."""
    named = os.environ.get("SOUQ_TEST_CHROMIUM")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """The Chromium to drive; skips the test without one (fails in CI)."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs the browser tests: install chromium (apt-get install chromium)")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    return path


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """A headless Chromium for one test."""
    path = require_chromium()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=path, headless=True, args=["--no-sandbox"]
        )
        try:
            yield browser
        finally:
            await browser.close()


async def person(
    browser: Browser,
    base_url: str,
    username: str,
    *,
    phone: bool = False,
    password: str = PASSWORD,
) -> Page:
    """A new browser window (its own cookies) signed in as ``username``."""
    context: BrowserContext = await browser.new_context(
        base_url=base_url, viewport=PHONE if phone else DESKTOP
    )
    page = await context.new_page()
    await page.goto("/")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("navigation", name="Sections")).to_be_visible()
    return page


async def assert_accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page as it stands."""
    results = await Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not serious, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in serious
    )


async def screenshot(page: Page, name: str) -> Path:
    """Save the page as it stands at desktop width and at phone width, then restore it."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower())
    size = page.viewport_size or DESKTOP
    path = SCREENSHOTS / f"{safe}-desktop.png"
    await page.set_viewport_size(DESKTOP)
    await page.screenshot(path=path)
    await page.set_viewport_size(PHONE)
    await page.screenshot(path=SCREENSHOTS / f"{safe}-phone.png")
    await page.set_viewport_size(size)
    return path
