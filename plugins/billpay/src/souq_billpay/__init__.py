"""The bill-pay mini-app for souq."""
