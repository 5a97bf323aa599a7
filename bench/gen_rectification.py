"""Generated rectification (整改) of supervision items up to NOW, as `resolvers.supervision.actions` writes it.

`submit_rectification` (a report, the item REPORTED), `verify_rectification` (accepted: CLOSED, 销号; or sent
back with a reason: RECTIFYING) for up to three rounds, and now and then `extend_supervision_item` before the
deadline; some units never report, some report late, so every status occurs and some items are overdue.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from bench import names
from bench.chain import SUPERVISORS, Actor, Chain, Item, end_of_day, later, local_day
from bench.gen_ledger import NOW
from bench.loader import Loader, stamp

__all__ = ["Rectifications"]

ITEM = "SupervisionItem"


class Rectifications:
    """Each item's rectification up to NOW: reports, verdicts, an extension now and then."""

    def __init__(self, chain: Chain, rng: random.Random) -> None:
        self.chain, self.rng = chain, rng
        self.reports: list[tuple] = []
        self.extensions: list[tuple] = []

    def live(self, item: Item) -> None:
        rng = self.rng
        unit_actor = Actor(f"{item.unit.name}联络员", "UNIT_OPERATOR")
        t, first_report = item.opened, None
        if rng.random() < 0.08:
            t = self._extend(item) or t
        for round_ in range(3):
            if (round_ == 0 and rng.random() < 0.05) or (round_ > 0 and rng.random() < 0.12):
                break  # the unit does not (or no longer) report
            if local_day(t) >= item.due_on or rng.random() < 0.15:
                reported = later(max(t, end_of_day(item.due_on)), 0, 25, rng)
            else:
                reported = later(t, 1, (item.due_on - local_day(t)).days, rng)
            if reported > NOW:
                break
            first_report = first_report or reported
            self._report(item, reported, unit_actor)
            verified = later(reported, 1, 7, rng)
            if verified > NOW:
                break
            if not self._verify(item, verified, reject=rng.random() < (0.22, 0.15, 0.0)[round_]):
                break
            t = verified
        due_end = end_of_day(item.due_on)
        if (first_report or NOW) > due_end and due_end < NOW:
            item.overdue_at = due_end

    def _extend(self, item: Item) -> datetime | None:
        """Granted before the deadline and before any report; returns when."""
        days = (item.due_on - local_day(item.opened)).days
        at = later(item.opened, 1, max(1, days - 1), self.rng)
        if at > NOW or local_day(at) >= item.due_on:
            return None
        old, new = item.due_on, item.due_on + timedelta(days=self.rng.randint(10, 30))
        reason, actor = self.rng.choice(names.EXTENSIONS), self.rng.choice(SUPERVISORS)
        self.extensions.append((len(self.extensions) + 1, item.id, old, new, reason, at, actor.name))
        item.due_on, item.version, item.updated = new, item.version + 1, at
        self.chain.event(
            at,
            actor,
            (ITEM, item.id),
            "DEADLINE_EXTENDED",
            f"延期至 {new} (deadline extended): {reason}",
            {"before": old.isoformat(), "after": new.isoformat(), "reason": reason},
        )
        return at

    def _report(self, item: Item, at: datetime, actor: Actor) -> None:
        text, measures = self.rng.choice(names.RECTIFICATIONS)
        evidence = json.dumps(self.rng.sample(names.EVIDENCE, self.rng.randint(1, 3)), ensure_ascii=False)
        rid = len(self.reports) + 1
        self.reports.append([rid, item.id, text, measures, evidence, at, actor.name, None, None, None, None])
        before, item.status = item.status, "REPORTED"
        item.version, item.updated = item.version + 1, at
        self.chain.event(
            at,
            actor,
            (ITEM, item.id),
            "RECTIFICATION_SUBMITTED",
            f"报送整改报告 (rectification reported): {text[:100]}",
            {"before": before, "after": "REPORTED", "rectificationId": rid},
        )

    def _verify(self, item: Item, at: datetime, reject: bool) -> bool:
        """The office's verdict on the pending report; True when the item goes back to rectifying."""
        actor = self.rng.choice(SUPERVISORS)
        reason = self.rng.choice(names.REJECTIONS) if reject else None
        verdict, target = ("REJECTED", "RECTIFYING") if reject else ("ACCEPTED", "CLOSED")
        self.reports[-1][7:] = [verdict, reason, at, actor.name]
        item.status, item.version, item.updated = target, item.version + 1, at
        if reject:
            item.rejected_at = item.rejected_at or at
        else:
            item.closed_at = at
        summary = f"退回整改 (rejected): {reason}" if reject else "核查通过，销号 (accepted and closed)"
        data = {"before": "REPORTED", "after": target, "reason": reason}
        self.chain.event(at, actor, (ITEM, item.id), f"RECTIFICATION_{verdict}", summary, data)
        return reject

    async def insert(self, loader: Loader) -> None:
        pg = loader.postgres
        reports = sorted(self.reports, key=lambda r: (r[5], r[0]))
        await loader.insert(
            "rectification",
            (
                "id",
                "item_id",
                "text",
                "measures",
                "evidence",
                "submitted_at",
                "submitted_by",
                "verdict",
                "verdict_reason",
                "verified_at",
                "verified_by",
            ),
            ((*r[:5], stamp(r[5], pg), *r[6:9], r[9] and stamp(r[9], pg), r[10]) for r in reports),
        )
        await loader.insert(
            "supervision_extension",
            ("id", "item_id", "old_due_on", "new_due_on", "reason", "at", "actor"),
            ((*e[:5], stamp(e[5], pg), e[6]) for e in self.extensions),
        )
