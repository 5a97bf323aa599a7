"""Gap-free numbering: the next number for a key, taken inside the caller's transaction."""

from __future__ import annotations

from tortoise import connections

__all__ = ["next_number"]


async def next_number(key: str) -> int:
    """One upsert that increments the key's row (creating it at 1), returning the new value.

    The row stays locked until the caller's transaction ends: concurrent callers queue behind it, and
    a rolled-back caller gives its number back, so the sequence has no gaps and no duplicates.
    """
    conn = connections.get("default")
    postgres = conn.capabilities.dialect == "postgres"
    sql = (
        'INSERT INTO counter ("key", n) VALUES ({p}, 1) '
        'ON CONFLICT ("key") DO UPDATE SET n = counter.n + 1 RETURNING n'
    ).format(p="$1" if postgres else "?")
    rows = await conn.execute_query_dict(sql, [key])
    return int(rows[0]["n"])
