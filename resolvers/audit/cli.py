"""`python main.py audit verify [--checkpoint SEQ:HASH ...]`: what it prints and its exit status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from resolvers.audit.verify import Checkpoint, Integrity, parse_checkpoint, verify_chain
from resolvers.errors import RequestError

__all__ = ["checkpoint_argument", "verify_command"]


def checkpoint_argument(text: str) -> Checkpoint:
    """argparse type of `--checkpoint`: a malformed one is a usage error (exit 2)."""
    try:
        return parse_checkpoint(text)
    except RequestError as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc


def _report_broken(result: Integrity) -> None:
    from schema.node import encode_id

    entry = result.first_broken
    if entry is None:
        return
    print(
        f"审计链断裂 (audit chain broken) at seq {entry.seq} "
        f"(AuditEvent {encode_id('AuditEvent', entry.id)}, {entry.operation} by {entry.actor} at "
        f"{entry.at.isoformat()}); {result.entries} entries",
        file=sys.stderr,
    )


def _report_missed(result: Integrity) -> None:
    reached = result.head.seq if result.head else 0
    for checkpoint in result.missed:
        if checkpoint.seq > reached:
            reason = f"the intact chain ends at seq {reached}: entries removed, or broken before it"
        else:
            reason = "the entry there has another hash: the chain was rewritten"
        print(f"审计链未到达检查点 (chain does not reach checkpoint) {checkpoint}: {reason}", file=sys.stderr)


async def verify_command(checkpoints: Sequence[Checkpoint]) -> int:
    """Exit 0 when the chain is intact and reaches every checkpoint, else 1 with the reasons."""
    result = await verify_chain(checkpoints=checkpoints)
    if result.ok:
        head = (
            f"; head checkpoint {result.head} (publish it, pass it back with --checkpoint)"
            if result.head
            else ""
        )
        print(f"audit chain intact: {result.entries} entries, {len(checkpoints)} checkpoints reached{head}")
        return 0
    _report_broken(result)
    _report_missed(result)
    return 1
