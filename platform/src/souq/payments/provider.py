"""Where wallet money comes from: a small interface, so a real payment provider (a card
acquirer, a bank transfer) could be added beside the built-in one."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from .ledger import PLATFORM, AccountKind, TransactionKind, account_id, balance, post, wallet_owner


class Funding(Protocol):
    """Puts money into a person's wallet, inside the caller's transaction."""

    def fund(self, session: Session, user_id: int, amount: int, currency: str) -> int:
        """Credit ``amount`` to the wallet of ``user_id``; return the wallet's new balance.

        The credit must be a balanced ledger transaction (see :func:`~souq.payments.ledger.post`)
        whose other side is an account of the provider's own."""
        ...


class PlatformFunds:
    """The built-in provider: an operator's top-up, drawn on the platform account (the
    only account that may go below zero: it shows how much money was put in)."""

    def fund(self, session: Session, user_id: int, amount: int, currency: str) -> int:
        """Move ``amount`` from the platform account into the wallet."""
        platform = account_id(session, AccountKind.PLATFORM, PLATFORM, currency)
        owner = wallet_owner(user_id)
        wallet = account_id(session, AccountKind.WALLET, owner, currency, user_id=user_id)
        post(
            session, TransactionKind.TOP_UP, currency, "top-up", {platform: -amount, wallet: amount}
        )
        return balance(session, AccountKind.WALLET, owner, currency)
