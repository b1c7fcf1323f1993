"""Documents that would take validation exponential or quadratic time are refused first.

Each document here is a few hundred bytes to a few kilobytes, sent anonymously over HTTP,
and would take graphql-core's and strawberry's rules seconds or years: a request that
returns at all (with a clear error naming the limit) shows the budget is counted with
every fragment measured once, before any rule walks the expanded document.
"""

from __future__ import annotations

import uuid

import pytest
from graphql import parse
from live_server import Api
from souq.graphql import limits
from souq.graphql.limits import Checked, DocumentCache

VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


def doubling(levels: int, selection: str = "me { id }") -> str:
    """Fragments that each spread the one before twice: ``2**levels`` copies of
    ``selection``, with a unique comment so no cache can answer."""
    fragments = [f"fragment F0 on Query {{ {selection} }}"] + [
        f"fragment F{n} on Query {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, levels + 1)
    ]
    return f"#{uuid.uuid4()}\n" + "\n".join(fragments) + f"\nquery {{ ...F{levels} }}"


async def refusal(api: Api, query: str) -> str:
    """The message of the single validation error that refuses ``query`` (anonymously)."""
    response = await api.post(query)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "data" not in body, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == VALIDATION_FAILED, body
    return error["message"]


@pytest.mark.parametrize("levels", [20, 40])
async def test_doubling_fragments_are_refused_by_the_selection_budget(
    api: Api, levels: int
) -> None:
    message = await refusal(api, doubling(levels))

    assert f"expands to {2 ** (levels + 2) - 1} selections" in message
    assert "maxSelections" in message


async def test_aliases_are_counted_with_fragments_measured_once(api: Api) -> None:
    """2**40 aliases: counting them spread by spread would never finish."""
    message = await refusal(api, doubling(40, "a: me { id }"))

    assert f"{2**40} aliases" in message
    assert "maxAliases" in message


@pytest.mark.parametrize("settings_overrides", [{"max_query_depth": 2}], ids=["depth2"])
async def test_depth_is_measured_through_fragments(api: Api) -> None:
    message = await refusal(api, doubling(40, "conversations { nodes { members { id } } }"))

    assert "3 deep" in message
    assert "maxQueryDepth" in message


async def test_one_field_selected_hundreds_of_times_is_refused(api: Api) -> None:
    """490 copies of one field: graphql-core would compare 119,805 pairs of them."""
    message = await refusal(api, "{" + " me{id}" * 490 + "}")

    assert "'me' 490 times" in message
    assert "maxFieldPairs" in message


async def test_repeats_hidden_in_fragments_are_counted(api: Api) -> None:
    fragments = " ".join(f"fragment F{n} on Query {{ me {{ id }} }}" for n in range(70))
    spreads = " ".join(f"...F{n}" for n in range(70))
    message = await refusal(api, f"{fragments} {{ {spreads} }}")

    assert "'me' 70 times" in message


@pytest.mark.parametrize("settings_overrides", [{"max_field_pairs": 2}], ids=["pairs2"])
async def test_fields_up_to_the_pair_limit_are_accepted(api: Api) -> None:
    token = await api.register()
    data = await api.ok("{ me { id } ...M } fragment M on Query { me { id } }", None, token)
    assert data["me"]["id"]

    message = await refusal(api, "{ me { id } me { id } ...M } fragment M on Query { me { id } }")
    assert "6 pairs" in message


@pytest.mark.parametrize(
    "query",
    [
        "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }",
        "fragment A on Query { me { id } ...A } { ...A }",
        " ".join(f"fragment F{n} on Query {{ ...F{(n + 1) % 200} }}" for n in range(200))
        + " { ...F0 }",
    ],
    ids=["two", "self", "two-hundred"],
)
async def test_fragment_cycles_are_refused(api: Api, query: str) -> None:
    message = await refusal(api, query)

    assert "spreads itself" in message


async def test_limits_publish_the_document_budget(api: Api) -> None:
    data = await api.ok("{ limits { maxSelections maxFieldPairs } }")

    assert data["limits"] == {"maxSelections": 1000, "maxFieldPairs": 2000}


async def test_a_repeated_query_is_checked_once(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    validations: list[object] = []
    validate = limits.validate_document

    def counting(*args: object) -> object:
        validations.append(args)
        return validate(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(limits, "validate_document", counting)
    query = "{ limits { maxQueryDepth maxAliases } __typename }"
    for _ in range(4):
        await api.ok(query)

    assert len(validations) == 1


def test_the_document_cache_is_bounded_by_memory() -> None:
    cache = DocumentCache(max_entries=100, max_bytes=200_000)
    for n in range(50):
        query = f"{{ me {{ id }} }} #{n}" + "x" * 10_000
        document = parse(query)
        cache.put(query, Checked(document, (), limits.weight(query, document)))

    assert cache.bytes <= 200_000
    assert 10 <= len(cache) < 20
    newest = "{ me { id } } #49" + "x" * 10_000
    assert cache.get(newest) is not None
