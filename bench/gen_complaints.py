"""Generated enterprises (valid GB 32100-2015 credit codes with valid GB 11714 organisation codes) and complaints in every lifecycle state.

Complaints are received from 2024-11-01 to NOW, more on working days and in office hours; due times
come from the real calendar arithmetic (`models.workdays.compute_deadline` on the seeded statutory
calendar); each stage is met on time or late at realistic rates (contact 6 %, reply 5 %, resolve 7 %
late) and a few are left stuck open past their deadline; the status follows from what has happened
by NOW.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from tortoise import connections

from bench import names
from bench.gen_ledger import NOW, UnitRow
from bench.loader import Loader, stamp
from models.calendar import DurationUnit
from models.enterprise import CREDIT_CODE_CHARS, credit_code_check_char, organisation_code_check_char
from models.workdays import SHANGHAI, Calendar, compute_deadline

__all__ = ["COMPLAINT_COLUMNS", "credit_code", "load_complaints", "load_enterprises"]

START_DAY = date(2024, 11, 1)
TAGS = ("ABOVE_SCALE", "SPECIALIZED", "GAZELLE", "HIGH_TECH", "SMALL_MICRO", "SOLE_TRADER")
CHANNELS = ("HOTLINE_12345", "ONLINE_PLATFORM", "VISIT", "FORUM", "SUPERVISOR_PANEL", "LETTER", "OTHER")
CHANNEL_W = (50, 25, 8, 4, 5, 4, 4)
KINDS = ("CONSULTATION", "HELP", "COMPLAINT", "SUGGESTION", "REPORT")
KIND_W = (30, 30, 25, 10, 5)
HOUR_W = (1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 16, 12, 8, 12, 15, 15, 13, 10, 6, 4, 3, 2, 2, 1)
RESOLVE_DAYS = {"2110": 10, "2115": 15}  # the seeded SLA policies' resolve stage, working days
# Of the complaints late at some stage, the share escalated (only those still unresolved the morning after
# the resolve deadline qualify): ~2,900 at scale 1, each the origin of a supervision item.
ESCALATION_RATE = 0.04
COMPLAINT_COLUMNS = (
    "id", "serial_no", "channel", "external_ref", "enterprise_id", "kind", "scope", "title", "content",
    "received_at", "handling_unit_id", "dispatched_at", "sla_policy_id", "status", "handling_result",
    "is_reasonable", "contact_due_at", "contacted_at", "contact_in_time", "reply_due_at", "replied_at",
    "reply_in_time", "resolve_started_at", "resolve_due_at", "resolved_at", "resolve_in_time",
    "first_resolved_at", "deadline_provisional", "satisfaction", "problem_solved", "visited_at",
    "reopen_count", "escalated_at", "version", "created_at", "updated_at",
)  # fmt: skip
TIME_COLUMNS = frozenset(c for c in COMPLAINT_COLUMNS if c.endswith("_at"))
H = timedelta(hours=1)
D = timedelta(days=1)


def credit_code(index: int, division: str, rng: random.Random) -> str:
    """18 characters: registration kind 91 (enterprise), the division code, a 9-character organization
    code (8 body characters unique per index and the GB 11714 check character), and the GB 32100-2015
    check character."""
    n, org = index * 7919 + 104729, []
    for _ in range(7):
        n, r = divmod(n, len(CREDIT_CODE_CHARS))
        org.append(CREDIT_CODE_CHARS[r])
    body = f"{rng.choice('MN')}{''.join(reversed(org))}"
    first17 = f"91{division}{body}{organisation_code_check_char(body)}"
    return first17 + (credit_code_check_char(first17) or "")


async def load_enterprises(loader: Loader, n: int, divisions: list[str], rng: random.Random) -> None:
    now = stamp(NOW, loader.postgres)

    def rows() -> Iterator[tuple]:
        for i in range(1, n + 1):
            industry, short = rng.choice(names.INDUSTRIES)
            word = rng.choice(names.ENTERPRISE_WORDS)
            name = f"东营{word}{industry}{'有限公司' if i % 7 else '股份有限公司'}（{i}）"
            tags = json.dumps(rng.sample(TAGS, rng.choice((0, 1, 1, 2))))
            contact = f"{rng.choice('王李张刘陈杨赵黄')}经理"
            phone = f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}"
            code = credit_code(i, divisions[i % len(divisions)], rng)
            yield (i, name, code, tags, short, contact, phone, 1, now, now)

    cols = ("id", "name", "credit_code", "tags", "industry", "contact_name", "contact_phone")
    await loader.insert("enterprise", cols + ("version", "created_at", "updated_at"), rows())


class Lifecycle:
    """One complaint's history up to NOW, as column values (deadlines on the statutory calendar)."""

    def __init__(self, calendar: Calendar, rng: random.Random, policy_ids: dict[str, int]) -> None:
        self.calendar, self.rng = calendar, rng
        self.policy_ids = policy_ids
        self.resolve_days = {policy_ids[code]: days for code, days in RESOLVE_DAYS.items()}
        self._wd: dict[tuple[date, int], datetime] = {}

    def working_days(self, start: datetime, n: int) -> datetime:
        key = (start.astimezone(SHANGHAI).date(), n)
        if key not in self._wd:
            self._wd[key] = compute_deadline(start, n, DurationUnit.WORKING_DAYS, self.calendar).due_at
        return self._wd[key]

    def run(self, received: datetime) -> dict[str, object]:
        rng, c = self.rng, {"status": "RECEIVED", "reopen_count": 0, "updated_at": received}
        if rng.random() < 0.015:
            return {**c, "status": "WITHDRAWN", "updated_at": received + H}
        dispatched = received + timedelta(minutes=rng.uniform(5, 180))
        if dispatched > NOW:
            return c
        policy = self.policy_ids["2110" if rng.random() < 0.8 else "2115"]
        c |= {"status": "DISPATCHED", "dispatched_at": dispatched, "sla_policy_id": policy}
        c |= {"resolve_started_at": dispatched, "contact_due_at": dispatched + 2 * H}
        c |= {"reply_due_at": self.working_days(dispatched, 1)}
        c |= {
            "resolve_due_at": self.working_days(dispatched, self.resolve_days[policy]),
            "updated_at": dispatched,
        }
        return self._stages(c, dispatched)

    def _meet(self, c: dict, stage: str, met: datetime, status: str) -> bool:
        """Records the stage met at `met` unless that is after NOW or the complaint is stuck before it."""
        if met > NOW or self.rng.random() < 0.004:
            return False
        column = {"contact": "contacted_at", "reply": "replied_at", "resolve": "resolved_at"}[stage]
        c |= {
            column: met,
            f"{stage}_in_time": met <= c[f"{stage}_due_at"],
            "status": status,
            "updated_at": met,
        }
        return True

    def _late(self, rate: float, due: datetime, earliest: datetime, span: timedelta) -> datetime:
        rng = self.rng
        if rng.random() < rate:
            return due + rng.uniform(0.05, 1.0) * span
        return earliest + rng.uniform(0.05, 0.95) * max(due - earliest, timedelta(minutes=10))

    def _stages(self, c: dict, dispatched: datetime) -> dict[str, object]:
        rng = self.rng
        if not self._meet(
            c, "contact", self._late(0.06, c["contact_due_at"], dispatched, 6 * H), "CONTACTED"
        ):
            return c
        if not self._meet(
            c, "reply", self._late(0.05, c["reply_due_at"], c["contacted_at"], 2 * D), "REPLIED"
        ):
            return c
        resolved = self._late(0.07, c["resolve_due_at"], c["replied_at"], 10 * D)
        if not self._meet(c, "resolve", resolved, "RESOLVED"):
            return c
        c |= {
            "first_resolved_at": resolved,
            "is_reasonable": rng.random() < 0.85,
            "handling_result": "已办结",
        }
        if any(c[f"{s}_in_time"] is False for s in ("contact", "reply", "resolve")):
            # 提级督办: the morning after the resolve deadline, while the complaint is still unresolved (the
            # action refuses a closed one, and opens a supervision item: bench.gen_supervision adds it).
            escalated = c["resolve_due_at"] + 9 * H + timedelta(seconds=int(dispatched.timestamp()) % 7200)
            if rng.random() < ESCALATION_RATE and escalated < resolved:
                c["escalated_at"] = escalated
        return self._follow_up(c, resolved)

    def _follow_up(self, c: dict, resolved: datetime) -> dict[str, object]:
        rng = self.rng
        if rng.random() >= 0.8:
            return self._close(c, resolved + 2 * D)
        visited = resolved + rng.uniform(0.5, 3) * D
        if visited > NOW:
            return c
        satisfaction = rng.choices(("SATISFIED", "BASICALLY_SATISFIED", "UNSATISFIED"), (80, 15, 5))[0]
        solved = satisfaction != "UNSATISFIED" or rng.random() < 0.2
        c |= {"visited_at": visited, "satisfaction": satisfaction, "problem_solved": solved}
        c |= {"status": "VISITED", "updated_at": visited}
        if satisfaction == "UNSATISFIED" and rng.random() < 0.5:
            return self._reopen(c, visited + H)
        return self._close(c, visited + rng.uniform(0.1, 1) * D)

    def _close(self, c: dict, at: datetime) -> dict[str, object]:
        if at <= NOW:
            c |= {"status": "CLOSED", "updated_at": at}
        return c

    def _reopen(self, c: dict, at: datetime) -> dict[str, object]:
        due = self.working_days(at, self.resolve_days[c["sla_policy_id"]])
        c |= {"status": "REOPENED", "reopen_count": 1, "resolve_started_at": at, "resolve_due_at": due}
        c |= {"resolved_at": None, "resolve_in_time": None, "updated_at": at}
        if self._meet(c, "resolve", self._late(0.07, due, at, 5 * D), "RESOLVED"):
            return self._close(c, c["resolved_at"] + D)
        return c


def _day_counts(n: int, rng: random.Random) -> list[tuple[date, int]]:
    """How many complaints each local day receives: fewer on weekends, NOW's day only up to 08:00."""
    last = NOW.astimezone(SHANGHAI).date()
    days = [START_DAY + timedelta(days=i) for i in range((last - START_DAY).days + 1)]
    weights = [0.33 if d == last else (1.0 if d.weekday() < 5 else 0.35) for d in days]
    counts = Counter(rng.choices(range(len(days)), weights, k=n))
    return [(d, counts[i]) for i, d in enumerate(days) if counts[i]]


class ComplaintRows:
    """Accumulates complaint, dispatch, return-visit and serial-counter rows for a batch of days."""

    def __init__(self, postgres: bool) -> None:
        self.pg = postgres
        self.complaints: list[tuple] = []
        self.dispatches: list[tuple] = []
        self.visits: list[tuple] = []
        self.counters: list[tuple] = []
        self.next_id = 1
        self._visit_base = 0

    def add(self, serial: str, fixed: dict[str, object], c: dict[str, object], unit_id: int) -> None:
        cid = self.next_id
        self.next_id += 1
        if c.get("dispatched_at") is not None:
            c["handling_unit_id"] = unit_id
            at = c["dispatched_at"]
            self.dispatches.append((cid, cid, unit_id, c["sla_policy_id"], stamp(at, self.pg), "热线派单员"))  # type: ignore[arg-type]
        if c.get("visited_at") is not None:
            visit = (cid, stamp(c["visited_at"], self.pg), "回访员", c["satisfaction"], c["problem_solved"])  # type: ignore[arg-type]
            self.visits.append((len(self.visits) + 1 + self._visit_base, *visit))
        values = {"id": cid, "serial_no": serial, **fixed, **c, "created_at": fixed["received_at"]}
        values.setdefault("deadline_provisional", False)
        values.setdefault(
            "version",
            1 + sum(1 for k in ("dispatched_at", "contacted_at", "replied_at", "escalated_at") if c.get(k)),
        )
        self.complaints.append(
            tuple(
                stamp(values[k], self.pg)
                if k in TIME_COLUMNS and values.get(k) is not None
                else values.get(k)  # type: ignore[arg-type]
                for k in COMPLAINT_COLUMNS
            )
        )

    async def flush(self, loader: Loader) -> None:
        await loader.insert("complaint", COMPLAINT_COLUMNS, self.complaints)
        d_cols = ("id", "complaint_id", "unit_id", "sla_policy_id", "dispatched_at", "dispatched_by")
        await loader.insert("complaint_dispatch", d_cols, self.dispatches)
        v_cols = ("id", "complaint_id", "visited_at", "visited_by", "satisfaction", "problem_solved")
        await loader.insert("complaint_return_visit", v_cols, self.visits)
        await loader.insert("counter", ('"key"', "n"), self.counters)
        self._visit_base += len(self.visits)
        self.complaints, self.dispatches, self.visits, self.counters = [], [], [], []


async def load_complaints(
    loader: Loader, n: int, units: list[UnitRow], n_enterprises: int, calendar: Calendar, rng: random.Random
) -> None:
    handlers = [u for u in units if u.kind in ("DEPARTMENT", "TOWNSHIP", "PARK")]
    # Market regulation, tax, approvals and towns take most complaints.
    weights = [4 if u.code.split(".")[-1] in ("SPJ", "SWJ", "XSJ", "ZJJ", "ZRJ") else 1 for u in handlers]
    cum = list(itertools.accumulate(weights))
    conn = connections.get("default")
    policies = await conn.execute_query_dict("SELECT id, code FROM sla_policy")
    life = Lifecycle(calendar, rng, {row["code"]: row["id"] for row in policies})
    rows = ComplaintRows(loader.postgres)
    for day, count in _day_counts(n, rng):
        hours = sorted(rng.choices(range(24), HOUR_W, k=count))
        last_hour = 8 if day == NOW.astimezone(SHANGHAI).date() else 24
        stamp_day = day.strftime("%Y%m%d")
        for seq, hour in enumerate(hours, start=1):
            local = datetime(day.year, day.month, day.day, hour % last_hour, tzinfo=SHANGHAI)
            received = (local + timedelta(seconds=rng.randrange(3600))).astimezone(UTC)
            received = min(received, NOW - timedelta(minutes=1))
            serial = f"QY{stamp_day}{seq:04d}"
            channel = rng.choices(CHANNELS, CHANNEL_W)[0]
            title, content = rng.choice(names.PROBLEMS)
            fixed = {
                "channel": channel,
                "external_ref": f"RX{serial[2:]}" if channel == "HOTLINE_12345" else None,
                "enterprise_id": 1 + int(n_enterprises * rng.random() ** 2),
                "kind": rng.choices(KINDS, KIND_W)[0],
                "scope": "SYSTEMIC" if rng.random() < 0.03 else "INDIVIDUAL",
                "title": title,
                "content": content,
                "received_at": received,
            }
            unit = handlers[rng.choices(range(len(handlers)), cum_weights=cum)[0]]
            rows.add(serial, fixed, life.run(received), unit.id)
        rows.counters.append((f"complaint:{stamp_day}", count))
        if len(rows.complaints) >= 20_000:
            await rows.flush(loader)
    await rows.flush(loader)
