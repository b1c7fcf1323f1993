"""The GraphQL API: a thin layer that asks who is calling and calls the domain services."""
