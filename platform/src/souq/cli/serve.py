"""``souq serve``: run the server."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import logging.config
import socket

import typer
import uvicorn
from starlette.applications import Starlette

from souq.app import create_app
from souq.observability.logs import log_config
from souq.observability.workers import Supervisor, shared_metrics
from souq.settings import Settings, load_settings
from souq.web.server import uvicorn_config

from .collector import collector_paused
from .common import console, errors, migrate, require_migrated

HOST = typer.Option("127.0.0.1", help="Address to listen on.")
PORT = typer.Option(8000, help="Port to listen on.")


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before anything is printed or prepared: an address that
    cannot be had (a port in use) is one line and exit code 1."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
    # Connections accepted here inherit TCP_NODELAY from the listener, and nothing else
    # sets it on them: without it Nagle's algorithm holds a response's second write until
    # the client's delayed ACK, about 40 ms per request (bench/messaging.py measured
    # /healthz at 44 ms on loopback instead of 3).
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        errors.print(
            f"[red]error:[/red] cannot listen on {host}:{port}: {error.strerror or error}",
            highlight=False,
        )
        raise typer.Exit(1) from None
    return listener


class _BoundServer(uvicorn.Server):
    """uvicorn serving the socket ``listen`` bound. uvicorn leaves the "running on" line
    to whoever bound the socket; this says it, in uvicorn's words, once serving."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        with collector_paused():  # the lifespan loads the apps: as the app, they stay
            await super().startup(sockets=sockets)
        if self.started and sockets:
            host, port = sockets[0].getsockname()[:2]
            address = f"[{host}]" if ":" in host else host
            logging.getLogger("uvicorn.error").info(
                "Uvicorn running on http://%s:%d (Press CTRL+C to quit)", address, port
            )


def run(
    settings: Settings,
    listener: socket.socket,
    host: str,
    port: int,
    *,
    migrate_first: bool,
    workers: int = 1,
) -> None:
    """Serve on ``listener`` until stopped: in this process, or in ``workers`` processes
    sharing it (each builds its own app, as :func:`worker_app`)."""
    logs = log_config(settings.log_format, settings.log_level)
    logging.config.dictConfig(logs)
    if migrate_first:
        asyncio.run(migrate(settings))
    if workers > 1:
        settings.secret()  # made once here, so that every worker reads the same key
        config = uvicorn_config(
            "souq.cli.serve:worker_app",
            settings,
            factory=True,
            workers=workers,
            # a worker answers the supervisor's health checks once it has started, which
            # takes seconds on a busy machine: uvicorn's 5 s would restart it in a loop
            timeout_worker_healthcheck=60,
            host=host,
            port=port,
            log_level=settings.log_level,
            log_config=logs,
            lifespan="on",
        )
        logging.getLogger("uvicorn.error").info(
            "Uvicorn running on http://%s:%d with %d workers (Press CTRL+C to quit)",
            f"[{host}]" if ":" in host else host,
            port,
            workers,
        )
        with shared_metrics() if settings.metrics_token else contextlib.nullcontext():
            Supervisor(config, sockets=[listener]).run()
        return

    async def go() -> None:
        app = worker_app(settings)
        config = uvicorn_config(
            app,
            settings,
            host=host,
            port=port,
            log_level=settings.log_level,
            log_config=logs,
            lifespan="on",
        )
        await _BoundServer(config).serve(sockets=[listener])

    asyncio.run(go())  # asyncio's own loop, as for --workers: see uvicorn_config


GC_THRESHOLDS = (10_000, 10, 10)
"""The collector's thresholds while serving (CPython's default first one is 700).

Live delivery keeps thousands of objects in flight at once (a message to a group of
1,000 is a thousand subscribers' events on their way out), and with a first threshold of
700 the collector ran every few milliseconds during a fan-out, moving every object in
flight into the older generations: a young collection of each generation every few
messages and a full one (all of the process's sockets, over 300 ms with 1,000 of them)
every 50 or so. Objects in flight are freed by their reference counts once sent, so
with 10,000 young objects allowed the collector rarely runs during a fan-out at all, and
a young collection stays a few milliseconds (docs/scaling.md)."""


def worker_app(settings: Settings | None = None) -> Starlette:
    """The app one serving process runs (``settings`` from the environment if not given).
    Everything built so far lives as long as the process: see :func:`collector_paused`;
    then the collector runs with :data:`GC_THRESHOLDS`."""
    with collector_paused():
        app = create_app(settings)
    gc.set_threshold(*GC_THRESHOLDS)
    return app


def serve(
    host: str = HOST,
    port: int = PORT,
    migrate_first: bool = typer.Option(
        True, "--migrate/--no-migrate", help="Apply pending migrations before serving."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="Processes to serve with, sharing the port; more than one needs SOUQ_REDIS_URL.",
    ),
) -> None:
    """Serve the GraphQL API at /graphql (configured by SOUQ_* variables)."""
    settings = load_settings()
    if workers > 1 and not settings.redis_url:
        errors.print(
            "[red]error:[/red] --workers needs SOUQ_REDIS_URL: live events must reach "
            "every process (see docs/deploying.md)",
            highlight=False,
        )
        raise typer.Exit(2)
    if not migrate_first:
        asyncio.run(require_migrated(settings))
    listener = listen(host, port)
    if settings.log_format == "text":  # in json, every line on the output is a JSON object
        console.print(f"souq ({settings.env}) on http://{host}:{port}/graphql")
    run(settings, listener, host, port, migrate_first=migrate_first, workers=workers)
