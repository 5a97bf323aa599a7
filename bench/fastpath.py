"""`python -m bench.fastpath --db URL [--server NAME=ROOT[;KEY=VALUE…]]… [--rounds N] [--seconds S]`:
the requests every caller pays for, over HTTP, several servers side by side on one database.

Each `--server` is a checkout (ROOT: `main.py serve` runs from it, one worker) with its own DUBAN_*
settings after semicolons, e.g. `--server before=/work/main --server after=.` or `--server on=. --server
'off=.;DUBAN_FAST_PATH=off'`. Every server gets an ADMIN token from its own `main.py token create`.
Series, each at concurrency 1 (and 8 for the list pages), the servers alternating per round so a
drift of this machine's load falls on all of them:

- `viewer`: `{ viewer { name role } }`, no row read (authentication only);
- `first0`: the bench's complaint list of the county (`bench.queries.LIST`) with `first: 0`;
- `list10`, `list100`: the same list with 10 and 100 complaints.

Printed: per series and server, p50 / p95 ms and requests per second, the median over the rounds
of each round's figure, and the range of the p50s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.measure import Figures, drive
from bench.queries import LIST
from bench.run import ENV

VIEWER = "{ viewer { name role } }"
STATUSES = ["RECEIVED", "DISPATCHED", "CONTACTED", "REPLIED", "RESOLVED", "REOPENED"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, name: str, spec: str, db: str) -> None:
        root, *settings = spec.split(";")
        self.name = name
        self.root = Path(root).resolve()
        self.env = {**os.environ, **ENV, "DUBAN_DATABASE_URL": db, "PYTHONPATH": str(self.root)}
        self.env.update(dict(s.split("=", 1) for s in settings))
        self.port = _free_port()
        self.env["DUBAN_PORT"] = str(self.port)
        made = subprocess.run(
            [sys.executable, "main.py", "token", "create", "--name", f"fastpath {name}", "--role", "ADMIN"],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        self.secret = made.stdout.split()[-1]
        self.process = subprocess.Popen(
            [sys.executable, "main.py", "serve"],
            cwd=self.root,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode() if self.process.stderr else name)
            time.sleep(0.2)
        raise RuntimeError(f"{name} did not come up")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _series() -> dict[str, tuple[str, dict[str, object], tuple[int, ...]]]:
    since = (datetime.now(UTC) - timedelta(days=90)).replace(microsecond=0).isoformat()

    def page(first: int) -> dict[str, object]:
        return {"first": first, "unit": "DY.DYQ", "status": STATUSES, "from": since}

    return {
        "viewer": (VIEWER, {}, (1,)),
        "first0": (LIST, page(0), (1,)),
        "list10": (LIST, page(10), (1, 8)),
        "list100": (LIST, page(100), (1, 8)),
    }


async def _run(servers: list[Server], rounds: int, seconds: float) -> None:
    results: dict[tuple[str, int, str], list[Figures]] = {}
    limits = httpx.Limits(max_connections=16)
    clients = {s.name: httpx.AsyncClient(base_url=s.url, timeout=120, limits=limits) for s in servers}
    series = _series()
    try:
        for round_ in range(rounds):
            order = servers if round_ % 2 == 0 else list(reversed(servers))
            for name, (query, variables, levels) in series.items():
                for server in order:
                    client = clients[server.name]
                    headers = {"Authorization": f"Bearer {server.secret}"}

                    async def post(
                        c: httpx.AsyncClient = client,
                        h: dict[str, str] = headers,
                        q: str = query,
                        v: dict[str, object] = variables,
                    ) -> None:
                        r = await c.post("/graphql", json={"query": q, "variables": v}, headers=h)
                        if r.status_code != 200 or b'"errors"' in r.content:
                            raise RuntimeError(r.text[:300])

                    await post()
                    for c in levels:
                        figures = await drive(post, c, 100_000, seconds)
                        results.setdefault((name, c, server.name), []).append(figures)
    finally:
        for client in clients.values():
            await client.aclose()
    print(f"{rounds} rounds x {seconds:g} s per series; median over rounds [range of p50]")
    for (name, c, server), runs in results.items():
        p50s = [f.p50 for f in runs]
        print(
            f"{name:8} c{c}  {server:8} p50 {statistics.median(p50s):6.2f} ms "
            f"[{min(p50s):.2f}-{max(p50s):.2f}]  p95 {statistics.median(f.pct(0.95) for f in runs):6.2f} ms  "
            f"{statistics.median(f.throughput for f in runs):7.1f}/s"
            + (f"  errors {sum(f.errors for f in runs)}" if any(f.errors for f in runs) else "")
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--server", action="append", required=True, help="NAME=ROOT[;DUBAN_X=VALUE…]")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    servers: list[Server] = []
    try:
        for spec in args.server:
            name, _, rest = spec.partition("=")
            servers.append(Server(name, rest, args.db))
        asyncio.run(_run(servers, args.rounds, args.seconds))
    finally:
        for server in servers:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
