"""Read a handler's docstring: its summary, its description and its ``Args:`` section."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field

ARGS_HEADER = re.compile(r"(Args|Arguments|Parameters):\s*")
SECTION_HEADER = re.compile(r"[A-Z][A-Za-z ]*:\s*")
ARG_LINE = re.compile(r"(?P<name>\*{0,2}\w+)\s*(\([^)]*\))?\s*:\s*(?P<help>.*)")


@dataclass(frozen=True)
class Docstring:
    """A parsed Google-style docstring."""

    summary: str = ""
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)


def parse_docstring(doc: str | None) -> Docstring:
    """Split a docstring into a summary (first paragraph), a description and the help
    of each parameter listed under ``Args:``, one line per parameter, continued by
    deeper indentation::

        Show a restaurant's menu.

        Prices include delivery.

        Args:
            restaurant: the restaurant's id, as in /food restaurants
    """
    lines = inspect.cleandoc(doc or "").splitlines()
    body: list[str] = []
    params: dict[str, str] = {}
    section: str | None = None  # "args" or "other" while inside such a section
    current: str | None = None
    arg_indent = 0
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if indent == 0 and SECTION_HEADER.fullmatch(line):
            section = "args" if ARGS_HEADER.fullmatch(line) else "other"
            current = None
            continue
        if section is not None and (indent > 0 or not stripped):
            match = ARG_LINE.fullmatch(stripped) if section == "args" else None
            if match and (current is None or indent <= arg_indent):
                current, arg_indent = match["name"], indent
                params[current] = match["help"].strip()
            elif current is not None and stripped:
                params[current] = f"{params[current]} {stripped}"
            continue
        section = None
        body.append(line)
    paragraphs = [
        " ".join(part.split()) if i == 0 else part.strip()
        for i, part in enumerate("\n".join(body).strip().split("\n\n"))
        if part.strip()
    ]
    return Docstring(
        summary=paragraphs[0] if paragraphs else "",
        description="\n\n".join(paragraphs[1:]),
        params=params,
    )
