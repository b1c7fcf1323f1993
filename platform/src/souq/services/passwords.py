"""Passwords: the policy a new one must meet, and hashing with argon2id off the event loop."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from souq.errors import BadInput

_hasher = PasswordHasher()
_DUMMY_HASH: str | None = None
"""What an unknown name's password is checked against: made on first use, not at import
(an argon2 hash at import cost every start of the server about 200 ms)."""

MIN_LENGTH = 8
MAX_LENGTH = 256


@cache
def _common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords (zxcvbn's list, from leaked password sets)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # a large module: loaded when needed

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_new_password(password: str, username: str) -> None:
    """Raise ``BadInput`` (field ``password``) unless ``password`` may be chosen by
    ``username``: 8-256 characters, not only whitespace, not the username, and not one of
    the most common passwords (compared case-insensitively, ignoring outer spaces)."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise BadInput(f"password must be {MIN_LENGTH}-{MAX_LENGTH} characters", field="password")
    plain = password.strip().lower()
    if not plain:
        raise BadInput("password must not be only spaces", field="password")
    if plain == username.strip().lower():
        raise BadInput("password must not be the username", field="password")
    if plain in _common_passwords():
        raise BadInput(
            "password is one of the most common passwords; choose another", field="password"
        )


async def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (computed in a worker thread)."""
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; an unknown user is checked against a dummy hash
    so that both cases take the same time."""

    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("souq: a password nobody has")
    return _DUMMY_HASH
