"""Domain services: they own the rules and talk to the database (never to GraphQL)."""
