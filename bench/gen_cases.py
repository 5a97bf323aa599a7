"""Generated case outcomes (纪检监察) up to NOW, as `resolvers.discipline.cases` writes them.

Sanctions classified by the four forms (四种形态) for the clue's officials, now and then a unit held to account
(`record_sanction`: Case SANCTIONED Sanction), a recommendation to the unit in 40 % of cases (`issue_recommendation`:
Case RECOMMENDED Recommendation), most replied (`reply_recommendation`), some not and overdue; the case closed
(`close_case`) 1-7 months after filing, a few with an exemption (容错免责, 三个区分开来).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bench import names
from bench.chain import Actor, Chain, between, later, local_day
from bench.gen_discipline import INSPECTORS, Case
from bench.gen_ledger import NOW
from bench.loader import Loader, stamp

__all__ = ["load_cases"]

FORMS = (("FORM_1", 55), ("FORM_2", 30), ("FORM_3", 12), ("FORM_4", 3))
EXEMPTION = "符合“三个区分开来”：先行先试中因缺乏经验出现失误，未谋取私利"
CASE_COLUMNS = (
    "id", "version", "created_at", "updated_at", "serial", "clue_id", "title", "filed_on", "status", "outcome",
    "exempted", "exemption_reason", "closed_at",
)  # fmt: skip
SANCTION_COLUMNS = (
    "id", "case_id", "person_name", "position", "unit_id", "form", "party_sanction", "government_sanction",
    "accountability", "measure", "decided_on", "document_no", "recorded_at",
)  # fmt: skip
RECOMMENDATION_COLUMNS = (
    "id", "version", "created_at", "updated_at", "case_id", "unit_id", "content", "issued_on", "reply_due_on",
    "replied_at", "reply", "is_overdue",
)  # fmt: skip


def _measures(form: str, rng: random.Random) -> tuple[str | None, str | None, str | None, str]:
    """(party sanction, government sanction, accountability, measure) typical of each of the four forms."""
    if form == "FORM_1":
        return None, None, "LEADER" if rng.random() < 0.1 else None, rng.choice(names.FORM_1_MEASURES)
    if form == "FORM_2":
        party = rng.choice(("WARNING", "WARNING", "SERIOUS_WARNING"))
        return party, rng.choice((None, "WARNING", "DEMERIT", "MAJOR_DEMERIT")), None, ""
    if form == "FORM_3":
        party = rng.choice(("REMOVAL_FROM_PARTY_POST", "PROBATION"))
        return party, rng.choice(("DEMOTION", "DISMISSAL_FROM_POST")), None, ""
    return "EXPULSION", "EXPULSION", None, "涉嫌职务犯罪，移送检察机关依法审查起诉"


def _outcome(forms: list[str], recommended: bool) -> str:
    """The closing summary in the seeds' words ("给予党纪政务处分4人,运用'第一种形态'处理4人…")."""
    first = sum(1 for f in forms if f == "FORM_1")
    parts = [
        f"给予党纪政务处分{len(forms) - first}人" if len(forms) > first else "",
        f"运用“第一种形态”处理{first}人" if first else "",
        "发出纪检监察建议1件" if recommended else "",
    ]
    return "，".join(p for p in parts if p) or "经审查，问题线索已核实，责令整改"


class Outcomes:
    """Each case's sanctions, recommendation and close, collected, then written in time order."""

    def __init__(self, chain: Chain, rng: random.Random) -> None:
        self.chain, self.rng = chain, rng
        self.sanctions: list[tuple] = []
        self.recommendations: list[tuple[datetime, Case, str]] = []
        self.cases: list[tuple] = []

    def live(self, case: Case) -> None:
        rng, pg, clue = self.rng, self.chain.postgres, case.clue
        exempted = rng.random() < 0.06
        close_at = later(case.at, 30, 200, rng)
        closed = close_at <= NOW
        start, end = case.at + timedelta(days=7), close_at if closed else NOW
        forms = self._sanctions(case, start, end) if not exempted and start < end else []
        recommended = start < end and rng.random() < 0.4
        if recommended:
            self.recommendations.append((between(start, end, rng), case, rng.choice(names.RECOMMENDATIONS)))
        outcome = exemption = None
        if closed:
            outcome = (
                "经审查，属推进改革中的无意过失，予以容错免责" if exempted else _outcome(forms, recommended)
            )
            exemption = EXEMPTION if exempted else None
            summary = f"结案: {outcome}" + (f"（容错免责: {exemption}）" if exempted else "")
            data = {"before": "FILED", "after": "CLOSED", "exempted": exempted}
            self.chain.event(close_at, rng.choice(INSPECTORS), ("Case", case.id), "CLOSED", summary, data)
        last = close_at if closed else case.at
        self.cases.append(
            (case.id, 2 if closed else 1, stamp(case.at, pg), stamp(last, pg), case.serial, clue.id, case.title,
             local_day(case.at), "CLOSED" if closed else "FILED", outcome, exempted and closed, exemption,
             stamp(close_at, pg) if closed else None)
        )  # fmt: skip

    def _sanctions(self, case: Case, start: datetime, end: datetime) -> list[str]:
        """One sanction per official concerned (1-3), by the four forms; 15 % also the unit held to account."""
        rng, unit_id, forms = self.rng, case.clue.unit.id, []
        for name, position in case.clue.officials[: rng.choices((1, 2, 3), (50, 35, 15))[0]]:
            form = rng.choices([f for f, _ in FORMS], [w for _, w in FORMS])[0]
            forms.append(form)
            at = between(start, end, rng)
            self.sanctions.append((at, case.id, name, position, unit_id, form, *_measures(form, rng)))
        if rng.random() < 0.15:
            at = between(start, end, rng)
            self.sanctions.append(
                (at, case.id, None, "", unit_id, "FORM_1", None, None, "UNIT", "通报问责，责令整改")
            )
        return forms

    def sanction_rows(self) -> list[tuple]:
        """Ids and document numbers (东纪〔year〕N号) in decision order; links and DECIDED events."""
        rows, numbers, pg = [], dict[int, int](), self.chain.postgres
        for pk, (at, case_id, *decided) in enumerate(sorted(self.sanctions, key=lambda s: (s[0], s[1])), 1):
            year, form = local_day(at).year, decided[3]
            numbers[year] = numbers.get(year, 0) + 1
            document = f"东纪〔{year}〕{numbers[year]}号"
            actor = self.rng.choice(INSPECTORS)
            self.chain.link(at, actor, ("Case", case_id), "SANCTIONED", ("Sanction", pk))
            self.chain.event(at, actor, ("Sanction", pk), "DECIDED", f"{form} {document}", {"form": form})
            rows.append((pk, case_id, *decided, local_day(at), document, stamp(at, pg)))
        return rows

    def recommendation_rows(self) -> list[tuple]:
        """Issued in order (reply due in 30 days), replied by the unit within 5-45 days in most cases."""
        rows, pg, rng = [], self.chain.postgres, self.rng
        for pk, (at, case, content) in enumerate(
            sorted(self.recommendations, key=lambda r: (r[0], r[1].id)), 1
        ):
            unit, due, actor = case.clue.unit, local_day(at) + timedelta(days=30), rng.choice(INSPECTORS)
            self.chain.link(at, actor, ("Case", case.id), "RECOMMENDED", ("Recommendation", pk))
            self.chain.event(
                at, actor, ("Recommendation", pk), "ISSUED",
                f"发出纪检监察建议 (recommendation to {unit.name}), 限 {due} 前回复", {"replyDueOn": due.isoformat()},
            )  # fmt: skip
            replied = later(at, 5, 45, rng) if rng.random() < 0.85 else None
            if replied is not None and replied > NOW:
                replied = None
            reply = rng.choice(names.REPLIES) if replied else None
            if replied and reply:
                operator = Actor(f"{unit.name}联络员", "UNIT_OPERATOR")
                self.chain.event(replied, operator, ("Recommendation", pk), "REPLIED", f"单位回复: {reply}")
            rows.append(
                (pk, 2 if replied else 1, stamp(at, pg), stamp(replied or at, pg), case.id, unit.id, content,
                 local_day(at), due, replied and stamp(replied, pg), reply, False)
            )  # fmt: skip
        return rows


async def load_cases(loader: Loader, chain: Chain, cases: list[Case], rng: random.Random) -> None:
    outcomes = Outcomes(chain, rng)
    for case in cases:
        outcomes.live(case)
    await loader.insert("discipline_case", CASE_COLUMNS, outcomes.cases)
    await loader.insert("sanction", SANCTION_COLUMNS, outcomes.sanction_rows())
    await loader.insert("recommendation", RECOMMENDATION_COLUMNS, outcomes.recommendation_rows())
