"""`python -m bench.import_load [--db URL] [--rows 5000] [--format XLSX|CSV]`: one large ledger import
against the real server while another client asks `viewer` in a loop.

Prints the import's wall time, the concurrent `viewer` latencies (p50/p95/p99/max) against the same
loop with no import running, and the server's peak RSS before and after the import. The target
database is RECREATED (default: a SQLite file bench/import.db), then migrated and given the demo units,
a plan and an ADMIN token; the server is `python main.py serve` (1 worker, scheduler off).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import signal
import subprocess
import time
from datetime import UTC, date, datetime

import httpx

from bench.loader import drop_database, recreate_database
from bench.measure import Figures, peak_rss_kib, process_tree
from bench.run import Bench

__all__ = ["main"]

DEFAULT_DB = "sqlite://bench/import.db"
VIEWER = "{ viewer { name role } }"
IMPORT = """mutation($input: ImportTasksInput!) {
  importTasks(input: $input) { importedCount userErrors { code message } } }"""
COLUMNS = ["序号", "任务/举措", "牵头单位", "责任单位", "完成时限", "分类", "分管领导", "目标值", "来源"]
LEADS = ["市审批局", "市发展改革委", "市人社局", "东营区", "河口区", "垦利区"]
CATEGORIES = ["政务环境", "市场环境", "要素环境", "开放环境", "社会环境", "法治环境"]
DUES = ["2025年12月底", "2025-06-30", "2026年3月", "长期坚持", "2025年底"]


def ledger_rows(count: int) -> list[list[str]]:
    """`count` rows: 1/50 top-level tasks (序号 n), the others their sub-tasks (序号 n.k)."""
    rows = []
    for i in range(count):
        top, sub = divmod(i, 50)
        code = str(top + 1) if sub == 0 else f"{top + 1}.{sub}"
        rows.append(
            [
                code,
                f"推进第{i + 1}项营商环境改革举措，实现企业开办、项目审批等事项全程网办并持续优化流程",
                LEADS[i % len(LEADS)],
                "、".join(LEADS[(i + 1) % len(LEADS) : (i + 1) % len(LEADS) + 2]),
                DUES[i % len(DUES)],
                CATEGORIES[i % len(CATEGORIES)],
                "张副市长",
                f"实际网办率{80 + i % 20}%",
                "落实省要求" if i % 3 else "自主创新",
            ]
        )
    return rows


def ledger_file(count: int, fmt: str) -> bytes:
    rows = [COLUMNS, *ledger_rows(count)]
    if fmt == "CSV":
        return "".join(",".join(row) + "\n" for row in rows).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def prepare(url: str) -> tuple[str, str]:
    """A fresh database with the demo units, a plan and an ADMIN token: (plan global id, token)."""
    from bench.loader import settings_for
    from models.auth import Role
    from models.db import apply_migrations, close_db, init_db
    from resolvers.access import SYSTEM, Scope
    from resolvers.auth import create_token
    from resolvers.demo import units
    from resolvers.ledger import actions
    from schema.node import encode_id

    await recreate_database(url)
    settings = settings_for(url)
    await init_db(settings)
    try:
        await apply_migrations(settings)
        scope = Scope(actor=SYSTEM, request_id="bench", clock=lambda: datetime.now(UTC))
        await units.seed(scope)
        plan = await actions.create_plan(
            scope, actions.CreatePlan("营商环境台账导入压测", issued_on=date(2025, 1, 1))
        )
        _, secret = await create_token("bench import", Role.ADMIN)
        return encode_id("Plan", plan.id), secret
    finally:
        await close_db()


async def viewer_loop(client: httpx.AsyncClient, headers: dict[str, str], stop: asyncio.Event) -> Figures:
    latencies, errors, started = [], 0, time.perf_counter()
    while not stop.is_set():
        t0 = time.perf_counter()
        response = await client.post("/graphql", json={"query": VIEWER}, headers=headers)
        if response.status_code != 200 or "errors" in response.json():
            errors += 1
        latencies.append((time.perf_counter() - t0) * 1000)
    return Figures(latencies, time.perf_counter() - started, errors)


async def measure(base: str, plan: str, secret: str, content: bytes, fmt: str) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {secret}"}
    variables = {
        "input": {"planId": plan, "format": fmt, "contentBase64": base64.b64encode(content).decode()}
    }
    limits = httpx.Limits(max_connections=4)
    async with httpx.AsyncClient(base_url=base, timeout=1800, limits=limits) as client:
        stop = asyncio.Event()
        idle_task = asyncio.create_task(viewer_loop(client, headers, stop))
        await asyncio.sleep(5)
        stop.set()
        idle = await idle_task
        stop = asyncio.Event()
        loop = asyncio.create_task(viewer_loop(client, headers, stop))
        t0 = time.perf_counter()
        response = await client.post(
            "/graphql", json={"query": IMPORT, "variables": variables}, headers=headers
        )
        seconds = time.perf_counter() - t0
        stop.set()
        busy = await loop
    payload = response.json()["data"]["importTasks"]
    return {"idle": idle, "busy": busy, "seconds": seconds, "payload": payload}


def _print(result: dict[str, object], rows: int, fmt: str, size: int, rss: tuple[int, int]) -> None:
    idle, busy = result["idle"], result["busy"]
    assert isinstance(idle, Figures) and isinstance(busy, Figures)
    payload = result["payload"]
    assert isinstance(payload, dict)
    outcome = f"{payload['importedCount']} imported, {len(payload['userErrors'])} userErrors"
    print(f"import of {rows} rows ({fmt}, {size / 1024:.0f} KiB): {result['seconds']:.2f} s, {outcome}")
    print(f"viewer, no import          p50/p95/p99: {idle.row()}")
    print(f"viewer, during the import  p50/p95/p99: {busy.row()}  max {max(busy.latencies):.1f} ms")
    print(f"server peak RSS: {rss[0] / 1024:.0f} MiB before the import, {rss[1] / 1024:.0f} MiB after")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_load", description=__doc__)
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--format", choices=["XLSX", "CSV"], default="XLSX")
    args = parser.parse_args(argv)
    plan, secret = asyncio.run(prepare(args.db))
    content = ledger_file(args.rows, args.format)
    proc, base = Bench(args.db, quick=True).server(1)
    try:
        tree = process_tree(proc.pid)
        before = max(peak_rss_kib(pid) for pid in tree)
        result = asyncio.run(measure(base, plan, secret, content, args.format))
        after = max(peak_rss_kib(pid) for pid in tree)
        _print(result, args.rows, args.format, len(content), (before, after))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        asyncio.run(drop_database(args.db))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
