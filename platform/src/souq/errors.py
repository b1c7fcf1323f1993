"""Expected failures of the domain, each with a stable machine-readable code.

Services raise these; the GraphQL layer reports them with ``extensions.code`` so clients
can switch on the code. Anything else that escapes is unexpected and is masked.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes clients can rely on."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    CONFLICT = "CONFLICT"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    FELL_BEHIND = "FELL_BEHIND"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    SLUG_TAKEN = "SLUG_TAKEN"
    INVALID_MANIFEST = "INVALID_MANIFEST"
    VERSION_NOT_NEWER = "VERSION_NOT_NEWER"
    ALREADY_DECIDED = "ALREADY_DECIDED"
    INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS"
    PAYMENT_EXPIRED = "PAYMENT_EXPIRED"
    PAYMENT_DECLINED = "PAYMENT_DECLINED"
    ALREADY_PAID = "ALREADY_PAID"
    REFUND_TOO_LARGE = "REFUND_TOO_LARGE"
    UNAVAILABLE = "UNAVAILABLE"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class DomainError(Exception):
    """An expected failure: the message is safe to show to the client."""

    code: ErrorCode = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class Unauthenticated(DomainError):
    """No valid token came with the request."""

    code = ErrorCode.UNAUTHENTICATED


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    code = ErrorCode.FORBIDDEN


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it does."""

    code = ErrorCode.NOT_FOUND


class BadInput(DomainError):
    """An argument is malformed or out of range."""

    code = ErrorCode.BAD_USER_INPUT


class Conflict(DomainError):
    """The request contradicts the current state (a taken username, say)."""

    code = ErrorCode.CONFLICT


class IdempotencyConflict(DomainError):
    """A client id was reused for a different request."""

    code = ErrorCode.IDEMPOTENCY_CONFLICT


class RateLimited(DomainError):
    """Too many attempts; ``details['retry_after']`` says when to try again (seconds)."""

    code = ErrorCode.RATE_LIMITED


class FellBehind(DomainError):
    """A live subscription did not read its events fast enough and was ended; subscribe
    again with ``after`` to resume (``details['limit']`` is the buffer size)."""

    code = ErrorCode.FELL_BEHIND


class InvalidCredentials(DomainError):
    """Unknown username or wrong password (never says which)."""

    code = ErrorCode.INVALID_CREDENTIALS


class SlugTaken(DomainError):
    """Another app has already claimed this slug."""

    code = ErrorCode.SLUG_TAKEN


class InvalidManifestError(DomainError):
    """A submitted manifest is not valid; ``details['problems']`` lists every problem."""

    code = ErrorCode.INVALID_MANIFEST


class VersionNotNewer(DomainError):
    """A submitted version is not newer than the app's latest submitted version."""

    code = ErrorCode.VERSION_NOT_NEWER


class AlreadyDecided(DomainError):
    """A review decision was already made (a version approved or rejected, an app
    already suspended or not suspended)."""

    code = ErrorCode.ALREADY_DECIDED


class InsufficientFunds(DomainError):
    """The wallet holds less than the payment needs; nothing moved."""

    code = ErrorCode.INSUFFICIENT_FUNDS


class PaymentExpired(DomainError):
    """The payment request expired before it was paid; nothing moved."""

    code = ErrorCode.PAYMENT_EXPIRED


class PaymentDeclined(DomainError):
    """The payment request was declined; it can no longer be paid."""

    code = ErrorCode.PAYMENT_DECLINED


class AlreadyPaid(DomainError):
    """The payment request was already paid (with another idempotency key)."""

    code = ErrorCode.ALREADY_PAID


class RefundTooLarge(DomainError):
    """A refund would give back more than was paid in total; nothing moved."""

    code = ErrorCode.REFUND_TOO_LARGE


class Unavailable(DomainError):
    """The database cannot take the request now (out of space, read-only, unreachable);
    nothing changed and the same request may succeed later. The cause is in the log."""

    code = ErrorCode.UNAVAILABLE
