"""What keeps a page of nodes cheap to resolve: rows that graphql-core completes synchronously, and the
connection's view of what its nodes select (so related rows are loaded before the nodes resolve)."""

from __future__ import annotations

import pytest
import strawberry
from strawberry.execution import optimized_is_awaitable
from tortoise import Tortoise

from models.base import Row
from models.unit import Unit as UnitRow
from schema.connection import node_selection


async def test_every_table_is_a_row_that_is_not_awaitable(app: object) -> None:
    models = [m for app_models in Tortoise.apps.values() for m in app_models.values()]
    assert len(models) > 30
    assert [m.__name__ for m in models if not issubclass(m, Row)] == []
    row = UnitRow(code="X", name="x")
    # graphql-core (and strawberry's faster check) treat anything with `__await__` as awaitable:
    # each node of a page would become a coroutine and a task.
    assert not hasattr(row, "__await__")
    assert not optimized_is_awaitable(row)
    assert optimized_is_awaitable(UnitRow.filter(code="X").first())


SEEN: list[set[str]] = []


@strawberry.type
class Item:
    a: int = 1
    b: int = 2
    c: int = 3


@strawberry.type
class ItemEdge:
    node: Item
    cursor: str = "x"


@strawberry.type
class ItemConnection:
    nodes: list[Item]
    edges: list[ItemEdge]
    total: int = 1


@strawberry.type
class Query:
    @strawberry.field
    def items(self, info: strawberry.Info) -> ItemConnection:
        SEEN.append(node_selection(info))
        return ItemConnection(nodes=[Item()], edges=[ItemEdge(node=Item())])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ items { total } }", set()),
        ("{ items { nodes { a } } }", {"a"}),
        ("{ items { edges { cursor node { b } } } }", {"b"}),
        ("{ items { nodes { a } edges { node { c } } } }", {"a", "c"}),
        ("{ items { nodes { ...F } } } fragment F on Item { b c }", {"b", "c"}),
        ("{ items { ... on ItemConnection { edges { node { ... on Item { a } } } } } }", {"a"}),
        ("{ items { ...C } } fragment C on ItemConnection { nodes { a } }", {"a"}),
        ("{ x: items { nodes { a } } y: items { nodes { b } } }", None),
    ],
)
def test_node_selection_sees_through_edges_fragments_and_aliases(
    query: str, expected: set[str] | None
) -> None:
    SEEN.clear()
    result = strawberry.Schema(query=Query).execute_sync(query)
    assert result.errors is None
    if expected is None:  # two aliased fields: each resolver sees its own selection
        assert SEEN == [{"a"}, {"b"}]
    else:
        assert SEEN == [expected]
