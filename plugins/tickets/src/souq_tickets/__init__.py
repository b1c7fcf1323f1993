"""The cinema tickets mini-app for souq."""
