"""Reminders of bills due soon, for people who allowed Bill Pay to message them: the
shared documents the person's calls keep for the job, asking for the permission, and the
hourly job on the harness's clock."""

from datetime import UTC, datetime, timedelta

import pytest
from souq_billpay.app import app
from souq_sdk import AskScope, Button, Card, PaymentRequest, Text
from souq_sdk.notices import Basis
from souq_sdk.testing import AppHarness

NOTIFY = "messages.notify"
REMIND_ME = Button("Remind me before they are due", "remind")
ASK = AskScope(NOTIFY, "to remind you of your bills 3 days before they are due")


@pytest.fixture
def billpay() -> AppHarness:
    return AppHarness(app, start=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


def at(billpay: AppHarness, when: datetime) -> None:
    """Move the harness's clock to ``when``."""
    billpay.advance(when - billpay.now)


def ask_for_reminders(billpay: AppHarness, person: str, *, allow: bool = True) -> None:
    """``person`` runs ``/billpay remind`` and answers souq's consent card."""
    ask = billpay.run("/billpay remind", as_person=person)
    assert ask == ASK
    if allow:
        billpay.allow(ask)
    else:
        billpay.deny(ask)


def reminders(billpay: AppHarness) -> list[tuple[str, str]]:
    """Who was reminded of what, in order."""
    return [(d.person, d.reply.title) for d in billpay.delivered]  # type: ignore[union-attr]


def test_the_manifest_asks_for_service_messages_and_declares_the_job(billpay) -> None:
    manifest = billpay.manifest
    assert manifest.version == "1.1.0"
    assert manifest.scopes == ("payments.request", NOTIFY)
    assert [c.name for c in manifest.commands] == ["bills", "pay", "save", "forget", "remind"]
    assert [a.name for a in manifest.actions] == ["pay", "forget", "remind", "refund"]
    assert [(j.name, j.every) for j in manifest.jobs] == [("remind", 3600)]


def test_nothing_is_kept_for_the_job_of_someone_who_never_asked(billpay: AppHarness) -> None:
    billpay.run("/billpay save EN-1001")
    billpay.pay(billpay.run("/billpay pay WA-2001"))  # type: ignore[arg-type]
    billpay.run("/billpay forget energy")
    assert billpay.shared("due:2026-12-15") == billpay.shared("due:2027-01-15") == {}
    assert "reminders" not in billpay.person_state("ana")


def test_asking_keeps_the_open_bills_of_saved_billers_for_the_job(billpay: AppHarness) -> None:
    billpay.run("/billpay save EN-1001")
    ana = billpay.person_id("ana")
    ask_for_reminders(billpay, "ana", allow=False)  # kept even before they allow it
    assert billpay.shared("due:2026-12-15") == {ana: ["EN-1001"]}
    assert billpay.shared("due:2027-01-15") == {ana: ["EN-1002"]}
    billpay.run("/billpay save EN-1002")  # the same account again: nothing changes
    assert billpay.shared("due:2026-12-15") == {ana: ["EN-1001"]}

    billpay.pay(billpay.run("/billpay pay EN-1001"))  # type: ignore[arg-type]
    assert billpay.shared("due:2026-12-15") == {}
    assert billpay.shared("due:2027-01-15") == {ana: ["EN-1002"]}
    billpay.run("/billpay forget energy")
    assert billpay.shared("due:2027-01-15") == {}


def test_saving_another_account_of_a_biller_moves_its_bills(billpay: AppHarness) -> None:
    billpay.run("/billpay save TE-3001", as_person="ana")  # Ana Costa's phone
    billpay.run("/billpay save TE-3002", as_person="bruno")
    ask_for_reminders(billpay, "ana")
    ask_for_reminders(billpay, "bruno")
    assert billpay.shared("due:2026-12-05") == {billpay.person_id("ana"): ["TE-3001"]}
    ana, bruno = billpay.person_id("ana"), billpay.person_id("bruno")
    billpay.run("/billpay save TE-3003", as_person="ana")  # now Bruno Lima's account
    assert billpay.shared("due:2026-12-05") == {}
    assert billpay.shared("due:2026-12-18") == {bruno: ["TE-3002"], ana: ["TE-3002"]}
    bills = billpay.run("/billpay bills", as_person="ana")
    billpay.press(bills.items[0].buttons[-1], as_person="ana")  # type: ignore[union-attr]  # Forget
    assert billpay.shared("due:2026-12-18") == {bruno: ["TE-3002"]}
    assert billpay.shared("due:2027-01-18") == {bruno: ["TE-3003"]}


def test_the_saved_card_offers_reminders_until_they_are_allowed(billpay: AppHarness) -> None:
    saved = billpay.run("/billpay save WA-2001")
    assert isinstance(saved, Card)
    assert saved.buttons[-1] == REMIND_ME
    ask = billpay.press(saved.buttons[-1])
    assert ask == ASK
    assert billpay.allow(ask) is None
    assert billpay.shared("due:2026-12-10") == {billpay.person_id("ana"): ["WA-2001"]}
    assert billpay.press(saved.buttons[-1]) == Text(
        "Bill Pay will remind you of each of these bills 3 days before it is due: "
        "WA-2001 (due 10 Dec 2026)."
    )
    again = billpay.run("/billpay save WA-2001")
    assert isinstance(again, Card) and REMIND_ME not in again.buttons


def test_remind_asks_then_lists_the_bills_it_will_remind_of(billpay: AppHarness) -> None:
    """Allow runs the command again, which now lists the bills."""
    billpay.run("/billpay save EN-1001")
    billpay.run("/billpay save TE-3001")
    ask = billpay.run("/billpay remind")
    assert ask == ASK
    assert billpay.allow(ask) == Text(  # allowed: the command ran again
        "Bill Pay will remind you of each of these bills 3 days before it is due: "
        "EN-1001 (due 15 Dec 2026), EN-1002 (due 15 Jan 2027), TE-3001 (due 5 Dec 2026)."
    )
    declined = billpay.run("/billpay remind", as_person="bruno")
    assert declined == ASK
    billpay.deny(declined)  # type: ignore[arg-type]
    billpay.grant("bruno", NOTIFY)
    assert billpay.run("/billpay remind", as_person="bruno") == Text(
        "Bill Pay will remind you of your saved billers' bills 3 days before they are due. "
        "Save one with /billpay save EN-1001."
    )


def test_the_job_reminds_of_a_bill_three_days_before_it_is_due_once(billpay) -> None:
    billpay.run("/billpay save EN-1003")  # Bruno Lima's energy: EN-1003 due 20 Dec 2026
    ask_for_reminders(billpay, "ana")
    at(billpay, datetime(2026, 12, 16, 23, 0, tzinfo=UTC))
    billpay.run_job("remind")
    assert billpay.delivered == []  # four days ahead: not yet
    billpay.advance(timedelta(hours=1))
    billpay.run_job("remind")
    [reminder] = billpay.delivered
    assert (reminder.person, reminder.delivered.basis) == ("ana", Basis.GRANTED)
    assert reminder.reply == Card(
        title="Lumen Energy bill EN-1003 is due in 3 days",
        body="€62.75 for Bruno Lima, due 20 Dec 2026.",
        buttons=(Button("Pay €62.75", "pay", {"reference": "EN-1003"}),),
    )
    assert billpay.shared("reminded:2026-12-20") == {billpay.person_id("ana"): ["EN-1003"]}
    for _ in range(4 * 24):  # every hour until the day after it is due
        billpay.advance(timedelta(hours=1))
        billpay.run_job("remind")
    assert len(billpay.delivered) == 1
    paying = billpay.press(reminder.reply.buttons[0], as_person="ana")  # type: ignore[union-attr]
    assert isinstance(paying, PaymentRequest) and paying.amount == 6275


def test_only_those_who_asked_and_allowed_it_are_reminded(billpay: AppHarness) -> None:
    for person in ("ana", "bruno", "chloe", "dana"):
        billpay.run("/billpay save TE-3002", as_person=person)  # Bruno Lima's, due 18 Dec
    ask_for_reminders(billpay, "ana")
    ask_for_reminders(billpay, "bruno", allow=False)
    ask_for_reminders(billpay, "chloe")
    billpay.block("chloe")
    billpay.grant("dana", NOTIFY)  # allowed messages, never asked for reminders
    at(billpay, datetime(2026, 12, 15, 9, 0, tzinfo=UTC))
    billpay.run("/billpay bills", as_person="bruno")  # souq would let service messages through
    billpay.run_job("remind")
    assert reminders(billpay) == [("ana", "Tel Phone bill TE-3002 is due in 3 days")]
    assert billpay.refused == []  # nobody was even tried who had not allowed it

    billpay.grant("bruno", NOTIFY)  # allowed later: reminded at the next run
    billpay.advance(timedelta(days=2))
    billpay.run_job("remind")
    assert reminders(billpay)[1:] == [("bruno", "Tel Phone bill TE-3002 is due tomorrow")]
    billpay.block("chloe", False)
    billpay.advance(timedelta(days=1))
    billpay.run_job("remind")
    assert reminders(billpay)[2:] == [("chloe", "Tel Phone bill TE-3002 is due today")]


def test_a_bill_paid_or_forgotten_before_its_reminder_is_not_reminded(billpay) -> None:
    billpay.run("/billpay save EN-1001")  # EN-1001 due 15 Dec
    billpay.run("/billpay save WA-2002")  # WA-2002 due 12 Dec
    ask_for_reminders(billpay, "ana")
    billpay.pay(billpay.run("/billpay pay EN-1001"))  # type: ignore[arg-type]
    billpay.run("/billpay forget water")
    at(billpay, datetime(2026, 12, 12, 9, 0, tzinfo=UTC))
    billpay.run_job("remind")
    assert billpay.delivered == []


def test_each_person_is_reminded_of_their_own_saved_bills(billpay: AppHarness) -> None:
    billpay.run("/billpay save EN-1001", as_person="ana")
    billpay.run("/billpay save EN-1004", as_person="chloe")  # due 28 Dec
    ask_for_reminders(billpay, "ana")
    ask_for_reminders(billpay, "chloe")
    at(billpay, datetime(2026, 12, 12, 0, 30, tzinfo=UTC))
    billpay.run_job("remind")
    assert reminders(billpay) == [("ana", "Lumen Energy bill EN-1001 is due in 3 days")]
    at(billpay, datetime(2026, 12, 25, 0, 30, tzinfo=UTC))
    billpay.run_job("remind")
    assert reminders(billpay)[1:] == [("chloe", "Lumen Energy bill EN-1004 is due in 3 days")]


def test_a_date_whose_document_is_full_takes_no_more_but_saving_still_works(billpay) -> None:
    full = {"others": "x" * (16 * 1024 - 40)}  # a few hundred people due that day
    billpay.store.save("billpay", "shared", "due:2026-12-15", full)
    billpay.run("/billpay save EN-1001")
    ask_for_reminders(billpay, "ana")
    assert billpay.shared("due:2026-12-15") == full
    assert billpay.shared("due:2027-01-15") == {billpay.person_id("ana"): ["EN-1002"]}
