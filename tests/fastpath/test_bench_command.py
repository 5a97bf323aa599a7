"""`python -m bench.fastpath` (bench/README.md) runs as documented: two servers of this checkout, one with
the fast path off, on a migrated SQLite file; every series is measured without errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import STARTUP_TIMEOUT

ROOT = Path(__file__).resolve().parents[2]


def test_the_fastpath_bench_runs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}
    db = f"sqlite://{tmp_path / 'bench.db'}"
    env["DUBAN_DATABASE_URL"] = db
    migrated = subprocess.run(
        [sys.executable, "main.py", "migrate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT,
    )
    assert migrated.returncode == 0, migrated.stderr
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.fastpath",
            "--db",
            db,
            "--server",
            f"on={ROOT}",
            "--server",
            f"off={ROOT};DUBAN_FAST_PATH=off",
            "--rounds",
            "1",
            "--seconds",
            "0.2",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=4 * STARTUP_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    series = [line.split()[:3] for line in lines[1:]]
    assert len(series) == 12, done.stdout  # (viewer, first0: c1; list10, list100: c1, c8) x 2 servers
    assert {s[2] for s in series} == {"on", "off"} and "errors" not in done.stdout, done.stdout
