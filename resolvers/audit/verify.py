"""Verifying the audit chain: every hash, link and subject row, and the published checkpoints it must reach."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from models.audit import GENESIS_HASH, AuditChain, AuditEntry, AuditSubject
from models.settings import audit_hmac_key
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError

__all__ = [
    "Checkpoint",
    "Integrity",
    "head_checkpoint",
    "parse_checkpoint",
    "publish_checkpoint",
    "verify_chain",
]

log = logging.getLogger("duban.audit")
VERIFY_BATCH = 500
_CHECKPOINT = re.compile(r"^\s*([1-9][0-9]{0,17}):([0-9a-fA-F]{64})\s*$")


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at some moment, published outside the database: the chain must still reach it."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass(frozen=True)
class Integrity:
    ok: bool
    entries: int
    first_broken: AuditEntry | None = None
    head: Checkpoint | None = None
    # Checkpoints the intact part of the chain does not reach, or reaches with another hash.
    missed: list[Checkpoint] = field(default_factory=list)


def parse_checkpoint(text: str) -> Checkpoint:
    """`SEQ:HASH` as `audit verify` prints it and the inspectors' digest carries it."""
    match = _CHECKPOINT.match(text)
    if match is None:
        raise RequestError(
            ErrorCode.INVALID_CHECKPOINT,
            f"检查点无效 (not a checkpoint SEQ:HASH, a positive seq and 64 hex digits): {text!r}",
        )
    return Checkpoint(int(match[1]), match[2].lower())


async def head_checkpoint() -> Checkpoint | None:
    head = await AuditEntry.all().order_by("-seq").only("seq", "hash").first()
    return Checkpoint(head.seq, head.hash) if head else None


async def publish_checkpoint(where: str) -> Checkpoint | None:
    """The head as a checkpoint, logged so a copy lives outside the database (the caller publishes
    it elsewhere too, e.g. in the inspectors' digest)."""
    checkpoint = await head_checkpoint()
    if checkpoint is not None:
        log.info("审计检查点 (audit checkpoint) %s published in %s", checkpoint, where)
    return checkpoint


async def _legacy_until() -> int:
    # No row (a database cleared by hand, or never upgraded through 0020) means every entry is keyed:
    # the strict reading, so deleting the row cannot excuse anything.
    row = await AuditChain.filter(id=1).first()
    return row.legacy_until_seq if row else 0


async def _subject_rows(first_seq: int, last_seq: int) -> dict[int, list[str]]:
    """The subject rows of the entries in a seq range, by entry id (a join, not a list of ids)."""
    rows = await AuditSubject.filter(entry__seq__gte=first_seq, entry__seq__lte=last_seq).values_list(
        "entry_id", "subject"
    )
    grouped: dict[int, list[str]] = defaultdict(list)
    for entry_id, subject in rows:
        grouped[entry_id].append(subject)
    return grouped


def _intact(entry: AuditEntry, prev: Checkpoint, rows: list[str], key: bytes | None) -> bool:
    if entry.seq != prev.seq + 1 or entry.prev_hash != prev.hash:
        return False
    # Legacy hashes do not cover the rows, but they cover the JSON subjects the rows must repeat.
    if key is None and sorted(rows) != sorted(entry.subjects):
        return False
    return entry.computed_hash(key, rows) == entry.hash


async def verify_chain(
    key: bytes | None = None, checkpoints: Sequence[Checkpoint] = (), batch: int = VERIFY_BATCH
) -> Integrity:
    """Recompute the chain in seq order, `batch` rows at a time, keyed with `key` (default: the
    setting) after the legacy boundary. The first entry whose hash, link, position or subject rows
    are wrong is where it breaks; a checkpoint the intact chain does not reach with the same hash
    is missed (newest entries removed, or the chain rewritten)."""
    key = key or audit_hmac_key()
    legacy_until = await _legacy_until()
    expected = {c.seq: c for c in checkpoints}
    entries = await AuditEntry.all().count()
    head, broken, missed = Checkpoint(0, GENESIS_HASH), None, []
    while broken is None and (rows := await AuditEntry.filter(seq__gt=head.seq).order_by("seq").limit(batch)):
        subjects = await _subject_rows(rows[0].seq, rows[-1].seq)
        for entry in rows:
            entry_key = None if entry.seq <= legacy_until else key
            if not _intact(entry, head, subjects.get(entry.id, []), entry_key):
                broken = entry
                break
            head = Checkpoint(entry.seq, entry.hash)
            if head.seq in expected and expected[head.seq] != head:
                missed.append(expected[head.seq])
    missed += [c for c in checkpoints if c.seq > head.seq]
    return Integrity(
        ok=broken is None and not missed,
        entries=entries,
        first_broken=broken,
        head=head if head.seq else None,
        missed=missed,
    )
