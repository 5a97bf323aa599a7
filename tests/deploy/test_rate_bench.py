"""`python -m bench.rate_bucket` (the shared rate limit's cost, README) as a real process, briefly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from models.settings import Settings
from tests.cli.conftest import ROOT, TIMEOUT_S, cli_env


def test_the_rate_bucket_bench_prints_its_figures(settings: Settings) -> None:
    if not settings.is_postgres:
        pytest.skip("the shared buckets are PostgreSQL's; SQLite keeps them in memory")
    done = subprocess.run(
        [sys.executable, "-m", "bench.rate_bucket", "200"],
        cwd=ROOT,
        env=cli_env(settings.database_url),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr
    assert "PostgreSQL, one key" in done.stdout and "takes/s" in done.stdout
    assert "rate_bucket persistence: u (UNLOGGED)" in done.stdout
