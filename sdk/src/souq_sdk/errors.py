"""Errors raised by the SDK, each naming what was wrong and, where known, the app."""

from __future__ import annotations


class SouqSdkError(Exception):
    """Base class of every error the SDK raises on purpose."""


class InvalidManifest(SouqSdkError):
    """A manifest broke one or more rules; ``problems`` lists every one of them."""

    def __init__(self, problems: list[str], app: str | None = None) -> None:
        self.problems = list(problems)
        self.app = app
        who = f"app {app!r}" if app else "the app"
        super().__init__(f"Invalid manifest of {who}:\n" + "\n".join(f"- {p}" for p in problems))


class InvalidReply(SouqSdkError):
    """An app returned something that is not a valid reply; ``problems`` lists why."""

    def __init__(self, app: str, problems: list[str]) -> None:
        self.app = app
        self.problems = list(problems)
        super().__init__(
            f"App {app!r} returned an invalid reply:\n" + "\n".join(f"- {p}" for p in problems)
        )


class UsageError(SouqSdkError):
    """What a person typed does not fit the command.

    ``problem`` says what was wrong and ``usage`` is the command's usage line (empty when
    no single command applies, for example an unknown app). ``str(error)`` is the text to
    show the person.
    """

    def __init__(self, problem: str, usage: str = "") -> None:
        self.problem = problem
        self.usage = usage
        super().__init__(f"{problem}\nUsage: {usage}" if usage else problem)


class StateError(SouqSdkError):
    """A state value is not JSON, a key is invalid, or the state would be too large."""
