"""OpenTelemetry traces, off unless ``SOUQ_TRACING`` is on.

On, a process gets one span per HTTP request or WebSocket connection (the ASGI
instrumentation, :mod:`souq.observability.web`), one per GraphQL operation with its
parse, validation and resolvers under it (strawberry's extension), and one per call of an
app's code (:func:`app_call`). Every span started while a request is served carries its
request id (``souq.request_id``). Off, the SDK is not even imported and :func:`app_call`
costs one check.

Spans go where the standard ``OTEL_*`` variables say: ``OTEL_TRACES_EXPORTER`` is
``otlp`` (the default; needs ``opentelemetry-exporter-otlp-proto-http`` installed,
configured by ``OTEL_EXPORTER_OTLP_*``), ``console`` or ``none``; ``OTEL_SERVICE_NAME``
names the service (``souq`` by default). A tracer provider set up before souq starts (by
``opentelemetry-instrument``, or a test) is used as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Span, Tracer

_tracer: Tracer | None = None


def enable() -> TracerProvider:
    """Trace in this process from now on; the tracer provider spans go to."""
    global _tracer
    from . import otel

    provider = otel.provider()
    _tracer = provider.get_tracer("souq")
    return provider


def label_span(request_id: str) -> None:
    """Give the current span (the HTTP request's, started before its id was known) the
    request id; nothing with tracing off."""
    if _tracer is not None:
        from opentelemetry import trace

        from .otel import REQUEST_ATTRIBUTE

        trace.get_current_span().set_attribute(REQUEST_ATTRIBUTE, request_id)


@contextmanager
def app_call(slug: str, hook: str, command: str | None) -> Iterator[Span | None]:
    """A span around one call of app ``slug``'s ``hook`` (``None`` with tracing off); the
    caller sets ``souq.app.outcome`` on it."""
    if _tracer is None:
        yield None
        return
    attributes: dict[str, Any] = {"souq.app.slug": slug, "souq.app.hook": hook}
    if command is not None:
        attributes["souq.app.command"] = command
    with _tracer.start_as_current_span(f"app {slug} {hook}", attributes=attributes) as span:
        yield span
