"""What a newcomer does first, on the demo's own data: sign in as a demo person and find
the seeded chats, chat with another demo person in a second window, and open the consoles
as the demo admin and developer."""

from __future__ import annotations

import re

import pytest
from browser import chromium, person
from live_server import Api
from playwright.async_api import expect
from souq.demo import DEMO_PASSWORD, seed
from souq.runtime import Services

pytestmark = [pytest.mark.browser, pytest.mark.unreviewed]


async def test_a_newcomer_on_the_demo(api: Api, services: Services) -> None:
    await seed(services)
    base = str(api.http.base_url).rstrip("/")
    async with chromium() as browser:
        ana = await person(browser, base, "ana", password=DEMO_PASSWORD)
        bruno = await person(browser, base, "bruno", password=DEMO_PASSWORD)
        await expect(ana.get_by_role("link", name=re.compile("^Weekend trip"))).to_be_visible()
        await ana.get_by_role("link", name=re.compile("^Bruno Ferri")).click()
        log = ana.get_by_role("log", name="Messages")
        await expect(log.get_by_text("Roma, always.")).to_be_visible()

        await bruno.get_by_role("link", name=re.compile("^Ana Costa")).click()
        await bruno.get_by_role("combobox", name="Message").fill("Ordering now")
        await bruno.get_by_role("combobox", name="Message").press("Enter")
        await expect(log.get_by_text("Ordering now")).to_be_visible()

        admin = await person(browser, base, "admin", password=DEMO_PASSWORD)
        await admin.get_by_role("link", name="Admin").click()
        await expect(admin.get_by_role("heading", name="Review queue")).to_be_visible()
        devi = await person(browser, base, "devi", password=DEMO_PASSWORD)
        await devi.get_by_role("link", name="My apps").click()
        await expect(devi.get_by_role("heading", level=1)).to_be_visible()
