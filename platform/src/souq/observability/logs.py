"""Log lines: plain text (the default) or one JSON object a line (``SOUQ_LOG_FORMAT=json``),
each carrying the id of the request it was logged for.

The request id lives in a context variable, bound once per HTTP request and once per
operation over a WebSocket (:func:`bind_request`): everything logged while serving it,
in any module, carries it. :func:`log_config` is one ``logging.config.dictConfig``
configuration for souq's loggers and uvicorn's alike, which uvicorn applies again in every
worker process.
"""

from __future__ import annotations

import copy
import logging
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter
from uvicorn.config import LOGGING_CONFIG

REQUEST_ID: ContextVar[str | None] = ContextVar("souq_request_id", default=None)
"""The id of the request (or WebSocket operation) being served, if any."""

TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s"


def bind_request(request_id: str) -> None:
    """Mark what runs from here on in this task (and tasks it starts) as ``request_id``'s."""
    REQUEST_ID.set(request_id)


class JsonLines(JsonFormatter):
    """One JSON object a line: ``time`` (ISO 8601, UTC), ``level``, ``logger``,
    ``message``, ``request_id`` (or null), ``exception`` (the traceback, when there is
    one) and any ``extra`` fields the caller gave."""

    def __init__(self, **_: Any) -> None:
        super().__init__(
            ["levelname", "name", "message", "exc_info"],
            rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"},
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],  # uvicorn's ANSI copy
            timestamp="time",
        )

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        """The fields above, plus the request id bound where the line was logged."""
        super().add_fields(log_data, record, message_dict)
        log_data["request_id"] = REQUEST_ID.get()


def log_config(log_format: str, level: str) -> dict[str, Any]:
    """A ``dictConfig`` for ``SOUQ_LOG_FORMAT`` and ``SOUQ_LOG_LEVEL``: uvicorn's own loggers
    as uvicorn sets them up, and the root logger (souq's) on stderr; in ``json`` every one
    of them writes :class:`JsonLines`."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["souq"] = {"format": TEXT_FORMAT}
    config["handlers"]["souq"] = {
        "formatter": "souq",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
    }
    config["root"] = {"handlers": ["souq"], "level": level.upper()}
    if log_format == "json":
        for name in config["formatters"]:
            config["formatters"][name] = {"()": JsonLines}
    return config
