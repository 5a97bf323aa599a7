"""`python -m bench.run --db URL [--quick]`: the users' representative requests through real HTTP, jobs, SQL floors.

In-process first (the app through its lifespan, as the tests run it): an ADMIN token (and an INSPECTOR one
for the trace of a case, which only inspectors and administrators may read), the jobs with an
injected "now" (the overdue job twice, the digests), SQL statements per request (httpx.ASGITransport
and `tests.helpers.count_sql`), and the hand-written SQL floor of each query. Then the real server
(`python main.py serve`, uvicorn, scheduler off) on a free port with 1 and (PostgreSQL only) 2 worker
processes: p50/p95/p99 and throughput at concurrency 1 and 8, and the server processes' peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from bench.generate import DEFAULT_DB
from bench.loader import settings_for
from bench.measure import Figures, drive, peak_rss_kib, process_tree
from bench.queries import (
    DASHBOARD,
    DISPATCH,
    FIGURES,
    LIST,
    LIST_TOTAL,
    RECEIVE,
    TRACE,
    TRACE_CASE,
    Params,
    floor_sql,
)

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
QUERIES = {
    "dashboard": DASHBOARD,
    "list100": LIST,
    "list10": LIST,
    "list100total": LIST_TOTAL,
    "figures": FIGURES,
    "trace": TRACE,
}
# A case is confidential: the inspector (纪委监委) traces it; every other query runs as ADMIN.
INSPECTOR_QUERIES = frozenset({"trace"})
# The bench measures the service, not the abuse limits: one token sends thousands of requests.
ENV = {
    "DUBAN_SCHEDULER": "off",
    "DUBAN_RATE_LIMIT_PER_MINUTE": "100000000",
    "DUBAN_RATE_LIMIT_BURST": "100000000",
    "DUBAN_LOG_LEVEL": "WARNING",
}


class Bench:
    def __init__(self, url: str, quick: bool) -> None:
        self.url, self.quick = url, quick
        os.environ.update(ENV)
        self.settings = settings_for(url)
        self.results: dict[str, Any] = {"db": url.split("://")[0], "quick": quick}
        self.count, self.seconds = (40, 4.0) if quick else (300, 12.0)
        self.queries = dict(QUERIES)

    # ---- in-process ---------------------------------------------------------------------------

    async def in_process(self) -> None:
        from main import create_app

        app = create_app(self.settings)
        async with LifespanManager(app) as manager:
            self.secret = await self._token("ADMIN")
            self.inspector = await self._token("INSPECTOR")
            self.params = await self._params()
            await self._jobs()
            transport = httpx.ASGITransport(app=manager.app)  # type: ignore[arg-type]
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                await self._statements(client)
            await self._floors()

    async def _token(self, role: str) -> str:
        from models.auth import Role
        from resolvers.auth import create_token

        _, secret = await create_token(f"bench {role.lower()} {datetime.now(UTC):%H:%M:%S}", Role(role))
        return secret

    def _secret(self, name: str) -> str:
        return self.inspector if name in INSPECTOR_QUERIES else self.secret

    async def _trace_case(self) -> int | None:
        """The case query 4 traces (`bench.queries.TRACE_CASE`); None on a data set without one."""
        from tortoise import connections

        rows = await connections.get("default").execute_query_dict(TRACE_CASE)
        if not rows:
            print("no case whose chain reaches a complaint: query 4 (trace) skipped")
            self.queries.pop("trace", None)
            return None
        self.results["trace_case"] = int(rows[0]["id"])
        return int(rows[0]["id"])

    async def _params(self) -> Params:
        from models.complaint import Complaint
        from models.enterprise import Enterprise
        from models.unit import Unit

        county = await Unit.get(code="DY.DYQ")
        # Intake goes to a city department, outside the county the list and dashboard read.
        unit = await Unit.filter(level="CITY", kind="DEPARTMENT").order_by("code").first()
        enterprise = await Enterprise.filter(id=1).first()
        self.results["complaints"] = await Complaint.all().count()
        now = datetime.now(UTC)
        month = (now.replace(day=1) - timedelta(days=1)).date().replace(day=1)
        return Params(
            county=county.code,
            county_path=county.path,
            month=month,
            list_from=(now - timedelta(days=90)).replace(microsecond=0),
            intake_unit=unit.code if unit else county.code,
            intake_credit_code=enterprise.credit_code if enterprise else "",
            case=await self._trace_case(),
        )

    async def _jobs(self) -> None:
        from jobs.runner import run_job

        now = datetime.now(UTC).replace(microsecond=0)
        for label, name, at in (
            ("overdue_first", "overdue", now),
            ("overdue_second", "overdue", now + timedelta(minutes=1)),
            ("digests", "digests", now),
        ):
            t0 = time.perf_counter()
            run = await run_job(name, at)
            seconds = time.perf_counter() - t0
            status = run.status.value if run else "SKIPPED"
            touched = run.rows_touched if run else None
            self.results[f"job_{label}"] = {"seconds": seconds, "status": status, "rows": touched}
            print(f"job {label:<15} {seconds:7.2f} s  {status}  rows touched {touched}")
            if run and run.error:
                print("   ", run.error)

    async def _post(
        self, client: httpx.AsyncClient, query: str, variables: dict, secret: str | None = None
    ) -> dict:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {secret or self.secret}"},
        )
        body = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"{response.status_code} {json.dumps(body, ensure_ascii=False)[:300]}")
        return body["data"]

    async def _statements(self, client: httpx.AsyncClient) -> None:
        from tests.helpers import count_sql

        variables = self.params.variables()
        for name, query in self.queries.items():
            secret = self._secret(name)
            await self._post(client, query, variables[name], secret)  # warm the caches as a server has them
            with count_sql() as counter:
                data = await self._post(client, query, variables[name], secret)
            self.results.setdefault(name, {}).update(statements=counter.count, shape=_shape(data))
            print(f"SQL statements {name:<10} {counter.count:3d}   {_shape(data)}")

    async def _floors(self) -> None:
        from models.sql import Sql

        sql = Sql(self.settings.timezone, 8)
        for name in self.queries:
            for _ in range(2):
                await floor_sql(sql, name, self.params)
            figures = await drive(lambda n=name: _discard(floor_sql(sql, n, self.params)), 1, self.count, 4.0)
            self.results.setdefault(name, {})["floor_p50"] = figures.p50
            print(f"SQL floor      {name:<10} {figures.row()}")

    # ---- real server --------------------------------------------------------------------------

    def server(self, workers: int) -> tuple[subprocess.Popen, str]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, **ENV, "DUBAN_DATABASE_URL": self.url}
        cmd = [sys.executable, "main.py", "serve", "--port", str(port), "--workers", str(workers)]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    return proc, base
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server exited")
            time.sleep(0.2)
        raise RuntimeError("server did not come up")

    async def over_http(self, workers: int) -> None:
        proc, base = self.server(workers)
        key = f"w{workers}"
        try:
            limits = httpx.Limits(max_connections=16)
            async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
                variables = self.params.variables()
                for name, query in self.queries.items():
                    secret = self._secret(name)
                    await self._post(client, query, variables[name], secret)
                    for c in (1, 8):
                        figures = await drive(
                            lambda q=query, v=variables[name], k=secret: _discard(
                                self._post(client, q, v, k)
                            ),
                            c,
                            self.count * (2 if c == 8 else 1),
                            self.seconds,
                        )
                        self._record(name, f"{key}c{c}", figures)
                for c in (1, 8):
                    figures = await drive(lambda: self._intake(client), c, self.count, self.seconds)
                    self._record("intake", f"{key}c{c}", figures)
            tree = process_tree(proc.pid)
            rss = {pid: peak_rss_kib(pid) for pid in tree}
            self.results[f"rss_{key}_kib"] = rss
            print(
                f"peak RSS ({workers} worker(s)): "
                + ", ".join(f"pid {p}: {k / 1024:.0f} MiB" for p, k in rss.items())
            )
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    async def _intake(self, client: httpx.AsyncClient) -> None:
        p = self.params
        received = await self._post(
            client,
            RECEIVE,
            {"input": {"channel": "ONLINE_PLATFORM", "kind": "HELP", "title": "用电报装求助",
                       "content": "新厂房申请用电报装，请协调供电部门。", "creditCode": p.intake_credit_code}},
        )  # fmt: skip
        payload = received["receiveComplaint"]
        if payload["userErrors"]:
            raise RuntimeError(payload["userErrors"])
        dispatched = await self._post(
            client,
            DISPATCH,
            {"input": {"complaintId": payload["complaint"]["id"], "unitCode": p.intake_unit}},
        )
        if dispatched["dispatchComplaint"]["userErrors"]:
            raise RuntimeError(dispatched["dispatchComplaint"]["userErrors"])

    def _record(self, name: str, key: str, figures: Figures) -> None:
        entry = self.results.setdefault(name, {})
        entry[key] = {
            "p50": figures.p50,
            "p95": figures.pct(0.95),
            "p99": figures.pct(0.99),
            "throughput": figures.throughput,
            "n": len(figures.latencies),
            "errors": figures.errors,
        }
        print(f"HTTP {key:<6} {name:<10} {figures.row()}")


async def _discard(awaitable: Any) -> None:
    await awaitable


def _shape(data: dict) -> str:
    """A short account of what came back (sizes of lists, totals)."""
    parts = []
    for field, value in data.items():
        if isinstance(value, list):
            parts.append(f"{field}: {len(value)} rows")
        elif isinstance(value, dict) and "totalCount" in value:
            parts.append(f"{field}: {len(value.get('nodes', []))} of {value['totalCount']}")
        elif isinstance(value, dict):
            lists = ", ".join(f"{len(v)} {k}" for k, v in value.items() if isinstance(v, list))
            parts.append(f"{field}: {lists}")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database URL (default {DEFAULT_DB})")
    parser.add_argument("--quick", action="store_true", help="fewer requests per series (40, 4 s)")
    parser.add_argument("--out", help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    bench = Bench(args.db, args.quick)
    asyncio.run(bench.in_process())
    for workers in (1, 2) if bench.settings.is_postgres else (1,):
        asyncio.run(bench.over_http(workers))
    if args.out:
        Path(args.out).write_text(json.dumps(bench.results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
