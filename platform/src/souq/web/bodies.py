"""Reading a request body no bigger than ``SOUQ_MAX_REQUEST_BYTES``."""

from __future__ import annotations

from starlette.requests import Request


class TooLarge(Exception):
    """The body is over the limit (stopped reading as soon as that was known)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is over {limit} bytes")
        self.message = str(self)


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or ``TooLarge`` before reading more than ``limit`` bytes (at once
    when ``Content-Length`` says so)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(limit)
    return bytes(body)
