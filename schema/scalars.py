"""Date, DateTime and JSON as the schema reads them: dates in ISO 8601 within the years the calendar
covers, datetimes with an offset, JSON whose integers can be written back.

They replace strawberry's scalars of the same names, so every such argument and input field, as a
variable or inline, is checked in this one place: a value refused here is a coded client error,
never a value that overflows date arithmetic or a column further down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import dateutil.parser
from graphql import GraphQLError, ValueNode, value_from_ast_untyped
from strawberry.scalars import JSON
from strawberry.types.scalar import ScalarDefinition

from resolvers.calendar.actions import MAX_YEAR, MIN_YEAR

__all__ = [
    "DateDefinition",
    "DateTimeDefinition",
    "JSONDefinition",
    "SCALAR_OVERRIDES",
    "parse_date",
    "parse_datetime",
    "parse_json",
]

T = TypeVar("T")


def _refused(message: str) -> GraphQLError:
    # No code of its own: as a variable it becomes BAD_USER_INPUT, inline GRAPHQL_VALIDATION_FAILED,
    # like graphql-core's refusals of an Int or an enum name (schema/extensions.py).
    return GraphQLError(message)


def _text(value: object, kind: str, example: str) -> str:
    if not isinstance(value, str):
        raise _refused(f"{kind} 须为字符串 ({kind} must be an ISO 8601 string like {example}), got {value!r}")
    return value


def _in_range(value: dt.date, kind: str, raw: str) -> None:
    # The working calendar covers these years; outside them deadlines and periods mean nothing,
    # and dates near 1-01-01 or 9999-12-31 overflow any arithmetic on them.
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise _refused(
            f"{kind} 超出支持范围 ({kind} out of range): 年份须在 {MIN_YEAR}-{MAX_YEAR} 之间 "
            f"(years {MIN_YEAR}-{MAX_YEAR} are supported), got {raw!r}"
        )


def parse_date(value: object) -> dt.date:
    raw = _text(value, "Date", "2026-11-24")
    try:
        parsed = dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise _refused(f"Date 格式无效 (not an ISO 8601 date like 2026-11-24): {raw!r}; {exc}") from None
    _in_range(parsed, "Date", raw)
    return parsed


def parse_datetime(value: object) -> dt.datetime:
    raw = _text(value, "DateTime", "2026-11-24T09:00:00+08:00")
    try:
        parsed = dateutil.parser.isoparse(raw)
    except (ValueError, OverflowError) as exc:
        raise _refused(
            f"DateTime 格式无效 (not an ISO 8601 datetime like 2026-11-24T09:00:00+08:00): {raw!r}; {exc}"
        ) from None
    if parsed.utcoffset() is None:
        raise _refused(f"DateTime 须带时区 (add a UTC offset, e.g. {raw}+08:00 or {raw}Z): {raw!r} has none")
    _in_range(parsed, "DateTime", raw)
    return parsed


def _literal(parse: Callable[[object], T]) -> Callable[..., T]:
    """The same parser for a value written inline, its error pointing at the literal."""

    def parse_literal(node: ValueNode, variables: dict[str, object] | None = None) -> T:
        try:
            return parse(value_from_ast_untyped(node, variables))
        except GraphQLError as exc:
            raise GraphQLError(exc.message, node) from None

    return parse_literal


def _isoformat(value: dt.date) -> str:
    return value.isoformat()


DateDefinition = ScalarDefinition(
    name="Date",
    description=f"日期 (ISO 8601 date, e.g. 2026-11-24; years {MIN_YEAR}-{MAX_YEAR})",
    specified_by_url=None,
    serialize=_isoformat,
    parse_value=parse_date,
    parse_literal=_literal(parse_date),
    origin=dt.date,
)

DateTimeDefinition = ScalarDefinition(
    name="DateTime",
    description=(
        "时刻 (ISO 8601 datetime with a UTC offset, e.g. 2026-11-24T09:00:00+08:00; "
        f"years {MIN_YEAR}-{MAX_YEAR})"
    ),
    specified_by_url=None,
    serialize=_isoformat,
    parse_value=parse_datetime,
    parse_literal=_literal(parse_datetime),
    origin=dt.datetime,
)

# Integers a JSON writer (orjson, PostgreSQL's jsonb read back) handles exactly: a stored 10^30 would
# make every later answer that shows it fail.
_JSON_INT = 2**63 - 1


def parse_json(value: object) -> object:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) > _JSON_INT:
            raise _refused(f"JSON 整数超出范围 (JSON integers must be within ±(2^63-1)), got {item}")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return value


JSONDefinition = ScalarDefinition(
    name="JSON",
    description=(
        "The `JSON` scalar type represents JSON values as specified by "
        "[ECMA-404](https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf)."
    ),
    specified_by_url="https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf",
    serialize=lambda value: value,
    parse_value=parse_json,
    parse_literal=_literal(parse_json),
    origin=JSON,
)

# For `strawberry.Schema(scalar_overrides=…)`: these Python types are read through the definitions above.
SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    dt.date: DateDefinition,
    dt.datetime: DateTimeDefinition,
    JSON: JSONDefinition,
}
