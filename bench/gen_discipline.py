"""Generated problem clues (问题线索) and the cases filed from them (立案), as `resolvers.discipline.clues` writes them.

Clues are moved over (`transfer_clue`: Item TRANSFERRED_TO Clue) from items whose rectification was sent back
or fell overdue, now and then from two items of the same unit (多次督办仍未解决); a few come straight from an
escalated complaint, or from letters and other channels without an origin. Some are disposed of (谈话函询,
初步核实, 暂存待查, 予以了结), some still pending, and the cases are filed from them (`file_case`: Clue
FILED_AS Case; `bench.gen_cases` decides them). Serials `XS<year>-NNNN` / `LA<year>-NNNN` come from the
`clue:<year>` / `case:<year>` counters in order.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench import names
from bench.chain import FIRST_DAY, TODAY, Actor, Chain, Item, UnitRow, later, local_day, office
from bench.gen_ledger import NOW, SURNAMES
from bench.loader import Loader, stamp

__all__ = ["INSPECTORS", "Case", "load_clues"]

INSPECTORS = [Actor(f"市纪委监委 {n}", "INSPECTOR") for n in ("周敏", "吴刚", "郑洁")]
SOURCES = (("SUPERVISION_ITEM", 85), ("COMPLAINT", 5), ("LETTER", 7), ("OTHER", 3))
DISPOSALS = (
    ("TALK_INQUIRY", 30),
    ("PRELIMINARY_VERIFICATION", 20),
    ("SHELVED", 10),
    ("CLOSED_NO_ACTION", 20),
)
CLUE_COLUMNS = (
    "id", "version", "created_at", "updated_at", "serial", "source", "summary", "received_on", "unit_ids",
    "disposal", "disposal_reason", "disposed_at", "received_by",
)  # fmt: skip


@dataclass
class Clue:
    at: datetime
    source: str
    unit: UnitRow
    summary: str
    origins: list[tuple[str, int]]
    officials: list[tuple[str, str]] = field(default_factory=list)
    via_complaint: bool = False
    actor: Actor = INSPECTORS[0]
    id: int = 0
    serial: str = ""


def _officials(unit: UnitRow, rng: random.Random) -> list[tuple[str, str]]:
    positions = names.POSITIONS.get(unit.kind, names.POSITIONS["DEPARTMENT"])
    chosen = rng.sample(positions, min(len(positions), rng.choice((1, 1, 2, 2, 3))))
    return [(f"{rng.choice(SURNAMES)}某", f"{unit.name}{p}") for p in chosen]


def _item_clues(n: int, items: list[Item], rng: random.Random) -> list[Clue]:
    """Clues from items sent back or overdue, 3-40 days after that; 15 % also from a second item of the unit."""
    flagged = [i for i in items if i.rejected_at or i.overdue_at]
    rng.shuffle(flagged)
    used: set[int] = set()
    clues = []
    for item in flagged:
        if len(clues) >= n:
            break
        trigger = min(t for t in (item.rejected_at, item.overdue_at) if t is not None)
        at = later(trigger, 3, 40, rng)
        if at > NOW or item.id in used:
            continue
        used.add(item.id)
        origins = [("SupervisionItem", item.id)]
        if rng.random() < 0.15:
            more = [i for i in flagged if i.unit.id == item.unit.id and i.id not in used and i.opened < at]
            if more:
                used.add(more[0].id)
                origins.append(("SupervisionItem", more[0].id))
        issue = names.CLUE_ISSUES["REJECTED" if item.rejected_at == trigger else "OVERDUE"]
        if item.source == "ESCALATED_COMPLAINT":
            issue = names.CLUE_ISSUES["COMPLAINT"]
        clue = Clue(at, "SUPERVISION_ITEM", item.unit, f"{item.unit.name}{issue}", origins)
        clue.via_complaint = item.source == "ESCALATED_COMPLAINT"
        clues.append(clue)
    return clues


def _other_clues(
    counts: dict[str, int], items: list[Item], handlers: list[UnitRow], rng: random.Random
) -> list[Clue]:
    """Straight from escalated complaints (Complaint TRANSFERRED_TO Clue), and letters / others (no origin)."""
    escalated = [
        i for i in items if i.source == "ESCALATED_COMPLAINT" and i.opened < NOW - timedelta(days=15)
    ]
    clues = []
    for item in rng.sample(escalated, min(counts["COMPLAINT"], len(escalated))):
        at = min(later(item.opened, 10, 60, rng), NOW - timedelta(hours=1))
        summary = f"{item.unit.name}{names.CLUE_ISSUES['COMPLAINT']}"
        clues.append(Clue(at, "COMPLAINT", item.unit, summary, [item.origin]))  # type: ignore[list-item]
    for source in ("LETTER", "OTHER"):
        for _ in range(counts[source]):
            unit = rng.choice(handlers)
            day = FIRST_DAY + timedelta(days=rng.randrange((TODAY - FIRST_DAY).days))
            clues.append(Clue(office(day, rng), source, unit, f"{unit.name}{names.CLUE_ISSUES[source]}", []))
    return clues


def _transfer(clues: list[Clue], chain: Chain, rng: random.Random) -> list[tuple]:
    """Ids and serials in transfer order; the clue's links and TRANSFERRED event; its clue_official rows."""
    clues.sort(key=lambda c: (c.at, c.source, c.unit.id))
    officials: list[tuple] = []
    for pk, clue in enumerate(clues, start=1):
        year = local_day(clue.at).year
        clue.id, clue.serial = pk, f"XS{year}-{chain.number(f'clue:{year}'):04d}"
        clue.officials, clue.actor = _officials(clue.unit, rng), rng.choice(INSPECTORS)
        officials += [
            (len(officials) + k + 1, pk, n, p, clue.unit.id) for k, (n, p) in enumerate(clue.officials)
        ]
        for origin in dict.fromkeys(clue.origins):
            chain.link(clue.at, clue.actor, origin, "TRANSFERRED_TO", ("Clue", pk))
        chain.event(
            clue.at,
            clue.actor,
            ("Clue", pk),
            "TRANSFERRED",
            f"线索移送 {clue.serial}",
            {"source": clue.source},
        )
    return officials


def _pick_cases(clues: list[Clue], n: int, rng: random.Random) -> list[Clue]:
    """The clues filed as cases: at least one reaching a complaint through its item, when one can."""
    eligible = [c for c in clues if c.at < NOW - timedelta(days=15)]
    picked = rng.sample(eligible, min(n, len(eligible)))
    reaching = [c for c in eligible if c.via_complaint]
    if picked and reaching and not any(c.via_complaint for c in picked):
        picked[0] = reaching[0]
    return picked


@dataclass
class Case:
    clue: Clue
    at: datetime
    title: str
    id: int = 0
    serial: str = ""


def _file(picked: list[Clue], chain: Chain, rng: random.Random) -> list[Case]:
    """`file_case`, in filing order: the clue becomes CASE_FILED, the case gets its serial and link."""
    cases = []
    for clue in picked:
        at = min(later(clue.at, 10, 60, rng), NOW - timedelta(hours=1))
        people = "、".join(name for name, _ in clue.officials)
        cases.append(Case(clue, at, f"{clue.unit.name}{people}{rng.choice(names.CONDUCT)}问题案"))
    cases.sort(key=lambda k: (k.at, k.clue.id))
    for pk, case in enumerate(cases, start=1):
        year = local_day(case.at).year
        case.id, case.serial = pk, f"LA{year}-{chain.number(f'case:{year}'):04d}"
        actor = rng.choice(INSPECTORS)
        chain.link(case.at, actor, ("Clue", case.clue.id), "FILED_AS", ("Case", pk))
        chain.event(
            case.at, actor, ("Clue", case.clue.id), "DISPOSED", f"立案 {case.serial}", {"after": "CASE_FILED"}
        )
        chain.event(case.at, actor, ("Case", pk), "FILED", f"立案 {case.serial} {case.title}")
    return cases


def _clue_rows(clues: list[Clue], cases: list[Case], chain: Chain, rng: random.Random) -> list[tuple]:
    """Clue rows: a case's clue CASE_FILED (its title the reason), the others disposed of or still pending."""
    filed = {k.clue.id: k for k in cases}
    rows, pg = [], chain.postgres
    for clue in clues:
        disposal = reason = disposed = None
        if clue.id in filed:
            disposal, reason, disposed = "CASE_FILED", filed[clue.id].title, filed[clue.id].at
        elif rng.random() < 0.8 and (at := later(clue.at, 5, 60, rng)) <= NOW:
            disposal = rng.choices([d for d, _ in DISPOSALS], [w for _, w in DISPOSALS])[0]
            reason, disposed = names.DISPOSALS[disposal], at
            chain.event(
                at,
                rng.choice(INSPECTORS),
                ("Clue", clue.id),
                "DISPOSED",
                f"线索处置 {disposal}: {reason}",
                {"before": None, "after": disposal},
            )
        rows.append(
            (
                clue.id,
                1 if disposal is None else 2,
                stamp(clue.at, pg),
                stamp(disposed or clue.at, pg),
                clue.serial,
                clue.source,
                clue.summary,
                local_day(clue.at),
                json.dumps([clue.unit.id]),
                disposal,
                reason,
                disposed and stamp(disposed, pg),
                clue.actor.name,
            )
        )
    return rows


async def load_clues(
    loader: Loader,
    chain: Chain,
    sizes: dict[str, int],
    items: list[Item],
    units: list[UnitRow],
    rng: random.Random,
) -> list[Case]:
    """Clues from every source, transferred, disposed of or filed as cases; returns the cases."""
    n = sizes["clues"]
    counts = {s: round(n * w / 100) for s, w in SOURCES[1:]}
    clues = _item_clues(n - sum(counts.values()), items, rng)
    handlers = [u for u in units if u.kind in ("DEPARTMENT", "TOWNSHIP", "PARK")]
    clues += _other_clues(counts, items, handlers, rng)
    officials = _transfer(clues, chain, rng)
    cases = _file(_pick_cases(clues, sizes["cases"], rng), chain, rng)
    await loader.insert("clue", CLUE_COLUMNS, _clue_rows(clues, cases, chain, rng))
    await loader.insert("clue_official", ("id", "clue_id", "name", "position", "unit_id"), officials)
    return cases
