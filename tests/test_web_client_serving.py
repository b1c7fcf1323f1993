"""The web client's pages and assets, served from the web root (``SOUQ_WEB_ROOT``), with
souq's security headers; GraphiQL (dev only) from the same build, never from a CDN."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from browser import chromium
from live_server import PASSWORD, Api, serve_with
from souq.settings import Settings
from souq.web.client import PACKAGE_WEB_ROOT
from souq.web.headers import CSP, GRAPHIQL_CSP

INDEX = """<!doctype html>
<html lang="en"><head><meta charset="UTF-8"><title>souq</title>
<script type="module" crossorigin src="/assets/index-3fa9c1.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-b70e22.css">
</head><body><div id="app"></div></body></html>
"""
GRAPHIQL = INDEX.replace("index-", "graphiql-").replace("<title>souq", "<title>GraphiQL")
SCRIPT = "document.getElementById('app').textContent = 'souq';\n"

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def build(root: Path) -> Path:
    """A web root as the client's build leaves it."""
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX)
    (root / "graphiql.html").write_text(GRAPHIQL)
    (root / "assets" / "index-3fa9c1.js").write_text(SCRIPT)
    (root / "assets" / "index-b70e22.css").write_text("body { margin: 0 }\n")
    return root


@pytest.fixture
async def web(settings: Settings, tmp_path: Path) -> AsyncIterator[Api]:
    """souq in dev mode, serving a build of the client from a folder of its own."""
    async with serve_with(settings, web_root=build(tmp_path / "web")) as api:
        yield api


def assert_secure(response: httpx.Response, csp: str = EXPECTED_CSP) -> None:
    assert response.headers["content-security-policy"] == csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


def test_the_policy_is_the_strict_one() -> None:
    assert EXPECTED_CSP == CSP
    assert EXPECTED_CSP.replace("font-src 'self'", "font-src 'self' data:") == GRAPHIQL_CSP


@pytest.mark.parametrize("path", ["/", "/chats/12", "/admin/review", "/dev/apps", "/x?y=1"])
async def test_every_client_path_answers_the_index_page(web: Api, path: str) -> None:
    response = await web.http.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert_secure(response)


async def test_assets_are_cached_for_good_and_unknown_ones_are_not_found(web: Api) -> None:
    script = await web.http.get("/assets/index-3fa9c1.js")
    assert script.status_code == 200
    assert script.text == SCRIPT
    assert "javascript" in script.headers["content-type"]
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert_secure(script)
    for missing in ("/assets/index-000000.js", "/assets/", "/assets/%2e%2e/index.html"):
        response = await web.http.get(missing)
        assert response.status_code == 404, missing
        assert response.text != INDEX
        assert "immutable" not in response.headers.get("cache-control", "")


async def test_the_api_keeps_its_paths(web: Api) -> None:
    assert (await web.http.get("/healthz")).json() == {"status": "ok"}
    assert (await web.http.get("/readyz")).json()["status"] == "ready"
    assert (await web.ok("{ errorCodes }"))["errorCodes"]
    by_get = await web.http.get("/graphql", params={"query": "{ errorCodes }"})
    assert by_get.json()["data"]["errorCodes"]
    wrong_method = await web.http.get("/apps/food/events/restock")
    assert (wrong_method.status_code, wrong_method.headers["allow"]) == (405, "POST")
    assert (await web.http.get("/session")).status_code == 403
    assert (await web.http.post("/chats/12")).status_code == 405


async def test_api_answers_carry_the_security_headers_too(web: Api) -> None:
    assert_secure(await web.http.get("/healthz"))
    assert_secure(await web.post("{ errorCodes }"))


async def test_graphiql_is_the_local_build_in_dev(web: Api) -> None:
    response = await web.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.text == GRAPHIQL
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-request-id"]
    assert_secure(response, csp=GRAPHIQL_CSP)


async def test_graphiql_is_off_in_production(settings: Settings, tmp_path: Path) -> None:
    async with serve_with(settings, env="prod", web_root=build(tmp_path / "web")) as api:
        response = await api.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 406
    assert "graphiql" not in response.text.lower()


async def test_without_a_build_pages_say_how_to_build_it(
    settings: Settings, tmp_path: Path
) -> None:
    empty = tmp_path / "nothing-built"
    async with serve_with(settings, web_root=empty) as api:
        for path, accept in [("/", "*/*"), ("/chats/12", "*/*"), ("/graphql", "text/html")]:
            response = await api.http.get(path, headers={"accept": accept})
            assert response.status_code == 503, path
            assert "cd client && npm ci && npm run build" in response.text
            assert str(empty / ("graphiql.html" if path == "/graphql" else "index.html")) in (
                response.text
            )
            assert_secure(response)
        assert (await api.http.get("/assets/index-3fa9c1.js")).status_code == 404
        assert (await api.http.get("/healthz")).status_code == 200


class Sources(HTMLParser):
    """Every address an HTML page loads something from (not the links a person follows)."""

    LOADS = frozenset(
        {"script", "link", "img", "iframe", "source", "audio", "video", "object", "embed"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.LOADS:
            self.addresses += [v for k, v in attrs if k in ("src", "href", "data") and v]


def external(html: str) -> list[str]:
    """The addresses ``html`` loads from anywhere but its own origin."""
    parser = Sources()
    parser.feed(html)
    return [a for a in parser.addresses if a.startswith(("http:", "https:", "//"))]


async def html_pages(api: Api) -> dict[str, httpx.Response]:
    """Every HTML page souq serves (dev mode): the client's routes and GraphiQL."""
    pages = {path: await api.http.get(path) for path in ("/", "/chats/12")}
    pages["GraphiQL"] = await api.http.get("/graphql", headers={"accept": "text/html"})
    return pages


async def test_no_page_loads_anything_from_elsewhere(web: Api) -> None:
    for name, response in (await html_pages(web)).items():
        assert response.status_code == 200, name
        assert external(response.text) == [], name


def test_the_checker_sees_what_a_cdn_page_would_load() -> None:
    cdn = '<script src="https://unpkg.com/graphiql/graphiql.min.js"></script>'
    cdn += '<link href="//cdn.jsdelivr.net/x.css" rel="stylesheet"><a href="https://x.org">'
    assert external(cdn) == [
        "https://unpkg.com/graphiql/graphiql.min.js",
        "//cdn.jsdelivr.net/x.css",
    ]


@pytest.mark.skipif(
    not (PACKAGE_WEB_ROOT / "index.html").is_file(), reason="the web client is not built"
)
async def test_the_built_client_loads_nothing_from_elsewhere(settings: Settings) -> None:
    async with serve_with(settings, web_root=None) as api:
        for name, response in (await html_pages(api)).items():
            assert response.status_code == 200, name
            assert external(response.text) == [], name


REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) =>
  console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));"""


@pytest.mark.browser
async def test_the_shipped_pages_run_in_chromium_under_their_policy(api: Api) -> None:
    """No Content-Security-Policy violation: the client signed in with its live WebSocket,
    and GraphiQL running a query with the session, completing and showing its docs."""
    if not (PACKAGE_WEB_ROOT / "index.html").is_file():
        pytest.skip("the web client is not built")
    await api.register("ana")
    base = str(api.http.base_url).rstrip("/")
    violations: list[str] = []
    async with chromium() as browser:
        context = await browser.new_context(base_url=base)
        await context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", lambda m: violations.append(m.text) if "CSP" in m.text else None)
        signed_in = await context.request.post(
            "/session",
            data={"username": "ana", "password": PASSWORD},
            headers={"x-souq-client": "web", "origin": base},
        )
        assert signed_in.ok

        client = await context.new_page()
        async with client.expect_websocket() as opened:
            await client.goto("/chats")
        socket = await opened.value
        ack = await socket.wait_for_event("framereceived")
        assert "connection_ack" in str(ack)

        graphiql = await context.new_page()
        await graphiql.goto("/graphql")
        editor = graphiql.locator(".graphiql-query-editor .CodeMirror").first
        await editor.click()
        await graphiql.keyboard.press("Control+A")
        await graphiql.keyboard.type("{ me { username } }")
        await graphiql.keyboard.press("Control+Enter")
        result = graphiql.locator(".result-window")
        await result.get_by_text('"ana"').wait_for()
        await editor.click()
        await graphiql.keyboard.press("Control+End")
        await graphiql.keyboard.type(" { li")
        await graphiql.keyboard.press("Control+Space")
        await graphiql.locator(".CodeMirror-hints").get_by_text("limits").wait_for()
        await graphiql.get_by_label("Show Documentation Explorer").click()
        await graphiql.get_by_text("All Schema Types").wait_for()
    assert violations == []
