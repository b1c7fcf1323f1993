"""The OpenTelemetry SDK set up for souq: imported only when ``SOUQ_TRACING`` is on (the
SDK takes a while to import, and a process that does not trace never needs it)."""

from __future__ import annotations

import os

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

from .logs import REQUEST_ID

REQUEST_ATTRIBUTE = "souq.request_id"

_labelled: set[int] = set()


class RequestIds(SpanProcessor):
    """Gives every span started while a request is served that request's id."""

    def on_start(self, span: Span, parent_context: otel_context.Context | None = None) -> None:
        """Label ``span`` with the bound request id, if any."""
        request_id = REQUEST_ID.get()
        if request_id is not None:
            span.set_attribute(REQUEST_ATTRIBUTE, request_id)


def exporter() -> SpanExporter | None:
    """The exporter ``OTEL_TRACES_EXPORTER`` names (``otlp`` by default)."""
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
    """The process's tracer provider: the one already set up, else one of souq's (named by
    ``OTEL_SERVICE_NAME``, ``souq`` by default) exporting to :func:`exporter`; either way
    labelling spans with request ids."""
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
    return current
