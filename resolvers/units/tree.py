"""The unit tree in memory: codes, ids and paths to units, and subtrees to ids, without a statement.

Every list filtered by unit asked the database for the unit (by code) and its subtree's ids: a
statement per request for 300 rows that change a few times a year. The tree is read whole (one
statement, ~1 ms at 300 units) and kept with the cache epoch it was read under (`models.epoch`);
a request that observed another epoch reads it again, so a unit created, moved or renamed by any
process is seen by the next request. Inside a transaction the database is asked directly (the
transaction must see its own uncommitted writes), as it is before the first request of a process.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise import connections

from models import epoch

__all__ = ["UnitNode", "by_code", "by_id", "by_path", "drop", "subtree_ids", "tree"]


@dataclass(frozen=True, slots=True)
class UnitNode:
    id: int
    code: str
    name: str
    path: str
    parent_id: int | None
    active: bool


class Tree:
    """One reading of the `unit` table."""

    def __init__(self, nodes: list[UnitNode]) -> None:
        self.nodes = sorted(nodes, key=lambda n: n.id)
        self.by_code = {n.code: n for n in nodes}
        self.by_id = {n.id: n for n in nodes}
        self.by_path = {n.path: n for n in nodes}
        self._subtrees: dict[int, list[int]] = {}

    def subtree_ids(self, code: str, include_descendants: bool) -> list[int]:
        """As `SELECT u.id … substr(u.path, 1, length(p.path)) = p.path ORDER BY u.id` answers."""
        node = self.by_code.get(code)
        if node is None:
            return []
        if not include_descendants:
            return [node.id]
        ids = self._subtrees.get(node.id)
        if ids is None:
            ids = self._subtrees[node.id] = [n.id for n in self.nodes if n.path.startswith(node.path)]
        return list(ids)


_SQL = "SELECT e.value AS epoch, u.id, u.code, u.name, u.path, u.parent_id, u.active FROM cache_epoch e LEFT JOIN unit u ON 1 = 1 WHERE e.id = 1"

# (epoch, tree) of the last reading outside a transaction.
_cached: tuple[int, Tree] | None = None


@epoch.on_reset
def drop() -> None:
    global _cached
    _cached = None


async def _read() -> tuple[int, Tree]:
    """The tree and the epoch it belongs to, in one statement (one snapshot)."""
    _, rows = await connections.get("default").execute_query(_SQL)
    nodes = [
        UnitNode(r["id"], r["code"], r["name"], r["path"], r["parent_id"], bool(r["active"]))
        for r in rows
        if r["id"] is not None
    ]
    return int(rows[0]["epoch"]), Tree(nodes)


async def tree() -> Tree:
    """The current tree: the cached one when it was read under the epoch this request observed."""
    global _cached
    if epoch.in_transaction():
        return (await _read())[1]
    cached = _cached
    if cached is not None and cached[0] == await epoch.current():
        return cached[1]
    _cached = read = await _read()
    return read[1]


async def subtree_ids(code: str, include_descendants: bool) -> list[int]:
    """The ids of the unit with this code and (optionally) its descendants, ascending; [] for an
    unknown code."""
    return (await tree()).subtree_ids(code, include_descendants)


async def by_code(code: str) -> UnitNode | None:
    return (await tree()).by_code.get(code)


async def by_id(unit_id: int) -> UnitNode | None:
    return (await tree()).by_id.get(unit_id)


async def by_path(path: str) -> UnitNode | None:
    return (await tree()).by_path.get(path)
