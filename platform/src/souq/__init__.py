"""souq: the host server of the souq mini-program platform."""
