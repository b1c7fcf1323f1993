"""Live events: what happened, and the broker that carries it to subscribers."""
