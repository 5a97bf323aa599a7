"""Statements per request do not grow with the page (issue 15): every connection root field of the live
schema, its nodes selected with every field that needs no argument, sends as many SQL statements for a
page of 100 rows (up to 100: what the world holds) as for a page of 10 (or one row fewer than a
short list holds), for the administrator and for a unit operator. A field whose
objects come in several types (a flag's `subject`) costs a batch per type: the larger page may hold
more types, and each may add its two statements (load, row rule); a batch the small page had nothing
for may run at the large one. Never one per row: no statement's shape repeats more than 3 times.

Every list holds at least two rows in the world (six of them more than 10): a field resolved per row
would add a statement per extra row.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, get_named_type, is_leaf_type

from schema import schema
from tests.helpers import count_sql

ROLES = ["ADMIN", "UNIT_OPERATOR"]
# Batches a small page may skip for want of related rows (a unit without tasks loads none).
EMPTY_BATCHES = 2
# No statement's shape (its text up to its id list or parameters) runs more often than this per request.
MAX_REPEATS = 3


def _connections() -> dict[str, GraphQLObjectType]:
    """Every connection root field and its node type."""
    found = {}
    for name, f in schema._schema.query_type.fields.items():  # noqa: SLF001
        named = get_named_type(f.type)
        if named.name.endswith("Connection"):
            found[name] = get_named_type(named.fields["nodes"].type)
    return found


def _polymorphic(node: GraphQLObjectType) -> list[str]:
    """Fields whose objects come in several types (an interface or a union, e.g. a flag's `subject`)."""
    return [
        name
        for name, f in node.fields.items()
        if not f.args
        and not is_leaf_type(get_named_type(f.type))
        and not isinstance(get_named_type(f.type), GraphQLObjectType)
    ]


def _types_named(nodes: list[dict[str, Any]], fields: list[str]) -> int:
    """How many (field, concrete type) pairs a page's polymorphic fields hold: each type is loaded
    and its row rule applied in one batch (two statements), whatever the number of its objects."""
    seen = set()
    for node in nodes:
        for name in fields:
            for value in node[name] if isinstance(node[name], list) else [node[name]]:
                if value is not None:
                    seen.add((name, value["__typename"]))
    return len(seen)


def _selection(node: GraphQLObjectType) -> str:
    """Every field of the node that takes no required argument: leaves as they are, objects by their
    id (or type name), connections by a page of ids."""
    parts = []
    for name, f in node.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in f.args.values()):
            continue
        named = get_named_type(f.type)
        if is_leaf_type(named):
            parts.append(name)
        elif named.name.endswith("Connection"):
            parts.append(f"{name} {{ totalCount nodes {{ __typename }} }}")
        elif not isinstance(named, GraphQLObjectType):
            parts.append(f"{name} {{ __typename }}")  # an interface or union: a type per object
        elif "id" in named.fields:
            parts.append(f"{name} {{ id }}")
        else:
            parts.append(f"{name} {{ __typename }}")
    return " ".join(parts)


@pytest.mark.parametrize("role", ROLES)
async def test_a_page_of_100_costs_the_statements_of_a_page_of_10(gql, world, role) -> None:  # type: ignore[no-untyped-def]
    # The world has one bulletin: a second one, so every list holds at least two rows.
    published = await gql(
        'mutation { publishBulletin(input: {kind: REGULAR, title: "第二期通报", body: "…"}) { userErrors { code } } }'
    )
    assert not published["publishBulletin"]["userErrors"]
    wrong: list[tuple[str, int, int, int, list[tuple[int, str]]]] = []
    checked = []
    for field, node in sorted(_connections().items()):
        counts, sizes, types = [], [], []
        # Also the warm-up: what a process loads once (the token, the unit tree) is not the page's.
        held = await gql.raw(f"{{ {field}(first: 100) {{ nodes {{ {_selection(node)} }} }} }}", as_=role)
        rows = len(((held.get("data") or {}).get(field) or {}).get("nodes") or [])
        for size in (min(10, max(1, rows - 1)), 100):
            query = f"{{ {field}(first: {size}) {{ totalCount nodes {{ {_selection(node)} }} }} }}"
            with count_sql() as sql:
                body = await gql.raw(query, as_=role)
            if body.get("errors"):
                codes = {e["extensions"]["code"] for e in body["errors"]}
                assert codes == {"FORBIDDEN"}, (field, body["errors"])
                break
            counts.append(sql.count)
            shapes = Counter(re.sub(r"(?s)(\bIN\s*\(|: \[).*", "", text) for text in sql.statements)
            repeated = [(n, shape[:120]) for shape, n in shapes.items() if n > MAX_REPEATS]
            sizes.append(len(body["data"][field]["nodes"]))
            types.append(_types_named(body["data"][field]["nodes"], _polymorphic(node)))
        else:
            checked.append((field, sizes))
            # More rows cost nothing: more types of a polymorphic field two statements each at most,
            # and a batch with nothing to load at the small page (no row of it had that relation)
            # may run at the large one; a statement per row would repeat one shape per row.
            if (
                not counts[0] <= counts[1] <= counts[0] + 2 * (types[1] - types[0]) + EMPTY_BATCHES
                or repeated
            ):
                wrong.append((field, sizes[1], counts[0], counts[1], repeated))
    assert not wrong, wrong
    # Not vacuous: every list read here holds more rows than its small page.
    # (the operator sees a single interview and a single key follow-up: those are read at one size)
    assert sum(sizes[0] < sizes[1] for _, sizes in checked) >= len(checked) - 2, checked
    assert sum(sizes[1] - sizes[0] for _, sizes in checked) >= (100 if role == "ADMIN" else 20), checked
    assert len(checked) >= 9, checked


def test_every_connection_is_checked() -> None:
    """The selection builder reaches every connection (a new one is covered without a new line)."""
    connections: dict[str, Any] = _connections()
    assert len(connections) >= 15
    for node in connections.values():
        assert _selection(node)
        assert not isinstance(node, GraphQLList)
