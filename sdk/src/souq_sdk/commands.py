"""The one command parser and usage formatter, shared by the host and the test harness.

It works from the manifest alone, so the host (which only has the manifest) and an app's
tests parse every line identically::

    invocation = parse_invocation('/food menu "da enzo"')  # slug "food", command "menu"
    command = find_command(manifest, invocation.command)
    args = parse_arguments(manifest.slug, command, invocation.text)

Arguments are positional words with shell-like quoting (``"two words"``, ``'it''s'``,
``\\"``). Converted values are ``str``, ``int``, ``decimal.Decimal``, ``bool``,
``datetime.date`` (ISO ``YYYY-MM-DD``), a choice (the declared spelling, matched ignoring
case) and text (the rest of the line, verbatim). Numbers take the digits 0-9 only, at most
:data:`MAX_DIGITS` of them before the point and as many after it, and are never rounded.
Optional parameters that were not typed
are absent from the result. Every mistake raises :class:`~souq_sdk.errors.UsageError`
with what was wrong and the command's usage line, for example::

    Missing <restaurant>.
    Usage: /food menu <restaurant>
"""

from __future__ import annotations

import difflib
import io
import re
import shlex
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from souq_sdk.errors import UsageError
from souq_sdk.manifest import CommandSpec, Manifest, ParamSpec, ParamType
from souq_sdk.money import MoneyError, parse_amount

MAX_DIGITS = 18
"""The most digits a number may have before its decimal point, and after it."""
INTEGER = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TRUE_WORDS = frozenset({"yes", "y", "true", "on", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "off", "0"})
INVOCATION = re.compile(r"/(?P<slug>\S+)(?:\s+(?P<command>\S+))?(?:\s+(?P<text>.*))?", re.DOTALL)


@dataclass(frozen=True)
class Invocation:
    """A command line split into its app, its command and the text of its arguments.

    ``command`` is None for a bare ``/food``.
    """

    slug: str
    command: str | None
    text: str


def parse_invocation(line: str) -> Invocation:
    """Split ``/food menu roma`` into slug ``food``, command ``menu`` and text ``roma``.

    Slug and command are lowercased. Raises UsageError when the line is not a command.
    """
    match = INVOCATION.fullmatch(line.strip())
    if not match:
        raise UsageError("A command starts with / followed by an app, as in /help.")
    command = match["command"]
    return Invocation(
        slug=match["slug"].lower(),
        command=command.lower() if command else None,
        text=(match["text"] or "").strip(),
    )


def find_command(manifest: Manifest, name: str) -> CommandSpec:
    """The app's command ``name``, or a UsageError suggesting the closest ones."""
    command = manifest.command(name)
    if command is not None:
        return command
    names = [c.name for c in manifest.commands]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = (
        f" Did you mean {' or '.join(f'/{manifest.slug} {c}' for c in close)}?"
        if close
        else f" Type /{manifest.slug} help to see its commands."
    )
    raise UsageError(f"{manifest.name} has no command {name!r}.{hint}")


def format_usage(slug: str, command: CommandSpec) -> str:
    """The usage line: ``/food menu <restaurant> [page]``.

    Required parameters are in ``<...>``, optional ones in ``[...]``; text that takes the
    rest of the line ends with ``...``.
    """
    words = [f"/{slug}", command.name]
    for param in command.params:
        name = f"{param.name}..." if param.type is ParamType.TEXT else param.name
        words.append(f"<{name}>" if param.required else f"[{name}]")
    return " ".join(words)


def describe_param(param: ParamSpec) -> str:
    """What a parameter accepts, for help and error messages (``a whole number 1-10``)."""
    if param.type is ParamType.CHOICE:
        return "one of " + ", ".join(param.choices)
    if param.type is ParamType.AMOUNT:
        return f"an amount in {param.currency} such as 12.50"
    text = {
        ParamType.STR: "a word (quote several words)",
        ParamType.INT: "a whole number",
        ParamType.DECIMAL: "a number such as 12.50",
        ParamType.BOOL: "yes or no",
        ParamType.DATE: "a date such as 2025-03-14",
        ParamType.TEXT: "text, to the end of the line",
    }[param.type]
    if param.min is not None and param.max is not None:
        return f"{text} from {param.min} to {param.max}"
    if param.min is not None:
        return f"{text} of at least {param.min}"
    if param.max is not None:
        return f"{text} of at most {param.max}"
    return text


def with_usage(error: UsageError, slug: str, command: CommandSpec) -> UsageError:
    """A UsageError raised by ``command``'s handler, as the person reads it: its problem
    and the command's usage line (unless the handler gave a usage line of its own)."""
    return UsageError(error.problem, error.usage or format_usage(slug, command))


def format_help(slug: str, command: CommandSpec) -> str:
    """A command's help: usage, summary, description and a line per parameter."""
    lines = [format_usage(slug, command), command.summary]
    if command.description:
        lines += ["", command.description]
    if command.params:
        lines.append("")
        width = max(len(p.name) for p in command.params)
        for param in command.params:
            help_text = (
                f"{param.help} ({describe_param(param)})" if param.help else describe_param(param)
            )
            optional = ", optional" if not param.required else ""
            lines.append(f"  {param.name.ljust(width)}  {help_text}{optional}")
    return "\n".join(lines)


def format_app_help(manifest: Manifest) -> str:
    """An app's help: its summary and the usage and summary of each command."""
    lines = [f"{manifest.name} {manifest.version}: {manifest.summary}"]
    lines += [f"  {format_usage(manifest.slug, c)}  {c.summary}" for c in manifest.commands]
    if manifest.commands:
        lines.append(f"Type /{manifest.slug} help COMMAND for a command's parameters.")
    return "\n".join(lines)


def help_topic(invocation: Invocation) -> Invocation | None:
    """What a help line asks about, as ``/APP help [COMMAND]`` (``text`` is the command's
    name, or empty for the app's help).

    ``/food``, ``/food help`` and ``/help food`` ask for the app's help; ``/food help menu``
    and ``/help food menu`` for one command's. None for any other line, ``/help`` alone
    included (the list of apps, which only the host knows).
    """
    if invocation.slug == "help":
        if invocation.command in (None, "help"):
            return None
        slug = invocation.command
    elif invocation.command in (None, "help"):
        slug = invocation.slug
    else:
        return None
    words = invocation.text.split()
    return Invocation(slug, "help", words[0].lower() if words else "")


def format_topic_help(manifest: Manifest, topic: Invocation) -> str:
    """The answer to a help request (see :func:`help_topic`): the app's help, or one
    command's usage, description and parameters. An unknown command raises
    :class:`~souq_sdk.errors.UsageError` naming the closest ones."""
    if not topic.text:
        return format_app_help(manifest)
    return format_help(manifest.slug, find_command(manifest, topic.text.lower()))


def parse_arguments(slug: str, command: CommandSpec, text: str) -> dict[str, Any]:
    """Bind the text after the command to its parameters and convert each value.

    Raises UsageError (with the usage line) on unbalanced quotes, a missing or extra
    argument, a wrong type, a bad choice or a value out of range.
    """
    usage = format_usage(slug, command)
    lexer = shlex.shlex(io.StringIO(text), posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    args: dict[str, Any] = {}
    try:
        for param in command.params:
            if param.type is ParamType.TEXT:
                rest = text[lexer.instream.tell() :].strip()
                if rest:
                    args[param.name] = _unquote(rest)
                elif param.required:
                    raise UsageError(f"Missing <{param.name}>.", usage)
                return args
            token = lexer.get_token()
            if token is None:
                if param.required:
                    raise UsageError(f"Missing <{param.name}>.", usage)
                return args
            args[param.name] = convert(param, token, usage)
        extra = lexer.get_token()
    except ValueError as error:  # shlex: "No closing quotation", "No escaped character"
        raise UsageError(f"Unbalanced quotes: {str(error).lower()}.", usage) from error
    if extra is not None:
        raise UsageError(f"Unexpected extra argument {extra!r}.", usage)
    return args


def _unquote(rest: str) -> str:
    """Text typed in one pair of quotes loses them; anything else stays verbatim."""
    if len(rest) >= 2 and rest[0] in "\"'" and rest[-1] == rest[0]:
        try:
            words = shlex.split(rest)
        except ValueError:
            return rest
        if len(words) == 1:
            return words[0]
    return rest


def convert(param: ParamSpec, token: str, usage: str = "") -> Any:
    """Convert one typed word to the parameter's type, or raise UsageError."""
    value: Any
    if param.type in (ParamType.STR, ParamType.TEXT):
        return token
    if param.type is ParamType.CHOICE:
        for choice in param.choices:
            if choice.casefold() == token.casefold():
                return choice
        raise UsageError(f"<{param.name}> must be {describe_param(param)}, not {token!r}.", usage)
    if param.type is ParamType.BOOL:
        word = token.casefold()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        raise UsageError(f"<{param.name}> must be yes or no, not {token!r}.", usage)
    if param.type is ParamType.DATE:
        try:
            value = date.fromisoformat(token) if ISO_DATE.fullmatch(token) else None
        except ValueError:
            value = None
        if value is None:
            raise UsageError(
                f"<{param.name}> must be a date such as 2025-03-14, not {token!r}.", usage
            )
        return value
    if param.type is ParamType.AMOUNT:
        return _amount(param, token, usage)
    value = _number(param, token, usage)
    if value is None:
        raise UsageError(f"<{param.name}> must be {describe_param(param)}, not {token!r}.", usage)
    if (param.min is not None and value < param.min) or (
        param.max is not None and value > param.max
    ):
        raise UsageError(f"<{param.name}> must be {describe_param(param)}, not {token}.", usage)
    return value


def _number(param: ParamSpec, token: str, usage: str) -> int | Decimal | None:
    """The int or Decimal ``token`` spells in ASCII digits, None if it spells none;
    UsageError for other digits (such as ``١٢``) and for more than :data:`MAX_DIGITS`."""
    if any(c.isdecimal() and not c.isascii() for c in token):
        raise UsageError(
            f"<{param.name}> must be written with the digits 0-9, not {token!r}.", usage
        )
    whole_number = param.type is ParamType.INT
    if not (INTEGER if whole_number else DECIMAL).fullmatch(token):
        return None
    whole, _point, fraction = token.lstrip("+-").partition(".")
    if len(whole) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
        limit = (
            f"at most {MAX_DIGITS} digits"
            if whole_number
            else f"at most {MAX_DIGITS} digits before the point and {MAX_DIGITS} after it"
        )
        raise UsageError(f"<{param.name}> may have {limit}, not {token!r}.", usage)
    try:
        return int(token) if whole_number else Decimal(token)
    except InvalidOperation:
        return None


def _amount(param: ParamSpec, token: str, usage: str) -> int:
    """The minor units of the amount ``token`` spells in ASCII digits, or UsageError (more
    decimal places than the currency has, not positive, over the maximum, not a number)."""
    if any(c.isdecimal() and not c.isascii() for c in token):
        raise UsageError(
            f"<{param.name}> must be written with the digits 0-9, not {token!r}.", usage
        )
    if not DECIMAL.fullmatch(token):
        raise UsageError(f"<{param.name}> must be {describe_param(param)}, not {token!r}.", usage)
    try:
        return parse_amount(token, param.currency)
    except MoneyError as error:
        raise UsageError(f"<{param.name}>: {error}.", usage) from None
