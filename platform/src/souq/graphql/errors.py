"""How errors reach clients: expected ones with a stable code, unexpected ones masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from souq.errors import DomainError, ErrorCode

log = logging.getLogger("souq.graphql")

MASKED_MESSAGE = "Internal server error; quote the request id when reporting it."


def _snake_to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def present(error: GraphQLError, *, request_id: str, parsed: bool) -> GraphQLError:
    """The client's view of ``error``: a message and ``extensions.code``, never internals."""
    original = error.original_error
    if isinstance(original, DomainError):
        extensions = {"code": original.code.value}
        extensions |= {_snake_to_camel(k): v for k, v in original.details.items()}
        return GraphQLError(
            original.message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            extensions=extensions,
        )
    if original is None or isinstance(original, GraphQLError):
        code = ErrorCode.GRAPHQL_VALIDATION_FAILED if parsed else ErrorCode.GRAPHQL_PARSE_FAILED
        if error.path is not None or (error.extensions or {}).get("code"):
            return error
        return GraphQLError(
            error.message,
            error.nodes,
            error.source,
            error.positions,
            extensions={"code": code.value},
        )
    log.error("unexpected error in request %s at %s", request_id, error.path, exc_info=original)
    return GraphQLError(
        MASKED_MESSAGE,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        extensions={"code": ErrorCode.INTERNAL_SERVER_ERROR.value, "requestId": request_id},
    )


class ErrorPolicy(SchemaExtension):
    """Rewrites every error of an operation, or of each subscription result, with :func:`present`."""

    def _rewrite(self, result: object) -> None:
        errors = getattr(result, "errors", None)
        if not errors:
            return
        context = self.execution_context
        request_id = getattr(context.context, "request_id", "-")
        parsed = context.graphql_document is not None
        result.errors = [present(e, request_id=request_id, parsed=parsed) for e in errors]  # type: ignore[attr-defined]

    def on_operation(self) -> Iterator[None]:
        yield
        self._rewrite(self.execution_context.result)

    def on_stream_result(self, result: object) -> Iterator[None]:  # type: ignore[override]
        self._rewrite(result)
        yield
