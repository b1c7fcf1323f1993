"""Money: a double-entry ledger of wallets and merchant accounts, payment requests that
people confirm themselves, their outcomes, and refunds.

This package knows nothing of mini-apps or GraphQL: the app host turns an app's
``PaymentRequest`` and ``Refund`` replies into calls here, and tells apps the outcomes.
"""
