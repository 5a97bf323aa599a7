"""The short path for plain leaf columns (`schema.execution`) answers exactly what graphql-core's full
path answers: the same data, and the same errors at the same paths when a value is wrong."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import pytest
import strawberry

from schema import schema as app_schema
from schema.execution import ExecutionContext, column_plan


@strawberry.enum
class Colour(enum.Enum):
    RED = "RED"
    BLUE = "BLUE"


class Source:
    """A row as a resolver sees it: plain attributes, whatever their values."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


GOOD = {"name": "甲", "note": None, "colour": Colour.RED, "at": datetime(2026, 11, 25, 8, tzinfo=UTC), "n": 3}


@strawberry.type
class Thing:
    name: str
    note: str | None
    colour: Colour
    at: datetime
    n: int

    @strawberry.field
    def shout(self) -> str:
        return self.name + "!"


ROWS = [
    GOOD,
    {**GOOD, "name": None},  # null in a non-null column: error, and the item goes null
    {**GOOD, "note": ["x"]},  # a value String refuses
    {**GOOD, "colour": "GREEN"},  # not a member of the enum
    {**GOOD, "at": ValueError("broken column")},  # a resolver returning an exception raises it
    {**GOOD, "n": "many"},
]


@strawberry.type
class Query:
    @strawberry.field
    def things(self) -> list[Thing | None]:
        return [Source(**row) for row in ROWS]

    @strawberry.field
    def missing(self) -> Thing | None:
        return Source(name="x")  # no other attribute: AttributeError on each


QUERY = "{ things { name note colour at n shout alias: name } missing { name note colour } }"


def _run(execution_context_class: type | None) -> tuple[Any, list[tuple[str, list[Any]]]]:
    schema = strawberry.Schema(query=Query, execution_context_class=execution_context_class)
    result = schema.execute_sync(QUERY)
    errors = sorted((e.message, e.path) for e in result.errors or [])
    return result.data, errors


def test_short_path_answers_what_the_full_path_answers() -> None:
    short, full = _run(ExecutionContext), _run(None)
    assert short == full
    data, errors = short
    assert data["things"][0] == {
        "name": "甲",
        "note": None,
        "colour": "RED",
        "at": "2026-11-25T08:00:00+00:00",
        "n": 3,
        "shout": "甲!",
        "alias": "甲",
    }
    # A nullable field's error nulls the field; a non-null field's error nulls the whole item.
    assert data["things"][2] == {**data["things"][0], "note": None}
    assert data["things"][1] is None
    assert data["things"][3:] == [None] * 3
    assert data["missing"] is None
    paths = [path for _, path in errors]
    for expected in (
        ["things", 1, "name"],
        ["things", 2, "note"],
        ["things", 3, "colour"],
        ["things", 4, "at"],
        ["things", 5, "n"],
        ["missing", "note"],
        ["missing", "colour"],
    ):
        assert expected in paths


def test_plain_columns_take_the_short_path_and_resolvers_do_not() -> None:
    schema = strawberry.Schema(query=Query, execution_context_class=ExecutionContext)
    fields = schema._schema.type_map["Thing"].fields  # noqa: SLF001
    assert column_plan(fields["name"])[:2] == ("name", True)
    assert column_plan(fields["note"])[:2] == ("note", False)
    assert column_plan(fields["colour"]) is not None
    assert column_plan(fields["shout"]) is None
    schema.execute_sync(QUERY)
    plans = schema._schema._duban_column_plans  # noqa: SLF001
    assert plans[("Thing", "at")] is not None
    assert plans[("Query", "things")] is None


@pytest.mark.parametrize(
    ("type_name", "field", "short"),
    [
        ("Complaint", "serialNo", True),
        ("Complaint", "status", True),
        ("Complaint", "receivedAt", True),
        ("Complaint", "id", False),  # a global id: resolved
        ("Complaint", "enterprise", False),  # an object
        ("Unit", "code", True),
    ],
)
def test_the_app_schema_runs_on_the_short_path(type_name: str, field: str, short: bool) -> None:
    assert app_schema.execution_context_class is ExecutionContext
    assert (column_plan(app_schema._schema.type_map[type_name].fields[field]) is not None) is short  # noqa: SLF001


@strawberry.type
class Counter:
    n: int

    @strawberry.field
    def double(self) -> int:
        return self.n * 2

    @strawberry.field
    def where(self, info: strawberry.Info) -> str:
        return f"{info.path.key}:{info.field_name}:{self.n}"

    @strawberry.field
    def times(self, k: int) -> int:
        return self.n * k

    @strawberry.field
    def fails(self) -> int | None:
        raise ValueError("no")


@strawberry.type
class CounterQuery:
    @strawberry.field
    def counters(self) -> list[Counter]:
        return [Counter(n=1), Counter(n=2)]


def test_simple_resolvers_are_called_directly_with_the_same_answers() -> None:
    from schema.execution import lean_resolver, lighten_resolvers

    query = "{ counters { double where times(k: 3) fails } }"
    full = strawberry.Schema(query=CounterQuery).execute_sync(query)
    lean = strawberry.Schema(query=CounterQuery, execution_context_class=ExecutionContext)
    fields = lean._schema.type_map["Counter"].fields  # noqa: SLF001
    info_class = lean.config.info_class
    assert lean_resolver(fields["double"], info_class) is not None
    assert lean_resolver(fields["where"], info_class) is not None
    assert lean_resolver(fields["times"], info_class) is None  # an argument: strawberry converts it
    assert lighten_resolvers(lean) >= 3
    result = lean.execute_sync(query)
    assert (
        result.data
        == full.data
        == {
            "counters": [
                {"double": 2, "where": "where:where:1", "times": 3, "fails": None},
                {"double": 4, "where": "where:where:2", "times": 6, "fails": None},
            ]
        }
    )
    assert [(e.message, e.path) for e in result.errors] == [(e.message, e.path) for e in full.errors]
