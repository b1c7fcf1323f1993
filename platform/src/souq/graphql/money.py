"""Money over GraphQL: wallets, payment requests, confirming and declining them, top-ups
and totals. Amounts are always integer minor units with a currency, never floats. The
rules (who may see and do what) live in the payment services; this module only maps."""

from __future__ import annotations

from datetime import datetime

import strawberry

from souq.payments.ledger import TransactionKind
from souq.payments.reports import CurrencyTotals, WalletLine
from souq.payments.requests import PaymentView
from souq.services.audit import Actor

from .context import Info
from .cursors import id_cursor, parse_id_cursor
from .types import (
    Connection,
    Edge,
    Long,
    Money,
    PaymentStatusType,
    connection,
    page_size,
    parse_id,
)

DEFAULT_PAGE = 20

TransactionKindType = strawberry.enum(
    TransactionKind, name="TransactionKind", description="Why money moved."
)


@strawberry.type(description="An app's request for money from one person, and its outcome.")
class PaymentRequest:
    id: strawberry.ID
    app: str = strawberry.field(description="The slug of the app that asked.")
    amount: Money
    description: str
    reference: str = strawberry.field(description="The app's own reference (an order number).")
    status: PaymentStatusType  # type: ignore[valid-type]
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    refunded: Money = strawberry.field(description="How much the app has given back.")
    conversation_id: strawberry.ID | None = strawberry.field(
        description="Where it was shown; only for the person it is addressed to."
    )
    message_id: strawberry.ID | None = strawberry.field(
        description="The card that shows it; only for the person it is addressed to."
    )

    @classmethod
    def of(cls, view: PaymentView, *, payer: bool) -> PaymentRequest:
        """The GraphQL view of a payment request; where it was shown only for ``payer``
        (a developer learns nothing of the conversations their app was used in)."""
        where = view.conversation_id if payer else None
        card = view.message_id if payer else None
        return cls(
            id=strawberry.ID(str(view.id)),
            app=view.app_slug,
            amount=Money.of(view.amount, view.currency),
            description=view.description,
            reference=view.reference,
            status=view.status,
            created_at=view.created_at,
            expires_at=view.expires_at,
            decided_at=view.decided_at,
            refunded=Money.of(view.refunded, view.currency),
            conversation_id=strawberry.ID(str(where)) if where else None,
            message_id=strawberry.ID(str(card)) if card else None,
        )


@strawberry.type(description="One movement of your wallet.")
class WalletEntry:
    id: strawberry.ID
    at: datetime
    kind: TransactionKindType  # type: ignore[valid-type]
    amount: Money = strawberry.field(description="Negative when money left your wallet.")
    memo: str

    @classmethod
    def of(cls, line: WalletLine) -> WalletEntry:
        """The GraphQL view of a wallet movement."""
        return cls(
            id=strawberry.ID(str(line.id)),
            at=line.at,
            kind=line.kind,
            amount=Money.of(line.amount, line.currency),
            memo=line.memo,
        )


@strawberry.type(description="Your wallet: balances, movements and payment requests.")
class Wallet:
    @strawberry.field(description="Your balance in each currency you hold.")
    async def balances(self, info: Info) -> list[Money]:
        me = await info.context.require_viewer()
        found = await info.context.services.money.balances(me)
        return [Money.of(b.amount, b.currency) for b in found]

    @strawberry.field(description="Top-ups, payments and refunds, newest first.")
    async def history(
        self, info: Info, first: int | None = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[WalletEntry]:
        me = await info.context.require_viewer()
        size, before = _window(info, first, after)
        lines, more = await info.context.services.money.history(me, first=size, before=before)
        edges = [Edge(cursor=id_cursor(line.id), node=WalletEntry.of(line)) for line in lines]
        return connection(edges, has_previous=after is not None, has_next=more)

    @strawberry.field(description="Payment requests addressed to you, newest first.")
    async def payments(
        self, info: Info, first: int | None = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[PaymentRequest]:
        me = await info.context.require_viewer()
        size, before = _window(info, first, after)
        views, more = await info.context.services.money.payments(me, first=size, before=before)
        return _payments(views, after, more, payer=True)


@strawberry.type(description="The platform's money in one currency (admins).")
class CurrencyTotalsType:
    currency: str
    topped_up: Money = strawberry.field(description="All money ever put in by top-ups.")
    paid: Money = strawberry.field(description="All completed payments.")
    payments: int = strawberry.field(description="How many payments completed.")
    refunded: Money
    in_wallets: Money
    in_merchant_accounts: Money

    @classmethod
    def of(cls, totals: CurrencyTotals) -> CurrencyTotalsType:
        """The GraphQL view of one currency's totals."""
        c = totals.currency
        return cls(
            currency=c,
            topped_up=Money.of(totals.topped_up, c),
            paid=Money.of(totals.paid, c),
            payments=totals.payments,
            refunded=Money.of(totals.refunded, c),
            in_wallets=Money.of(totals.in_wallets, c),
            in_merchant_accounts=Money.of(totals.in_merchant_accounts, c),
        )


def _window(info: Info, first: int | None, after: str | None) -> tuple[int, int | None]:
    """A page's size and the id it starts before, from a connection's arguments."""
    size = page_size(first, info.context.services.settings, "first")
    return DEFAULT_PAGE if size is None else size, parse_id_cursor(after) if after else None


def _payments(
    views: list[PaymentView], after: str | None, more: bool, *, payer: bool
) -> Connection[PaymentRequest]:
    edges = [Edge(cursor=id_cursor(v.id), node=PaymentRequest.of(v, payer=payer)) for v in views]
    return connection(edges, has_previous=after is not None, has_next=more)


@strawberry.type
class MoneyQuery:
    @strawberry.field(description="Your wallet.")
    async def wallet(self, info: Info) -> Wallet:
        await info.context.require_viewer()
        return Wallet()

    @strawberry.field(description="A payment request addressed to you.")
    async def payment_request(self, info: Info, id: strawberry.ID) -> PaymentRequest:
        me = await info.context.require_viewer()
        view = await info.context.services.payments.get(me, parse_id(id, "payment request"))
        return PaymentRequest.of(view, payer=True)

    @strawberry.field(
        description="Payment requests of an app, newest first (its developer and admins)."
    )
    async def app_payments(
        self, info: Info, app: str, first: int | None = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[PaymentRequest]:
        viewer = Actor.of(await info.context.require_viewer())
        size, before = _window(info, first, after)
        views, more = await info.context.services.money.app_payments(
            viewer, app, first=size, before=before
        )
        return _payments(views, after, more, payer=False)

    @strawberry.field(description="The platform's money per currency (admins).")
    async def payment_totals(self, info: Info) -> list[CurrencyTotalsType]:
        viewer = Actor.of(await info.context.require_viewer())
        return [CurrencyTotalsType.of(t) for t in await info.context.services.money.totals(viewer)]


@strawberry.type
class MoneyMutation:
    @strawberry.mutation(
        description=(
            "Pay a request addressed to you from your wallet. A retry with the same "
            "idempotencyKey returns the first result; a request is paid at most once. The "
            "app's receipt is posted before the answer."
        )
    )
    async def confirm_payment(
        self, info: Info, request_id: strawberry.ID, idempotency_key: str
    ) -> PaymentRequest:
        me = await info.context.require_viewer()
        pid = parse_id(request_id, "payment request")
        return PaymentRequest.of(
            await info.context.services.outcomes.confirm(me, pid, idempotency_key), payer=True
        )

    @strawberry.mutation(description="Decline a request addressed to you; the app is told.")
    async def decline_payment(self, info: Info, request_id: strawberry.ID) -> PaymentRequest:
        me = await info.context.require_viewer()
        pid = parse_id(request_id, "payment request")
        return PaymentRequest.of(await info.context.services.outcomes.decline(me, pid), payer=True)

    @strawberry.mutation(
        description=("Put money into someone's wallet (admins; audited). Returns the new balance.")
    )
    async def top_up(
        self,
        info: Info,
        username: str,
        amount: Long,  # type: ignore[valid-type]
        currency: str = "EUR",
        reason: str | None = None,
    ) -> Money:
        viewer = Actor.of(await info.context.require_viewer())
        balance = await info.context.services.payments.top_up(
            viewer, username, amount, currency, reason=reason
        )
        return Money.of(balance, currency)
