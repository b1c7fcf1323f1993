"""The bank app, run in the souq-sdk harness: no server, no database, no real money."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from importlib.metadata import entry_points
from typing import Any

import pytest
from souq_bank.accounts import STARTING_BALANCE, account_number, is_iban
from souq_bank.app import app
from souq_sdk import AskScope, Button, Card, Context, Field, ListReply, Shared, State, Text, Update
from souq_sdk.dispatch import call_app, plugin_manager
from souq_sdk.notices import Refusal
from souq_sdk.testing import AppHarness

NOTIFY = "messages.notify"


@pytest.fixture
def bank() -> AppHarness:
    return AppHarness(app)


def link(bank: AppHarness, person: str = "ana", *, allow: bool = True) -> str:
    """``person`` opens an account (allowing the bank's questions, or not); its number."""
    ask = bank.run("/bank link", as_person=person)
    assert ask == AskScope(
        NOTIFY, 'to ask you "Was this you?" before an unusual transfer leaves your account'
    )
    if allow:
        card = bank.allow(ask)
        assert isinstance(card, Card) and card.title == "Your Souq Bank account"
    else:
        bank.deny(ask)
    number: str = bank.person_state(person)["account"]
    return number


def transfer(bank: AppHarness, account: str, transfer_id: str, /, **fields: Any) -> dict[str, Any]:
    """Send the ``transfer`` event (by default €42.00 to a known payee at home)."""
    data = {"account": account, "id": transfer_id, "amount": 4200, "payee": "Lumen Energy"}
    data["country"] = "NL"
    summary = bank.event("transfer", {**data, **fields})
    assert summary is not None
    return summary


SUSPICIOUS = {"amount": "1200.00", "payee": "Gadget Shop", "country": "DE"}
"""A transfer that is large, to a new payee and abroad."""


def balance(bank: AppHarness, account: str) -> int:
    value: int = bank.shared(f"account:{account}")["balance"]
    return value


def question_buttons(bank: AppHarness, person: str = "ana") -> tuple[Button, Button]:
    """The Yes and No of the first transfer waiting for ``person`` in /bank transfers."""
    listing = bank.run("/bank transfers", as_person=person)
    assert isinstance(listing, ListReply)
    yes, no = listing.items[0].buttons
    return yes, no


def test_the_app_is_registered_under_the_souq_entry_point() -> None:
    (entry_point,) = entry_points(group="souq", name="bank")
    assert entry_point.load() is app


def test_the_manifest(bank: AppHarness) -> None:
    manifest = bank.manifest
    assert (manifest.slug, manifest.name, manifest.version) == ("bank", "Souq Bank", "1.0.0")
    assert manifest.scopes == (NOTIFY,)
    assert [c.name for c in manifest.commands] == ["link", "balance", "transfers"]
    assert [a.name for a in manifest.actions] == ["yes", "no"]
    assert manifest.events == ("transfer",)
    assert [(j.name, j.every) for j in manifest.jobs] == [("expire-questions", 60)]


def test_account_numbers_are_stable_valid_and_not_a_sequence() -> None:
    number = account_number("p1")
    assert number == account_number("p1") != account_number("p2") != account_number("p1", 1)
    assert number.startswith("NL") and number[4:8] == "SOUQ" and is_iban(number)
    assert is_iban("NL31SOUQ4018661667") and not is_iban("NL91SOUQ0000000042")
    wrong = number[:2] + f"{(int(number[2:4]) + 1) % 100:02d}" + number[4:]
    assert not is_iban(wrong)


def test_link_opens_an_account_and_asks_to_message_about_transfers(bank: AppHarness) -> None:
    number = link(bank)
    assert number == account_number(bank.person_id("ana"))
    assert bank.grants("ana") == {NOTIFY}
    document = bank.shared(f"account:{number}")
    assert document["owner"] == bank.person_id("ana")
    assert (document["balance"], document["currency"], document["country"]) == (
        STARTING_BALANCE,
        "EUR",
        "NL",
    )
    again = bank.run("/bank link")  # already linked and allowed: the same account
    assert isinstance(again, Card)
    assert again.fields[:2] == (Field("Account", number), Field("Balance", "€2,500.00"))
    assert again.visibility == "private"
    assert bank.person_state("ana") == {"account": number}


def test_balance_and_transfers_need_an_account_and_are_private(bank: AppHarness) -> None:
    nothing = Text("You have no Souq Bank account yet: /bank link opens one.")
    assert bank.run("/bank balance") == nothing
    assert bank.run("/bank transfers") == nothing
    number = link(bank, allow=False)
    card = bank.run("/bank balance")
    assert isinstance(card, Card) and card.visibility == "private"
    assert card.fields[0] == Field("Account", number)
    assert card.fields[-1] == Field(
        '"Was this you?"', "off: unusual transfers are blocked (/bank link to allow)"
    )
    assert bank.run("/bank transfers") == Text(f"No transfers yet on {number}.")


def test_an_ordinary_transfer_goes_through_without_a_question(bank: AppHarness) -> None:
    number = link(bank)
    summary = transfer(bank, number, "t-1", amount="42.50")
    assert summary == {"transfer": "t-1", "status": "completed", "asked": False, "reasons": []}
    assert balance(bank, number) == STARTING_BALANCE - 4250
    assert bank.delivered == []
    listing = bank.run("/bank transfers")
    assert isinstance(listing, ListReply) and listing.visibility == "private"
    [item] = listing.items
    assert item.title == "Completed: €42.50 to Lumen Energy (NL)"
    assert item.body.startswith("€42.50 to Lumen Energy (NL) went through.\n")
    assert item.body.endswith("UTC · t-1") and item.buttons == ()


@pytest.mark.parametrize(
    ("fields", "reasons", "why"),
    [
        ({"amount": 100000}, ["large"], "A large amount"),
        ({"payee": "Gadget Shop"}, ["new_payee"], "A payee you have not paid before"),
        ({"country": "BE"}, ["abroad"], "An account abroad"),
        (
            SUSPICIOUS,
            ["large", "new_payee", "abroad"],
            "A large amount, a payee you have not paid before, an account abroad",
        ),
    ],
)
def test_a_suspicious_transfer_is_held_and_the_holder_asked(
    bank: AppHarness, fields: dict[str, Any], reasons: list[str], why: str
) -> None:
    number = link(bank)
    summary = transfer(bank, number, "t-9", **fields)
    expires = (bank.now + timedelta(minutes=15)).isoformat()
    assert summary == {
        "transfer": "t-9",
        "status": "held",
        "asked": True,
        "reasons": reasons,
        "expires": expires,
    }
    assert balance(bank, number) == STARTING_BALANCE  # nothing moves while held
    [asked] = bank.delivered
    assert asked.person == "ana" and asked.category == "service"
    card = asked.reply
    assert isinstance(card, Card) and card.title == "Was this you?"
    assert card.fields[-1] == Field("Why we ask", why)
    assert [(b.label, b.action, b.payload) for b in card.buttons] == [
        ("Yes, it was me", "yes", {"transfer": "t-9"}),
        ("No", "no", {"transfer": "t-9"}),
    ]
    assert bank.shared("pending") == {"t-9": [expires, number]}
    assert bank.shared("transfer:t-9")["status"] == "held"


def test_yes_lets_it_through_once(bank: AppHarness) -> None:
    number = link(bank)
    transfer(bank, number, "t-2", **SUSPICIOUS)
    yes, _no = question_buttons(bank)
    answer = bank.press(yes)
    assert isinstance(answer, Update) and isinstance(answer.reply, Card)
    assert answer.reply.title == "Transfer sent"
    assert answer.reply.body == (
        "You said it was you: €1,200.00 to Gadget Shop (DE) is on its way. "
        "Your balance is €1,300.00."
    )
    assert balance(bank, number) == STARTING_BALANCE - 120000
    assert "Gadget Shop" in bank.shared(f"account:{number}")["payees"]  # known from now on
    again = bank.press(yes)
    assert isinstance(again, Update) and again.reply.body.startswith("This was settled already.")
    assert balance(bank, number) == STARTING_BALANCE - 120000
    # the held question is gone from the list; the transfer is in the history
    listing = bank.run("/bank transfers")
    assert isinstance(listing, ListReply)
    assert [i.title for i in listing.items] == ["Completed: €1,200.00 to Gadget Shop (DE)"]


def test_no_blocks_it_and_says_what_happens_next(bank: AppHarness) -> None:
    number = link(bank)
    transfer(bank, number, "t-3", **SUSPICIOUS)
    _yes, no = question_buttons(bank)
    answer = bank.press(no)
    assert isinstance(answer, Update) and answer.reply.title == "Transfer blocked"
    assert "nothing left your account" in answer.reply.body
    assert "sending you a new one" in answer.reply.body and "Call us on" in answer.reply.body
    assert balance(bank, number) == STARTING_BALANCE
    assert bank.shared("transfer:t-3")["status"] == "blocked"
    later = transfer(bank, number, "t-3", **SUSPICIOUS)  # the backend asks again: still blocked
    assert later["status"] == "blocked" and later["repeated"] is True


def test_no_answer_in_time_blocks_it_when_the_job_runs(bank: AppHarness) -> None:
    number = link(bank)
    transfer(bank, number, "t-4", **SUSPICIOUS)
    yes, _no = question_buttons(bank)
    bank.advance(timedelta(minutes=14))
    bank.run_job("expire-questions")
    assert bank.shared("transfer:t-4")["status"] == "held"  # not yet
    bank.advance(timedelta(minutes=1))
    bank.run_job("expire-questions")
    assert bank.shared("transfer:t-4")["status"] == "blocked"
    assert bank.shared("pending") == {}
    told = bank.delivered[-1].reply
    assert isinstance(told, Card) and told.title == "Transfer blocked"
    assert told.body.startswith("Nobody answered within 15 minutes")
    late = bank.press(yes)  # a press after the window says what happened
    assert isinstance(late, Update) and "Nobody answered within 15 minutes" in late.reply.body
    assert balance(bank, number) == STARTING_BALANCE
    bank.run_job("expire-questions")
    assert len(bank.delivered) == 2  # the question and the notice, nothing more


def test_a_late_press_blocks_it_before_the_job_does(bank: AppHarness) -> None:
    number = link(bank)
    transfer(bank, number, "t-5", **SUSPICIOUS)
    yes, _no = question_buttons(bank)
    bank.advance(timedelta(minutes=16))
    late = bank.press(yes)
    assert isinstance(late, Update) and late.reply.title == "Transfer blocked"
    assert balance(bank, number) == STARTING_BALANCE
    bank.run_job("expire-questions")  # drops the question without telling anyone again
    assert bank.shared("pending") == {}
    assert len(bank.delivered) == 1


def test_without_consent_nobody_is_asked_and_the_transfer_is_blocked(bank: AppHarness) -> None:
    number = link(bank, allow=False)
    bank.advance(timedelta(hours=25))  # no grant, and no command in the last day
    summary = transfer(bank, number, "t-6", **SUSPICIOUS)
    assert summary == {
        "transfer": "t-6",
        "status": "blocked",
        "asked": False,
        "reasons": ["large", "new_payee", "abroad"],
        "refusal": "not_opted_in",
    }
    assert bank.delivered == []
    assert [r.refused.code for r in bank.refused] == [Refusal.NOT_OPTED_IN]
    document = bank.shared("transfer:t-6")
    assert document["refusal"] == "not_opted_in"
    assert (
        "we could not ask you (you have not allowed Souq Bank to message you)"
        in (document["outcome"])
    )
    assert bank.shared("pending") == {}
    assert balance(bank, number) == STARTING_BALANCE
    listing = bank.run("/bank transfers")
    assert isinstance(listing, ListReply)
    assert listing.items[0].title == "Blocked: €1,200.00 to Gadget Shop (DE)"
    assert listing.items[0].body.startswith(document["outcome"])
    # an ordinary transfer needs no question, so it still goes through
    assert transfer(bank, number, "t-7")["status"] == "completed"


def test_a_repeated_event_changes_nothing_and_asks_nothing_twice(bank: AppHarness) -> None:
    number = link(bank)
    first = transfer(bank, number, "t-8", **SUSPICIOUS)
    again = transfer(bank, number, "t-8", **SUSPICIOUS)
    assert again == {**first, "repeated": True}
    assert len(bank.delivered) == 1
    other = transfer(bank, number, "t-8", amount=999)
    assert other == {
        "status": "invalid",
        "problems": ["id: transfer t-8 was reported with other details"],
    }
    paid = transfer(bank, number, "t-10")
    assert transfer(bank, number, "t-10") == {**paid, "repeated": True}
    assert balance(bank, number) == STARTING_BALANCE - 4200  # paid once


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"id": ""}, "id: a string of letters, digits and . _ : -"),
        ({"id": "a" * 56}, "id: at most 55 characters"),
        ({"id": "has space"}, "id: a string of letters, digits and . _ : -"),
        ({"account": "NL00SOUQ0000000000"}, "account: a Souq Bank account number"),
        ({"amount": 12.5}, "amount: euro cents as a whole number"),
        ({"amount": "12.505"}, "amount: euro cents as a whole number"),
        ({"amount": True}, "amount: euro cents as a whole number"),
        ({"amount": 0}, "amount: from €0.01 to €100,000.00"),
        ({"amount": 10_000_001}, "amount: from €0.01 to €100,000.00"),
        ({"payee": "  "}, "payee: a name of 1 to 70 characters"),
        ({"country": "Germany"}, "country: a two-letter country code"),
        ({"country": None}, "country: a two-letter country code"),
    ],
)
def test_bad_event_data_is_refused_with_its_problems(
    bank: AppHarness, fields: dict[str, Any], problem: str
) -> None:
    number = link(bank)
    summary = transfer(bank, number, "t-11", **fields)
    assert summary["status"] == "invalid"
    [found] = summary["problems"]
    assert found.startswith(problem)
    assert bank.shared("transfer:t-11") == {}
    assert bank.delivered == []


def test_every_problem_is_named_and_unknown_accounts_are_refused(bank: AppHarness) -> None:
    assert bank.event("transfer", {}) == {
        "status": "invalid",
        "problems": [
            "id: a string of letters, digits and . _ : -",
            "account: a Souq Bank account number such as NL31SOUQ4018661667",
            'amount: euro cents as a whole number (120000) or euros as a string ("1200.00")',
            "payee: a name of 1 to 70 characters",
            "country: a two-letter country code such as NL or DE",
        ],
    }
    stranger = account_number("nobody")
    assert transfer(bank, stranger, "t-12") == {
        "status": "invalid",
        "problems": [f"account: no account {stranger}"],
    }
    spaced = " ".join(stranger[i : i + 4] for i in range(0, 18, 4)).lower()
    assert transfer(bank, spaced, "t-12")["problems"] == [f"account: no account {stranger}"]


def test_a_transfer_larger_than_the_balance_is_declined(bank: AppHarness) -> None:
    number = link(bank)
    summary = transfer(bank, number, "t-13", amount=STARTING_BALANCE + 1)
    assert summary["status"] == "declined" and summary["asked"] is False
    assert bank.delivered == []
    # held while there was money, then the money went: Yes declines it
    transfer(bank, number, "t-14", amount=2_000_00)
    transfer(bank, number, "t-15", amount=1_000_00)
    _yes_14, _ = question_buttons(bank)
    listing = bank.run("/bank transfers")
    assert isinstance(listing, ListReply)
    by_title = {item.title: item.buttons for item in listing.items}
    yes_14 = by_title["Waiting for you: €2,000.00 to Lumen Energy (NL)"][0]
    yes_15 = by_title["Waiting for you: €1,000.00 to Lumen Energy (NL)"][0]
    assert bank.press(yes_14).reply.title == "Transfer sent"  # type: ignore[union-attr]
    declined = bank.press(yes_15)
    assert isinstance(declined, Update) and declined.reply.title == "Transfer declined"
    assert declined.reply.body.endswith("your balance is only €500.00.")
    assert balance(bank, number) == 500_00


def test_only_the_account_holder_can_answer(bank: AppHarness) -> None:
    number = link(bank)
    bank.event("transfer", {"account": number, "id": "t-16", "amount": 4200} | SUSPICIOUS)
    bank.run("/bank balance", as_person="bruno")
    documents = {"transfer:t-16": bank.shared("transfer:t-16")}

    async def load(name: str) -> tuple[dict[str, Any], int]:
        return documents.get(name, {}), 1

    pm = plugin_manager()
    pm.register(app)
    context = Context(
        app="bank",
        person_id=bank.person_id("bruno"),
        conversation_id="c1",
        person_state=State(app="bank", scope="person"),
        conversation_state=State(app="bank", scope="conversation"),
        shared=Shared("bank", load, now=bank.now),
    )
    for action in ("yes", "no"):
        reply = asyncio.run(
            call_app(
                pm, app, "souq_action", action=action, payload={"transfer": "t-16"}, context=context
            )
        )
        assert reply == Text("Only the account holder can answer about this transfer.")
    assert bank.shared("transfer:t-16")["status"] == "held"


def test_the_job_blocks_a_few_expired_questions_per_run(bank: AppHarness) -> None:
    number = link(bank)
    for n in range(10):
        transfer(bank, number, f"t-{n}", **SUSPICIOUS)
    bank.advance(timedelta(minutes=15))
    bank.run_job("expire-questions")
    assert len(bank.shared("pending")) == 2  # 8 a run: each takes two of 20 documents
    bank.run_job("expire-questions")
    assert bank.shared("pending") == {}
    statuses = {bank.shared(f"transfer:t-{n}")["status"] for n in range(10)}
    assert statuses == {"blocked"}
    assert len(bank.delivered) == 20  # ten questions, ten notices


def test_a_question_the_index_cannot_hold_is_not_asked(bank: AppHarness) -> None:
    number = link(bank)
    for n in range(1000):
        summary = transfer(bank, number, f"transfer-with-a-rather-long-id-{n:04d}", **SUSPICIOUS)
        if summary["status"] != "held":
            break
    assert summary["status"] == "blocked" and summary["refusal"] == "too_many_pending"
    assert summary["asked"] is False
    assert len(bank.delivered) == n  # every question before it, and not this one
    assert len(bank.shared("pending")) == n
