"""The food mini-app for souq."""
