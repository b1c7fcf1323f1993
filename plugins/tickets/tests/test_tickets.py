"""The tickets app, run in the souq-sdk harness: no server, no database, no real money.

The harness's clock starts at the real now, so the tests book tomorrow's showings (always
on sale) and move the clock with ``harness.advance`` to reach a showing's start.
"""

import asyncio
from datetime import date, timedelta
from importlib.metadata import entry_points

import pytest
from souq_sdk import (
    Button,
    Card,
    Context,
    Field,
    ListReply,
    PaymentRequest,
    Refund,
    State,
    Text,
    Update,
    UsageError,
    Visibility,
)
from souq_sdk.dispatch import call_app, plugin_manager
from souq_sdk.replies import MAX_ITEM_BUTTONS, MAX_ITEMS
from souq_sdk.testing import AppHarness
from souq_tickets.app import app
from souq_tickets.bookings import ticket_code
from souq_tickets.catalogue import FILMS, HALLS, day_name, find_film, find_show, show_at
from souq_tickets.seating import HOLD


@pytest.fixture
def tickets() -> AppHarness:
    return AppHarness(app)


def tomorrow(tickets: AppHarness) -> date:
    return tickets.now.date() + timedelta(days=1)


def seat_map(tickets: AppHarness, person: str = "ana", line: str = "dune 19:00") -> ListReply:
    reply = tickets.run(f"/tickets seats {line} {tomorrow(tickets)}", as_person=person)
    assert isinstance(reply, ListReply), reply
    return reply


def button(view: ListReply, seat: str) -> Button:
    """The button of ``seat`` (``A5``) on a seat map, whatever its label says."""
    row = next(i for i in view.items if i.title == f"Row {seat[0]}")
    return next(b for b in row.buttons if b.payload.get("seat") == seat)


def label(view: ListReply, seat: str) -> str:
    return button(view, seat).label


def press(tickets: AppHarness, view: ListReply, seat: str, person: str = "ana") -> Update:
    answer = tickets.press(button(view, seat), as_person=person)
    assert isinstance(answer, Update), answer
    assert isinstance(answer.reply, ListReply)
    return answer


def pay_button(view: ListReply) -> Button:
    return view.items[-1].buttons[0]


def hold_and_ask(tickets: AppHarness, seats: list[str], person: str = "ana") -> PaymentRequest:
    view = seat_map(tickets, person)
    for seat in seats:
        view = press(tickets, view, seat, person).reply  # type: ignore[assignment]
    request = tickets.press(pay_button(view), as_person=person)
    assert isinstance(request, PaymentRequest), request
    return request


def show_id(tickets: AppHarness) -> str:
    return f"dune-{tomorrow(tickets):%Y%m%d}-1900"


def doc(tickets: AppHarness) -> dict:
    return tickets.shared(f"show:{show_id(tickets)}")


# -- the app and its catalogue ----------------------------------------------------------


def test_the_app_is_registered_under_the_souq_entry_point() -> None:
    (entry_point,) = entry_points(group="souq", name="tickets")
    assert entry_point.load() is app


def test_the_manifest_asks_for_payments(tickets: AppHarness) -> None:
    manifest = tickets.manifest
    assert (manifest.slug, manifest.name, manifest.version) == ("tickets", "Tickets", "1.0.0")
    assert manifest.scopes == ("payments.request",)
    assert [c.name for c in manifest.commands] == [
        "films",
        "times",
        "seats",
        "group",
        "mine",
        "cancel",
    ]
    assert [a.name for a in manifest.actions] == [
        "map",
        "seat",
        "pay",
        "release",
        "cancel",
        "refund",
    ]


def test_every_hall_fits_a_seat_map_and_every_showing_has_an_id() -> None:
    for hall in HALLS.values():
        assert hall.rows + 1 <= MAX_ITEMS  # a row per item, and one to pay
        assert hall.seats <= MAX_ITEM_BUTTONS
    day = date(2026, 12, 24)
    for film in FILMS:
        for at, _hall in film.times:
            show = show_at(film, day, at)
            assert show is not None and find_show(show.id) == show
            assert len(f"show:{show.id}") <= 64  # a shared document's name
    assert find_show("dune-20261224-1800") is None  # no such showing
    assert find_show("dune-20261332-1900") is None
    assert find_film("Dune: Part Two") is find_film("DUNE") is FILMS[0]
    assert find_film("perfect days") is find_film("perfect-days") is find_film("perf") is FILMS[2]
    assert find_film("") is None


# -- what's on --------------------------------------------------------------------------


def test_films_lists_todays_films_with_a_button_per_showing_to_come(tickets: AppHarness) -> None:
    today = tickets.now.date()
    reply = tickets.run("/tickets films")
    assert isinstance(reply, ListReply)
    assert reply.title == f"What's on {day_name(today)}"
    assert reply.visibility is Visibility.PRIVATE
    assert [i.title for i in reply.items] == [f.title for f in FILMS]
    for item in reply.items:
        for shown in item.buttons:
            show = find_show(shown.payload["show"])
            assert show is not None and show.starts > tickets.now


def test_films_of_a_day_and_their_showings(tickets: AppHarness) -> None:
    day = tomorrow(tickets)
    reply = tickets.run(f"/tickets films {day}")
    assert isinstance(reply, ListReply)
    assert reply.title == f"What's on {day_name(day)}"
    dune = reply.items[0]
    assert dune.body == "166 min · 12 · €11.50 · /tickets times dune"
    assert [b.label for b in dune.buttons] == ["14:00 · Hall 1", "19:00 · Hall 1"]
    view = tickets.press(dune.buttons[1])
    assert isinstance(view, ListReply)
    assert view.title == f"Dune: Part Two · {day_name(day)} 19:00 · Hall 1"


def test_times_shows_the_free_seats_of_each_showing(tickets: AppHarness) -> None:
    day = tomorrow(tickets)
    hold_and_ask(tickets, ["A1", "A2"])
    reply = tickets.run(f"/tickets times dune {day}", as_person="bruno")
    assert isinstance(reply, ListReply)
    assert reply.title == f"Dune: Part Two · {day_name(day)}"
    assert [(i.title, i.body) for i in reply.items] == [
        ("14:00 · Hall 1", "64 of 64 seats free"),
        ("19:00 · Hall 1", "62 of 64 seats free"),
    ]
    assert [b.label for b in reply.items[1].buttons] == ["Choose seats"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/tickets films 2020-01-01", "Showings are on sale from {today} to {last}, not on 2020-01-01."),
        ("/tickets times jaws", "No film called 'jaws'. On the programme: dune, paddington, perfect-days, alien."),
        ("/tickets seats dune 20:00 {tomorrow}", "Dune: Part Two is on at 14:00 and 19:00, not at '20:00'."),
        ("/tickets group dune banana {tomorrow}", "Dune: Part Two is on at 14:00 and 19:00, not at 'banana'."),
        ("/tickets cancel T-NOPE", "You have no ticket 'T-NOPE': see yours with /tickets mine."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_the_usage_line(
    tickets: AppHarness, line: str, message: str
) -> None:
    today = tickets.now.date()
    values = {"today": today, "last": today + timedelta(days=7), "tomorrow": tomorrow(tickets)}
    with pytest.raises(UsageError) as caught:
        tickets.run(line.format(**values))
    assert str(caught.value).splitlines()[0] == message.format(**values)
    assert str(caught.value).splitlines()[1].startswith("Usage: /tickets ")


def test_a_showing_that_started_is_not_on_sale(tickets: AppHarness) -> None:
    view = seat_map(tickets)
    show = find_show(show_id(tickets))
    assert show is not None
    tickets.advance(show.starts - tickets.now)
    with pytest.raises(UsageError, match="has started: choose a later showing"):
        tickets.run(f"/tickets seats dune 19:00 {show.starts.date()}")
    assert tickets.press(button(view, "A5")) == Text(
        f"{show.name} has started: its seats are no longer on sale."
    )


# -- the seat map and holds -------------------------------------------------------------


def test_the_seat_map_has_a_row_of_seat_buttons_per_row_and_a_pay_item(
    tickets: AppHarness,
) -> None:
    view = seat_map(tickets)
    assert view.visibility is Visibility.PRIVATE
    assert [i.title for i in view.items[:-1]] == [f"Row {r}" for r in "ABCDEFGH"]
    assert [b.label for b in view.items[0].buttons] == [f"A{n}" for n in range(1, 9)]
    assert view.items[0].body == "Screen this way"
    summary = view.items[-1]
    assert summary.body == (
        "€11.50 a seat, 64 of 64 free. Press free seats to hold them for 5 minutes (up to 6), "
        "then Pay. ✗ sold, (held) held by someone."
    )
    assert [b.label for b in summary.buttons] == ["Pay for my seats", "Release my seats"]


def test_pressing_a_free_seat_holds_it_and_pressing_it_again_lets_it_go(
    tickets: AppHarness,
) -> None:
    held = press(tickets, seat_map(tickets), "A5")
    assert held.then == ()
    assert label(held.reply, "A5") == "A5 ✓"  # type: ignore[arg-type]
    until = tickets.now + HOLD
    assert doc(tickets) == {"A5": {"by": tickets.person_id("ana"), "until": until.isoformat()}}
    assert (
        held.reply.items[-1].body == f"You hold A5 until {until:%H:%M}: €11.50. Pay to keep them."
    )  # type: ignore[union-attr]
    assert label(seat_map(tickets, "bruno"), "A5") == "A5 (held)"
    released = press(tickets, held.reply, "A5")  # type: ignore[arg-type]
    assert label(released.reply, "A5") == "A5"  # type: ignore[arg-type]
    assert doc(tickets) == {}


@pytest.mark.parametrize(("first", "second"), [("ana", "bruno"), ("bruno", "ana")])
def test_of_two_people_pressing_one_seat_the_first_gets_it(
    tickets: AppHarness, first: str, second: str
) -> None:
    maps = {p: seat_map(tickets, p) for p in (first, second)}  # both see A5 free
    assert label(maps[first], "A5") == label(maps[second], "A5") == "A5"
    press(tickets, maps[first], "A5", first)
    lost = press(tickets, maps[second], "A5", second)
    assert lost.then == (Text("A5 is taken: choose another seat."),)
    assert label(lost.reply, "A5") == "A5 (held)"  # type: ignore[arg-type]
    assert doc(tickets)["A5"]["by"] == tickets.person_id(first)


async def test_two_people_pressing_one_seat_at_once_never_both_get_it() -> None:
    for _attempt in range(5):
        tickets = AppHarness(app)
        view = {
            p: await tickets.arun(f"/tickets seats dune 19:00 {tomorrow(tickets)}", as_person=p)
            for p in ("ana", "bruno")
        }
        answers = await asyncio.gather(
            *(tickets.apress(button(view[p], "C3"), as_person=p) for p in ("ana", "bruno"))  # type: ignore[arg-type]
        )
        notes = [a.then for a in answers]  # type: ignore[union-attr]
        assert sorted(notes, key=len) == [(), (Text("C3 is taken: choose another seat."),)]
        winner = ("ana", "bruno")[notes.index(())]
        assert doc(tickets)["C3"]["by"] == tickets.person_id(winner)


def test_an_unpaid_hold_expires_and_the_seat_is_free_for_others(tickets: AppHarness) -> None:
    press(tickets, seat_map(tickets), "B2")
    tickets.advance(HOLD - timedelta(seconds=1))
    assert press(tickets, seat_map(tickets, "bruno"), "B2", "bruno").then  # still held
    tickets.advance(timedelta(seconds=1))
    assert label(seat_map(tickets, "bruno"), "B2") == "B2"
    taken = press(tickets, seat_map(tickets, "bruno"), "B2", "bruno")
    assert taken.then == ()
    assert doc(tickets)["B2"]["by"] == tickets.person_id("bruno")
    assert label(seat_map(tickets), "B2") == "B2 (held)"


def test_one_person_holds_at_most_six_seats(tickets: AppHarness) -> None:
    view = seat_map(tickets)
    for n in range(1, 7):
        view = press(tickets, view, f"D{n}").reply  # type: ignore[assignment]
    seventh = press(tickets, view, "D7")
    assert seventh.then == (Text("You can hold at most 6 seats of a showing: pay for them first."),)
    assert "D7" not in doc(tickets)


def test_release_lets_go_of_every_seat_you_hold(tickets: AppHarness) -> None:
    view = press(tickets, seat_map(tickets), "E1").reply
    view = press(tickets, view, "E2").reply  # type: ignore[arg-type]
    press(tickets, seat_map(tickets, "bruno"), "E3", "bruno")
    released = tickets.press(view.items[-1].buttons[1])  # type: ignore[union-attr]
    assert isinstance(released, Update)
    assert set(doc(tickets)) == {"E3"}


# -- paying -----------------------------------------------------------------------------


def test_paying_for_held_seats_gives_a_private_ticket(tickets: AppHarness) -> None:
    request = hold_and_ask(tickets, ["A5", "A6"])
    day = tomorrow(tickets)
    assert request == PaymentRequest(
        amount=2300,
        currency="EUR",
        description=f"Dune: Part Two · {day_name(day)} 19:00, Hall 1: seats A5, A6",
        reference=f"{show_id(tickets)}:1",
        expires_in=300,
    )
    assert doc(tickets)["A5"]["payment"] == request.reference
    payment_id = tickets.payment_of(request).payment_id
    code = ticket_code(payment_id)
    card = tickets.pay(request)
    assert card == Card(
        title=f"Ticket {code}",
        body="Show this code at the door. Cancel before the film starts to get your money back.",
        fields=(
            Field("Film", "Dune: Part Two"),
            Field("When", f"{day_name(day)} 19:00"),
            Field("Hall", "Hall 1"),
            Field("Seats", "A5, A6"),
            Field("Paid", "€23.00"),
        ),
        buttons=(Button("Cancel ticket", "cancel", {"code": code}),),
    )
    assert card.visibility is Visibility.PRIVATE
    assert doc(tickets)["A5"] == {"ticket": code}  # who bought it is in their own state
    tickets.advance(HOLD * 3)  # sold seats never expire
    bruno = seat_map(tickets, "bruno")
    assert [label(bruno, s) for s in ("A4", "A5", "A6")] == ["A4", "A5 ✗", "A6 ✗"]
    assert press(tickets, bruno, "A5", "bruno").then == (Text("A5 is taken: choose another seat."),)
    mine = tickets.run("/tickets mine")
    assert isinstance(mine, ListReply)
    assert mine.items[0].title == f"{code} · Dune: Part Two · {day_name(day)} 19:00"
    assert mine.items[0].body == "Seats A5, A6 · €23.00 · paid"


def test_pay_without_a_hold_says_what_to_do(tickets: AppHarness) -> None:
    view = seat_map(tickets)
    assert tickets.press(pay_button(view)) == Text(
        "You hold no seats for this showing: press free seats on the map first."
    )


@pytest.mark.parametrize(
    ("settle", "why"),
    [(AppHarness.decline, "You declined the payment"), (AppHarness.expire, "Time is up")],
)
def test_a_declined_or_expired_payment_frees_the_seats(tickets: AppHarness, settle, why) -> None:
    request = hold_and_ask(tickets, ["C1", "C2"])
    answer = settle(tickets, request)
    day = tomorrow(tickets)
    assert answer == Text(
        f"{why}: seats C1, C2 for Dune: Part Two · {day_name(day)} 19:00 are free again. "
        f"Choose again with /tickets seats dune 19:00 {day}."
    )
    assert doc(tickets) == {}
    assert press(tickets, seat_map(tickets, "bruno"), "C1", "bruno").then == ()


def test_a_payment_after_the_seats_went_to_someone_else_is_refunded_once(
    tickets: AppHarness,
) -> None:
    request = hold_and_ask(tickets, ["F4"])
    tickets.advance(HOLD)
    press(tickets, seat_map(tickets, "bruno"), "F4", "bruno")
    card = tickets.pay(request)  # paid just too late
    payment_id = tickets.payment_of(request).payment_id
    assert card == Card(
        title="Your seats went to someone else",
        body="Your hold ran out before the payment arrived. Press Refund to get €11.50 back.",
        buttons=(Button("Refund €11.50", "refund", {"payment_id": payment_id}),),
    )
    refund = tickets.press(card.buttons[0])  # type: ignore[union-attr]
    assert refund == Refund(
        payment_id=payment_id, reason=f"No seats for {request.reference}", key=payment_id
    )
    tickets.press(card.buttons[0])  # type: ignore[union-attr]
    assert tickets.refunds == [refund]
    assert doc(tickets)["F4"]["by"] == tickets.person_id("bruno")


def test_a_payment_after_the_hold_ran_out_still_sells_seats_nobody_took(
    tickets: AppHarness,
) -> None:
    request = hold_and_ask(tickets, ["G1"])
    tickets.advance(HOLD)
    card = tickets.pay(request)
    assert isinstance(card, Card) and card.title.startswith("Ticket T-")


# -- cancelling -------------------------------------------------------------------------


def test_cancelling_before_the_showing_refunds_once_and_frees_the_seats(
    tickets: AppHarness,
) -> None:
    request = hold_and_ask(tickets, ["H7", "H8"])
    card = tickets.pay(request)
    assert isinstance(card, Card)
    payment_id = tickets.payment_of(request).payment_id
    code = ticket_code(payment_id)
    refund = tickets.press(card.buttons[0])
    assert refund == Refund(
        payment_id=payment_id,
        reason=f"Ticket {code} cancelled",
        key=f"cancel:{code}",
    )
    assert doc(tickets) == {}
    assert tickets.run(f"/tickets cancel {code.lower()}") == Text(
        f"Ticket {code} is already cancelled and refunded."
    )
    tickets.press(card.buttons[0])
    assert tickets.refunds == [refund]
    assert tickets.payments[payment_id].refunded == 2300
    mine = tickets.run("/tickets mine")
    assert mine.items[0].body == "Seats H7, H8 · €23.00 · cancelled"  # type: ignore[union-attr]
    assert mine.items[0].buttons == ()  # type: ignore[union-attr]


def test_after_the_showing_starts_a_ticket_cannot_be_cancelled(tickets: AppHarness) -> None:
    request = hold_and_ask(tickets, ["A1"])
    card = tickets.pay(request)
    assert isinstance(card, Card)
    code = ticket_code(tickets.payment_of(request).payment_id)
    show = find_show(show_id(tickets))
    assert show is not None
    tickets.advance(show.starts - tickets.now)
    refused = Text(
        f"{show.name} has started: ticket {code} can no longer be cancelled or refunded."
    )
    assert tickets.run(f"/tickets cancel {code}") == refused
    assert tickets.press(card.buttons[0]) == refused
    assert tickets.refunds == []
    assert tickets.shared(f"show:{show.id}")["A1"]["ticket"] == code
    mine = tickets.run("/tickets mine")
    assert mine.items[0].buttons == ()  # type: ignore[union-attr]


def test_mine_without_tickets(tickets: AppHarness) -> None:
    assert tickets.run("/tickets mine") == Text(
        "You have no tickets yet. See what's on with /tickets films."
    )


# -- group outings ----------------------------------------------------------------------


def test_a_group_seat_map_is_public_and_each_member_books_their_own_seats(
    tickets: AppHarness,
) -> None:
    group = tickets.run(f"/tickets group dune 19:00 {tomorrow(tickets)}", in_conversation="friends")
    assert isinstance(group, ListReply)
    assert group.visibility is Visibility.PUBLIC
    bruno = tickets.press(button(group, "D4"), as_person="bruno")
    assert isinstance(bruno, Update) and isinstance(bruno.reply, ListReply)
    assert bruno.reply.visibility is Visibility.PUBLIC
    assert label(bruno.reply, "D4") == "D4 (held)"  # a group map marks no one's own seats
    carla = tickets.press(button(bruno.reply, "D5"), as_person="carla")
    assert isinstance(carla, Update) and isinstance(carla.reply, ListReply)
    assert [label(carla.reply, s) for s in ("D4", "D5")] == ["D4 (held)", "D5 (held)"]
    lost = tickets.press(button(carla.reply, "D4"), as_person="ana")
    assert lost.then == (Text("D4 is taken: choose another seat."),)  # type: ignore[union-attr]
    requests = {
        person: tickets.press(pay_button(carla.reply), as_person=person)
        for person in ("bruno", "carla", "ana")
    }
    assert requests["ana"] == Text(
        "You hold no seats for this showing: press free seats on the map first."
    )
    for person, seat in (("bruno", "D4"), ("carla", "D5")):
        request = requests[person]
        assert isinstance(request, PaymentRequest) and request.amount == 1150
        assert tickets.payment_of(request).person == person
        card = tickets.pay(request)
        assert isinstance(card, Card) and card.fields[3] == Field("Seats", seat)
    again = tickets.press(button(carla.reply, "D6"), as_person="ana")
    assert [label(again.reply, s) for s in ("D4", "D5", "D6")] == ["D4 ✗", "D5 ✗", "D6 (held)"]  # type: ignore[union-attr, arg-type]


# -- buttons the app did not show as they are now ---------------------------------------


@pytest.mark.parametrize(
    ("action", "payload", "answer"),
    [
        ("refund", {"payment_id": "pay-1"}, "That payment has nothing to refund."),
        (
            "seat",
            {"show": "dune-20991201-1900", "seat": "Z9", "group": False},
            "Hall 1 has no seat Z9.",
        ),
        (
            "pay",
            {"show": "jaws-20991201-1900"},
            "That showing is not on the programme. See what's on with /tickets films.",
        ),
    ],
)
async def test_old_or_odd_buttons_are_answered_plainly(
    action: str, payload: dict, answer: str
) -> None:
    pm = plugin_manager()
    pm.register(app)
    context = Context(
        app="tickets",
        person_id="p1",
        conversation_id="c1",
        person_state=State(app="tickets", scope="person"),
        conversation_state=State(app="tickets", scope="conversation"),
    )
    reply = await call_app(pm, app, "souq_action", action=action, payload=payload, context=context)
    assert reply == Text(answer)
