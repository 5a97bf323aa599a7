"""Generated units (a city/county/town tree with materialized paths) and the task ledger."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bench import names
from bench.loader import Loader, stamp
from models.task import code_sort_key
from models.unit import child_path

__all__ = ["NOW", "UnitRow", "load_ledger", "load_units", "unit_tree"]

# The data set's "now" (2026-11-25 08:00 Asia/Shanghai).
NOW = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
TASK_STATUSES = (
    ("NOT_STARTED", 15),
    ("IN_PROGRESS", 50),
    ("COMPLETED", 25),
    ("VERIFIED", 8),
    ("SUSPENDED", 2),
)
CATEGORIES = ("GOVERNMENT_SERVICE", "MARKET", "FACTORS", "OPENNESS", "SOCIAL", "RULE_OF_LAW", "OTHER")
ORIGINS = ("PROVINCIAL_REQUIREMENT", "LOCAL_INNOVATION", "INSPECTION_FINDING", "LEADER_INSTRUCTION", "OTHER")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


# ---- units --------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    id: int
    code: str
    name: str
    kind: str
    level: str
    parent_id: int | None
    path: str
    division: str


def unit_tree(total: int) -> list[UnitRow]:
    """City, its departments, counties with their departments and towns; `total` units in all."""
    units: list[UnitRow] = []

    def add(code: str, name: str, kind: str, level: str, parent: UnitRow | None, division: str) -> UnitRow:
        row = UnitRow(len(units) + 1, code, name, kind, level, parent.id if parent else None, "", division)
        row.path = child_path(parent.path if parent else None, row.id)
        units.append(row)
        return row

    city = add(names.CITY[0], names.CITY[1], "GOVERNMENT", "CITY", None, names.CITY[3])
    per_county = max(2, (total - 1) // (len(names.COUNTIES) + 1))
    for code, dept in names.DEPARTMENTS[: min(len(names.DEPARTMENTS), per_county)]:
        add(f"DY.{code}", f"东营市{dept}", _dept_kind(code), "CITY", city, city.division)
    counties = [
        add(f"DY.{code}", name, "GOVERNMENT", "COUNTY", city, div) for code, name, div in names.COUNTIES
    ]
    room = total - len(units)
    for i, county in enumerate(counties):
        share = room // len(counties) + (1 if i < room % len(counties) else 0)
        _county_children(add, county, share)
    return units[:total]


def _dept_kind(code: str) -> str:
    return {"DCS": "SUPERVISION_OFFICE", "JWB": "DISCIPLINE_COMMISSION", "RXZ": "HOTLINE_CENTER"}.get(
        code, "DEPARTMENT"
    )


def _county_children(add, county: UnitRow, share: int) -> None:  # type: ignore[no-untyped-def]
    depts = min(len(names.DEPARTMENTS), share // 2)
    short = county.name.replace("人民政府", "").replace("管委会", "")
    for code, dept in names.DEPARTMENTS[:depts]:
        add(f"{county.code}.{code}", f"{short}{dept}", _dept_kind(code), "COUNTY", county, county.division)
    for t in range(share - depts):
        word = names.TOWN_WORDS[(t + len(county.code) * 7) % len(names.TOWN_WORDS)]
        suffix = names.TOWN_SUFFIXES[t % 2]
        kind = "PARK" if t == share - depts - 1 else "TOWNSHIP"
        add(
            f"{county.code}.T{t + 1:02d}", f"{short}{word}{suffix}", kind, "TOWNSHIP", county, county.division
        )


async def load_units(loader: Loader, units: list[UnitRow], rng: random.Random) -> None:
    now = stamp(NOW, loader.postgres)
    cols = ("id", "code", "name", "kind", "level", "parent_id", "path", "liaison_name", "liaison_phone")
    cols += ("active", "version", "created_at", "updated_at")
    rows = (
        (u.id, u.code, u.name, u.kind, u.level, u.parent_id, u.path, f"{rng.choice(SURNAMES)}某某")
        + (f"0546-{rng.randint(7000000, 8999999)}", True, 1, now, now)
        for u in units
    )
    await loader.insert("unit", cols, rows)


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in table], [w for _, w in table])[0]


async def load_ledger(
    loader: Loader, units: list[UnitRow], n_plans: int, n_tasks: int, rng: random.Random
) -> None:
    """Plans, tasks (lead + co units), three milestones and two progress reports per task."""
    pg, now = loader.postgres, stamp(NOW, loader.postgres)
    governments = [u for u in units if u.kind == "GOVERNMENT"]
    handlers = [u for u in units if u.kind in ("DEPARTMENT", "TOWNSHIP", "PARK")]
    plan_rows = []
    for p in range(1, n_plans + 1):
        year = 2025 + p % 2
        issuer = governments[p % len(governments)]
        plan_rows.append(
            (
                p,
                f"{issuer.name[:-4] or issuer.name}{year}年优化营商环境行动方案（第{p}号）",
                f"东政办字〔{year}〕{p}号",
            )
            + (issuer.id, date(year - 1, 12, 20), date(year, 1, 1), date(year, 12, 31), 1, now, now)
        )
    cols = ("id", "title", "doc_number", "issuing_unit_id", "issued_on", "period_start", "period_end")
    await loader.insert("plan", cols + ("version", "created_at", "updated_at"), plan_rows)
    tasks, links, milestones, reports = [], [], [], []
    per_plan = max(1, n_tasks // n_plans)
    for t in range(1, n_tasks + 1):
        plan = plan_rows[min((t - 1) // per_plan, n_plans - 1)]
        idx = (t - 1) % per_plan
        code = f"{idx // 50 + 1}.{idx % 50 + 1}"
        status = _weighted(rng, TASK_STATUSES)
        due = plan[6] - timedelta(days=rng.randint(0, 300))
        percent = {"NOT_STARTED": 0, "COMPLETED": 100, "VERIFIED": 100}.get(status, rng.randint(5, 95))
        title = f"{rng.choice(names.TASK_VERBS)}{rng.choice(names.PROBLEMS)[0][:8]}改革举措 {code}"
        tasks.append(
            (t, plan[0], code, code_sort_key(code), title, rng.choice(CATEGORIES), rng.choice(ORIGINS))
            + (f"{rng.choice(SURNAMES)}副市长", due, status, percent, False, 1, now, now)
        )
        chosen = rng.sample(handlers, 1 + rng.choice((0, 1, 1, 2, 3)))
        for pos, unit in enumerate(chosen):
            links.append((len(links) + 1, t, unit.id, "LEAD" if pos == 0 else "CO", pos))
        for m in range(3):
            m_due = due - timedelta(days=60 * (2 - m))
            done = status in ("COMPLETED", "VERIFIED") or (m_due < NOW.date() and rng.random() < 0.85)
            done_at = stamp(datetime(m_due.year, m_due.month, m_due.day, 3, tzinfo=UTC), pg) if done else None
            milestones.append(
                (len(milestones) + 1, t, f"阶段目标 {m + 1}", m_due, done_at, False, 1, now, now)
            )
        for r in range(2):
            at = stamp(NOW - timedelta(days=rng.randint(1, 300), minutes=r), pg)
            reports.append(
                (
                    len(reports) + 1,
                    t,
                    chosen[0].id,
                    f"第{r + 1}次进展：按计划推进。",
                    min(percent, 50 * (r + 1)),
                    at,
                    "联络员",
                )
            )
    task_cols = ("id", "plan_id", "code", "code_key", "title", "category", "origin", "responsible_leader")
    task_cols += ("due_on", "status", "progress_percent", "is_overdue", "version", "created_at", "updated_at")
    await loader.insert("task", task_cols, tasks)
    await loader.insert("task_unit", ("id", "task_id", "unit_id", "role", "position"), links)
    m_cols = (
        "id",
        "task_id",
        "title",
        "due_on",
        "completed_at",
        "is_overdue",
        "version",
        "created_at",
        "updated_at",
    )
    await loader.insert("milestone", m_cols, milestones)
    r_cols = ("id", "task_id", "unit_id", "text", "percent", "reported_at", "actor")
    await loader.insert("progress_report", r_cols, reports)
