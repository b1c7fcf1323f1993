"""Signed events: how an app's own backend (or its operator) tells souq something happened.

souq gives each app a secret (``souq apps secret SLUG``; rotate it with ``--rotate``).
An event is an HTTP ``POST /apps/SLUG/events/NAME`` whose body is a JSON object, with a
``Souq-Signature`` header made by :func:`signature`: ``t=<unix seconds>,v1=<hex>``, where
the hex is the HMAC-SHA256 of ``"<t>." + body`` under the secret. souq refuses a
signature older or newer than :data:`TOLERANCE_SECONDS` (so a captured request cannot be
replayed later) and one made with any other secret::

    import httpx, json, time
    from souq_sdk.signing import signature

    body = json.dumps({"flight": "KL1234", "minutes": 90}).encode()
    httpx.post(
        "https://souq.example/apps/flights/events/delayed",
        content=body,
        headers={"Souq-Signature": signature(SECRET, body, time.time()),
                 "Content-Type": "application/json"},
    )
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "Souq-Signature"
TOLERANCE_SECONDS = 300


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature(secret: str, body: bytes, now: float) -> str:
    """The ``Souq-Signature`` header value for ``body`` sent at ``now`` (unix seconds)."""
    timestamp = int(now)
    return f"t={timestamp},v1={_mac(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, now: float) -> str | None:
    """Why ``header`` does not sign ``body`` at ``now`` under ``secret``, or ``None``
    when it does."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    stamp, mac = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12 or not mac:
        return f"the {HEADER} header must read t=<unix seconds>,v1=<hex HMAC-SHA256>"
    if abs(now - int(stamp)) > TOLERANCE_SECONDS:
        return f"the signature's time is more than {TOLERANCE_SECONDS} seconds from souq's"
    if not hmac.compare_digest(_mac(secret, int(stamp), body), mac):
        return "the signature does not match (wrong secret, or the body changed)"
    return None
