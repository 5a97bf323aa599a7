"""Latency and throughput under bounded load, and peak RSS of a process tree."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["Figures", "drive", "peak_rss_kib", "process_tree"]


@dataclass
class Figures:
    """Latencies (ms) of one measured series and its throughput (operations per second)."""

    latencies: list[float]
    seconds: float
    errors: int = 0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def row(self) -> str:
        return (
            f"{self.p50:8.1f} {self.pct(0.95):8.1f} {self.pct(0.99):8.1f} ms  "
            f"{self.throughput:7.1f}/s  n={len(self.latencies)}{f' ERRORS={self.errors}' if self.errors else ''}"
        )


async def drive(op: Callable[[], Awaitable[None]], concurrency: int, count: int, seconds: float) -> Figures:
    """Runs `op` from `concurrency` workers until `count` ran or `seconds` passed (at least one each)."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def worker() -> None:
        nonlocal issued, errors
        while issued < count and (time.perf_counter() < deadline or issued < concurrency):
            issued += 1
            t0 = time.perf_counter()
            try:
                await op()
            except Exception as exc:  # noqa: BLE001 - counted and shown, the run goes on
                errors += 1
                if errors <= 3:
                    print(f"    error: {exc!r}"[:300])
                continue
            latencies.append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Figures(latencies, time.perf_counter() - started, errors)


def process_tree(root: int) -> list[int]:
    """`root` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def peak_rss_kib(pid: int) -> int:
    """VmHWM (peak resident set) of one process, KiB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
