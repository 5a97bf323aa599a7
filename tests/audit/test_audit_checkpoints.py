"""Checkpoints published by the digest job (the inspectors' daily digest and the log), and the
upgrade path: entries written before the key verify the old way up to the recorded boundary."""

from __future__ import annotations

import importlib
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise import Tortoise

from jobs.runner import run_job
from models.audit import GENESIS_HASH, AuditChain, AuditEntry, AuditSubject, entry_hash
from models.digest import Digest
from resolvers.audit.verify import Checkpoint, verify_chain
from tests.audit.chain import make_entries, tamper
from tests.discipline.test_cases import RECOMMEND, _case

DIGEST_CHECKPOINTS = "{ digests(first: 50) { nodes { summary { auditCheckpoint { text } } } } }"


async def _recommendation_due_tomorrow(gql) -> None:  # type: ignore[no-untyped-def]
    """Work for the inspectors' digest: a recommendation (纪检监察建议) whose reply is due tomorrow."""
    case = await _case(gql)
    rec = {"caseId": case["id"], "unitCode": "DY.DYQ", "content": "建立承诺台账", "replyDueOn": "2026-11-25"}
    await gql.ok(RECOMMEND, {"input": rec})


async def test_the_inspectors_daily_digest_and_the_log_carry_the_head(gql, clock, caplog) -> None:  # type: ignore[no-untyped-def]
    await _recommendation_due_tomorrow(gql)
    head = await AuditEntry.all().order_by("-seq").first()
    assert head is not None
    caplog.set_level(logging.INFO, logger="duban.audit")
    run = await run_job("digests", clock())
    assert run is not None and run.status.value == "SUCCEEDED", run and run.error
    digest = await Digest.get(recipient_role="INSPECTOR", period="DAILY")
    assert digest.summary["auditCheckpoint"] == {"seq": head.seq, "hash": head.hash}
    # Inspectors read it through the API, in the form the command line takes.
    listed = await gql(DIGEST_CHECKPOINTS, as_="INSPECTOR")
    texts = [d["summary"]["auditCheckpoint"] for d in listed["digests"]["nodes"]]
    assert {"text": f"{head.seq}:{head.hash}"} in texts
    assert f"{head.seq}:{head.hash}" in caplog.text
    assert all("auditCheckpoint" not in d.summary for d in await Digest.exclude(id=digest.id))
    published = Checkpoint(**digest.summary["auditCheckpoint"])
    assert (await verify_chain(checkpoints=[published])).ok
    # The newest entries removed, from the published head on: what is left is a valid, shorter chain.
    newest = f"SELECT id FROM audit_entry WHERE seq >= {head.seq}"
    await tamper(
        f"DELETE FROM audit_subject WHERE entry_id IN ({newest})",
        f"DELETE FROM audit_entry WHERE seq >= {head.seq}",
    )
    assert (await verify_chain()).ok
    assert (await verify_chain(checkpoints=[published])).missed == [published]


class _MigrationApps:
    """The model registry a migration's RunPython receives, here the live one."""

    def get_model(self, app: str, name: str) -> Any:
        return Tortoise.apps[app][name]


async def _legacy_entries(count: int) -> list[AuditEntry]:
    """Entries as the code before the key wrote them: plain SHA-256, subject rows beside them."""
    made, prev = [], GENESIS_HASH
    for seq in range(1, count + 1):
        content: dict[str, Any] = dict(
            seq=seq,
            at=datetime(2026, 11, 1, tzinfo=UTC),
            actor="before-upgrade",
            actor_role="ADMIN",
            token_id=None,
            operation="createUnit",
            subjects=[f"Unit:{seq}"],
            changes=None,
            request_id=None,
            prev_hash=prev,
        )
        entry = await AuditEntry.create(**content, hash=entry_hash(**content))
        await AuditSubject.create(entry=entry, subject=f"Unit:{seq}")
        made.append(entry)
        prev = entry.hash
    return made


async def test_the_upgrade_records_the_boundary_and_both_parts_verify(gql) -> None:  # type: ignore[no-untyped-def]
    legacy = await _legacy_entries(2)
    migration = importlib.import_module("migrations.0020_audit_keyed")
    await migration.record_boundary(_MigrationApps(), None)
    assert (await AuditChain.get(id=1)).legacy_until_seq == 2
    keyed = (await make_entries(gql, 2))[2:]
    assert keyed[0].seq == 3 and keyed[0].prev_hash == legacy[1].hash
    assert (await verify_chain()).ok


async def test_legacy_entries_are_pinned_by_the_first_keyed_one(gql) -> None:  # type: ignore[no-untyped-def]
    legacy = await _legacy_entries(2)
    await AuditChain.create(id=1, legacy_until_seq=2)
    keyed = (await make_entries(gql, 1))[2:]
    # Rewriting the legacy part with recomputed plain hashes: the keyed entry's link no longer holds.
    for entry in legacy:
        entry.actor = "mallory"
        entry.prev_hash = legacy[0].hash if entry.seq == 2 else GENESIS_HASH
        entry.hash = entry_hash(**entry.content())
        await tamper(
            f"UPDATE audit_entry SET actor = 'mallory', prev_hash = '{entry.prev_hash}', hash = '{entry.hash}' "
            f"WHERE id = {entry.id}"
        )
    assert (await verify_chain()).first_broken.id == keyed[0].id  # type: ignore[union-attr]


@pytest.mark.parametrize("tampering", ["subject row", "boundary row deleted"])
async def test_legacy_subject_rows_and_the_boundary_are_checked(gql, tampering) -> None:  # type: ignore[no-untyped-def]
    legacy = await _legacy_entries(2)
    await AuditChain.create(id=1, legacy_until_seq=2)
    await make_entries(gql, 1)
    assert (await verify_chain()).ok
    if tampering == "subject row":
        await tamper(f"UPDATE audit_subject SET subject = 'Unit:999' WHERE entry_id = {legacy[1].id}")
        expected = legacy[1]
    else:
        # No boundary means every entry must be keyed: deleting it excuses nothing.
        await tamper("DELETE FROM audit_chain")
        expected = legacy[0]
    assert (await verify_chain()).first_broken.id == expected.id  # type: ignore[union-attr]
