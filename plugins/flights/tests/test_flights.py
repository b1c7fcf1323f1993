"""The flights app, run in the souq-sdk harness: no server, no database, no real money.

The harness's clock starts at the real now; each test picks its departures relative to
it and moves the clock with ``advance`` (see :func:`at`)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from importlib.metadata import entry_points

import pytest
from souq_flights.app import app
from souq_flights.schedule import AIRPORTS, FLIGHTS, SEATS, Departure, departures, find_flight
from souq_sdk import (
    AskScope,
    Button,
    Card,
    Field,
    ListReply,
    PaymentRequest,
    Text,
    Update,
    UsageError,
)
from souq_sdk.notices import Refusal
from souq_sdk.testing import AppHarness, HarnessError

KL1234 = find_flight("KL1234")
assert KL1234 is not None


@pytest.fixture
def h() -> AppHarness:
    return AppHarness(app)


def at(h: AppHarness, when: datetime) -> None:
    """Move the harness's clock on to ``when``."""
    h.advance(when - h.now)


def in_days(h: AppHarness, days: int) -> date:
    return h.now.date() + timedelta(days=days)


def booked(h: AppHarness, day: date, person: str = "ana", name: str = "Ana Costa") -> str:
    """Book and pay KL1234 on ``day`` for ``person``; return the booking reference."""
    request = h.run(f"/flights book KL1234 {day.isoformat()} {name}", as_person=person)
    assert isinstance(request, PaymentRequest), request
    card = h.pay(request)
    assert isinstance(card, Card) and card.title == "Booked: KL1234 to Lisbon", card
    return request.reference


def pressed(h: AppHarness, button: Button, person: str = "ana") -> Card:
    answer = h.press(button, as_person=person)
    card = answer.reply if isinstance(answer, Update) else answer
    assert isinstance(card, Card), answer
    return card


def button(card: Card, label: str) -> Button:
    return next(b for b in card.buttons if b.label == label)


def check_in(h: AppHarness, reference: str, seat: str, person: str = "ana") -> Card:
    """Go through check-in taking ``seat`` and one bag; return the boarding pass."""
    start = h.run(f"/flights checkin {reference}", as_person=person)
    assert isinstance(start, Card), start
    seats = pressed(h, button(start, "Yes, that's right"), person)
    chosen = next(b for b in seats.buttons if b.payload.get("seat") == seat)
    bags = pressed(h, chosen, person)
    return pressed(h, button(bags, "1 bag"), person)


def test_the_app_is_registered_under_the_souq_entry_point() -> None:
    (entry_point,) = entry_points(group="souq", name="flights")
    assert entry_point.load() is app


def test_the_manifest_asks_for_payments_messages_and_the_name(h: AppHarness) -> None:
    manifest = h.manifest
    assert (manifest.slug, manifest.name) == ("flights", "Flights")
    assert set(manifest.scopes) == {"payments.request", "messages.notify", "profile.name"}
    assert [c.name for c in manifest.commands] == ["search", "book", "trips", "checkin"]
    assert set(manifest.events) == {"delayed", "gate"}


def test_the_timetable_flies_kl1234_from_amsterdam_to_lisbon_every_day() -> None:
    assert {a.code for a in AIRPORTS} >= {f.origin for f in FLIGHTS} | {
        f.destination for f in FLIGHTS
    }
    assert len({f.number for f in FLIGHTS}) == len(FLIGHTS)
    for day in (date(2026, 12, 1), date(2027, 6, 30)):
        found = departures("AMS", "LIS", day)
        assert [d.flight.number for d in found] == ["KL1234", "KL1641"]
        assert found[0].departs == datetime.combine(day, time(9, 30), UTC)
    assert len(SEATS) == 60


def test_search_lists_a_days_flights_with_book_buttons(h: AppHarness) -> None:
    day = in_days(h, 2)
    reply = h.run(f"/flights search ams lis {day.isoformat()}")
    assert isinstance(reply, ListReply)
    assert reply.title == "Flights Amsterdam → Lisbon"
    first, second = reply.items
    assert first.title == "KL1234 · 09:30 UTC → 12:25 UTC"
    assert first.body.endswith("Amsterdam AMS → Lisbon LIS · 2h55 · €79.00 · 60 seats left")
    assert first.buttons == (Button("Book €79.00", "book", {"departure": f"KL1234:{day}"}),)
    assert second.title.startswith("KL1641 · 18:10 UTC")


def test_search_without_a_date_shows_the_next_departures(h: AppHarness) -> None:
    at(h, datetime.combine(in_days(h, 1), time(12, 0), UTC))  # today's KL1234 has left
    reply = h.run("/flights search AMS LIS")
    assert isinstance(reply, ListReply)
    today, tomorrow = h.now.date(), in_days(h, 1)
    assert [(i.title[:6], i.buttons[0].payload["departure"]) for i in reply.items] == [
        ("KL1641", f"KL1641:{today}"),
        ("KL1234", f"KL1234:{tomorrow}"),
        ("KL1641", f"KL1641:{tomorrow}"),
    ]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("/flights search AMS XYZ", "The airline does not fly to 'XYZ'. The airline flies to "),
        ("/flights search lisbon AMS", "Type the airport's code: LIS for Lisbon."),
        ("/flights search AMX LIS", "Did you mean AMS?"),
        ("/flights search LIS CDG", "No flights from LIS to CDG. From LIS: AMS."),
        ("/flights search AMS AMS", "AMS to AMS goes nowhere"),
        ("/flights book KL9999 2026-12-01", "No flight 'KL9999'. The airline's flights: KL1234"),
    ],
)
def test_search_and_book_explain_what_they_do_not_know(h: AppHarness, line, error) -> None:
    with pytest.raises(UsageError) as refused:
        h.run(line)
    assert error in str(refused.value)
    assert "Usage: /flights " in str(refused.value)


def test_unknown_airports_are_listed_with_the_known_ones(h: AppHarness) -> None:
    with pytest.raises(UsageError) as refused:
        h.run("/flights search AMS JFK")
    assert "AMS (Amsterdam), LIS (Lisbon), CDG (Paris), FCO (Rome), LHR (London)" in str(
        refused.value
    )


def test_booking_asks_to_pay_and_the_payment_gives_a_booking_card(h: AppHarness) -> None:
    day = in_days(h, 5)
    request = h.run(f"/flights book kl1234 {day.isoformat()} Ana  Costa")
    assert isinstance(request, PaymentRequest)
    assert (request.amount, request.currency) == (7900, "EUR")
    assert request.description.startswith("KL1234 Amsterdam AMS → Lisbon LIS, ")
    assert request.description.endswith("09:30 UTC: Ana Costa")
    reference = request.reference
    assert len(reference) == 6 and reference.isalnum()
    assert h.person_state("ana")["bookings"][reference]["status"] == "pending"
    assert h.shared(f"flight:KL1234:{day}") == {}  # not a passenger before paying

    card = h.pay(request)
    assert isinstance(card, Card)
    assert card.title == "Booked: KL1234 to Lisbon"
    assert Field("Booking reference", reference) in card.fields
    assert Field("Passenger", "Ana Costa") in card.fields
    assert Field("Paid", "€79.00") in card.fields
    assert [b.label for b in card.buttons] == ["Check in", "Tell me about this flight"]
    assert h.person_state("ana")["bookings"][reference]["status"] == "booked"
    assert h.shared(f"flight:KL1234:{day}") == {
        "passengers": {reference: {"person": h.person_id("ana"), "name": "Ana Costa"}}
    }
    trips = h.run("/flights trips")
    assert isinstance(trips, ListReply) and reference in trips.items[0].body


@pytest.mark.parametrize(
    ("settle", "why"),
    [
        (AppHarness.decline, "You declined the payment"),
        (AppHarness.expire, "The payment request expired"),
    ],
)
def test_an_unpaid_booking_is_forgotten_and_says_so(h: AppHarness, settle, why) -> None:
    day = in_days(h, 5)
    request = h.run(f"/flights book KL1234 {day.isoformat()} Ana Costa")
    assert isinstance(request, PaymentRequest)
    assert settle(h, request) == Text(
        f"{why}: KL1234 is not booked. To book it again: "
        f"/flights book KL1234 {day.isoformat()} Ana Costa"
    )
    assert h.person_state("ana") == {"bookings": {}}
    assert h.shared(f"flight:KL1234:{day}") == {}
    assert h.run("/flights trips") == Text(
        "You have no trips booked. Find a flight with /flights search AMS LIS."
    )


def test_book_uses_the_souq_name_once_allowed(h: AppHarness) -> None:
    h.set_profile("ana", display_name="Ana Costa")
    day = in_days(h, 3)
    ask = h.run(f"/flights book KL1234 {day.isoformat()}")
    assert isinstance(ask, AskScope) and ask.scope == "profile.name"
    request = h.allow(ask)  # the command runs again, now with the name
    assert isinstance(request, PaymentRequest) and request.description.endswith("Ana Costa")

    found = h.run(f"/flights search AMS LIS {day.isoformat()}", as_person="bruno")
    assert isinstance(found, ListReply)
    book = found.items[0].buttons[0]
    ask = h.press(book, as_person="bruno")
    assert isinstance(ask, AskScope)
    h.deny(ask)
    h.set_profile("bruno", display_name="Bruno Ferri")
    h.grant("bruno", "profile.name")
    request = h.press(book, as_person="bruno")
    assert isinstance(request, PaymentRequest) and request.description.endswith("Bruno Ferri")


def test_a_name_must_look_like_a_name(h: AppHarness) -> None:
    with pytest.raises(UsageError, match="2 to 40 letters"):
        h.run(f"/flights book KL1234 {in_days(h, 3).isoformat()} R2-D2")


def test_check_in_goes_from_the_passenger_to_seat_bags_and_boarding_pass(h: AppHarness) -> None:
    day = in_days(h, 3)
    reference = booked(h, day)
    trip = Departure(KL1234, day)
    at(h, trip.departs - timedelta(hours=30))
    start = h.run(f"/flights checkin {reference.lower()}")
    assert isinstance(start, Card)
    assert start.title == "Check in: KL1234 to Lisbon"
    assert Field("Passenger", "Ana Costa") in start.fields

    seats = h.press(start.buttons[0])
    assert isinstance(seats, Update) and isinstance(seats.reply, Card)
    assert [b.label for b in seats.reply.buttons] == [
        "Window 1A",
        "Aisle 1C",
        "Middle 1B",
        "Any seat",
    ]
    bags = h.press(seats.reply.buttons[0])
    assert isinstance(bags, Update) and isinstance(bags.reply, Card)
    assert Field("Seat", "1A") in bags.reply.fields
    boarding = h.press(bags.reply.buttons[1])
    assert isinstance(boarding, Update)
    assert boarding.reply == Card(
        title="Boarding pass: KL1234",
        body=f"Amsterdam AMS → Lisbon LIS · {day:%a} {day.day} {day:%b %Y}. "
        "Show the code at the gate.",
        fields=(
            Field("Passenger", "Ana Costa"),
            Field("Gate", "D7"),
            Field("Seat", "1A"),
            Field("Boarding", "08:50 UTC"),
            Field("Departs", "09:30 UTC"),
            Field("Bags", "1 checked, 1 cabin"),
            Field("Code", f"KL1234-{day:%d%b}-1A-{reference}".upper()),
        ),
        buttons=(Button("Tell me about this flight", "follow", {"reference": reference}),),
    )
    entry = h.person_state("ana")["bookings"][reference]
    assert (entry["status"], entry["seat"], entry["bags"]) == ("checked_in", "1A", 1)
    assert h.shared(f"flight:KL1234:{day}")["passengers"][reference]["seat"] == "1A"
    again = h.run(f"/flights checkin {reference}")  # checked in: the boarding pass again
    assert again == boarding.reply


def test_check_in_opens_30_hours_before_and_closes_an_hour_before(h: AppHarness) -> None:
    day = in_days(h, 3)
    reference = booked(h, day)
    trip = Departure(KL1234, day)
    at(h, trip.departs - timedelta(hours=35))
    early = h.run(f"/flights checkin {reference}")
    assert early == Text(
        "Check-in for KL1234 opens 30 hours before departure: at 03:30 UTC on "
        f"{(day - timedelta(days=1)):%a} {(day - timedelta(days=1)).day} "
        f"{(day - timedelta(days=1)):%b %Y} (in 5 hours)."
    )
    at(h, trip.departs - timedelta(minutes=61))
    assert isinstance(h.run(f"/flights checkin {reference}"), Card)
    at(h, trip.departs - timedelta(minutes=60))
    late = h.run(f"/flights checkin {reference}")
    assert isinstance(late, Text)
    assert late.text.endswith("closed at 08:30 UTC, an hour before departure.")
    assert h.run("/flights checkin NOPE42") == Text(
        "You have no booking 'NOPE42'. /flights trips lists yours."
    )
    book = h.run(f"/flights book KL1234 {day.isoformat()} Ana Costa")
    assert book == Text(
        f"KL1234 of {day:%a} {day.day} {day:%b %Y} can no longer be booked: booking closes "
        "an hour before departure."
    )
    assert isinstance(h.run("/flights book KL1234 2020-01-01 Ana Costa"), Text)


def test_two_passengers_cannot_take_the_same_seat(h: AppHarness) -> None:
    day = in_days(h, 3)
    ana, bruno = booked(h, day), booked(h, day, "bruno", "Bruno Ferri")
    at(h, Departure(KL1234, day).departs - timedelta(hours=2))
    cards = {}
    for person, reference in (("ana", ana), ("bruno", bruno)):
        start = h.run(f"/flights checkin {reference}", as_person=person)
        assert isinstance(start, Card)
        cards[person] = pressed(h, start.buttons[0], person)
    pressed(h, cards["ana"].buttons[0])  # Window 1A
    taken = pressed(h, cards["bruno"].buttons[0], "bruno")  # the same, shown before
    assert taken.body.startswith("Step 2 of 3: 1A was just taken.")
    assert taken.buttons[0].label == "Window 1F"
    with pytest.raises(HarnessError, match="private to bruno"):
        h.press(taken.buttons[0], as_person="ana")


async def test_two_passengers_pressing_the_same_free_seat_at_once_one_gets_it() -> None:
    h = AppHarness(app)
    day = in_days(h, 3)
    windows = {}
    for person in ("ana", "bruno"):
        request = await h.arun(
            f"/flights book KL1234 {day} {person.title()} Lima", as_person=person
        )
        assert isinstance(request, PaymentRequest)
        await h.apay(request)
        if person == "ana":
            at(h, Departure(KL1234, day).departs - timedelta(hours=2))
        start = await h.arun(f"/flights checkin {request.reference}", as_person=person)
        assert isinstance(start, Card)
        seats = await h.apress(start.buttons[0], as_person=person)
        assert isinstance(seats, Update) and isinstance(seats.reply, Card)
        windows[person] = seats.reply.buttons[0]
        assert windows[person].label == "Window 1A"
    answers = await asyncio.gather(*(h.apress(b, as_person=p) for p, b in windows.items()))
    bodies = sorted(a.reply.body[:30] for a in answers if isinstance(a, Update))
    assert bodies == ["Step 2 of 3: 1A was just taken", "Step 3 of 3: a cabin bag is in"]
    seated = h.shared(f"flight:KL1234:{day}")["passengers"].values()
    assert sorted(p.get("seat", "-") for p in seated) == ["-", "1A"]


def test_tell_me_about_this_flight_asks_for_messages(h: AppHarness) -> None:
    reference = booked(h, in_days(h, 3))
    card = h.last.final
    assert isinstance(card, Card)
    ask = h.press(button(card, "Tell me about this flight"))
    assert isinstance(ask, AskScope) and ask.scope == "messages.notify"
    assert ask.reason.startswith("to tell you about delays and gate changes of KL1234 on ")
    assert h.allow(ask) is None  # a button asked: nothing runs again
    assert "messages.notify" in h.grants("ana")
    again = h.press(button(card, "Tell me about this flight"))
    assert isinstance(again, Text) and again.text.startswith("You will hear about KL1234 on ")
    assert reference in h.person_state("ana")["bookings"]


def allow_messages(h: AppHarness, person: str) -> None:
    """``person`` presses "Tell me about this flight" on their booking card and allows."""
    card = next(
        e.final
        for e in reversed(h.history)
        if e.person == person and isinstance(e.final, Card) and e.final.title.startswith("Booked")
    )
    assert isinstance(card, Card)
    ask = h.press(button(card, "Tell me about this flight"), as_person=person)
    assert isinstance(ask, AskScope)
    h.allow(ask)


def test_a_delay_reaches_exactly_the_passengers_who_allowed_it(h: AppHarness) -> None:
    day = in_days(h, 3)
    ana = booked(h, day)
    booked(h, day, "bruno", "Bruno Ferri")
    booked(h, day, "carla", "Carla Diaz")
    dana = booked(h, in_days(h, 4), "dana", "Dana Lee")  # another day: not told
    allow_messages(h, "ana")
    allow_messages(h, "dana")
    h.block("carla")
    h.advance(timedelta(hours=25))  # nobody used the app in the last day

    summary = h.event("delayed", {"flight": "KL1234", "minutes": 90, "date": day.isoformat()})
    name = f"alert:KL1234:{day}:1"
    assert summary == {
        "alert": name,
        "flight": "KL1234",
        "date": day.isoformat(),
        "delivered": 1,
        "refused": {"blocked": 1, "not_opted_in": 1},
    }
    [message] = h.delivered
    assert message.person == "ana"
    assert message.reply == Card(
        title="KL1234 to Lisbon is delayed",
        body=f"It now leaves at 11:00 UTC instead of 09:30 UTC on {day:%a} {day.day} "
        f"{day:%b %Y}. Boarding starts at 10:20 UTC, gate D7. Sorry for the wait.",
        fields=(Field("Booking", ana),),
        buttons=(Button("Check in or boarding pass", "checkin", {"reference": ana}),),
    )
    assert str(message.category) == "service"
    assert sorted((r.person, r.refused.code) for r in h.refused) == [
        ("bruno", Refusal.NOT_OPTED_IN),
        ("carla", Refusal.BLOCKED),
    ]
    alert = h.shared(name)
    assert alert["kind"] == "delayed" and alert["minutes"] == 90
    assert alert["outcomes"] == {
        h.person_id("ana"): "delivered",
        h.person_id("bruno"): "not_opted_in",
        h.person_id("carla"): "blocked",
    }
    assert h.shared(f"status:KL1234:{day}") == {"delay": 90, "alerts": 1}
    assert dana not in str(h.delivered)

    # the boarding pass and the check-in window follow the delay; the message's button
    # starts check-in in ana's chat with the app
    at(h, Departure(KL1234, day).departs)  # the scheduled time: it has not left
    start = h.press(message.reply.buttons[0], as_person="ana")
    assert isinstance(start, Card) and start.title == "Check in: KL1234 to Lisbon"
    boarding = check_in(h, ana, "1A")
    assert Field("Departs", "11:00 UTC (delayed 1h30)") in boarding.fields
    assert Field("Boarding", "10:20 UTC") in boarding.fields


def test_a_delay_without_a_date_is_for_the_next_departure(h: AppHarness) -> None:
    day = in_days(h, 1)
    at(h, datetime.combine(day, time(6, 0), UTC))
    first = h.event("delayed", {"flight": "KL1234", "minutes": 90})
    assert first is not None and first["date"] == day.isoformat()
    assert first["delivered"] == 0 and first["refused"] == {}  # nobody booked
    at(h, datetime.combine(day, time(10, 30), UTC))  # delayed to 11:00: not left yet
    second = h.event("delayed", {"flight": "KL1234", "minutes": 120})
    assert second is not None and (second["date"], second["alert"]) == (
        day.isoformat(),
        f"alert:KL1234:{day}:2",
    )
    assert h.event("delayed", {"flight": "KL1234", "minutes": 120}) == {
        "error": f"KL1234 of {day} is 120 minutes late already"
    }
    at(h, datetime.combine(day, time(11, 31), UTC))  # it left at 11:30
    third = h.event("gate", {"flight": "KL1234", "gate": "D9"})
    assert third is not None and third["date"] == in_days(h, 1).isoformat()
    assert h.event("gate", {"flight": "KL1234", "gate": "D9"}) == {
        "error": f"KL1234 of {in_days(h, 1)} boards at gate D9 already"
    }


def test_a_gate_change_reaches_the_passengers_and_the_boarding_pass(h: AppHarness) -> None:
    day = in_days(h, 3)
    reference = booked(h, day)
    allow_messages(h, "ana")
    at(h, Departure(KL1234, day).departs - timedelta(hours=3))
    summary = h.event("gate", {"flight": "kl1234", "gate": "d9", "date": day.isoformat()})
    assert summary is not None
    assert (summary["delivered"], summary["refused"]) == (1, {})
    [message] = h.delivered
    assert isinstance(message.reply, Card)
    assert message.reply.title == "KL1234 to Lisbon: new gate D9"
    assert message.reply.body.endswith("now boards at gate D9 (not D7), from 08:50 UTC.")
    assert h.shared(summary["alert"])["outcomes"] == {h.person_id("ana"): "delivered"}
    assert Field("Gate", "D9") in check_in(h, reference, "any").fields


@pytest.mark.parametrize(
    ("event", "data", "error"),
    [
        ("delayed", {"minutes": 90}, "flight must be one of the airline's flights (KL1234, "),
        ("delayed", {"flight": "XX1", "minutes": 9}, "not 'XX1'"),
        ("delayed", {"flight": "KL1234"}, "minutes must be a whole number from 1 to 1440"),
        ("delayed", {"flight": "KL1234", "minutes": "90"}, "not '90'"),
        ("delayed", {"flight": "KL1234", "minutes": 0}, "not 0"),
        ("delayed", {"flight": "KL1234", "minutes": True}, "not True"),
        ("delayed", {"flight": "KL1234", "minutes": 9, "date": "1 Dec"}, "date must be a date"),
        ("delayed", {"flight": "KL1234", "minutes": 9, "date": "2020-01-01"}, "left at 2020-"),
        ("delayed", {"flight": "KL1234", "minutes": 9, "gate": "D1"}, "unknown keys ['gate']"),
        ("gate", {"flight": "KL1234"}, "gate must be a gate such as D9 or 12, not None"),
        ("gate", {"flight": "KL1234", "gate": "the far one"}, "not 'the far one'"),
    ],
)
def test_bad_event_data_is_refused_with_a_reason_and_tells_nobody(
    h: AppHarness, event: str, data: dict[str, object], error: str
) -> None:
    day = in_days(h, 2)
    booked(h, day)
    h.grant("ana", "messages.notify")
    summary = h.event(event, data)
    assert summary is not None and error in summary["error"], summary
    assert list(summary) == ["error"]
    assert h.delivered == [] and h.refused == []
    assert h.shared(f"status:KL1234:{day}") == {}
