"""The complaint list's page statement under EXPLAIN (ANALYZE, BUFFERS), for three unit shapes (issue 18).

    .venv/bin/python -m bench.plans --db postgres://postgres@127.0.0.1:5432/duban_bench [--text]

Shapes: the leaf that handles the most complaints, the handling unit with the median count, and the
county 东营区 (DY.DYQ) with its descendants; each with the list's filter (6 statuses, first:100, i.e.
LIMIT 101), received in the last 90 days (the bench's list) and at any time. For each: the statement
before issue 18 (the subtree joined on `unit.path`), the page as the list now sends it
(`handling_unit_id IN (…)` the subtree's ids), and for a subtree the alternative measured and not
taken: one `ORDER BY … LIMIT` branch per unit under UNION ALL, merged by the planner (Merge Append).
Printed: execution and planning time, shared buffers, and the rows the scans read (returned plus
removed by a filter, times loops). `--text` also prints each plan.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from asgi_lifespan import LifespanManager
from tortoise import connections
from tortoise.expressions import Q

from bench.queries import OPEN_AND_DONE
from bench.run import ENV

__all__ = ["main"]

PAGE = 101  # first:100 and one more row for hasNextPage
_PARAMETER = re.compile(r"\$(\d+)")

SHAPES_SQL = """
WITH counts AS (
  SELECT u.code, u.path, count(c.id) AS n,
         NOT EXISTS (SELECT 1 FROM unit k WHERE k.parent_id = u.id) AS leaf
  FROM unit u JOIN complaint c ON c.handling_unit_id = u.id GROUP BY u.id
)
SELECT 'leaf (largest)' AS shape, code, path, n FROM (
  SELECT * FROM counts WHERE leaf ORDER BY n DESC, code LIMIT 1) l
UNION ALL
SELECT 'median unit', code, path, n FROM (
  SELECT * FROM counts ORDER BY n, code OFFSET (SELECT count(*) / 2 FROM counts) LIMIT 1) m
"""


def _scans(node: dict[str, Any]) -> int:
    """Rows the plan's scans read: returned plus removed by a filter, times loops."""
    read = 0
    if "Scan" in node["Node Type"]:
        read += (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node["Actual Loops"]
    return read + sum(_scans(child) for child in node.get("Plans", []))


async def explain(label: str, sql: str, params: list[Any], text: bool) -> None:
    conn = connections.get("default")
    for _ in range(2):  # the first run warms the cache; the second is printed
        _, rows = await conn.execute_query(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
    plan = rows[0][0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    top = plan[0]["Plan"]
    print(
        f"  {label:<22} {plan[0]['Execution Time']:8.2f} ms (planning {plan[0]['Planning Time']:5.2f})"
        f"  rows read {_scans(top):6d}  "
        f"buffers hit {top.get('Shared Hit Blocks', 0):6d} read {top.get('Shared Read Blocks', 0):5d}"
    )
    if text:
        _, lines = await conn.execute_query(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
        print("\n".join(f"      {line[0]}" for line in lines))


def _statement(qs: Any) -> tuple[str, list[Any]]:
    qs._choose_db_if_not_chosen()
    qs._make_query()
    sql, params = qs.query.get_parameterized_sql()
    return sql, list(params)


def _merged(queryset: Any, unit_ids: list[int]) -> tuple[str, list[Any]]:
    """One ordered, limited branch per unit, merged under the same ORDER BY (PostgreSQL placeholders)."""
    branches: list[str] = []
    params: list[Any] = []
    for unit_id in unit_ids:
        text, values = _statement(queryset.filter(handling_unit_id=unit_id).limit(PAGE))
        shift = len(params)
        branches.append(_PARAMETER.sub(lambda m, n=shift: f"${int(m.group(1)) + n}", text))
        params.extend(values)
    union = " UNION ALL ".join(f"({b})" for b in branches)
    return f"SELECT * FROM ({union}) AS merged ORDER BY received_at DESC, id DESC LIMIT {PAGE}", params


async def shape(label: str, code: str, path: str, days: int | None, text: bool) -> None:
    from models.complaint import Complaint
    from resolvers.complaints.queries import ComplaintFilter, filter_complaints, subtree_ids

    since = datetime.now(UTC) - timedelta(days=days) if days else None
    f = ComplaintFilter(unit_code=code, status=list(OPEN_AND_DONE), received_from=since)  # type: ignore[arg-type]
    found = await filter_complaints(Complaint.all(), f, None, datetime.now(UTC))
    ids = await subtree_ids(code, True)
    before = Complaint.filter(Q(handling_unit__path__startswith=path), status__in=OPEN_AND_DONE)
    if since is not None:
        before = before.filter(received_at__gte=since)
    before = before.order_by("-received_at", "-id").limit(PAGE)
    period = f"the last {days} days" if days else "any time"
    print(f"{label}: {code}, {len(ids)} unit(s); received {period}: {await found.count()} matches")
    await explain("before: join on path", *_statement(before), text)
    await explain("now: IN (subtree ids)", *_statement(found.limit(PAGE)), text)
    if len(ids) > 1:
        await explain("merged per unit", *_merged(found, ids), text)


async def run(url: str, text: bool) -> None:
    from bench.loader import settings_for
    from main import create_app

    async with LifespanManager(create_app(settings_for(url))):
        _, rows = await connections.get("default").execute_query(SHAPES_SQL)
        shapes = [(f"{r['shape']}, {r['n']} complaints in all", r["code"], r["path"]) for r in rows]
        _, county = await connections.get("default").execute_query(
            "SELECT code, path FROM unit WHERE code = 'DY.DYQ'"
        )
        shapes.append(("county + descendants", county[0]["code"], county[0]["path"]))
        for days in (90, None):
            for label, code, path in shapes:
                await shape(label, code, path, days, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the bench database (PostgreSQL)")
    parser.add_argument("--text", action="store_true", help="also print each plan")
    args = parser.parse_args(argv)
    os.environ.update(ENV)
    asyncio.run(run(args.db, args.text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
