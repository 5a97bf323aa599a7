"""`python -m bench.metrics_overhead [--db URL | --scale S] [--rounds N] [--requests N]`: what /metrics and
the JSON request log cost on the list page (`bench.queries.LIST`, first 100).

Three real `python main.py serve` processes on the same data: metrics off (the defaults: text logs with
uvicorn's access line), DUBAN_METRICS=on, and DUBAN_METRICS=on with DUBAN_LOG_FORMAT=json. Each round
sends N requests one after another to each server, the servers in a rotating order (interleaved, so a
busy moment of the machine falls on every variant alike; short rounds interleave finer, but alternating
request by request measured each server's wake-up: p50 46 ms instead of 13); prints each variant's p50 and mean latency, the server
process's CPU time per request (from /proc: what the variant costs the machine, far less disturbed by
other load than latency), and each one's overhead against metrics off: of the p50s, of each round's
p50 against metrics off's in the same round (the median of those ratios: "paired"), and of the CPU. Without --db a SQLite data set of --scale (default 0.01) is generated in a
temporary directory; a --db is used as it is (generate it with bench.generate).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx

from bench.gen_ledger import NOW
from bench.measure import process_tree
from bench.queries import LIST, OPEN_AND_DONE
from bench.served import Served, served

VARIANTS = {
    "metrics off": {},
    "metrics on": {"DUBAN_METRICS": "on"},
    "metrics on + JSON log": {"DUBAN_METRICS": "on", "DUBAN_LOG_FORMAT": "json"},
}
# Every variant: the defaults a deployment has (INFO logs), without the rate limit (one token, back
# to back).
COMMON = {
    "DUBAN_LOG_LEVEL": "INFO",
    "DUBAN_RATE_LIMIT_PER_MINUTE": "6000000",
    "DUBAN_RATE_LIMIT_BURST": "100000",
}


def _variables() -> dict[str, object]:
    # The last 90 days of the data set (generated up to its fixed "now"), whatever the date today.
    since = NOW - timedelta(days=90)
    return {"first": 100, "unit": "DY.DYQ", "status": OPEN_AND_DONE, "from": since.isoformat()}


@contextlib.contextmanager
def _servers(folder: Path, url: str) -> Iterator[dict[str, Served]]:
    with contextlib.ExitStack() as stack:
        running = {}
        for n, (name, env) in enumerate(VARIANTS.items()):
            place = folder / f"variant{n}"
            place.mkdir()
            running[name] = stack.enter_context(served(place, DUBAN_DATABASE_URL=url, **COMMON, **env))
        yield running


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children still running (from /proc)."""
    total = 0
    for each in process_tree(pid):
        try:
            with open(f"/proc/{each}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def _round(http: httpx.Client, body: dict[str, object], requests: int) -> list[float]:
    took = []
    for _ in range(requests):
        started = time.perf_counter()
        answer = http.post("/graphql", json=body)
        took.append(time.perf_counter() - started)
        assert answer.status_code == 200 and "errors" not in answer.json(), answer.text[:300]
    return took


def measure(
    url: str, rounds: int, requests: int, folder: Path
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Each variant's latencies (s), and its server's CPU seconds per request over the rounds."""
    body = {"query": LIST, "variables": _variables()}
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    with _servers(folder, url) as running, contextlib.ExitStack() as stack:
        clients = {
            name: stack.enter_context(
                httpx.Client(base_url=s.url, timeout=120, headers={"Authorization": f"Bearer {s.secret}"})
            )
            for name, s in running.items()
        }
        for http in clients.values():  # warm: imports, caches, the first page
            first = http.post("/graphql", json=body).json()
            assert first["data"]["complaints"]["nodes"], "the list page is empty: no data?"
            _round(http, body, 10)
        names = list(VARIANTS)
        cpu = {name: -cpu_seconds(running[name].pid) for name in names}
        for r in range(rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                times[name].extend(_round(clients[name], body, requests))
        for name in names:
            cpu[name] = (cpu[name] + cpu_seconds(running[name].pid)) / (rounds * requests)
        metrics = clients["metrics on"].get("/metrics")
        assert metrics.status_code == 200 and 'operation="List"' in metrics.text
    return times, cpu


def _paired(took: list[float], base: list[float], rounds: int) -> float:
    """The median over rounds of this round's p50 against metrics off's p50 in the same round."""
    size = len(took) // rounds
    ratios = [
        statistics.median(took[r * size : (r + 1) * size])
        / statistics.median(base[r * size : (r + 1) * size])
        for r in range(rounds)
    ]
    return statistics.median(ratios) - 1


def report(times: dict[str, list[float]], cpu: dict[str, float], rounds: int) -> None:
    base = statistics.median(times["metrics off"])
    base_cpu = cpu["metrics off"]
    print(
        f"{'variant':<24} {'requests':>8} {'p50 ms':>8} {'mean ms':>8} {'CPU ms/req':>10} "
        f"{'p50 overhead':>13} {'paired p50':>11} {'CPU overhead':>13}"
    )
    for name, took in times.items():
        p50, mean = statistics.median(took), statistics.fmean(took)
        paired = _paired(took, times["metrics off"], rounds)
        print(
            f"{name:<24} {len(took):>8} {p50 * 1000:>8.2f} {mean * 1000:>8.2f} {cpu[name] * 1000:>10.2f} "
            f"{(p50 / base - 1) * 100:>12.1f}% {paired * 100:>10.1f}% {(cpu[name] / base_cpu - 1) * 100:>12.1f}%"
        )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.metrics_overhead", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--db", help="a generated data set's URL (default: generate one in a temporary directory)"
    )
    parser.add_argument(
        "--scale", type=float, default=0.01, help="the generated data set's scale (default 0.01)"
    )
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--requests", type=int, default=15, help="requests per variant per round")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="duban-metrics-bench-") as tmp:
        folder = Path(tmp)
        url = args.db
        if url is None:
            from bench.generate import generate

            url = f"sqlite://{folder / 'bench.db'}"
            asyncio.run(generate(url, args.scale))
        times, cpu = measure(url, args.rounds, args.requests, folder)
    print(
        f"list page (first 100) on {args.db or f'SQLite scale {args.scale}'}, {args.rounds} interleaved rounds"
    )
    report(times, cpu, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
