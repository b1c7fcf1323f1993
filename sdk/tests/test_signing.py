"""Event signatures: made by the app's backend, checked by souq, with one module for both."""

from __future__ import annotations

import pytest
from souq_sdk.signing import TOLERANCE_SECONDS, signature, verify

SECRET = "souq_whsec_test"
BODY = b'{"flight": "KL1234", "minutes": 90}'
NOW = 1_790_000_000.0


def test_a_signature_made_with_the_secret_verifies() -> None:
    assert verify(SECRET, signature(SECRET, BODY, NOW), BODY, NOW + 10) is None


@pytest.mark.parametrize(
    ("secret", "body", "when", "problem"),
    [
        ("another secret", BODY, NOW, "does not match"),
        (SECRET, BODY.replace(b"90", b"9"), NOW, "does not match"),
        (SECRET, BODY, NOW + TOLERANCE_SECONDS + 1, "more than 300 seconds"),
        (SECRET, BODY, NOW - TOLERANCE_SECONDS - 1, "more than 300 seconds"),
    ],
)
def test_anything_else_is_refused_with_its_reason(
    secret: str, body: bytes, when: float, problem: str
) -> None:
    header = signature(SECRET, BODY, NOW)
    assert problem in (verify(secret, header, body, when) or "")


@pytest.mark.parametrize("header", ["", "t=abc,v1=00", "v1=00", "t=1790000000", "t=١٢٣,v1=00"])
def test_malformed_headers_are_refused(header: str) -> None:
    assert "must read" in (verify(SECRET, header, BODY, NOW) or "")
