"""The ledger's shell commands: `import-tasks FILE --plan …` and `export-tasks --plan … --output FILE`."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from resolvers.access import SYSTEM, Scope
from resolvers.errors import UserError
from resolvers.ledger import ledger_export, ledger_io
from resolvers.ledger.queries import plan_by_id_or_number
from resolvers.unit_of_work import CLI, unit_of_work

__all__ = ["export_tasks_command", "import_tasks_command"]


def _bar(done: int, total: int) -> None:
    filled = int(30 * done / total) if total else 30
    print(f"\r导入 [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)


async def import_tasks_command(path: Path, content: bytes, plan_ref: str) -> int:
    """Exit status 0 when every row was imported; 2 (nothing written) with one line per problem."""
    plan = await plan_by_id_or_number(plan_ref)
    if plan is None:
        print(f"error [NOT_FOUND]: 方案不存在 (unknown plan): {plan_ref}", file=sys.stderr)
        return 2
    fmt = "XLSX" if path.suffix.lower() in (".xlsx", ".xlsm") else "CSV"
    scope = Scope(actor=CLI, request_id="cli-import", clock=lambda: datetime.now(UTC))
    try:
        cmd = await ledger_io.prepare_import(scope.actor, ledger_io.ImportTasks(plan.id, fmt, content))
        async with unit_of_work(scope, "importTasks"):
            result = await ledger_io.import_tasks(scope, cmd, on_row=_bar)
    except ledger_io.ImportRefused as refused:
        for e in refused.errors:
            print(f"error [{e.code}] {'/'.join(e.field or [])}: {e.message}", file=sys.stderr)
        print(f"nothing imported: {len(refused.errors)} problems", file=sys.stderr)
        return 2
    except UserError as e:
        print(f"error [{e.code}]: {e.message}", file=sys.stderr)
        return 2
    print(f"\nimported {len(result.task_ids)} tasks into {plan.title}")
    return 0


async def export_tasks_command(plan_ref: str, fmt: str = "XLSX") -> bytes | None:
    """The plan's ledger as XLSX (or CSV) bytes, or None (after saying why) when there is no such plan."""
    plan = await plan_by_id_or_number(plan_ref)
    if plan is None:
        print(f"error [NOT_FOUND]: 方案不存在 (unknown plan): {plan_ref}", file=sys.stderr)
        return None
    return await ledger_export.export_plan(SYSTEM, plan, fmt)
