"""The ASGI application: explicit routes, services opened and closed by the lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route, WebSocketRoute

from souq.graphql.http import GraphQLEndpoint
from souq.observability.web import observability_middleware, observability_routes
from souq.runtime import Services, build_services
from souq.settings import Settings, load_settings
from souq.web.client import client_routes, web_root
from souq.web.events import app_event
from souq.web.headers import SecurityHeaders
from souq.web.health import healthz, readyz
from souq.web.session import WebSession


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> Starlette:
    """A souq app for ``settings`` (read from the environment when not given).

    The database must be migrated first (``souq db upgrade``; ``souq serve`` does it).
    Pass ``services`` to share them with the caller (tests, benchmarks); the app then
    leaves starting (loading apps) and closing them to the caller.
    """
    owned = services is None
    services = services or build_services(settings or load_settings())
    graphql = GraphQLEndpoint(services)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if owned:
            await services.start(sweep=True)
        try:
            yield
        finally:
            if owned:
                await services.close()

    settings = services.settings
    api: list[BaseRoute] = [
        *observability_routes(settings),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/apps/{slug}/events/{name}", app_event, methods=["POST"]),
        Route("/session", WebSession),
    ]
    app = Starlette(
        routes=[*api, *client_routes(web_root(settings), api)],
        middleware=[*observability_middleware(settings), Middleware(SecurityHeaders)],
        lifespan=lifespan,
    )
    app.state.services = services
    return app
