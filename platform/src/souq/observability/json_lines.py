"""The JSON log formatter (``SOUQ_LOG_FORMAT=json``), on python-json-logger."""

from __future__ import annotations

import logging
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from .logs import REQUEST_ID


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
