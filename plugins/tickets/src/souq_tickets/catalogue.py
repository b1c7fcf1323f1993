"""The demo cinema: its halls, its films and the showings generated for every day.

A real cinema would ask its box office for the programme; the demo plays the same films at
the same times every day, so there are always showings today and tomorrow. Times are the
cinema's clock, which the demo keeps in UTC. A showing's id names the film, the day and the
time (``dune-20261201-1900``): it is the key of the showing's seats (see
:mod:`souq_tickets.seating`) and needs no lookup table.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

CURRENCY = "EUR"
DAYS_AHEAD = 7
"""How many days after today the programme is out."""


@dataclass(frozen=True)
class Hall:
    """A screen: ``rows`` rows lettered from A (nearest the screen), ``seats`` a row."""

    id: str
    name: str
    rows: int
    seats: int

    @property
    def capacity(self) -> int:
        """How many seats the hall has."""
        return self.rows * self.seats

    def labels(self) -> list[list[str]]:
        """The seat labels, row by row: ``[["A1", "A2", ...], ["B1", ...], ...]``."""
        return [
            [f"{letter}{n}" for n in range(1, self.seats + 1)]
            for letter in string.ascii_uppercase[: self.rows]
        ]

    def has_seat(self, label: str) -> bool:
        """Whether ``label`` (``A5``) is a seat of the hall."""
        return any(label in row for row in self.labels())


@dataclass(frozen=True)
class Film:
    """A film on the programme: ``price`` is one seat, in cents of :data:`CURRENCY`;
    ``times`` are the daily showings, each ``(HH:MM, hall id)``."""

    id: str
    title: str
    minutes: int
    rating: str
    price: int
    times: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Show:
    """One showing of a film in a hall, starting at ``starts`` (UTC)."""

    film: Film
    hall: Hall
    starts: datetime

    @property
    def id(self) -> str:
        """``dune-20261201-1900``."""
        return f"{self.film.id}-{self.starts:%Y%m%d-%H%M}"

    @property
    def name(self) -> str:
        """``Dune: Part Two · Tue 1 Dec 19:00``."""
        return f"{self.film.title} · {when(self.starts)}"


HALLS: dict[str, Hall] = {
    hall.id: hall
    for hall in (
        Hall("1", "Hall 1", rows=8, seats=8),
        Hall("2", "Hall 2", rows=6, seats=6),
        Hall("3", "Hall 3", rows=5, seats=8),
    )
}

FILMS: tuple[Film, ...] = (
    Film("dune", "Dune: Part Two", 166, "12", 1150, (("14:00", "1"), ("19:00", "1"))),
    Film("paddington", "Paddington in Peru", 106, "U", 850, (("11:00", "2"), ("15:30", "2"))),
    Film("perfect-days", "Perfect Days", 124, "12", 950, (("18:00", "3"), ("21:15", "2"))),
    Film("alien", "Alien: Romulus", 119, "15", 1050, (("20:30", "3"), ("22:45", "1"))),
)

_SHOW_ID = re.compile(r"^(?P<film>[a-z0-9-]+)-(?P<day>\d{8})-(?P<time>\d{4})$")


def find_film(name: str) -> Film | None:
    """The film with that id or title, ignoring case, spaces and punctuation
    (``dune``, ``Dune: Part Two``, ``perfect days``); a unique start of one works too
    (``padd``)."""
    key = _compact(name)
    if not key:
        return None
    exact = [f for f in FILMS if key in (_compact(f.id), _compact(f.title))]
    starting = [
        f for f in FILMS if _compact(f.title).startswith(key) or _compact(f.id).startswith(key)
    ]
    found = exact or starting
    return found[0] if len(found) == 1 else None


def shows_of(film: Film, day: date) -> list[Show]:
    """The showings of ``film`` on ``day``, the earliest first."""
    return sorted(
        (
            Show(film, HALLS[hall], datetime.combine(day, time.fromisoformat(at), UTC))
            for at, hall in film.times
        ),
        key=lambda s: s.starts,
    )


def show_at(film: Film, day: date, at: str) -> Show | None:
    """The showing of ``film`` on ``day`` at ``at`` (``19:00`` or ``1900``), if there is one."""
    wanted = at.replace(":", "").replace(".", "").zfill(4)
    return next((s for s in shows_of(film, day) if f"{s.starts:%H%M}" == wanted), None)


def find_show(show_id: str) -> Show | None:
    """The showing a show id names (``dune-20261201-1900``), or None."""
    match = _SHOW_ID.match(show_id)
    film = next((f for f in FILMS if match and f.id == match["film"]), None)
    if match is None or film is None:
        return None
    try:
        day = datetime.strptime(match["day"], "%Y%m%d").date()
    except ValueError:
        return None
    return show_at(film, day, match["time"])


def programme_days(today: date) -> tuple[date, date]:
    """The first and last day whose showings are on sale."""
    return today, today + timedelta(days=DAYS_AHEAD)


def when(moment: datetime) -> str:
    """``Tue 1 Dec 19:00``."""
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"


def day_name(day: date) -> str:
    """``Tue 1 Dec``."""
    return f"{day:%a} {day.day} {day:%b}"


def _compact(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())
