"""Whatever valid document a client sends, souq answers with data or a published error.

hypothesis-graphql generates queries and mutations over the whole schema (any field, any
argument values: strings with NUL, huge numbers, odd ids and cursors) and sends them to
the real app over HTTP, anonymously, as a person and as an admin. Every answer must be
JSON with data or errors whose ``extensions.code`` is one of the published codes, and
never ``INTERNAL_SERVER_ERROR``.

Each run is derandomized (the same examples every time) and bounded, so CI stays quick.
"""

from __future__ import annotations

import asyncio
from datetime import UTC

import pytest
from argon2 import PasswordHasher
from conftest import SETUP, approve
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes
from live_server import PASSWORD, serve
from souq.errors import ErrorCode
from souq.graphql.schema import build_schema
from souq.runtime import Services, build_services
from souq.services import passwords
from souq.services.accounts import Role
from souq.settings import Settings

PUBLISHED = {code.value for code in ErrorCode} - {ErrorCode.INTERNAL_SERVER_ERROR.value}

SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes(timezones=st.just(UTC)).map(lambda d: nodes.String(d.isoformat())),
    "Long": st.integers(min_value=-(2**70), max_value=2**70).map(nodes.Int),
    "JSON": st.one_of(
        st.text().map(nodes.String),
        st.integers().map(nodes.Int),
        st.just(nodes.Object([])),
    ),
}

EXAMPLES = hypothesis_settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with minimal cost: generated mutations register and sign in a lot."""
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", hasher.hash("nobody's password"))


async def _people(services: Services) -> dict[str, str | None]:
    """Tokens of an admin and a person who share a conversation with a message (and an
    approved app), so that generated ids and names sometimes hit real rows."""
    for app in services.apps.all():
        await approve(services, app)
    accounts = services.accounts
    await accounts.register("admin", PASSWORD)
    admin = await accounts.set_role(SETUP, "admin", Role.ADMIN, reason="fuzz setup")
    ana = await accounts.register("ana", PASSWORD)
    view = await services.conversations.open_direct(ana, "admin")
    await services.messages.send(ana, view.id, "hello", "first")
    return {
        "anonymous": None,
        "person": await accounts.issue_token(ana.id, label="fuzz"),
        "admin": await accounts.issue_token(admin.id, label="fuzz"),
    }


EXAMPLES_PER_BACKEND = {"sqlite": 80, "postgresql": 30}
"""PostgreSQL runs fewer: the rules that refuse bad input are the same code on both, and
what only PostgreSQL refuses (NUL bytes, out-of-range numbers) has tests of its own."""


@pytest.mark.parametrize("who", ["anonymous", "person", "admin"])
def test_no_document_gets_an_internal_error(settings: Settings, backend: str, who: str) -> None:
    schema = build_schema(settings)._schema
    with asyncio.Runner() as runner:
        services = build_services(settings)
        runner.run(services.start())
        try:
            tokens = runner.run(_people(services))
            headers = {"authorization": f"Bearer {tokens[who]}"} if tokens[who] else {}
            server = serve(services)
            api = runner.run(server.__aenter__())
            try:

                @hypothesis_settings(EXAMPLES, max_examples=EXAMPLES_PER_BACKEND[backend])
                @given(document=from_schema(schema, custom_scalars=SCALARS))
                def answers_clearly(document: str) -> None:
                    response = runner.run(
                        api.http.post("/graphql", json={"query": document}, headers=headers)
                    )
                    assert response.headers["content-type"].startswith("application/json")
                    body = response.json()
                    codes = {e.get("extensions", {}).get("code") for e in body.get("errors", [])}
                    assert codes <= PUBLISHED, (document, body)
                    assert "data" in body or codes, (document, body)

                answers_clearly()
            finally:
                runner.run(server.__aexit__(None, None, None))
        finally:
            runner.run(services.close())
