"""What a GraphQL document expands to, measured cheaply before any other validation.

graphql-core's validation rules and strawberry's depth and alias limiters walk every
fragment spread again wherever it is used, and the rule that checks that fields of the
same name can be merged compares them pairwise. A document of a few hundred bytes can
therefore expand to millions of selections. :func:`measure` computes, in time linear in
the document and without recursion through fragments:

- ``selections``: the fields, fragment spreads and inline fragments of the document's
  operations once every fragment spread is replaced by its fragment (each fragment is
  measured once and its size reused at every spread);
- ``depth``: the deepest nesting of fields, not counting the introspection fields
  (``__schema``, ``__type``) and what is below them (so that tools can introspect);
- ``aliases``: the aliased fields, fragments expanded the same way;
- ``pairs``: the pairs of fields selected at the same place of the response (the same
  response name under the same merged parent, fragments expanded). graphql-core checks
  every such pair for a conflict, so this is what makes validation quadratic: 490
  copies of one field are 119,805 pairs.

``pairs`` is only computed once the document is known to be within the selection
budget, by a walk whose cost is that of the expanded document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


@dataclass(frozen=True, slots=True)
class Size:
    """The measures of one selection set, fragments expanded."""

    selections: int = 0
    depth: int = 0
    aliases: int = 0

    def __add__(self, other: Size) -> Size:
        return Size(
            self.selections + other.selections,
            max(self.depth, other.depth),
            self.aliases + other.aliases,
        )


EMPTY = Size()


@dataclass(frozen=True, slots=True)
class Budget:
    """What a document may expand to (see the module docstring for each measure)."""

    selections: int
    depth: int
    aliases: int
    pairs: int


class Refused(Exception):
    """The document is over a limit; ``error`` says which, for the client."""

    def __init__(self, message: str, nodes: Iterable[object] = ()) -> None:
        super().__init__(message)
        self.error = GraphQLError(message, list(nodes) or None)  # type: ignore[arg-type]


def check(document: DocumentNode, budget: Budget) -> list[GraphQLError]:
    """The errors that refuse ``document`` before validation (empty if it is within budget)."""
    try:
        measure(document, budget)
    except Refused as refused:
        return [refused.error]
    return []


def measure(document: DocumentNode, budget: Budget) -> None:
    """Raise :class:`Refused` if ``document`` is over ``budget``, or if its fragments spread
    each other in a cycle or one of them is never used."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    sizes: dict[str, Size] = {}
    for name in _dependencies_first(fragments, operations):
        sizes[name] = _size(fragments[name].selection_set, sizes)
    total = 0
    for operation in operations:
        size = _size(operation.selection_set, sizes)
        total += size.selections
        label = f"operation '{operation.name.value}'" if operation.name else "the operation"
        if size.depth > budget.depth:
            raise Refused(
                f"{label} nests fields {size.depth} deep, over the depth limit of "
                f"{budget.depth} (maxQueryDepth)",
                [operation],
            )
        if size.aliases > budget.aliases:
            raise Refused(
                f"{label} has {size.aliases} aliases once fragments are expanded, over the "
                f"limit of {budget.aliases} (maxAliases)",
                [operation],
            )
    if total > budget.selections:
        raise Refused(
            f"the document expands to {total} selections once fragments are expanded, over "
            f"the limit of {budget.selections} (maxSelections)"
        )
    pairs, name, most = 0, "", 0
    for operation in operations:
        for key, count in _repeats(operation.selection_set, fragments):
            pairs += count * (count - 1) // 2
            if count > most:
                name, most = key, count
    if pairs > budget.pairs:
        raise Refused(
            f"the document selects {pairs} pairs of fields at the same place of the response "
            f"('{name}' {most} times at one place), over the limit of {budget.pairs} "
            "(maxFieldPairs); select each field once"
        )


def _spreads(selection_set: SelectionSetNode) -> Iterator[str]:
    """The fragments spread in ``selection_set``, at any nesting (not through fragments)."""
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif selection.selection_set is not None:  # type: ignore[attr-defined]
                pending.append(selection.selection_set)  # type: ignore[attr-defined]


def _dependencies_first(
    fragments: Mapping[str, FragmentDefinitionNode], operations: list[OperationDefinitionNode]
) -> list[str]:
    """The fragments in an order where each comes after those it spreads.

    Iterative (a long chain of fragments cannot exhaust the stack). Refuses a fragment
    that spreads itself through others, and one no operation uses.
    """
    uses = {
        name: [n for n in _spreads(f.selection_set) if n in fragments]
        for name, f in fragments.items()
    }
    order: list[str] = []
    state: dict[str, bool] = {}  # False while being visited, True once done
    for root in (n for op in operations for n in _spreads(op.selection_set)):
        if root not in fragments or root in state:
            continue
        state[root] = False
        stack = [(root, iter(uses[root]))]
        while stack:
            name, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                state[name] = True
                order.append(name)
            elif child not in state:
                state[child] = False
                stack.append((child, iter(uses[child])))
            elif not state[child]:
                raise Refused(
                    f"fragment '{child}' spreads itself (through "
                    + ", ".join(repr(n) for n, _ in stack)
                    + ")",
                    [fragments[child]],
                )
    for name, fragment in fragments.items():
        if name not in state:
            raise Refused(f'Fragment "{name}" is never used.', [fragment])
    return order


def _size(selection_set: SelectionSetNode, fragments: Mapping[str, Size]) -> Size:
    """The size of ``selection_set``, reading the size of each spread fragment from
    ``fragments`` (an unknown fragment counts as empty: validation reports it)."""
    size = EMPTY
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = (
                EMPTY
                if selection.selection_set is None
                else _size(selection.selection_set, fragments)
            )
            counted = inner.depth + 1 if selection.selection_set is not None else 0
            if selection.name.value.startswith("__"):
                counted = 0
            size += Size(
                inner.selections + 1, counted, inner.aliases + (selection.alias is not None)
            )
        elif isinstance(selection, InlineFragmentNode):
            inner = _size(selection.selection_set, fragments)
            size += Size(inner.selections + 1, inner.depth, inner.aliases)
        elif isinstance(selection, FragmentSpreadNode):
            inner = fragments.get(selection.name.value, EMPTY)
            size += Size(inner.selections + 1, inner.depth, inner.aliases)
    return size


def _repeats(
    selection_set: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> Iterator[tuple[str, int]]:
    """Each place of the response selected more than once: its response name, and how
    many fields select it.

    Fields of the same response name at the same place are merged into one, with their
    selections merged in turn; this walks the merged response, fragments expanded, so
    its cost is the document's expanded size (within budget when this runs).
    """
    pending: list[list[SelectionSetNode]] = [[selection_set]]
    while pending:
        counts: dict[str, int] = defaultdict(int)
        below: dict[str, list[SelectionSetNode]] = defaultdict(list)
        sets = pending.pop()
        while sets:
            for selection in sets.pop().selections:
                if isinstance(selection, FieldNode):
                    key = (selection.alias or selection.name).value
                    counts[key] += 1
                    if selection.selection_set is not None:
                        below[key].append(selection.selection_set)
                elif isinstance(selection, InlineFragmentNode):
                    sets.append(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = fragments.get(selection.name.value)
                    if fragment is not None:
                        sets.append(fragment.selection_set)
        yield from ((key, count) for key, count in counts.items() if count > 1)
        pending.extend(below.values())
