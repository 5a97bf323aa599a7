"""The row × role matrix: a unit operator of 东营区 (DY.DYQ) against rows of its own subtree, a sibling
county and the city, for every list root field of the live schema. Each list answers exactly the rows
the row rule grants (ids and totalCount), and `nodes` answers each row exactly when the list does: one
rule per domain (resolvers/listing.py), an overdue flag following its subject's."""

from __future__ import annotations

from typing import Any

import pytest

from schema import schema

OPERATOR_UNIT = "DY.DYQ"

# Every connection root field: how the unit operator reads it, and the units a row belongs to.
# SUBTREE: rows of its unit and the units below; ALL: every row; FORBIDDEN: the field is refused.
ROW_UNITS: dict[str, tuple[str, str]] = {
    "complaints": ("SUBTREE", "handlingUnit { code }"),
    "tasks": ("SUBTREE", "leadUnits { code } coUnits { code }"),
    "supervisionItems": ("SUBTREE", "responsibleUnit { code }"),
    "interviews": ("SUBTREE", "unit { code }"),
    # A flag follows its subject: the units are its subject's (`_subject_units`), not the flag's own.
    "overdue": ("SUBTREE", "kind subject { id }"),
    "digests": ("SUBTREE", "recipientUnit { code }"),
    "units": ("ALL", "code"),
    "plans": ("ALL", ""),
    "enterprises": ("ALL", ""),
    "inspections": ("ALL", ""),
    "bulletins": ("ALL", ""),
    "jobRuns": ("FORBIDDEN", ""),
    "disciplineClues": ("FORBIDDEN", ""),
    "disciplineCases": ("FORBIDDEN", ""),
    "auditEvents": ("FORBIDDEN", ""),
}
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
UNITS = "{ units(first: 100) { nodes { code level } } }"


def _connection_fields() -> set[str]:
    query = schema._schema.query_type
    return {name for name, f in query.fields.items() if str(f.type).rstrip("!").endswith("Connection")}


def test_every_list_root_field_has_a_row() -> None:
    assert set(ROW_UNITS) == _connection_fields()


def _codes(node: dict[str, Any]) -> set[str]:
    """Every unit code a row names, at any depth of its selection."""
    found: set[str] = set()
    for key, value in node.items():
        if key == "code" and isinstance(value, str):
            found.add(value)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                found |= _codes(item)
    return found


async def _rows(gql, field: str, role: str) -> tuple[int, dict[str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """totalCount and every row by id, page by page."""
    selection = ROW_UNITS[field][1]
    rows: dict[str, dict[str, Any]] = {}
    after, total = None, 0
    while True:
        query = (
            f"query($after: String) {{ {field}(first: 100, after: $after) {{ totalCount "
            f"pageInfo {{ hasNextPage endCursor }} nodes {{ id {selection} }} }} }}"
        )
        page = (await gql(query, {"after": after}, as_=role))[field]
        total = page["totalCount"]
        rows.update({n["id"]: n for n in page["nodes"]})
        if not page["pageInfo"]["hasNextPage"]:
            return total, rows
        after = page["pageInfo"]["endCursor"]


def _region(code: str, counties: set[str]) -> str:
    if code == OPERATOR_UNIT or code.startswith(OPERATOR_UNIT + "."):
        return "own"
    top = ".".join(code.split(".")[:2])
    return "sibling" if top in counties else "city"


SUBJECTS = """query($after: String) {
  tasks(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
    nodes { id leadUnits { code } coUnits { code } milestones { id } } }
}"""


async def _subject_units(gql) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """The unit codes each possible flag subject belongs to, read as the administrator sees them: a
    task's and its milestones' lead and co units, a complaint's handling unit, an item's unit."""
    owners: dict[str, set[str]] = {}
    for field in ("complaints", "supervisionItems"):
        _, rows = await _rows(gql, field, "ADMIN")
        owners.update({rid: _codes(row) for rid, row in rows.items()})
    after = None
    while True:
        page = (await gql(SUBJECTS, {"after": after}))["tasks"]
        for task in page["nodes"]:
            codes = _codes({"l": task["leadUnits"], "c": task["coUnits"]})
            owners[task["id"]] = codes
            owners.update({m["id"]: codes for m in task["milestones"]})
        if not page["pageInfo"]["hasNextPage"]:
            return owners
        after = page["pageInfo"]["endCursor"]


async def _expected(gql, field: str, counties: set[str]) -> tuple[dict[str, Any], set[str]]:  # type: ignore[no-untyped-def]
    """Every row by id, and the ids the row rule grants the operator."""
    _, everything = await _rows(gql, field, "ADMIN")
    if ROW_UNITS[field][0] == "ALL":
        return everything, set(everything)
    if field == "overdue":
        owners = await _subject_units(gql)
        codes = {rid: owners.get(row["subject"]["id"], set()) for rid, row in everything.items()}
    else:
        codes = {rid: _codes(row) for rid, row in everything.items()}
    regions = {rid: {_region(c, counties) for c in codes[rid]} for rid in everything}
    # The world holds rows of each region, so each cell of the matrix is exercised.
    assert {"own", "sibling", "city"} <= set().union(*regions.values()), (field, regions)
    granted = {
        rid
        for rid, where in regions.items()
        # Recommendation flags are the inspectors' alone, whichever unit they name.
        if "own" in where and everything[rid].get("kind") != "RECOMMENDATION"
    }
    assert granted and granted != set(everything), field
    return everything, granted


async def _answered_by_nodes(gql, ids: list[str]) -> set[str]:  # type: ignore[no-untyped-def]
    answers: list[dict[str, Any] | None] = []
    for start in range(0, len(ids), 100):
        answers += (await gql(NODES, {"ids": ids[start : start + 100]}, as_="UNIT_OPERATOR"))["nodes"]
    return {a["id"] for a in answers if a is not None}


async def test_the_operator_reads_what_the_row_rule_grants(gql, world) -> None:  # type: ignore[no-untyped-def]
    """One world for every field (seeding it is the slow part); every field is checked before failing."""
    units = (await gql(UNITS))["units"]["nodes"]
    counties = {u["code"] for u in units if u["level"] == "COUNTY"}
    wrong = []
    for field in sorted(f for f, (rule, _) in ROW_UNITS.items() if rule != "FORBIDDEN"):
        rows, granted = await _expected(gql, field, counties)
        everything = set(rows)
        total, seen = await _rows(gql, field, "UNIT_OPERATOR")
        by_node = await _answered_by_nodes(gql, sorted(everything))
        if set(seen) != granted or total != len(granted) or by_node != granted:
            wrong.append((field, len(granted), total, set(seen) ^ granted, by_node ^ granted))
    assert not wrong, wrong


@pytest.mark.parametrize("field", sorted(f for f, (rule, _) in ROW_UNITS.items() if rule == "FORBIDDEN"))
async def test_the_operator_is_refused_the_confidential_lists(gql, units, field) -> None:  # type: ignore[no-untyped-def]
    body = await gql.raw(f"{{ {field}(first: 1) {{ totalCount }} }}", as_="UNIT_OPERATOR")
    assert body["data"] is None or body["data"].get(field) is None, body
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], body
