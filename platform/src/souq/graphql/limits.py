"""Query limits and the cache of checked documents, built once per schema.

Every document is parsed with at most ``maxTokens`` tokens, then measured by
:mod:`.shape` (selections, depth, aliases and pairs of fields to merge, fragments memoised) before
graphql-core's own validation rules see it: a document over budget is refused in time
linear in its size, and only documents within budget reach the rules whose cost grows
with the expanded document (merging fields of the same name is quadratic).

Checked documents are cached by their text: a repeated query is neither parsed nor
validated again. The cache is bounded by an estimate of the memory its entries hold.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graphql import DocumentNode, GraphQLError
from strawberry.extensions import MaxTokensLimiter, SchemaExtension
from strawberry.schema.schema import validate_document

from souq.settings import Settings

from .shape import Budget, check

CACHE_ENTRIES = 1024
CACHE_BYTES = 32 * 1024 * 1024
BYTES_PER_TOKEN = 450  # a parsed token with its AST node, measured on CPython 3.11


@dataclass(frozen=True, slots=True)
class Checked:
    """A parsed document and the errors that refuse it (none if it may run)."""

    document: DocumentNode
    errors: tuple[GraphQLError, ...]
    weight: int


def weight(query: str, document: DocumentNode) -> int:
    """An estimate of the bytes a cached document holds: its text and its tokens' AST."""
    tokens = 0
    token = document.loc.start_token if document.loc else None
    while token is not None:
        tokens += 1
        token = token.next
    return len(query) + BYTES_PER_TOKEN * tokens


class DocumentCache:
    """Least recently used checked documents by text, at most ``max_entries`` of them
    and about ``max_bytes`` in all (a document heavier than that is not cached)."""

    def __init__(self, max_entries: int = CACHE_ENTRIES, max_bytes: int = CACHE_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[str, Checked] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, query: str) -> Checked | None:
        """The checked document for ``query``, if cached."""
        checked = self._entries.get(query)
        if checked is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(query)
        return checked

    def put(self, query: str, checked: Checked) -> None:
        """Remember ``checked``, forgetting the least recently used documents to make room."""
        if checked.weight > self.max_bytes or query in self._entries:
            return
        self._entries[query] = checked
        self.bytes += checked.weight
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            _, old = self._entries.popitem(last=False)
            self.bytes -= old.weight


class CheckedDocuments(SchemaExtension):
    """Parse from the cache, and refuse documents over budget before validating them."""

    def __init__(self, cache: DocumentCache, budget: Budget) -> None:
        self.cache = cache
        self.budget = budget
        self.cached: Checked | None = None

    def on_parse(self) -> Iterator[None]:
        """Reuse the parsed document of a cached query (strawberry parses the others)."""
        query = self.execution_context.query
        self.cached = self.cache.get(query) if query else None
        if self.cached is not None:
            self.execution_context.graphql_document = self.cached.document
        yield

    def on_validate(self) -> Iterator[None]:
        """Measure the document, then run the validation rules if it is within budget."""
        context = self.execution_context
        if self.cached is None and context.graphql_document is not None:
            document = context.graphql_document
            errors = check(document, self.budget) or validate_document(
                context.schema._schema, document, context.validation_rules
            )
            self.cached = Checked(document, tuple(errors), weight(context.query or "", document))
            if context.query:
                self.cache.put(context.query, self.cached)
        if self.cached is not None:
            context.pre_execution_errors = list(self.cached.errors)
        yield


def limit_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Extension factories enforcing the token limit and the document budget, with a cache
    shared by every request to this schema."""
    budget = Budget(
        selections=settings.max_selections,
        depth=settings.max_query_depth,
        aliases=settings.max_aliases,
        pairs=settings.max_field_pairs,
    )
    cache = DocumentCache()
    max_tokens = settings.max_tokens
    return [
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        lambda: CheckedDocuments(cache, budget),
    ]
