"""`python -m bench.metrics_overhead`, as the README documents it, runs to its table (tiny and short:
the figures themselves are the benchmark's business, not the test's)."""

from __future__ import annotations

import subprocess
import sys

from tests.cli.conftest import ROOT, TIMEOUT_S


def test_the_benchmark_serves_three_variants_and_prints_the_overhead() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.metrics_overhead",
            "--scale",
            "0.002",
            "--rounds",
            "2",
            "--requests",
            "3",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * 2,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line.split() for line in done.stdout.splitlines() if line.startswith("metrics ")]
    assert [row[:3] for row in rows] == [
        ["metrics", "off", "6"],
        ["metrics", "on", "6"],
        ["metrics", "on", "+"],
    ]
    assert rows[0][-3:] == ["0.0%", "0.0%", "0.0%"]
