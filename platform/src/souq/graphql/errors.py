"""How errors reach clients: expected ones with a stable code, unexpected ones masked."""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.types import ExecutionContext

from souq.errors import DomainError, ErrorCode, Unavailable
from souq.observability import metrics

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
        if isinstance(original, Unavailable):  # the operator's to fix: log it, name the request
            log.error(
                "request %s at %s: %s",
                request_id,
                error.path,
                original.message,
                exc_info=original.__cause__,
            )
            extensions["requestId"] = request_id
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
    if parsed and error.path is None and isinstance(original, ValueError | TypeError):
        # A scalar refused a value written in the document or given in its variables
        # (validation and variable coercion have no path): the client's mistake.
        return GraphQLError(
            error.message,
            error.nodes,
            error.source,
            error.positions,
            extensions={"code": ErrorCode.GRAPHQL_VALIDATION_FAILED.value},
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


def present_all(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    """Rewrite ``errors`` in place with :func:`present`.

    Strawberry hands every error list to ``Schema.process_errors`` before it reaches the
    client (query and mutation results, each subscription result, and documents that
    failed to parse in the parser cache), so rewriting there covers every path at once.
    """
    context = execution_context.context if execution_context else None
    request_id = getattr(context, "request_id", "-")
    parsed = execution_context is not None and execution_context.graphql_document is not None
    errors[:] = [present(e, request_id=request_id, parsed=parsed) for e in errors]
    for error in errors:
        code = (error.extensions or {}).get("code")
        metrics.graphql_error(code if code in ErrorCode._value2member_map_ else "OTHER")
