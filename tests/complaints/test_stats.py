"""The seeds' figures on a hand-computed set of 30 complaints: per unit (subtrees rolled up), per month,
per unit and month, rankings, and row-level restriction for unit operators.

The set (received times are 10:00 Shanghai; dispatch at receipt; policy 2110):
- A, 东营区辛店街道 DY.DYQ.XD, received Mon 2026-10-12 (resolve due Mon 10-26):
  A1-A6 contacted and resolved in time, reasonable; visits A1-A3 满意, A4 基本满意, A5 不满意 (unsolved),
  A6 not visited. A7 contacted late, resolved late (11-01), unreasonable, 不满意. A8 resolved, 不满意,
  reopened 10-20 (new due 11-03), resolved 10-22, 满意. A9 replied, unresolved. A10 never contacted.
- B, 文汇街道 DY.DYQ.WH, received Mon 11-02: B1-B4 in time, 满意; B5 resolved late (11-22), 基本满意;
  B6 contacted late, resolved in time, not visited.
- C, 市审批局 DY.SPJ, received Mon 11-09: C1-C2 满意; C3 不满意 and reopened 11-13 (unresolved since);
  C4 unreasonable, 基本满意; C5 resolved, not visited; C6 contacted only; C7 never contacted;
  C8 first dispatched to DY.DYQ.XD, returned, re-dispatched to DY.SPJ, then 满意.
- D, 垦利区 DY.KLQ, received Wed 11-25 (due 12-09, after the period): D1 resolved 11-27, 满意;
  D2 resolved 11-27, not visited; D3 replied; D4 contacted late.
- E: two complaints received 11-10 and never dispatched.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.complaint import ComplaintChannel, ComplaintKind, Satisfaction
from resolvers.complaints import followup, handling, intake
from resolvers.complaints.enterprises import RegisterEnterprise
from tests.complaints.queries import CODES
from tests.helpers import count_sql

STATS = """
query($from: Date!, $to: Date!, $units: [String!], $desc: Boolean, $group: StatsGrouping) {
  complaintStats(from: $from, to: $to, unitCodes: $units, includeDescendants: $desc, groupBy: $group) {
    unit { code } month received dispatched respondedInTime resolved visited reasonableVisited satisfied solved
    reopened dueInPeriod resolvedInTime responseRate onTimeRate completionRate returnVisitRate satisfactionRate
    solvedRate redoRate firstTimeRate
  }
}
"""
RANKING = """
query($metric: RankingMetric!, $kind: UnitKind) {
  unitRanking(from: "2026-10-01", to: "2026-11-30", metric: $metric, unitKind: $kind) {
    rank unit { code } value stats { dueInPeriod }
  }
}
"""
COUNT_NAMES = (
    "received dispatched respondedInTime resolved visited reasonableVisited satisfied solved "
    "reopened dueInPeriod resolvedInTime"
).split()
SAT = {"S": Satisfaction.SATISFIED, "B": Satisfaction.BASICALLY_SATISFIED, "U": Satisfaction.UNSATISFIED}
PERIOD = {"from": "2026-10-01", "to": "2026-11-30"}


class Builder:
    def __init__(self, scope, clock) -> None:  # type: ignore[no-untyped-def]
        self.scope, self.clock, self.n = scope, clock, 0

    def at(self, when: datetime) -> None:
        self.clock.set(when)

    async def receive(self, when: datetime) -> int:
        self.n += 1
        self.at(when)
        enterprise = RegisterEnterprise(name=f"企业{self.n % 4}", credit_code=CODES[self.n % 4])
        cmd = intake.ReceiveComplaint(
            channel=ComplaintChannel.HOTLINE_12345,
            kind=ComplaintKind.HELP,
            title=f"诉求{self.n}",
            content="内容",
            external_ref=f"S-{self.n}",
            new_enterprise=enterprise,
        )
        return (await intake.receive_complaint(self.scope, cmd)).id

    async def dispatch(self, cid: int, unit: str) -> None:
        await handling.dispatch_complaint(self.scope, handling.DispatchComplaint(cid, unit))

    async def contact(self, cid: int, when: datetime) -> None:
        self.at(when)
        await handling.record_contact(self.scope, handling.RecordStage(cid))

    async def reply(self, cid: int, when: datetime) -> None:
        self.at(when)
        await handling.record_reply(self.scope, handling.RecordStage(cid))

    async def resolve(self, cid: int, when: datetime, reasonable: bool = True) -> None:
        self.at(when)
        await handling.resolve_complaint(self.scope, handling.ResolveComplaint(cid, "已办理", reasonable))

    async def visit(self, cid: int, when: datetime, sat: str, solved: bool) -> None:
        self.at(when)
        await followup.record_return_visit(self.scope, followup.RecordReturnVisit(cid, SAT[sat], solved))

    async def reopen(self, cid: int, when: datetime) -> None:
        self.at(when)
        await followup.reopen_complaint(self.scope, followup.ReopenComplaint(cid, "不满意，重办"))

    async def complaint(
        self,
        unit: str,
        day: datetime,
        contact: float | None = 1,
        replied: bool = True,
        resolved_days: float | None = 3,
        reasonable: bool = True,
        sat: str | None = None,
        solved: bool = True,
    ) -> int:
        """Receive and dispatch at `day`, contact `contact` hours later, reply an hour after, resolve."""
        cid = await self.receive(day)
        await self.dispatch(cid, unit)
        if contact is None:
            return cid
        await self.contact(cid, day + timedelta(hours=contact))
        if not replied:
            return cid
        await self.reply(cid, day + timedelta(hours=contact + 1))
        if resolved_days is None:
            return cid
        await self.resolve(cid, day + timedelta(days=resolved_days), reasonable)
        if sat is not None:
            await self.visit(cid, day + timedelta(days=resolved_days, hours=2), sat, solved)
        return cid


def utc(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 2, 0, tzinfo=UTC)  # 10:00 Shanghai


async def build(scope, clock) -> None:  # type: ignore[no-untyped-def]
    b = Builder(scope, clock)
    a = utc(10, 12)
    for sat, solved in (("S", True), ("S", True), ("S", True), ("B", True), ("U", False), (None, True)):
        await b.complaint("DY.DYQ.XD", a, sat=sat, solved=solved)
    await b.complaint("DY.DYQ.XD", a, contact=3, resolved_days=20, reasonable=False, sat="U", solved=False)
    a8 = await b.complaint("DY.DYQ.XD", a, sat="U", solved=False)
    await b.reopen(a8, utc(10, 20))
    await b.resolve(a8, utc(10, 22))
    await b.visit(a8, utc(10, 23), "S", True)
    await b.complaint("DY.DYQ.XD", a, resolved_days=None)
    await b.complaint("DY.DYQ.XD", a, contact=None)
    w = utc(11, 2)
    for _ in range(4):
        await b.complaint("DY.DYQ.WH", w, sat="S")
    await b.complaint("DY.DYQ.WH", w, resolved_days=20, sat="B")
    await b.complaint("DY.DYQ.WH", w, contact=3)
    c = utc(11, 9)
    await b.complaint("DY.SPJ", c, sat="S")
    await b.complaint("DY.SPJ", c, sat="S")
    c3 = await b.complaint("DY.SPJ", c, sat="U", solved=False)
    await b.reopen(c3, utc(11, 13))
    await b.complaint("DY.SPJ", c, reasonable=False, sat="B")
    await b.complaint("DY.SPJ", c)
    await b.complaint("DY.SPJ", c, replied=False)
    await b.complaint("DY.SPJ", c, contact=None)
    c8 = await b.receive(c)
    await b.dispatch(c8, "DY.DYQ.XD")
    b.at(c + timedelta(minutes=30))
    await handling.return_complaint(scope, handling.ReturnComplaint(c8, "非本单位职责"))
    await b.dispatch(c8, "DY.SPJ")
    await b.contact(c8, c + timedelta(hours=1))
    await b.reply(c8, c + timedelta(hours=2))
    await b.resolve(c8, c + timedelta(days=3))
    await b.visit(c8, c + timedelta(days=4), "S", True)
    d = utc(11, 25)
    await b.complaint("DY.KLQ", d, resolved_days=2, sat="S")
    await b.complaint("DY.KLQ", d, resolved_days=2)
    await b.complaint("DY.KLQ", d, resolved_days=None)
    await b.complaint("DY.KLQ", d, contact=3, replied=False)
    for _ in range(2):
        await b.receive(utc(11, 10))
    assert b.n == 30
    b.at(utc(12, 1))


def counts(row: dict) -> list[int]:
    return [row[name] for name in COUNT_NAMES]


async def test_per_unit_with_subtrees_rolled_up(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    units = ["DY.DYQ", "DY.SPJ", "DY.KLQ", "DY.GRX"]
    with count_sql() as sql:
        rows = (await gql(STATS, {**PERIOD, "units": units}))["complaintStats"]
    # Token, the units named, one aggregate, the units shown: never a row per complaint.
    assert sql.count <= 5, sql.statements
    assert [r["unit"]["code"] for r in rows] == units
    dyq, spj, klq, grx = rows
    assert counts(dyq) == [16, 16, 13, 14, 12, 11, 10, 10, 1, 16, 12]
    assert counts(spj) == [8, 8, 7, 6, 5, 4, 3, 4, 1, 8, 5]
    assert counts(klq) == [4, 4, 3, 2, 1, 1, 1, 1, 0, 2, 2]
    assert counts(grx) == [0] * 11
    assert grx["onTimeRate"] is None and grx["satisfactionRate"] is None and grx["firstTimeRate"] is None
    assert dyq["responseRate"] == 13 / 16
    assert dyq["onTimeRate"] == 12 / 16
    assert dyq["completionRate"] == 14 / 16
    assert dyq["returnVisitRate"] == 12 / 14
    assert dyq["satisfactionRate"] == 10 / 11
    assert dyq["solvedRate"] == 10 / 12
    assert dyq["redoRate"] == 1 / 14
    assert dyq["firstTimeRate"] == 13 / 14
    assert (spj["satisfactionRate"], spj["redoRate"], spj["firstTimeRate"]) == (3 / 4, 1 / 6, 5 / 6)
    assert klq["onTimeRate"] == 1.0


async def test_without_descendants_and_for_the_leaves(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    alone = (await gql(STATS, {**PERIOD, "units": ["DY.DYQ"], "desc": False}))["complaintStats"]
    assert counts(alone[0]) == [0] * 11
    xd = (await gql(STATS, {**PERIOD, "units": ["DY.DYQ.XD"]}))["complaintStats"][0]
    assert counts(xd) == [10, 10, 8, 8, 7, 6, 5, 5, 1, 10, 7]
    assert (xd["returnVisitRate"], xd["satisfactionRate"], xd["solvedRate"]) == (7 / 8, 5 / 6, 5 / 7)
    city = (await gql(STATS, {**PERIOD, "units": ["DY"]}))["complaintStats"][0]
    assert counts(city) == [28, 28, 23, 22, 18, 16, 14, 15, 2, 26, 19]


async def test_every_handling_unit_when_none_is_named(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    rows = (await gql(STATS, PERIOD))["complaintStats"]
    by_code = {r["unit"]["code"]: counts(r) for r in rows}
    assert set(by_code) == {"DY.DYQ.XD", "DY.DYQ.WH", "DY.SPJ", "DY.KLQ"}
    assert by_code["DY.DYQ.WH"] == [6, 6, 5, 6, 5, 5, 5, 5, 0, 6, 5]


async def test_per_month(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    rows = (await gql(STATS, {**PERIOD, "group": "MONTH"}))["complaintStats"]
    assert [(r["unit"], r["month"]) for r in rows] == [(None, "2026-10-01"), (None, "2026-11-01")]
    october, november = rows
    # A7 was resolved (late) in November: its on-time pair counts there.
    assert counts(october) == [10, 10, 8, 8, 7, 6, 5, 5, 1, 9, 7]
    assert counts(november) == [20, 18, 15, 14, 11, 10, 9, 10, 1, 17, 12]


async def test_per_unit_and_month(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    rows = (await gql(STATS, {**PERIOD, "units": ["DY.DYQ"], "group": "UNIT_MONTH"}))["complaintStats"]
    assert [(r["unit"]["code"], r["month"]) for r in rows] == [
        ("DY.DYQ", "2026-10-01"),
        ("DY.DYQ", "2026-11-01"),
    ]
    assert counts(rows[0]) == [10, 10, 8, 8, 7, 6, 5, 5, 1, 9, 7]
    assert counts(rows[1]) == [6, 6, 5, 6, 5, 5, 5, 5, 0, 7, 5]


async def test_a_shorter_period(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    rows = (await gql(STATS, {"from": "2026-11-01", "to": "2026-11-30", "units": ["DY.DYQ"]}))[
        "complaintStats"
    ]
    # Cohort: B only. On time: A7 (resolved 11-01, late), A8 (reopened, due 11-03, met), B1-B6.
    assert counts(rows[0]) == [6, 6, 5, 6, 5, 5, 5, 5, 0, 8, 6]


async def test_unit_operators_see_their_subtree(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    rows = (await gql(STATS, PERIOD, as_="UNIT_OPERATOR"))["complaintStats"]
    assert {r["unit"]["code"] for r in rows} == {"DY.DYQ.XD", "DY.DYQ.WH"}
    city = (await gql(STATS, {**PERIOD, "units": ["DY"]}, as_="UNIT_OPERATOR"))["complaintStats"][0]
    assert city["received"] == 16


async def test_ranking(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    await build(scope, clock)
    on_time = (await gql(RANKING, {"metric": "ON_TIME_RATE", "kind": "GOVERNMENT"}))["unitRanking"]
    assert [(e["rank"], e["unit"]["code"], e["value"]) for e in on_time] == [
        (1, "DY.KLQ", 1.0),
        (2, "DY.DYQ", 12 / 16),
        (3, "DY", round(19 / 26, 4)),
        # No denominator: last, without a rank, in code order.
        (None, "DY.GRX", None),
        (None, "DY.HKQ", None),
        (None, "DY.LJX", None),
    ]
    assert on_time[2]["stats"]["dueInPeriod"] == 26
    redo = (await gql(RANKING, {"metric": "REDO_RATE", "kind": "GOVERNMENT"}))["unitRanking"]
    assert [e["unit"]["code"] for e in redo[:3]] == ["DY.KLQ", "DY.DYQ", "DY"]
    towns = (await gql(RANKING, {"metric": "SATISFACTION_RATE", "kind": "TOWNSHIP"}))["unitRanking"]
    assert [(e["unit"]["code"], e["value"]) for e in towns] == [
        ("DY.DYQ.WH", 1.0),
        ("DY.DYQ.XD", round(5 / 6, 4)),
        ("DY.GRX.DW", None),
        ("DY.KLQ.KL", None),
    ]


async def test_unknown_unit_and_bad_period(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(STATS, {**PERIOD, "units": ["NOPE"]})
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = await gql.error(STATS, {"from": "2026-11-30", "to": "2026-11-01"})
    assert error["extensions"]["code"] == "INVALID_PERIOD"


async def test_months_are_shanghai_months_at_the_boundary(gql, scope, clock) -> None:  # type: ignore[no-untyped-def]
    """Received 2026-11-01 07:00 in Shanghai (10-31 23:00 UTC): a November complaint on both databases."""
    early_november = datetime(2026, 10, 31, 23, 0, tzinfo=UTC)
    clock.set(early_november + timedelta(hours=1))
    await intake.receive_complaint(
        scope,
        intake.ReceiveComplaint(
            channel=ComplaintChannel.HOTLINE_12345,
            kind=ComplaintKind.HELP,
            title="月初受理的诉求",
            content="边界时刻受理",
            new_enterprise=RegisterEnterprise(name="东营边界测试有限公司", credit_code=CODES[1]),
            received_at=early_november,
        ),
    )
    query = (
        "query($f: Date!, $t: Date!) { complaintStats(from: $f, to: $t, groupBy: MONTH) { month received } }"
    )
    november = (await gql(query, {"f": "2026-11-01", "t": "2026-11-30"}))["complaintStats"]
    october = (await gql(query, {"f": "2026-10-01", "t": "2026-10-31"}))["complaintStats"]
    assert [(r["month"], r["received"]) for r in november] == [("2026-11-01", 1)]
    assert sum(r["received"] for r in october) == 0
