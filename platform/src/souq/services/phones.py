"""Phone numbers: parsed and validated with ``phonenumbers``, kept in E.164 form."""

from __future__ import annotations

from souq.errors import BadInput

MAX_INPUT = 32


def normalize_phone(raw: str) -> str:
    """``raw`` as an E.164 number (``+31612345678``); a number must start with ``+`` and
    its country code. Anything that is not a valid number is refused with
    :class:`~souq.errors.BadInput`."""
    text = raw.strip()
    if not text.startswith("+") or len(text) > MAX_INPUT:
        raise BadInput(
            "a phone number starts with + and the country code, e.g. +31 6 12345678",
            field="phone",
        )
    import phonenumbers  # loaded by the first number, not by every start of the server

    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as error:
        raise BadInput(f"not a phone number: {error}", field="phone") from error
    if not phonenumbers.is_valid_number(number):
        raise BadInput("not a valid phone number for its country", field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
