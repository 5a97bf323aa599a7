"""`python main.py scheduler` as a real process: the jobs alone, beside servers started with
DUBAN_SCHEDULER=off; it runs the jobs, records them, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

from models.job import JobRun
from models.settings import Settings
from tests.cli.conftest import ROOT, TIMEOUT_S, cli_env


async def test_the_scheduler_process_runs_the_jobs_and_stops_on_sigterm(  # type: ignore[no-untyped-def]
    app, settings: Settings, tmp_path: Path
) -> None:
    log = tmp_path / "scheduler.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "main.py",
            "scheduler",
            cwd=ROOT,
            env=cli_env(settings.database_url),  # DUBAN_SCHEDULER=off there: the command runs regardless
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
        )
    try:
        for _ in range(TIMEOUT_S * 10):  # the overdue job fires at start
            if await JobRun.filter(name="overdue").exists():
                break
            assert process.returncode is None, log.read_text()
            await asyncio.sleep(0.1)
        run = await JobRun.get(name="overdue")
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), TIMEOUT_S)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = log.read_text()
    assert code == 0, text
    running = next(line for line in text.splitlines() if line.startswith("scheduler running: "))
    assert "overdue" in running and "digests" in running and "scheduler stopped" in text
    assert run.slot


def test_the_scheduler_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "scheduler"],
        cwd=ROOT,
        env=cli_env(f"sqlite://{tmp_path / 'empty.db'}"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "pending 0001_initial" in done.stderr
