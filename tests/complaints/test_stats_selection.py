"""`complaintStats` computes only the figures a query selects, and each alone equals the full computation."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from models.settings import Settings
from tests.complaints.test_stats import COUNT_NAMES, STATS, build
from tests.helpers import count_sql

RATES = (
    "responseRate onTimeRate completionRate returnVisitRate satisfactionRate solvedRate redoRate "
    "firstTimeRate"
).split()
ALONE = """
query($from: Date!, $to: Date!, $units: [String!], $desc: Boolean, $group: StatsGrouping) {
  complaintStats(from: $from, to: $to, unitCodes: $units, includeDescendants: $desc, groupBy: $group) {
    %s
  }
}
"""
SHAPES: list[dict[str, Any]] = [
    {"group": "UNIT"},
    {"group": "MONTH"},
    {"group": "UNIT_MONTH"},
    {"group": "UNIT", "units": ["DY.DYQ", "DY.SPJ", "DY.KLQ"]},
    {"group": "UNIT_MONTH", "units": ["DY.DYQ.XD", "DY.SPJ"], "desc": False},
]
PERIOD = {"from": "2026-10-01", "to": "2026-11-30"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The rate limit lifted: the differential test sends ~200 queries with one token."""
    return dataclasses.replace(settings, rate_limit_burst=1_000_000)


def _keys(row: dict[str, Any]) -> tuple[Any, Any]:
    return ((row.get("unit") or {}).get("code"), row.get("month"))


async def _every_figure_alone(gql, shape: dict[str, Any], as_: str) -> None:  # type: ignore[no-untyped-def]
    variables = {**PERIOD, **shape}
    full = (await gql(STATS, variables, as_=as_))["complaintStats"]
    assert full, shape
    for figure in [*COUNT_NAMES, *RATES]:
        rows = (await gql(ALONE % f"unit {{ code }} month {figure}", variables, as_=as_))["complaintStats"]
        assert [(_keys(r), r[figure]) for r in rows] == [(_keys(r), r[figure]) for r in full], (shape, figure)
        bare = (await gql(ALONE % figure, variables, as_=as_))["complaintStats"]
        assert [r[figure] for r in bare] == [r[figure] for r in full], (shape, figure)
    keys_only = (await gql(ALONE % "unit { code } month", variables, as_=as_))["complaintStats"]
    assert [_keys(r) for r in keys_only] == [_keys(r) for r in full], shape


async def test_each_figure_alone_equals_the_full_computation(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    for shape in SHAPES:
        await _every_figure_alone(gql, shape, "ADMIN")
    await _every_figure_alone(gql, {"group": "UNIT"}, "UNIT_OPERATOR")


async def test_the_statement_reads_only_what_is_asked(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    with count_sql() as sql:
        await gql(ALONE % "unit { code } received", {**PERIOD, "group": "UNIT"})
    (figures,) = [s for s in sql.statements if "month_key" in s]
    assert "AS received" in figures
    assert "resolve_in_time" not in figures and "satisfaction" not in figures
    with count_sql() as sql:
        await gql(ALONE % "onTimeRate", {**PERIOD, "group": "UNIT"})
    (figures,) = [s for s in sql.statements if "month_key" in s]
    assert "AS due_in_period" in figures and "AS resolved_in_time" in figures
    assert "AS received" not in figures and "contact_in_time" not in figures
