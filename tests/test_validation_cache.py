"""Validation rules are built once, so strawberry's validation cache hits on repeat queries."""

from __future__ import annotations

from live_server import Api
from souq.graphql.limits import CACHE_SIZE
from strawberry.extensions.validation_cache import _get_validate_cache


async def test_a_repeated_query_is_validated_once(api: Api) -> None:
    cache = _get_validate_cache(CACHE_SIZE)
    query = "{ limits { maxQueryDepth maxAliases } __typename }"
    await api.ok(query)
    before = cache.cache_info()
    for _ in range(3):
        await api.ok(query)
    after = cache.cache_info()
    assert after.hits - before.hits == 3
    assert after.misses == before.misses
