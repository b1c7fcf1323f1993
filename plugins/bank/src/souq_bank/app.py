"""Souq Bank: a demo bank that asks "Was this you?" in chat before a suspicious transfer
leaves the account.

``/bank link`` opens a demo account (and asks for ``messages.notify``, so the bank may ask
about transfers); ``/bank balance`` and ``/bank transfers`` show it, privately. The bank's
backend reports each transfer with the ``transfer`` event. An ordinary one goes through;
one that is large, to a new payee or abroad is held, and the holder gets a service
message card asking "Was this you?" with Yes and No. Yes lets it through, No blocks it,
and no answer within :data:`~souq_bank.questions.WINDOW` blocks it (the
``expire-questions`` job, or a late press). A transfer the bank cannot ask about (souq
refuses the message: no consent, the app is blocked...) is blocked at once, with souq's
reason recorded.

Every transfer is a shared document of its own, written when the event arrives (see
:mod:`souq_bank.transfers`); accounts are shared documents too (see
:mod:`souq_bank.accounts`), and held transfers are listed in a small index (see
:mod:`souq_bank.questions`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from souq_sdk import (
    App,
    AskScope,
    Card,
    Context,
    Delivered,
    Field,
    Item,
    ListReply,
    Notifier,
    Shared,
    StateError,
    Text,
    Update,
    format_amount,
)

from souq_bank import accounts, questions, transfers
from souq_bank.accounts import CURRENCY, Account, account_number
from souq_bank.questions import WINDOW, Pending
from souq_bank.transfers import BadTransfer, Record, Status, parse_transfer, suspicions

NOTIFY = "messages.notify"
EXPIRE_EVERY = timedelta(minutes=1)
EXPIRE_PER_RUN = 8
"""Held transfers one job run blocks at most (each uses two documents of the 20 a call
may use); the rest wait for the next run."""
LISTED = 8
"""Transfers /bank transfers shows at most."""

app = App(
    slug="bank",
    name="Souq Bank",
    summary='A demo bank that asks "Was this you?" before unusual transfers',
    scopes=[NOTIFY],
)


@app.command()
def link(context: Context) -> Card | AskScope:
    """Open your demo account (or show it), and allow the bank to ask you about transfers."""
    account = _linked(context)
    if account is None:
        account = _open(context)
    if NOTIFY not in context.grants:
        return AskScope(
            NOTIFY,
            'to ask you "Was this you?" before an unusual transfer leaves your account',
        )
    return _account_card(account, context, title="Your Souq Bank account")


@app.command()
def balance(context: Context) -> Card | Text:
    """Your balance, account number and whether the bank may ask you about transfers."""
    account = _linked(context)
    if account is None:
        return _no_account()
    return _account_card(account, context, title="Your balance")


@app.command("transfers")
def list_transfers(context: Context) -> ListReply | Text:
    """Your recent transfers, the ones waiting for your answer first."""
    account = _linked(context)
    if account is None:
        return _no_account()
    held = [
        Record(context.shared[transfers.document(t)])
        for t in Pending(context.shared[questions.INDEX]).of_account(account.number)[:LISTED]
    ]
    waiting = [r for r in held if r.status is Status.HELD][:LISTED]
    items = [_waiting_item(r) for r in waiting]
    items += [_settled_item(e) for e in account.history()][: LISTED - len(items)]
    if not items:
        return Text(f"No transfers yet on {account.number}.")
    return ListReply(title=f"Transfers of {account.number}", items=tuple(items))


@app.action()
def yes(context: Context, transfer: str) -> Update | Text:
    """The holder made the transfer: let it through."""
    return _answer(context, transfer, made_it=True)


@app.action()
def no(context: Context, transfer: str) -> Update | Text:
    """The holder did not make the transfer: block it."""
    return _answer(context, transfer, made_it=False)


@app.event("transfer")
def transfer(notifier: Notifier, data: dict[str, Any], shared: Shared) -> dict[str, Any]:
    """The bank's backend reports a transfer out of an account (see the README): it goes
    through, or is held while the holder is asked, or is blocked or declined."""
    try:
        incoming = parse_transfer(data)
    except BadTransfer as bad:
        return {"status": "invalid", "problems": bad.problems}
    record = Record(shared[transfers.document(incoming.id)])
    if record.exists:  # the same event again: nothing changes, nobody is asked twice
        if not record.matches(incoming):
            return {
                "status": "invalid",
                "problems": [f"id: transfer {incoming.id} was reported with other details"],
            }
        return {**record.summary(), "repeated": True}
    account = Account(shared[accounts.document(incoming.account)])
    if not account.exists:
        return {"status": "invalid", "problems": [f"account: no account {incoming.account}"]}
    now = shared.now
    reasons = suspicions(account, incoming)
    record.arrive(incoming, account.owner, reasons, now)
    if incoming.amount > account.balance:
        outcome = questions.short_of_money(record, account.balance)
        _settle(record, account, Status.DECLINED, outcome, now)
    elif not reasons:
        account.pay(incoming.amount, incoming.payee)
        _settle(record, account, Status.COMPLETED, f"{record.describe()} went through.", now)
    else:
        _ask(notifier, shared, record, account, now)
    return record.summary()


@app.job("expire-questions", every=EXPIRE_EVERY)
def expire_questions(notifier: Notifier, shared: Shared) -> None:
    """Block the held transfers nobody answered about in time, telling their holders
    (when souq lets the bank message them)."""
    pending = Pending(shared[questions.INDEX])
    for transfer_id in pending.expired(shared.now, EXPIRE_PER_RUN):
        record = Record(shared[transfers.document(transfer_id)])
        pending.drop(transfer_id)
        if not record.exists or record.status is not Status.HELD:
            continue  # answered in time (or late, by a press that blocked it)
        account = Account(shared[accounts.document(record.account)])
        _settle(record, account, Status.BLOCKED, questions.unanswered(record), shared.now)
        notifier.notify(record.owner, questions.answered(record), key=f"expired:{record.id}")


def _ask(
    notifier: Notifier, shared: Shared, record: Record, account: Account, now: datetime
) -> None:
    """Hold ``record`` and ask its holder about it; block it if they cannot be asked."""
    try:
        Pending(shared[questions.INDEX]).add(record.id, now + WINDOW, record.account)
    except StateError:  # too many questions open at once to keep track of another
        outcome = questions.not_asked(record, "too_many_pending")
        _settle(record, account, Status.BLOCKED, outcome, now, refusal="too_many_pending")
        return
    record.hold(now + WINDOW)
    asked = notifier.notify(record.owner, questions.question(record), key=f"ask:{record.id}")
    if isinstance(asked, Delivered):
        return
    Pending(shared[questions.INDEX]).drop(record.id)
    refusal = str(asked.code)
    outcome = questions.not_asked(record, refusal)
    _settle(record, account, Status.BLOCKED, outcome, now, refusal=refusal)


def _answer(context: Context, transfer_id: str, *, made_it: bool) -> Update | Text:
    """Settle a held transfer as its holder answered, or say what became of it."""
    record = Record(context.shared[transfers.document(transfer_id)])
    if not record.exists or record.owner != context.person_id:
        return Text("Only the account holder can answer about this transfer.")
    if record.status is not Status.HELD:
        return Update(questions.answered(record, already=True))
    account = Account(context.shared[accounts.document(record.account)])
    now = context.now
    expires = record.expires
    if expires is not None and now >= expires:
        _settle(record, account, Status.BLOCKED, questions.unanswered(record), now)
        return Update(questions.answered(record))
    if not made_it:
        _settle(record, account, Status.BLOCKED, questions.refused_by_holder(record), now)
    elif record.amount > account.balance:
        outcome = questions.short_of_money(record, account.balance)
        _settle(record, account, Status.DECLINED, outcome, now)
    else:
        account.pay(record.amount, record.payee)
        _settle(record, account, Status.COMPLETED, questions.sent(record, account.balance), now)
    return Update(questions.answered(record))


def _settle(
    record: Record,
    account: Account,
    status: Status,
    outcome: str,
    now: datetime,
    *,
    refusal: str | None = None,
) -> None:
    """Settle ``record`` and add it to its account's history."""
    record.settle(status, outcome, now, refusal=refusal)
    account.remember(record.entry())


def _linked(context: Context) -> Account | None:
    """The account of the person calling, if they opened one."""
    number = context.person_state.get("account")
    if number is None:
        return None
    return Account(context.shared[accounts.document(number)])


def _open(context: Context) -> Account:
    """Open an account for the person calling, with a number nobody else has."""
    for attempt in range(10):
        number = account_number(context.person_id, attempt)
        account = Account(context.shared[accounts.document(number)])
        if not account.exists:
            account.open(number, context.person_id, context.now)
            context.person_state.set("account", number)
            return account
    raise RuntimeError("no free account number")  # ten collisions in 10**10 numbers


def _account_card(account: Account, context: Context, *, title: str) -> Card:
    alerts = (
        "on: we ask before unusual transfers"
        if NOTIFY in context.grants
        else "off: unusual transfers are blocked (/bank link to allow)"
    )
    return Card(
        title=title,
        fields=(
            Field("Account", account.number),
            Field("Balance", format_amount(account.balance, CURRENCY)),
            Field("Home country", account.country),
            Field("Known payees", ", ".join(account.payees)[:200]),
            Field('"Was this you?"', alerts),
        ),
    )


def _waiting_item(record: Record) -> Item:
    expires = record.expires
    assert expires is not None
    card = questions.question(record)
    return Item(
        title=f"Waiting for you: {record.describe()}",
        body=f"Was this you? Answer by {expires:%H:%M} UTC; without an answer we block it.",
        buttons=card.buttons,
    )


def _settled_item(entry: dict[str, Any]) -> Item:
    amount = format_amount(entry["amount"], CURRENCY)
    at = datetime.fromisoformat(entry["at"])
    return Item(
        title=f"{entry['status'].capitalize()}: {amount} to {entry['payee']} ({entry['country']})",
        body=f"{entry['outcome']}\n{at:%d %b %Y %H:%M} UTC · {entry['id']}",
    )


def _no_account() -> Text:
    return Text("You have no Souq Bank account yet: /bank link opens one.")
