"""OpenTelemetry traces, off unless ``SOUQ_TRACING`` is on.

On, a process gets one span per HTTP request or WebSocket connection (the ASGI
instrumentation, :mod:`souq.observability.web`), one per GraphQL operation with its
parse, validation and resolvers under it (strawberry's extension), and one per call of an
app's code (:func:`app_call`). Every span started while a request is served carries its
request id (``souq.request_id``). Off, none of this is installed and :func:`app_call`
costs one check.

Spans go where the standard ``OTEL_*`` variables say: ``OTEL_TRACES_EXPORTER`` is
``otlp`` (the default; needs ``opentelemetry-exporter-otlp-proto-http`` installed, configured by
``OTEL_EXPORTER_OTLP_*``), ``console`` or ``none``; ``OTEL_SERVICE_NAME`` names the
service (``souq`` by default). A tracer provider set up before souq starts (by
``opentelemetry-instrument``, or a test) is used as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
)

from .logs import REQUEST_ID

REQUEST_ATTRIBUTE = "souq.request_id"

_tracer: trace.Tracer | None = None
_labelled: set[int] = set()


class RequestIds(SpanProcessor):
    """Gives every span started while a request is served that request's id."""

    def on_start(self, span: Span, parent_context: otel_context.Context | None = None) -> None:
        """Label ``span`` with the bound request id, if any."""
        request_id = REQUEST_ID.get()
        if request_id is not None:
            span.set_attribute(REQUEST_ATTRIBUTE, request_id)


def exporter() -> SpanExporter | None:
    """The exporter ``OTEL_TRACES_EXPORTER`` names."""
    name = os.environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower()
    if name == "none":
        return None
    if name == "console":
        return ConsoleSpanExporter()
    if name != "otlp":
        raise ValueError(f"OTEL_TRACES_EXPORTER={name}: souq knows otlp, console and none")
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError:
        raise ValueError(
            "OTEL_TRACES_EXPORTER=otlp needs opentelemetry-exporter-otlp-proto-http installed "
            "(or set OTEL_TRACES_EXPORTER=console or none)"
        ) from None
    return OTLPSpanExporter()


def provider() -> TracerProvider:
    """The process's tracer provider, set up on first use (see the module's docs)."""
    global _tracer
    current = trace.get_tracer_provider()
    if not isinstance(current, TracerProvider):
        current = TracerProvider(resource=Resource.create({"service.name": "souq"}))
        chosen = exporter()
        if chosen is not None:
            current.add_span_processor(BatchSpanProcessor(chosen))
        trace.set_tracer_provider(current)
    if id(current) not in _labelled:
        current.add_span_processor(RequestIds())
        _labelled.add(id(current))
    _tracer = current.get_tracer("souq")
    return current


def label_span(request_id: str) -> None:
    """Give the current span (the HTTP request's, started before its id was known) the
    request id; nothing with tracing off."""
    if _tracer is not None:
        trace.get_current_span().set_attribute(REQUEST_ATTRIBUTE, request_id)


@contextmanager
def app_call(slug: str, hook: str, command: str | None) -> Iterator[trace.Span | None]:
    """A span around one call of app ``slug``'s ``hook`` (``None`` with tracing off); the
    caller sets ``souq.app.outcome`` on it."""
    if _tracer is None:
        yield None
        return
    attributes = {"souq.app.slug": slug, "souq.app.hook": hook}
    if command is not None:
        attributes["souq.app.command"] = command
    with _tracer.start_as_current_span(f"app {slug} {hook}", attributes=attributes) as span:
        yield span
