"""Every node type and every list reads rows through one `Listing` (resolvers/listing.py): the registry
of `node` is built from the listings, and each connection root field lists a type that has one."""

from __future__ import annotations

from graphql import get_named_type

from models.auth import Role
from resolvers.access import Actor
from resolvers.listing import LISTINGS, NOTHING
from schema import schema
from schema.node import _REGISTRY


def test_node_types_are_the_listings() -> None:
    assert set(_REGISTRY) == set(LISTINGS)
    for name, node_type in _REGISTRY.items():
        assert node_type.listing is LISTINGS[name]


def test_every_connection_lists_a_type_with_a_listing() -> None:
    for name, f in schema._schema.query_type.fields.items():  # noqa: SLF001
        named = get_named_type(f.type)
        if named.name.endswith("Connection"):
            node = get_named_type(named.fields["nodes"].type)
            assert node.name in LISTINGS, (name, node.name)


async def test_a_unit_operator_without_a_unit_sees_no_row_of_a_ruled_type(units) -> None:  # type: ignore[no-untyped-def]
    """The one "no unit" answer of every rule: nothing, never every row."""
    lost = Actor(name="lost", role=Role.UNIT_OPERATOR, unit_id=None, unit_path=None)
    ruled = {name: listing.rule(lost) for name, listing in LISTINGS.items() if listing.readable(lost)}
    restricted = {name for name, rule in ruled.items() if rule is not None}
    assert {"Complaint", "Task", "SupervisionItem", "Interview", "Digest"} <= restricted
    for name in ("Complaint", "Task", "SupervisionItem", "Interview", "Digest"):
        assert ruled[name] is NOTHING, name
