"""The web client: its built pages and assets, served from the web root.

The web root (``SOUQ_WEB_ROOT``, by default the ``static`` folder beside this module, where
``cd client && npm ci && npm run build`` writes) holds ``index.html``, ``graphiql.html``
and ``assets/`` (files with hashed names). Any GET of a path that is not the API's answers
``index.html``, so the client routes itself (``/chats/12``); ``/assets/...`` are cached for
a year, the pages are revalidated on every load. A page that was not built answers 503
saying how to build it.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from souq.settings import Settings

PACKAGE_WEB_ROOT = Path(__file__).parent / "static"
BUILD = "cd client && npm ci && npm run build"
IMMUTABLE = "public, max-age=31536000, immutable"


def web_root(settings: Settings) -> Path:
    """Where the built client is: ``SOUQ_WEB_ROOT``, else the package's ``static`` folder."""
    return settings.web_root or PACKAGE_WEB_ROOT


def page(path: Path, headers: dict[str, str] | None = None) -> Response:
    """The built HTML page at ``path``, revalidated on every load; 503 if it is missing."""
    if not path.is_file():
        return PlainTextResponse(
            f"The web client is not built: {path} is missing.\n"
            f"Build it in souq's repository with `{BUILD}`, "
            "or point SOUQ_WEB_ROOT at a folder that holds a build.\n",
            status_code=503,
            headers={"cache-control": "no-store"},
        )
    return FileResponse(
        path, media_type="text/html", headers={"cache-control": "no-cache", **(headers or {})}
    )


class Assets(StaticFiles):
    """The hashed build files, cached for good; a missing folder is a 404, not an error."""

    async def check_config(self) -> None:
        """Nothing to check: before a build, every asset is simply not found."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["cache-control"] = IMMUTABLE
        return response


def client_routes(root: Path, api: list[BaseRoute]) -> list[BaseRoute]:
    """The routes of the client under ``root``, to follow the ``api`` routes: a GET of any
    other path answers ``index.html``; a path of the API with the wrong method stays 405."""
    index = root / "index.html"

    async def spa(request: Request) -> Response:
        for route in api:
            if route.matches(request.scope)[0] is Match.PARTIAL:
                allowed = ", ".join(sorted(getattr(route, "methods", None) or ()))
                raise HTTPException(405, headers={"allow": allowed})
        return page(index)

    return [
        Mount("/assets", app=Assets(directory=root / "assets", check_dir=False)),
        Route("/{path:path}", spa, methods=["GET"]),
    ]
