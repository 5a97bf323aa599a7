"""`python -m bench.hostile_clients [--root DIR] [--seconds N] [--copies N] [--headers N]`: a legitimate query's latency against a
real `python main.py serve`, quiet and then beside two hostile clients without a token.

The hostile clients run in their own processes: one posts a query of 2,400 copies of one field (each
time a new text, so no cache helps) at the rate limit's pace (600 per minute, the default), the other sends requests whose Authorization header
is 64 MiB, one after another. Prints p50/p99 of both series and their ratio. `--root` serves another
checkout (e.g. /work/main, to see the figures before a change).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import socket
import tempfile
import time
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

import httpx

from bench.measure import Figures, drive
from bench.served import ROOT, served

LEGIT = {"query": "{ viewer { name } units(first: 5) { totalCount nodes { code name } } }"}
COPIES = "{ viewer { " + "name " * 2400 + "} } # %d"  # numbered: parse and validation caches miss
HEADER_BYTES = 64 * 1024 * 1024
RATE = 10.0  # the copies clients' requests per second together: the default limit, 600 per minute


def _copies_client(url: str, stop: float, done: Synchronized[int], pace: float) -> None:
    with httpx.Client(base_url=url, timeout=120) as http:
        while time.time() < stop:
            started = time.time()
            try:
                http.post("/graphql", json={"query": COPIES % done.value})
            except httpx.HTTPError:
                pass
            done.value += 1
            time.sleep(max(0.0, pace - (time.time() - started)))


def _big_header_client(port: int, stop: float, done: Synchronized[int]) -> None:
    chunk = b"a" * 65536
    while time.time() < stop:
        done.value += 1
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=120) as conn:
                conn.sendall(b"POST /graphql HTTP/1.1\r\nHost: duban\r\nAuthorization: Bearer ")
                for _ in range(HEADER_BYTES // len(chunk)):
                    conn.sendall(chunk)
                conn.sendall(b"\r\ncontent-length: 0\r\n\r\n")
                conn.recv(65536)
        except OSError:
            pass  # refused and closed: start again


async def _legit(url: str, secret: str, seconds: float) -> Figures:
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        headers = {"Authorization": f"Bearer {secret}"}

        async def op() -> None:
            response = await http.post("/graphql", json=LEGIT, headers=headers)
            assert response.status_code == 200 and "errors" not in response.json(), response.text[:200]

        await op()  # warm: the first request pays for imports and caches
        return await drive(op, concurrency=1, count=100_000, seconds=seconds)


def run(root: Path, seconds: float, copies: int, headers: int) -> tuple[Figures, Figures, list[int]]:
    with (
        tempfile.TemporaryDirectory(prefix="duban-hostile-") as tmp,
        # The legitimate client measures back to back, above the default rate limit; the hostile
        # client keeps to the default's pace itself.
        served(
            Path(tmp),
            root=root,
            DUBAN_LOG_LEVEL="WARNING",
            DUBAN_RATE_LIMIT_PER_MINUTE="600000",
            DUBAN_RATE_LIMIT_BURST="10000",
        ) as server,
    ):
        quiet = asyncio.run(_legit(server.url, server.secret, seconds))
        stop = time.time() + seconds + 5
        counts = [multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)]
        hostile = [
            multiprocessing.Process(target=_copies_client, args=(server.url, stop, counts[0], copies / RATE))
            for _ in range(copies)
        ] + [
            multiprocessing.Process(target=_big_header_client, args=(server.port, stop, counts[1]))
            for _ in range(headers)
        ]
        for process in hostile:
            process.start()
        time.sleep(1)  # both clients under way
        loaded = asyncio.run(_legit(server.url, server.secret, seconds))
        sent = [count.value for count in counts]
        for process in hostile:
            process.terminate()
            process.join()
    return quiet, loaded, sent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile_clients", description=__doc__)
    parser.add_argument("--root", default=str(ROOT), help="the checkout to serve (default: this one)")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each measured series")
    parser.add_argument("--copies", type=int, default=1, help="clients sending the 2,400 copies query")
    parser.add_argument("--headers", type=int, default=1, help="clients sending 64 MiB headers")
    args = parser.parse_args(argv)
    quiet, loaded, (copies, headers) = run(Path(args.root), args.seconds, args.copies, args.headers)
    print(f"served from {args.root}; {args.copies} copies client(s), {args.headers} header client(s)")
    print(f"{'':18}{'p50':>8} {'p95':>8} {'p99':>8}")
    print(f"quiet             {quiet.row()}")
    print(f"hostile clients   {loaded.row()}")
    print(f"hostile: {copies} queries of 2,400 copies, {headers} requests with a 64 MiB header started")
    print(f"p50 ratio {loaded.p50 / quiet.p50:.2f}x, p99 ratio {loaded.pct(0.99) / quiet.pct(0.99):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
