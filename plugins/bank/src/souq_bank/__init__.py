"""The demo bank mini-app for souq: it asks "Was this you?" about suspicious transfers."""
