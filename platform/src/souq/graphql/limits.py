"""Query limits and caches, built once at start-up so the validation cache can hit."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from souq.settings import Settings

CACHE_SIZE = 1024


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Extension factories enforcing depth, alias and token limits, with caches.

    The validation rules are classes created here, once: a rule class created per
    request would never hit the validation cache (it is part of the cache key).
    """
    rules = [depth_rule(settings.max_query_depth, None), aliases_rule(settings.max_aliases)]
    max_tokens = settings.max_tokens
    return [
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
    ]
