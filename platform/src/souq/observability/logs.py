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
from contextvars import ContextVar
from typing import Any

from uvicorn.config import LOGGING_CONFIG

REQUEST_ID: ContextVar[str | None] = ContextVar("souq_request_id", default=None)
"""The id of the request (or WebSocket operation) being served, if any."""

TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s"


def bind_request(request_id: str) -> None:
    """Mark what runs from here on in this task (and tasks it starts) as ``request_id``'s."""
    REQUEST_ID.set(request_id)


def log_config(log_format: str, level: str) -> dict[str, Any]:
    """A ``dictConfig`` for ``SOUQ_LOG_FORMAT`` and ``SOUQ_LOG_LEVEL``: uvicorn's own loggers
    as uvicorn sets them up, and the root logger (souq's) on stderr; in ``json`` every one
    of them writes :class:`~souq.observability.json_lines.JsonLines` (imported only then)."""
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
            config["formatters"][name] = {"()": "souq.observability.json_lines.JsonLines"}
    return config
