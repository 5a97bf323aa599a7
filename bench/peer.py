"""The peer comparison (issue 18): duban's complaint list against PostGraphile v4 on the same database.

    .venv/bin/python -m bench.peer --db postgres://postgres@127.0.0.1:5432/duban_bench [--rounds 5] [--seconds 4]

PostGraphile (`postgraphile@4` with `postgraphile-plugin-connection-filter@2` for the list's filters) is
installed by npm into a temporary folder, deleted at the end; nothing is written into the repository.
Both servers run on 127.0.0.1 against the same bench database: PostGraphile as its CLI starts it, duban
as `python main.py serve` with one worker. Each round runs every series (first:10 and first:100, at
concurrency 1 and 8) on both servers back to back, the order alternating per round, so both see the
same load; it prints duban's throughput over PostGraphile's per series (median and range over the
rounds), both p50 latencies and the load average around each round. Before measuring, it checks that
both return the same complaints in the same order.

The PostGraphile query is written by hand: the same columns, the enterprise and the handling unit by
their foreign keys, the same filter and order. duban's `breaches` (computed per complaint) has no
PostGraphile counterpart and is left out of both. PostGraphile is given the county's unit ids (its
filter plugin cannot test the unit's path without more configuration); duban expands the subtree itself.

PostGraphile prepares its statements (node-postgres, named), and after five executions PostgreSQL
switches such a statement to a generic plan; for this filter that plan took ~0.9 s a page against
~60 ms for a custom one (load average ~8). So PostGraphile's connection sets
`plan_cache_mode=force_custom_plan` unless `--peer-default-plans` asks for the default. duban's
statements go through asyncpg's statement cache, so PostgreSQL may choose generic plans for them too;
duban was not measured with force_custom_plan.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from bench.measure import drive
from bench.queries import LIST, OPEN_AND_DONE
from bench.run import Bench

__all__ = ["main"]

PACKAGES = ["postgraphile@4", "postgraphile-plugin-connection-filter@2"]
COUNTY = "DY.DYQ"

# The bench's list (query 2) without `breaches`, which PostGraphile has no counterpart for.
DUBAN = LIST.replace("\n      breaches { stage dueAt metAt }", "")
assert DUBAN != LIST

PEER = """
query List($first: Int!, $units: [BigInt!], $status: [String!], $from: Datetime!) {
  allComplaints(
    first: $first
    orderBy: [RECEIVED_AT_DESC, ID_DESC]
    filter: {handlingUnitId: {in: $units}, status: {in: $status}, receivedAt: {greaterThanOrEqualTo: $from}}
  ) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id serialNo title status receivedAt
      enterpriseByEnterpriseId { name creditCode }
      unitByHandlingUnitId { code name }
      contactDueAt replyDueAt resolveDueAt
    }
  }
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def install(folder: Path) -> Path:
    """npm installs the peer into `folder`; returns its CLI."""
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *PACKAGES],
        cwd=folder,
        check=True,
    )
    return folder / "node_modules" / ".bin" / "postgraphile"


def start_peer(cli: Path, url: str, custom_plans: bool) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    if custom_plans:
        url += ("&" if "?" in url else "?") + "options=-c%20plan_cache_mode%3Dforce_custom_plan"
    cmd = [str(cli), "-c", url, "--host", "127.0.0.1", "--port", str(port), "--disable-query-log"]
    cmd += ["--disable-graphiql", "--append-plugins", "postgraphile-plugin-connection-filter"]
    proc = subprocess.Popen(cmd, cwd=cli.parent.parent.parent, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/graphql"
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError("postgraphile exited")
        try:
            if httpx.post(base, json={"query": "{ __typename }"}, timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("postgraphile did not come up")


async def prepare(bench: Bench) -> tuple[str, list[int]]:
    """An ADMIN token for duban, and the county's unit ids for PostGraphile's filter."""
    from main import create_app
    from resolvers.complaints.queries import subtree_ids

    async with LifespanManager(create_app(bench.settings)):
        return await bench._token("ADMIN"), await subtree_ids(COUNTY, True)


Op = Callable[[], Awaitable[None]]


def _poster(client: httpx.AsyncClient, url: str, query: str, variables: dict[str, Any]) -> Op:
    async def op() -> None:
        response = await client.post(url, json={"query": query, "variables": variables})
        response.raise_for_status()
        if b'"errors"' in response.content:
            raise RuntimeError(response.text[:300])

    return op


def _rows(data: dict[str, Any]) -> list[tuple[str, datetime]]:
    (connection,) = data["data"].values()
    return [(n["serialNo"], datetime.fromisoformat(n["receivedAt"])) for n in connection["nodes"]]


async def measure(args: argparse.Namespace, duban: str, token: str, peer: str, units: list[int]) -> None:
    since = (datetime.now(UTC) - timedelta(days=90)).replace(microsecond=0).isoformat()
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
    async with (
        httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as ours,
        httpx.AsyncClient(limits=limits, timeout=60) as theirs,
    ):
        series: dict[tuple[int, int], dict[str, Op]] = {}
        for first in args.first:
            mine = {"first": first, "unit": COUNTY, "status": OPEN_AND_DONE, "from": since}
            other = {"first": first, "units": [str(u) for u in units], "status": OPEN_AND_DONE, "from": since}
            a = (await ours.post(duban, json={"query": DUBAN, "variables": mine})).json()
            b = (await theirs.post(peer, json={"query": PEER, "variables": other})).json()
            assert "errors" not in a and "errors" not in b, (a.get("errors"), b.get("errors"))
            assert _rows(a) == _rows(b) and len(_rows(a)) == first, "the two servers disagree"
            print(f"first:{first}: both return the same {first} complaints")
            for c in args.concurrency:
                series[(first, c)] = {
                    "duban": _poster(ours, duban, DUBAN, mine),
                    "peer": _poster(theirs, peer, PEER, other),
                }
        await report(args, series)


async def report(args: argparse.Namespace, series: dict[tuple[int, int], dict[str, Op]]) -> None:
    ratios: dict[tuple[int, int], list[float]] = {key: [] for key in series}
    p50: dict[tuple[int, int, str], list[float]] = {}
    for n in range(args.rounds):
        before = os.getloadavg()[0]
        for key, ops in series.items():
            order = ["duban", "peer"] if n % 2 == 0 else ["peer", "duban"]
            figures = {}
            for side in order:
                await drive(ops[side], key[1], 1_000_000, 1.0)  # warm-up
                figures[side] = await drive(ops[side], key[1], 1_000_000, args.seconds)
                p50.setdefault((*key, side), []).append(figures[side].p50)
            ratios[key].append(figures["duban"].throughput / figures["peer"].throughput)
        print(f"round {n + 1}: load average {before:.2f} -> {os.getloadavg()[0]:.2f}")
    print("\nseries            duban/peer throughput: median [min-max]   p50 ms duban | peer (medians)")
    for (first, c), found in ratios.items():
        ours = statistics.median(p50[(first, c, "duban")])
        theirs = statistics.median(p50[(first, c, "peer")])
        print(
            f"first:{first:<4} c{c:<3}  {statistics.median(found):5.2f}x [{min(found):.2f}-{max(found):.2f}]"
            f"              {ours:7.1f} | {theirs:7.1f}"
        )
    print(f"load average at the end (1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the bench database (PostgreSQL)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0, help="per series and server in a round")
    parser.add_argument("--first", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument(
        "--peer-default-plans", action="store_true", help="PostGraphile without force_custom_plan"
    )
    args = parser.parse_args(argv)
    if not args.db.startswith(("postgres://", "postgresql://")):
        parser.error("PostGraphile needs PostgreSQL")
    bench = Bench(args.db, quick=True)
    folder = Path(tempfile.mkdtemp(prefix="duban-peer-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        token, units = asyncio.run(prepare(bench))
        peer, peer_url = start_peer(install(folder), args.db, not args.peer_default_plans)
        processes.append(peer)
        ours, base = bench.server(1)
        processes.append(ours)
        asyncio.run(measure(args, f"{base}/graphql", token, peer_url, units))
    finally:
        for proc in processes:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
