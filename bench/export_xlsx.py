"""`python -m bench.export_xlsx [--rows 5000]`: how long the XLSX ledger export takes to build a sheet
(dates, formula-safe texts, title row, widths, frozen filtered header), best of three, and its size.

No database: the rows are made up as `ledger_export` reads them; the figure is the spreadsheet work."""

from __future__ import annotations

import argparse
import time
from datetime import date

from models.plan import Plan
from resolvers.ledger import ledger_export

__all__ = ["main"]


def _rows(count: int) -> list[ledger_export.Row]:
    rows: list[ledger_export.Row] = []
    for n in range(count):
        due: str | date = date(2024, 1 + n % 12, 28) if n % 5 else "长期坚持"
        title = f"=任务 {n}" if n % 50 == 0 else f"深入推进“一件事一次办”第{n}项"
        row = [
            str(n + 1),
            title,
            "市审批局",
            "东营区、垦利区",
            due,
            "政务环境",
            "",
            "",
            "其他",
            "未开始",
            "否",
            "",
        ]
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    plan = Plan(title="东营市营商环境创新提升行动计划（2024-2025年）", doc_number="东政办发〔2024〕1号")
    rows = _rows(args.rows)
    timings, size = [], 0
    for _ in range(3):
        start = time.perf_counter()
        size = len(ledger_export._xlsx(plan, rows))
        timings.append(time.perf_counter() - start)
    print(
        f"{args.rows} rows: {min(timings):.2f} s best of 3 ({max(timings):.2f} s worst), {size // 1024} KiB"
    )


if __name__ == "__main__":
    main()
