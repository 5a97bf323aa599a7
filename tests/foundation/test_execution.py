"""The short path for plain leaf columns (`models.fast.execution`) answers exactly what graphql-core's full
path answers: the same data, and the same errors at the same paths when a value is wrong."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import pytest
import strawberry

from models.fast.execution import ExecutionContext, column_plan, lighten_resolvers
from schema import schema as app_schema


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
    from models.fast.execution import lean_resolver

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


# ---- whole selections on the short path: objects, lists and resolvers below a node ------------


@strawberry.type
class Badge:
    code: str
    label: str | None

    @classmethod
    def is_type_of(cls, obj: object, info: strawberry.Info) -> bool:
        return isinstance(obj, Source)

    @strawberry.field
    def where(self, info: strawberry.Info) -> list[str]:
        return [str(key) for key in info.path.as_list()]


@strawberry.type
class Holder:
    n: int
    tags: list[str]
    badges: list[Badge]  # an attribute holding objects

    @strawberry.field
    def badge(self) -> Badge:
        return self.main  # type: ignore[attr-defined,no-any-return]

    @strawberry.field
    def spare(self) -> Badge | None:
        return self.other  # type: ignore[attr-defined,no-any-return]

    @strawberry.field
    def all(self, info: strawberry.Info) -> list[Badge | None]:
        return self.badges

    @strawberry.field
    async def later(self) -> Badge:
        return self.main  # type: ignore[attr-defined,no-any-return]


def _badge(code: Any = "A", label: Any = "甲") -> Source:
    return Source(code=code, label=label)


def _holder(n: int, **overrides: Any) -> Source:
    values = {"n": n, "tags": ["x", "y"], "badges": [_badge(), _badge("B", None)], "main": _badge()}
    values["other"] = None
    return Source(**{**values, **overrides})


HOLDERS = [
    _holder(1),
    _holder(2, main=None),  # null where the type forbids it: the holder goes null
    _holder(3, badges=[_badge(), _badge(code=None)]),  # the second badge fails inside a list
    _holder(4, other=_badge(label=["x"])),  # a value String refuses, in a nullable object
    _holder(5, main="not a badge"),  # is_type_of refuses it
    _holder(6, tags=["x", None]),  # null in a list of non-null strings
    _holder(7, other=ValueError("broken")),
]


@strawberry.type
class HolderQuery:
    @strawberry.field
    def holders(self) -> list[Holder | None]:
        return HOLDERS  # type: ignore[return-value]


HOLDER_QUERY = """{ holders {
  n tags badges { code label where } badge { code where } spare { code label }
  all { code alias: label } later { code } } }"""


class CountingContext(ExecutionContext):
    """Counts the fields graphql-core executes itself (the short path executes the others)."""

    executed: list[str] = []

    def execute_field(
        self, parent_type: Any, source: Any, field_details_list: Any, path: Any, pc: Any
    ) -> Any:
        CountingContext.executed.append(f"{parent_type.name}.{field_details_list[0].node.name.value}")
        return super().execute_field(parent_type, source, field_details_list, path, pc)


async def _run_holders(execution_context_class: type | None, query: str = HOLDER_QUERY) -> tuple[Any, Any]:
    schema = strawberry.Schema(query=HolderQuery, execution_context_class=execution_context_class)
    if execution_context_class is not None:
        lighten_resolvers(schema)
    result = await schema.execute(query)
    return result.data, sorted((e.message, e.path) for e in result.errors or [])


async def test_objects_and_lists_below_a_node_answer_what_the_full_path_answers() -> None:
    short, full = await _run_holders(ExecutionContext), await _run_holders(None)
    assert short == full
    data, errors = short
    first = data["holders"][0]
    assert first == {
        "n": 1,
        "tags": ["x", "y"],
        "badges": [
            {"code": "A", "label": "甲", "where": ["holders", "0", "badges", "0", "where"]},
            {"code": "B", "label": None, "where": ["holders", "0", "badges", "1", "where"]},
        ],
        "badge": {"code": "A", "where": ["holders", "0", "badge", "where"]},
        "spare": None,
        "all": [{"code": "A", "alias": "甲"}, {"code": "B", "alias": None}],
        "later": {"code": "A"},
    }
    assert data["holders"][1] is None
    assert data["holders"][2] is None  # badges: [Badge!]! with a failed badge
    assert data["holders"][3]["spare"] == {"code": "A", "label": None}
    assert data["holders"][4] is None
    assert data["holders"][5] is None
    assert data["holders"][6]["spare"] is None
    paths = [path for _, path in errors]
    for expected in (
        ["holders", 1, "badge"],
        ["holders", 2, "badges", 1, "code"],
        ["holders", 3, "spare", "label"],
        ["holders", 4, "badge"],
        ["holders", 5, "tags", 1],
        ["holders", 6, "spare"],
    ):
        assert expected in paths


async def test_a_good_node_is_completed_without_graphql_cores_per_field_execution() -> None:
    CountingContext.executed = []
    query = "{ holders { n tags badges { code where } badge { code } all { code } } }"
    schema = strawberry.Schema(query=HolderQuery, execution_context_class=CountingContext)
    lighten_resolvers(schema)
    global HOLDERS
    saved, HOLDERS = HOLDERS, [_holder(1), _holder(2)]
    try:
        result = await schema.execute(query)
    finally:
        HOLDERS = saved
    assert not result.errors
    assert result.data["holders"][1]["badges"][1] == {
        "code": "B",
        "where": ["holders", "1", "badges", "1", "where"],
    }
    # graphql-core executed no field itself: the root's plain resolver, the nodes and all below them
    # were answered on the short path.
    assert CountingContext.executed == []


async def test_an_async_resolver_stays_with_graphql_core() -> None:
    CountingContext.executed = []
    schema = strawberry.Schema(query=HolderQuery, execution_context_class=CountingContext)
    lighten_resolvers(schema)
    result = await schema.execute("{ holders { n later { code } } }")
    assert result.data["holders"][0] == {"n": 1, "later": {"code": "A"}}
    assert CountingContext.executed.count("Holder.later") == len(HOLDERS)


def test_classes_whose_values_need_no_awaitable_check() -> None:
    import asyncio

    from models.complaint import Complaint as ComplaintRow
    from models.complaint import ComplaintStatus
    from models.fast.execution import _settled_class
    from schema.complaints.types import SlaBreach

    class Awaits:
        def __await__(self) -> Any:
            yield

    class Dynamic:
        def __getattr__(self, name: str) -> Any:
            return name

    async def coroutine() -> None:
        return None

    # Rows hide Tortoise's __await__; enums and plain strawberry types have none.
    for cls in (ComplaintRow, ComplaintStatus, SlaBreach, str, datetime):
        assert _settled_class(cls), cls
    pending = coroutine()
    for cls in (Awaits, Dynamic, ValueError, asyncio.Future, asyncio.Task, type(pending)):
        assert not _settled_class(cls), cls
    pending.close()


def test_enum_members_serialize_to_the_names_strawberry_gives_them() -> None:
    from models.fast.execution import leaf_serializer

    for type_name in ("ComplaintStatus", "SlaStage", "UnitKind"):
        leaf = app_schema._schema.type_map[type_name]  # noqa: SLF001
        fast = leaf_serializer(leaf)
        for member in leaf.wrapped_cls:
            assert fast(member) == leaf.coerce_output_value(member)
    colour = strawberry.Schema(query=Query)._schema.type_map["Colour"]  # noqa: SLF001
    assert leaf_serializer(colour)(Colour.BLUE) == "BLUE"
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever strawberry raises for a non-member
        leaf_serializer(colour)("GREEN")
