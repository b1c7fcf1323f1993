"""Metrics, traces and JSON logs, read the way an operator reads them: ``/metrics`` scraped
over real HTTP after real GraphQL requests, a WebSocket subscription and app commands;
spans from the OpenTelemetry SDK's in-memory exporter; log lines parsed from a handler or
from a real ``souq serve`` process."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import logging
import os
import re
import secrets
import signal
import sys
import threading
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from conftest import Install
from live_server import EVENTS, Api, serve
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from processes import RUNNING, client, free_port, souq_process
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.parser import text_string_to_metric_families
from sample_apps import shaky_app
from souq.events.broker import person_topic
from souq.events.types import MessagePosted
from souq.observability import otel
from souq.observability.json_lines import JsonLines
from souq.runtime import Services, build_services
from souq.settings import Settings
from sqlalchemy.orm import Session

TOKEN = "scrape-me-please-0123456789"
AUTH = {"authorization": f"Bearer {TOKEN}"}
REDIS_URL = os.environ.get("SOUQ_TEST_REDIS_URL")
REGISTER = (
    "mutation Register($u: String!, $p: String!) { register(username: $u, password: $p) { token } }"
)
SEND = (
    "mutation Send($c: ID!, $b: String!, $k: String!) { sendMessage(conversationId: $c, "
    "body: $b, clientMessageId: $k) { id seq } }"
)

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"metrics_token": TOKEN}


def parse(text: str) -> Samples:
    """Every sample of a scrape, keyed by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(api: Api) -> Samples:
    response = await api.http.get("/metrics", headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return parse(response.text)


def value(samples: Samples, metric: str, **labels: str) -> float:
    return samples.get((metric, tuple(sorted(labels.items()))), 0.0)


def moved(before: Samples, after: Samples, metric: str, **labels: str) -> float:
    return value(after, metric, **labels) - value(before, metric, **labels)


async def test_a_scrape_counts_requests_operations_errors_sockets_events_and_app_calls(
    api: Api, services: Services
) -> None:
    before = await scrape(api)
    ana = (await api.ok(REGISTER, {"u": "ana", "p": "correct horse battery"}))["register"]["token"]
    bruno = await api.register("bruno")
    unsigned = await api.error("query Me { me { username } }")
    assert unsigned["extensions"]["code"] == "UNAUTHENTICATED"
    group = await api.group(ana, "Dinner", ["bruno"])
    async with api.subscribe(bruno, EVENTS, await api.from_now(bruno)) as live:
        during = await scrape(api)
        await api.ok(SEND, {"c": group, "b": "/food restaurants roma", "k": "k1"}, ana)
        assert (await live.message())["body"] == "Restaurants in Roma"  # the line is private
    after = await scrape(api)

    assert (
        moved(before, after, "souq_graphql_operations_total", type="mutation", name="Register") == 1
    )
    assert moved(before, after, "souq_graphql_operations_total", type="mutation", name="Send") == 1
    assert moved(before, after, "souq_graphql_operations_total", type="query", name="Me") == 1
    assert (
        moved(before, after, "souq_graphql_operations_total", type="subscription", name="anonymous")
        == 1
    )
    assert moved(before, after, "souq_graphql_errors_total", code="UNAUTHENTICATED") == 1
    graphql = {"route": "/graphql", "method": "POST", "status": "200"}
    assert moved(before, after, "souq_http_requests_total", **graphql) >= 6
    assert (
        moved(
            before,
            after,
            "souq_http_request_duration_seconds_count",
            route="/graphql",
            method="POST",
        )
        >= 6
    )
    assert moved(before, during, "souq_websockets_open") == 1
    assert moved(before, after, "souq_websockets_open") == 0
    assert moved(before, after, "souq_live_events_published_total") >= 2  # the line, the reply
    assert moved(before, after, "souq_live_events_delivered_total") >= 1
    calls = {"app": "food", "kind": "command", "outcome": "ok"}
    assert moved(before, after, "souq_app_calls_total", **calls) == 1
    assert moved(before, after, "souq_app_call_duration_seconds_count", app="food") == 1


async def test_failed_app_calls_throttled_sign_ins_and_fell_behind_are_counted(
    api: Api, services: Services, install: Install
) -> None:
    await install(shaky_app())
    before = await scrape(api)
    ana = await api.register("ana")
    chat = await api.group(ana, "Tests", [])
    await api.send(ana, chat, "/shaky explode", "k1")
    login = 'mutation($p: String!) { login(username: "ana", password: $p) { token } }'
    for _ in range(6):  # SOUQ_LOGIN_ATTEMPTS_PER_USERNAME_AND_ADDRESS is 5/minute
        await api.gql(login, {"p": "wrong password here"})
    async with services.broker.subscribe(["person:999"]):  # a subscriber that never reads
        for n in range(services.settings.live_buffer_events + 1):
            await services.broker.publish(["person:999"], f"event {n}")  # type: ignore[arg-type]
    after = await scrape(api)
    failed = {"app": "shaky", "kind": "command", "outcome": "error"}
    assert moved(before, after, "souq_app_calls_total", **failed) == 1
    assert moved(before, after, "souq_login_throttled_total", attempt="sign-in") == 1
    assert moved(before, after, "souq_graphql_errors_total", code="RATE_LIMITED") == 1
    assert moved(before, after, "souq_subscriptions_fell_behind_total") == 1


async def test_database_writes_of_requests_are_observed_per_group_commit_on_sqlite_only(
    api: Api, services: Services
) -> None:
    before = await scrape(api)
    ana = await api.register("ana")
    await api.register("bruno")
    group = await api.group(ana, "Dinner", ["bruno"])
    await api.send(ana, group, "hello", "k1")
    after = await scrape(api)

    batches = moved(before, after, "souq_db_write_batch_size_count")
    writes = moved(before, after, "souq_db_write_batch_size_sum")
    waits = moved(before, after, "souq_db_write_queue_seconds_count")
    if services.db.dialect == "sqlite":
        assert batches >= 4  # two sign-ups, the group, the message: each waited for its commit
        assert waits == writes >= batches  # one wait observed per write a batch carried
        assert moved(before, after, "souq_db_write_queue_seconds_sum") >= 0
    else:  # each write is a transaction of its own: no queue, no batches
        assert (batches, writes, waits) == (0, 0, 0)
    assert moved(before, after, "souq_broker_lag_seconds_count") == 0  # in process: none


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_writes_queued_behind_a_running_one_are_observed_as_one_batch(
    api: Api, services: Services
) -> None:
    running, release = threading.Event(), threading.Event()

    def hold(session: Session) -> None:
        running.set()
        release.wait(10)

    def nothing(session: Session) -> None:
        return None

    before = await scrape(api)
    held = asyncio.create_task(services.db.write(hold))
    assert await asyncio.to_thread(running.wait, 10)
    queued = [asyncio.create_task(services.db.write(nothing)) for _ in range(3)]
    asyncio.get_running_loop().call_soon(release.set)  # after the three have queued
    await asyncio.gather(held, *queued)
    after = await scrape(api)

    assert moved(before, after, "souq_db_write_batch_size_count") == 2
    assert moved(before, after, "souq_db_write_batch_size_sum") == 4
    assert moved(before, after, "souq_db_write_batch_size_bucket", le="2.0") == 1  # held alone
    assert moved(before, after, "souq_db_write_batch_size_bucket", le="4.0") == 2  # then three
    assert moved(before, after, "souq_db_write_queue_seconds_count") == 4


@pytest.mark.skipif(REDIS_URL is None, reason="SOUQ_TEST_REDIS_URL is not set")
async def test_live_events_through_redis_observe_the_broker_lag(settings: Settings) -> None:
    assert REDIS_URL is not None
    prefix = f"souq-test-{secrets.token_hex(8)}:"
    services = build_services(
        settings.model_copy(update={"redis_url": REDIS_URL, "redis_prefix": prefix})
    )
    await services.start()
    try:
        async with serve(services) as api:
            ana = await api.register("ana")
            await api.register("bruno")
            group = await api.group(ana, "Dinner", ["bruno"])
            bruno = await services.accounts.by_username("bruno")
            before = await scrape(api)
            # subscribed once Redis confirmed it: the message comes live, not from the database
            async with services.broker.subscribe([person_topic(bruno.id)]) as live:
                await api.send(ana, group, "hello", "k1")
                event = await asyncio.wait_for(anext(aiter(live)), 10)
            after = await scrape(api)
    finally:
        await services.close()
    assert isinstance(event, MessagePosted) and event.message.body == "hello"
    assert moved(before, after, "souq_broker_lag_seconds_count") == 1  # one event, one here
    assert moved(before, after, "souq_broker_lag_seconds_sum") >= 0


async def test_metrics_need_the_token_and_are_not_served_without_one(
    api: Api, services: Services
) -> None:
    assert (await api.http.get("/metrics")).status_code == 401
    wrong = await api.http.get("/metrics", headers={"authorization": "Bearer not-the-token"})
    assert (wrong.status_code, wrong.headers["www-authenticate"]) == (401, 'Bearer realm="metrics"')
    bare = await api.http.get("/metrics", headers={"authorization": TOKEN})
    assert bare.status_code == 401
    assert (await api.http.get("/metrics", headers=AUTH)).status_code == 200

    off = services.settings.model_copy(update={"metrics_token": None})
    async with serve(dataclasses.replace(services, settings=off)) as closed:
        unserved = await closed.http.get("/metrics", headers=AUTH)
        assert unserved.status_code != 401 and "# TYPE" not in unserved.text


@pytest.mark.skipif(REDIS_URL is None, reason="SOUQ_TEST_REDIS_URL is not set")
@pytest.mark.parametrize("backend", [pytest.param("postgresql", marks=pytest.mark.postgresql)])
async def test_a_scrape_of_souq_serve_with_two_workers_adds_up_both_workers(
    settings: Settings, services: Services, tmp_path: Path
) -> None:
    assert REDIS_URL is not None
    folder = tmp_path / "metrics"
    folder.mkdir()
    stale = MmapedDict(str(folder / "counter_1.db"))  # a previous run's: cleaned at start
    labels = ["type", "name"], ["query", "Ping"]
    key = mmap_key("souq_graphql_operations_total", "souq_graphql_operations_total", *labels, "")
    stale.write_value(key, 1000.0, 0.0)
    stale.close()
    env = {
        "SOUQ_DATABASE_URL": settings.database_url or "",
        "SOUQ_REDIS_URL": REDIS_URL,
        "SOUQ_SECRET_KEY": secrets.token_urlsafe(32),
        "SOUQ_REDIS_PREFIX": f"souq-test-{secrets.token_hex(8)}:",
        "SOUQ_METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    port = free_port()
    args = ("serve", "--no-migrate", "--workers", "2", "--port", str(port))
    async with souq_process(*args, data_dir=tmp_path, env=env) as server:
        await server.expect(RUNNING)
        first = await server.expect(r"Application startup complete")
        await server.expect(
            r"Application startup complete", after=server.lines.index(first.string) + 1
        )
        served: Counter[str] = Counter()
        while len(served) < 2 and sum(served.values()) < 200:  # each on a connection of its own
            async with client(port) as api:
                response = await api.post("query Ping { __typename }")
            assert response.json() == {"data": {"__typename": "Query"}}
            served[response.headers["x-request-id"].split("-")[0]] += 1  # the process's id
        assert len(served) == 2, served
        async with client(port) as api:
            samples = await scrape(api)
        await server.stop()
    total = sum(served.values())
    assert value(samples, "souq_graphql_operations_total", type="query", name="Ping") == total
    ok = {"route": "/graphql", "method": "POST", "status": "200"}
    assert value(samples, "souq_http_requests_total", **ok) == total
    assert (
        value(samples, "souq_http_request_duration_seconds_count", route="/graphql", method="POST")
        == total
    )


@pytest.mark.skipif(REDIS_URL is None, reason="SOUQ_TEST_REDIS_URL is not set")
async def test_souq_serve_with_workers_keeps_metrics_in_a_temporary_folder_it_removes(
    tmp_path: Path,
) -> None:
    assert REDIS_URL is not None
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {
        "SOUQ_REDIS_URL": REDIS_URL,
        "SOUQ_REDIS_PREFIX": f"souq-test-{secrets.token_hex(8)}:",
        "SOUQ_METRICS_TOKEN": TOKEN,
        "TMPDIR": str(temporary),
    }
    port = free_port()
    args = ("serve", "--workers", "2", "--port", str(port))
    async with souq_process(*args, data_dir=tmp_path, env=env) as server:
        await server.expect(RUNNING)
        first = await server.expect(r"Application startup complete")
        await server.expect(
            r"Application startup complete", after=server.lines.index(first.string) + 1
        )
        async with client(port) as api:
            assert (await api.post("query Ping { __typename }")).status_code == 200
        (folder,) = temporary.glob("souq-metrics-*")
        assert list(folder.glob("counter_*.db"))
        await server.stop()
    assert not folder.exists()


@pytest.mark.skipif(REDIS_URL is None, reason="SOUQ_TEST_REDIS_URL is not set")
async def test_a_worker_that_died_no_longer_counts_its_open_websockets(tmp_path: Path) -> None:
    assert REDIS_URL is not None
    env = {
        "SOUQ_REDIS_URL": REDIS_URL,
        "SOUQ_REDIS_PREFIX": f"souq-test-{secrets.token_hex(8)}:",
        "SOUQ_METRICS_TOKEN": TOKEN,
    }
    port = free_port()
    args = ("serve", "--workers", "2", "--port", str(port))
    started = r"Started server process \[(\d+)\]"
    async with souq_process(*args, data_dir=tmp_path, env=env) as server:
        await server.expect(RUNNING)
        first = await server.expect(r"Application startup complete")
        ready = server.lines.index(first.string) + 1
        await server.expect(r"Application startup complete", after=ready)
        workers = [int(m[1]) for line in server.lines if (m := re.search(started, line))]
        async with client(port) as api:
            ana = await api.register("ana")
            async with api.socket(ana):
                assert value(await scrape(api), "souq_websockets_open") == 1
                seen = len(server.lines)
                for pid in workers:
                    os.kill(pid, signal.SIGKILL)
                for _ in workers:  # the supervisor starts one in the place of each
                    found = await server.expect(r"Application startup complete", after=seen)
                    seen = server.lines.index(found.string) + 1
        async with client(port) as api:
            assert value(await scrape(api), "souq_websockets_open") == 0
        await server.stop()


# -- traces ------------------------------------------------------------------------------


class Finished(InMemorySpanExporter):
    """Keeps finished spans and wakes whoever waits for a server span to end."""

    def __init__(self) -> None:
        super().__init__()
        self.server_ended = asyncio.Event()

    def export(self, spans: object) -> object:
        result = super().export(spans)  # type: ignore[arg-type]
        if any(s.kind is SpanKind.SERVER and s.name.startswith("POST") for s in spans):  # type: ignore[attr-defined]
            self.server_ended.set()
        return result


@pytest.fixture(scope="module")
def exporter() -> Iterator[Finished]:
    """The process's tracer provider (set once per process) exporting to memory."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    finished = Finished()
    provider.add_span_processor(SimpleSpanProcessor(finished))
    yield finished
    finished.shutdown()


@pytest.fixture
async def traced(services: Services, exporter: Finished) -> AsyncIterator[Api]:
    """souq served with ``SOUQ_TRACING`` on."""
    exporter.clear()
    exporter.server_ended = asyncio.Event()
    on = services.settings.model_copy(update={"tracing": True})
    async with serve(dataclasses.replace(services, settings=on)) as api:
        yield api


def chain(span: ReadableSpan, spans: list[ReadableSpan]) -> list[ReadableSpan]:
    """``span`` and its ancestors, innermost first."""
    by_id = {s.context.span_id: s for s in spans}
    found = [span]
    while found[-1].parent is not None:
        found.append(by_id[found[-1].parent.span_id])
    return found


async def test_a_graphql_request_running_an_app_command_gives_nested_spans_with_its_request_id(
    traced: Api, exporter: Finished
) -> None:
    ana = await traced.register("ana")
    group = await traced.group(ana, "Dinner", [])
    exporter.clear()
    exporter.server_ended.clear()
    response = await traced.post(
        SEND,
        {"c": group, "b": "/food restaurants roma", "k": "k1"},
        ana,
        headers={"x-request-id": "trace-me-1"},
    )
    assert response.json()["data"]["sendMessage"]["seq"] >= 1
    assert response.headers["x-request-id"] == "trace-me-1"
    await asyncio.wait_for(exporter.server_ended.wait(), 10)

    spans = list(exporter.get_finished_spans())
    app_span = next(s for s in spans if s.name == "app food souq_command")
    assert app_span.attributes is not None
    assert app_span.attributes["souq.app.slug"] == "food"
    assert app_span.attributes["souq.app.command"] == "restaurants"
    assert app_span.attributes["souq.app.outcome"] == "ok"
    names = [s.name for s in chain(app_span, spans)]
    assert names[1:] == ["GraphQL Resolving: sendMessage", "GraphQL Query: Send", "POST /graphql"]
    for span in chain(app_span, spans):
        assert span.attributes is not None
        assert span.attributes["souq.request_id"] == "trace-me-1", span.name
    assert chain(app_span, spans)[-1].kind is SpanKind.SERVER


# -- logs --------------------------------------------------------------------------------


async def test_json_log_lines_carry_the_request_id_and_the_exception(
    api: Api, install: Install
) -> None:
    await install(shaky_app())
    ana = await api.register("ana")
    chat = await api.group(ana, "Tests", [])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("souq")
    logger.addHandler(handler)
    try:
        response = await api.post(SEND, {"c": chat, "b": "/shaky explode", "k": "k1"}, ana)
        async with api.socket(ana) as socket:  # the same over a WebSocket operation
            await socket.run(SEND, {"c": chat, "b": "/shaky explode", "k": "k2"})
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    over_http, over_socket = [
        line for line in lines if line["message"] == "app shaky failed in souq_command"
    ]
    assert over_http["request_id"] == response.headers["x-request-id"]
    assert (over_http["level"], over_http["logger"]) == ("WARNING", "souq.apps")
    assert "RuntimeError: kaboom" in over_http["exception"]
    assert over_http["time"].endswith("+00:00")
    # a socket's operations: the connection's id (made like a request's), then their number
    process = response.headers["x-request-id"].split("-")[0]
    assert re.fullmatch(rf"{process}-\d+\.1", over_socket["request_id"]), over_socket


async def test_souq_serve_writes_json_lines_with_the_request_id(tmp_path: Path) -> None:
    port = free_port()
    env = {"SOUQ_LOG_FORMAT": "json"}
    async with souq_process("serve", "--port", str(port), data_dir=tmp_path, env=env) as server:
        await server.expect(RUNNING)
        async with client(port) as api:
            response = await api.post("{ __typename }")
        request_id = response.headers["x-request-id"]
        found = await server.expect(rf'"request_id": "{request_id}"')
        await server.stop()
    line = json.loads(found.string)
    assert line["logger"] == "uvicorn.access"
    assert "POST /graphql" in line["message"]
    started = json.loads(line_with(server.lines, "Application startup complete"))
    assert (started["level"], started["request_id"]) == ("INFO", None)
    assert all(json.loads(text)["time"] for text in server.lines)  # every line is JSON


def line_with(lines: list[str], needle: str) -> str:
    return next(line for line in lines if needle in line)


@pytest.mark.parametrize(
    ("name", "made"), [("console", "ConsoleSpanExporter"), ("none", None), ("zipkin", ValueError)]
)
def test_the_span_exporter_is_the_one_otel_traces_exporter_names(
    name: str, made: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", name)
    if made is ValueError:
        with pytest.raises(ValueError, match="otlp, console and none"):
            otel.exporter()
    else:
        assert type(otel.exporter()).__name__ == (made or "NoneType")


def test_otlp_without_its_exporter_installed_is_refused_with_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OTEL_TRACES_EXPORTER", raising=False)  # otlp is the default
    monkeypatch.setitem(sys.modules, "opentelemetry.exporter.otlp.proto.http.trace_exporter", None)
    with pytest.raises(ValueError, match="opentelemetry-exporter-otlp-proto-http"):
        otel.exporter()
