"""`import-tasks` (all rows or none) and `export-tasks` of a plan's ledger (台账)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from models.task import Task
from resolvers.access import Scope
from tests.cli.conftest import Cli
from tests.ledger.setup import make_plan

FIXTURES = Path(__file__).resolve().parents[1] / "ledger" / "fixtures"
DOC_NUMBER = "东政办发〔2024〕1号"


async def test_import_tasks_all_rows_or_none(cli: Cli, units: None, scope: Scope) -> None:
    plan = await make_plan(scope, DOC_NUMBER)
    refused = cli("import-tasks", str(FIXTURES / "dongying_one_bad_row.csv"), "--plan", DOC_NUMBER)
    assert refused.returncode == 2
    assert "error [INVALID_DATE] input/rows/42/完成时限" in refused.stderr
    assert refused.stderr.rstrip().endswith("nothing imported: 1 problems")
    assert await Task.all().count() == 0

    done = cli("import-tasks", str(FIXTURES / "dongying_2024_2025.csv"), "--plan", str(plan.id))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"imported 79 tasks into {plan.title}"
    assert "79/79" in done.stderr  # the progress bar's last state
    assert await Task.filter(plan_id=plan.id).count() == 79


async def test_export_tasks_writes_the_ledger(cli: Cli, units: None, scope: Scope, tmp_path: Path) -> None:
    await make_plan(scope, DOC_NUMBER)
    target = tmp_path / "ledger.xlsx"
    imported = cli("import-tasks", str(FIXTURES / "dongying_2024_2025.csv"), "--plan", DOC_NUMBER)
    assert imported.returncode == 0, imported.stderr

    done = cli("export-tasks", "--plan", DOC_NUMBER, "--output", str(target))
    assert (done.returncode, done.stdout) == (0, f"wrote {target}\n"), done.stderr
    rows = list(load_workbook(target).active.iter_rows(values_only=True))[1:]  # below the title row
    assert "状态" in rows[0] and "是否逾期" in rows[0]
    assert len([r for r in rows[1:] if any(r)]) == 79

    unknown = cli("export-tasks", "--plan", "无此文号", "--output", str(tmp_path / "x.xlsx"))
    assert unknown.returncode == 2 and "NOT_FOUND" in unknown.stderr
    assert not (tmp_path / "x.xlsx").exists()
