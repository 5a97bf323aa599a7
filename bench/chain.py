"""The generated accountability chain's shared pieces: what every action writes beside its rows (events, the
timeline; links, the edges `trace` walks; gap-free counters), the supervision item being generated, the actors
and the office-hours clock."""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise import connections

from bench.gen_ledger import NOW, UnitRow
from bench.loader import Loader, stamp
from models.workdays import SHANGHAI

__all__ = [
    "FIRST_DAY",
    "SUPERVISORS",
    "TODAY",
    "Actor",
    "Chain",
    "Item",
    "UnitRow",
    "between",
    "end_of_day",
    "later",
    "local_day",
    "office",
]

TODAY = NOW.astimezone(SHANGHAI).date()
FIRST_DAY = date(2025, 1, 2)  # inspections, letters and other items from this day on
OFFICE_SECONDS = 9 * 3600  # 08:30-17:30 local


@dataclass(frozen=True)
class Actor:
    """A token holder as the actions record it: its name and role."""

    name: str
    role: str


SUPERVISORS = [Actor(f"市政府督查室 {n}", "SUPERVISOR") for n in ("王强", "李娜", "刘洋", "陈静")]


@dataclass
class Item:
    """One item's plan and, after `live`, its state at NOW (what the discipline generator picks from)."""

    opened: datetime
    source: str
    level: str
    unit: UnitRow
    title: str
    description: str
    due_on: date
    origin: tuple[str, int] | None = None
    inspection_id: int | None = None
    escalation_reason: str | None = None
    id: int = 0
    serial: str = ""
    status: str = "OPEN"
    version: int = 1
    updated: datetime | None = None
    closed_at: datetime | None = None
    rejected_at: datetime | None = None
    overdue_at: datetime | None = None
    opened_by: Actor = field(default_factory=lambda: SUPERVISORS[0])


def local_day(at: datetime) -> date:
    return at.astimezone(SHANGHAI).date()


def end_of_day(day: date) -> datetime:
    """24:00 local of `day` (a DATE deadline's last instant), in UTC."""
    nxt = day + timedelta(days=1)
    return datetime(nxt.year, nxt.month, nxt.day, tzinfo=SHANGHAI).astimezone(UTC)


def office(day: date, rng: random.Random) -> datetime:
    """An instant in office hours (08:30-17:30 local) of `day`, in UTC."""
    start = datetime(day.year, day.month, day.day, 8, 30, tzinfo=SHANGHAI)
    return (start + timedelta(seconds=rng.randrange(OFFICE_SECONDS))).astimezone(UTC)


def later(at: datetime, lo: int, hi: int, rng: random.Random) -> datetime:
    """Office hours `lo`..`hi` days after `at` (never before it)."""
    day = local_day(at) + timedelta(days=rng.randint(lo, max(lo, hi)))
    return max(office(day, rng), at + timedelta(minutes=rng.randint(5, 60)))


def between(start: datetime, end: datetime, rng: random.Random) -> datetime:
    """An instant strictly between `start` and `end`, in office hours when the span allows it."""
    first, last = local_day(start) + timedelta(days=1), local_day(end) - timedelta(days=1)
    if first <= last:
        return office(first + timedelta(days=rng.randint(0, (last - first).days)), rng)
    return start + (end - start) * rng.uniform(0.2, 0.8)


@dataclass
class Chain:
    """Events and links collected in action order, written time-ordered with explicit ids; counters."""

    postgres: bool
    events: list[tuple] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)

    def event(
        self, at: datetime, actor: Actor, subject: tuple[str, int], kind: str, summary: str, data: Any = None
    ) -> None:
        """As `resolvers.events.record_event` writes it (no request id: generated, not requested)."""
        payload = None if data is None else json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        row = (subject[0], subject[1], kind, summary[:500], actor.name, actor.role, at, payload, None)
        self.events.append((at, len(self.events), row))

    def link(
        self, at: datetime, actor: Actor, origin: tuple[str, int], relation: str, to: tuple[str, int]
    ) -> None:
        """As `resolvers.links.add_link` writes it."""
        self.links.append((at, len(self.links), (*origin, *to, relation, at, actor.name)))

    def number(self, key: str) -> int:
        """The next gap-free number for `key`, as `resolvers.counters.next_number` hands it out."""
        self.counters[key] += 1
        return self.counters[key]

    async def flush(self, loader: Loader) -> None:
        conn = connections.get("default")
        pg = self.postgres
        first_event = await _next_id(conn, "event")
        events = sorted(self.events, key=lambda e: (e[0], e[1]))
        await loader.insert(
            "event",
            (
                "id",
                "subject_type",
                "subject_id",
                "kind",
                "summary",
                "actor",
                "actor_role",
                "at",
                "data",
                "request_id",
            ),
            ((first_event + i, *r[:6], stamp(r[6], pg), *r[7:]) for i, (_, _, r) in enumerate(events)),
        )
        first_link = await _next_id(conn, "link")
        links = sorted(self.links, key=lambda k: (k[0], k[1]))
        await loader.insert(
            "link",
            ("id", "from_type", "from_id", "to_type", "to_id", "relation", "at", "actor"),
            ((first_link + i, *r[:5], stamp(r[5], pg), r[6]) for i, (_, _, r) in enumerate(links)),
        )
        await loader.insert("counter", ('"key"', "n"), sorted(self.counters.items()))


async def _next_id(conn: Any, table: str) -> int:
    rows = await conn.execute_query_dict(f"SELECT COALESCE(MAX(id), 0) + 1 AS n FROM {table}")
    return int(rows[0]["n"])
