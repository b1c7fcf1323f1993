"""Plain HTTP routes beside the GraphQL endpoint."""
