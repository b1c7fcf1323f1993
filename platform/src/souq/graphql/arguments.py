"""Every string argument must be storable, whatever field it is given to.

Services apply the rule for each kind of text (:mod:`souq.services.text`); this extension
applies its common ground, :func:`~souq.services.text.storable`, to every string in every
argument of every field (nested in lists, input objects and JSON values too), so that no
lookup by a name, slug or key can hand the database a string it cannot take.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension
from strawberry.utils.await_maybe import AwaitableOrValue

from souq.services import text


def check_storable(arguments: dict[str, Any]) -> None:
    """Raise ``BadInput`` naming the argument if a string in ``arguments`` (coerced GraphQL
    arguments by their schema names) is not storable.

    Iterative: arguments nested thousands deep cannot exhaust the stack.
    """
    for field, value in arguments.items():
        pending = [value]
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                text.storable(item, field)
            elif isinstance(item, dict):
                pending.extend(item.keys())
                pending.extend(item.values())
            elif isinstance(item, (list, tuple)):
                pending.extend(item)


class StorableArguments(SchemaExtension):
    """Refuse a field whose arguments hold NUL or a lone surrogate (``BAD_USER_INPUT``)."""

    def resolve(
        self,
        _next: Callable[..., AwaitableOrValue[object]],
        root: Any,
        info: GraphQLResolveInfo,
        *args: Any,
        **kwargs: Any,
    ) -> AwaitableOrValue[object]:
        """Check the arguments, then resolve the field."""
        if kwargs:
            check_storable(kwargs)
        return _next(root, info, *args, **kwargs)
