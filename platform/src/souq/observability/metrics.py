"""Prometheus metrics of one souq process, and what ``/metrics`` exposes.

Every metric is defined here, with a small function for each thing counted, so the
services record what happened in one line and never see prometheus-client. Labels are
bounded: routes are route templates, operation names pass :func:`operation_label`,
error codes are souq's, app slugs are the installed apps'.

With ``PROMETHEUS_MULTIPROC_DIR`` set (``souq serve --workers N`` sets it), each process
writes its values to files there and a scrape adds up every process's (prometheus-client's
multiprocess mode); the variable must be set before this module is imported.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from functools import cache
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"

OPERATION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_OPERATION_NAMES = 200
"""Distinct operation names a process labels; later new names count as ``other``."""

HTTP_REQUESTS = Counter(
    "souq_http_requests_total",
    "HTTP requests answered, by route template, method and status",
    ["route", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "souq_http_request_duration_seconds",
    "Time from receiving an HTTP request to the end of its response, by route template",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
GRAPHQL_OPERATIONS = Counter(
    "souq_graphql_operations_total",
    "GraphQL operations run (HTTP and WebSocket), by type and name",
    ["type", "name"],
)
GRAPHQL_ERRORS = Counter(
    "souq_graphql_errors_total",
    "GraphQL errors given to clients, by extensions.code",
    ["code"],
)
WEBSOCKETS_OPEN = Gauge(
    "souq_websockets_open",
    "WebSocket connections open",
    multiprocess_mode="livesum",
)
LIVE_PUBLISHED = Counter(
    "souq_live_events_published_total", "Live events published by this process"
)
LIVE_DELIVERED = Counter(
    "souq_live_events_delivered_total",
    "Live events handed to this process's subscribers (one per subscriber reached)",
)
FELL_BEHIND = Counter(
    "souq_subscriptions_fell_behind_total",
    "Live subscriptions ended with FELL_BEHIND (a full buffer, or the broker lost Redis)",
)
BROKER_LAG = Histogram(
    "souq_broker_lag_seconds",
    "Time from publishing a live event to handing it to this process's subscribers, "
    "through Redis (wall clocks of two processes: keep them in sync)",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
DB_WRITE_BATCH = Histogram(
    "souq_db_write_batch_size",
    "Writes one SQLite group commit carried",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
DB_WRITE_QUEUE = Histogram(
    "souq_db_write_queue_seconds",
    "Time a SQLite write waited in the writer's queue before its group commit started",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
APP_CALLS = Counter(
    "souq_app_calls_total",
    "Calls of apps' code, by app, kind of call and outcome",
    ["app", "kind", "outcome"],
)
APP_LATENCY = Histogram(
    "souq_app_call_duration_seconds",
    "Time an app took to give its first answer, by app",
    ["app"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
PAYMENTS = Counter(
    "souq_payments_total",
    "Payment confirmations: confirmed (money moved) or refused (expired, declined, "
    "already paid, short of money)",
    ["outcome"],
)
THROTTLED = Counter(
    "souq_login_throttled_total",
    "Sign-in and registration attempts refused by their rate limits",
    ["attempt"],
)

_operation_names: set[str] = set()


@cache
def child(metric: Counter | Histogram, *values: str) -> Any:
    """``metric.labels(*values)``, looked up once per process (``labels`` checks and locks,
    a few microseconds a call; label values are bounded, so the cache is too)."""
    return metric.labels(*values)


def operation_label(name: str | None) -> str:
    """The label for GraphQL operation ``name``: ``anonymous`` without one, ``other`` for
    a name that is not a plain identifier or past the first :data:`MAX_OPERATION_NAMES`
    distinct names of this process, else the name itself."""
    if not name:
        return "anonymous"
    if name in _operation_names:
        return name
    if not OPERATION_NAME.match(name) or len(_operation_names) >= MAX_OPERATION_NAMES:
        return "other"
    _operation_names.add(name)
    return name


def graphql_operation(kind: str, name: str | None) -> None:
    """Count one GraphQL operation of type ``kind`` (query, mutation, subscription)."""
    child(GRAPHQL_OPERATIONS, kind, operation_label(name)).inc()


def graphql_error(code: str) -> None:
    """Count one error given to a client with ``code``."""
    child(GRAPHQL_ERRORS, code).inc()


def app_call(slug: str, kind: str, outcome: str, latency_ms: float) -> None:
    """Count one call of app ``slug`` and observe its latency."""
    child(APP_CALLS, slug, kind, outcome).inc()
    child(APP_LATENCY, slug).observe(latency_ms / 1000)


def payment(outcome: str) -> None:
    """Count a confirmation that was ``confirmed`` or ``refused``."""
    child(PAYMENTS, outcome).inc()


def throttled(attempt: str) -> None:
    """Count an attempt (``sign-in`` or ``registration``) refused by its rate limit."""
    child(THROTTLED, attempt).inc()


def broker_lag(published: float) -> None:
    """Observe a live event published at ``published`` (``time.time()`` of the publishing
    process) reaching this process's subscribers now; a clock behind the publisher's counts
    as no lag rather than a negative one. About 1.5 µs (3.3 µs in multiprocess mode)."""
    BROKER_LAG.observe(max(0.0, time.time() - published))


def write_batch(queued: Sequence[float]) -> None:
    """Observe a group commit starting now of the writes queued at ``queued``
    (``time.perf_counter()`` values, one a write): its size and each write's wait.

    On the writer thread, about 1.4 µs a write (3.5 µs in multiprocess mode; timeit of a
    batch of 16), against the hundreds of µs a SQLite write takes."""
    started = time.perf_counter()
    DB_WRITE_BATCH.observe(len(queued))
    for at in queued:
        DB_WRITE_QUEUE.observe(started - at)


def exposition() -> tuple[bytes, str]:
    """The text a scrape reads and its content type: this process's metrics, or every
    process's added up in multiprocess mode."""
    if os.environ.get(MULTIPROC_DIR):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
