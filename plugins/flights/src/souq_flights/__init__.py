"""The flights mini-app for souq: an airline in chat."""
