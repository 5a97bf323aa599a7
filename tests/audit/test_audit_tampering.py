"""The keyed chain detects what the plain one did not: the newest entries (or all) removed past a
published checkpoint, an edited subject row, a rewrite with every later hash recomputed without the key."""

from __future__ import annotations

from models.audit import AuditEntry, AuditSubject, entry_hash, keyed_hash
from resolvers.audit.verify import Checkpoint, verify_chain
from schema.node import encode_id
from tests.audit.chain import make_entries, tamper, verify_process

INTEGRITY = """
query($checkpoints: [String!]) {
  auditIntegrity(checkpoints: $checkpoints) {
    ok entries firstBrokenAt head { seq hash text } missedCheckpoints { text }
  }
}
"""
BY_SUBJECT = "query($s: String) { auditEvents(filter: {subject: $s}, first: 10) { nodes { seq } } }"
# Not the key the app writes with: what someone without the key would have to use.
GUESSED_KEY = b"a guess at the audit key, not it"


async def _integrity(gql, *checkpoints: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return (await gql(INTEGRITY, {"checkpoints": list(checkpoints)}, as_="INSPECTOR"))["auditIntegrity"]


def _checkpoint(entry: AuditEntry) -> str:
    return f"{entry.seq}:{entry.hash}"


async def _rewrite(entries: list[AuditEntry], start: int, rehash) -> None:  # type: ignore[no-untyped-def]
    """Edit entry `start` (its actor) and recompute its hash and every later link with `rehash`."""
    prev = entries[start - 1].hash if start else None
    for n, entry in enumerate(entries[start:], start):
        if n == start:
            entry.actor = "mallory"
        entry.prev_hash = prev or entry.prev_hash
        entry.hash = rehash(entry)
        prev = entry.hash
        await tamper(
            f"UPDATE audit_entry SET actor = '{entry.actor}', prev_hash = '{entry.prev_hash}', "
            f"hash = '{entry.hash}' WHERE id = {entry.id}"
        )


async def test_an_untampered_chain_verifies_and_reaches_its_checkpoints(gql, settings) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql, 3)
    first = verify_process(settings)
    assert first.returncode == 0, first.stderr
    assert f"head checkpoint {_checkpoint(entries[2])}" in first.stdout
    again = verify_process(
        settings, "--checkpoint", _checkpoint(entries[0]), "--checkpoint", _checkpoint(entries[2])
    )
    assert again.returncode == 0, again.stderr
    assert "3 entries, 2 checkpoints reached" in again.stdout
    assert await _integrity(gql, _checkpoint(entries[2])) == {
        "ok": True,
        "entries": 3,
        "firstBrokenAt": None,
        "head": {"seq": 3, "hash": entries[2].hash, "text": _checkpoint(entries[2])},
        "missedCheckpoints": [],
    }


async def test_deleting_the_newest_entries_misses_the_published_checkpoint(gql, settings) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql, 4)
    published = _checkpoint(entries[3])
    ids = ", ".join(str(e.id) for e in entries[2:])
    await tamper(
        f"DELETE FROM audit_subject WHERE entry_id IN ({ids})", f"DELETE FROM audit_entry WHERE id IN ({ids})"
    )
    # What is left is a valid chain: only the checkpoint shows the loss.
    assert verify_process(settings).returncode == 0
    checked = verify_process(settings, "--checkpoint", _checkpoint(entries[0]), "--checkpoint", published)
    assert checked.returncode == 1
    assert f"chain does not reach checkpoint) {published}" in checked.stderr
    assert "intact chain ends at seq 2" in checked.stderr
    assert _checkpoint(entries[0]) not in checked.stderr
    result = await _integrity(gql, published)
    assert result["ok"] is False and result["firstBrokenAt"] is None
    assert result["head"]["seq"] == 2 and result["missedCheckpoints"] == [{"text": published}]


async def test_deleting_every_entry_misses_the_published_checkpoint(gql, settings) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql, 2)
    await tamper("DELETE FROM audit_subject", "DELETE FROM audit_entry")
    checked = verify_process(settings, "--checkpoint", _checkpoint(entries[1]))
    assert checked.returncode == 1
    assert "intact chain ends at seq 0" in checked.stderr
    result = await _integrity(gql, _checkpoint(entries[1]))
    assert (result["ok"], result["entries"], result["head"]) == (False, 0, None)


async def test_an_edited_subject_row_breaks_the_chain_at_its_entry(gql) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql, 3)
    subject = entries[1].subjects[0]
    assert [n["seq"] for n in (await gql(BY_SUBJECT, {"s": subject}))["auditEvents"]["nodes"]] == [2]
    await tamper(f"UPDATE audit_subject SET subject = 'Unit:999999' WHERE entry_id = {entries[1].id}")
    # The edit hides the entry from the subject filter, and the chain says where.
    assert (await gql(BY_SUBJECT, {"s": subject}))["auditEvents"]["nodes"] == []
    result = await _integrity(gql)
    assert result["firstBrokenAt"] == encode_id("AuditEvent", entries[1].id)
    assert result["head"]["seq"] == 1


async def test_a_removed_or_added_subject_row_breaks_the_chain(gql) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql, 3)
    await tamper(f"DELETE FROM audit_subject WHERE entry_id = {entries[2].id}")
    assert (await verify_chain()).first_broken.id == entries[2].id  # type: ignore[union-attr]
    await AuditSubject.create(entry_id=entries[2].id, subject=entries[2].subjects[0])
    assert (await verify_chain()).ok
    await AuditSubject.create(entry_id=entries[0].id, subject="Unit:1")
    assert (await verify_chain()).first_broken.id == entries[0].id  # type: ignore[union-attr]


async def test_a_rewrite_recomputing_every_later_hash_without_the_key_is_detected(gql, settings) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql, 3)
    await _rewrite(entries, 1, lambda e: keyed_hash(GUESSED_KEY, e.subjects, **e.content()))
    result = await _integrity(gql)
    assert result["firstBrokenAt"] == encode_id("AuditEvent", entries[1].id)
    broken = verify_process(settings)
    assert broken.returncode == 1 and "at seq 2" in broken.stderr


async def test_a_rewrite_as_plain_sha256_is_detected(gql) -> None:  # type: ignore[no-untyped-def]
    """The old, unkeyed hashes are accepted only up to the legacy boundary (none here)."""
    entries = await make_entries(gql, 3)
    await _rewrite(entries, 0, lambda e: entry_hash(**e.content()))
    assert (await verify_chain()).first_broken.id == entries[0].id  # type: ignore[union-attr]


async def test_a_wrong_key_fails_verification(gql, settings) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql, 2)
    assert (await verify_chain()).ok
    assert (await verify_chain(key=GUESSED_KEY)).first_broken.id == entries[0].id  # type: ignore[union-attr]
    wrong = verify_process(settings, key=GUESSED_KEY.decode())
    assert wrong.returncode == 1 and "at seq 1" in wrong.stderr


async def test_moving_the_legacy_boundary_up_and_rewriting_all_is_caught_by_a_checkpoint(gql) -> None:  # type: ignore[no-untyped-def]
    """The one rewrite without the key that verifies: every entry redone as legacy, the boundary moved
    to the head. Any checkpoint published after the key was in use tells."""
    entries = await make_entries(gql, 3)
    published = Checkpoint(entries[2].seq, entries[2].hash)
    await tamper("INSERT INTO audit_chain (id, legacy_until_seq) VALUES (1, 3)")
    await _rewrite(entries, 0, lambda e: entry_hash(**e.content()))
    assert (await verify_chain()).ok
    result = await verify_chain(checkpoints=[published])
    assert not result.ok and result.first_broken is None and result.missed == [published]


async def test_a_malformed_checkpoint_is_refused(gql, settings) -> None:  # type: ignore[no-untyped-def]
    for text in ("3", "0:" + "a" * 64, "3:" + "g" * 64, "3:abc"):
        error = await gql.error(INTEGRITY, {"checkpoints": [text]}, as_="INSPECTOR")
        assert error["extensions"]["code"] == "INVALID_CHECKPOINT"
        assert "检查点无效" in error["message"]
    usage = verify_process(settings, "--checkpoint", "3:abc")
    assert usage.returncode == 2 and "检查点无效" in usage.stderr


async def test_only_inspectors_and_admins_check_checkpoints(gql) -> None:  # type: ignore[no-untyped-def]
    entries = await make_entries(gql, 1)
    error = await gql.error(INTEGRITY, {"checkpoints": [_checkpoint(entries[0])]}, as_="SUPERVISOR")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await _integrity(gql, _checkpoint(entries[0])))["ok"] is True
