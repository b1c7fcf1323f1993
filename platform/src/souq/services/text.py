"""What text souq accepts from people, the same on every database backend.

- :func:`storable`: no NUL and no lone surrogate in any string at all. PostgreSQL cannot
  store NUL, and a lone surrogate (``"\\ud800"`` in JSON) is not encodable as UTF-8 by
  any backend; both would otherwise fail deep in the database driver.
- :func:`text`: the rule for free text people write (message bodies, reasons): storable,
  and no control characters except newline and tab where several lines are allowed.
- :func:`name`: the rule for names others see (display names, group titles): one line
  of text with no bidirectional override or isolate characters, which could make a name
  read as something else.
- :func:`key`: the rule for identifiers clients choose (client ids, idempotency keys):
  one line of text.

Each refuses with ``BAD_USER_INPUT`` naming the field.
"""

from __future__ import annotations

import re

from souq.errors import BadInput

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def storable(value: str, field: str) -> str:
    """``value`` if it holds no NUL and no lone surrogate, else ``BadInput``."""
    found = _UNSTORABLE.search(value)
    if found:
        raise BadInput(
            f"{field} contains {_describe(found.group())}, which cannot be stored", field=field
        )
    return value


def text(value: str, field: str, *, multiline: bool = False) -> str:
    """``value`` if it is storable and has no control characters (newline and tab are
    allowed when ``multiline``)."""
    storable(value, field)
    found = (_CONTROL_BUT_LINES if multiline else _CONTROL).search(value)
    if found:
        raise BadInput(
            f"{field} contains the control character {_describe(found.group())}", field=field
        )
    return value


def name(value: str, field: str) -> str:
    """``value`` if it is one line of text without bidirectional override characters."""
    text(value, field)
    found = _BIDI_CONTROL.search(value)
    if found:
        raise BadInput(
            f"{field} contains the bidirectional control {_describe(found.group())}", field=field
        )
    return value


def key(value: str, field: str) -> str:
    """``value`` if it is one line of text (an identifier chosen by a client)."""
    return text(value, field)
