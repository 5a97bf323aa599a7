"""`jobs list` and `jobs run`: a slot runs once, whichever process asks."""

from __future__ import annotations

from models.job import JobRun
from tests.cli.conftest import Cli


def test_jobs_list_names_every_job(cli: Cli) -> None:
    listed = cli("jobs", "list")
    assert listed.returncode == 0, listed.stderr
    names = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert {"overdue", "digests", "deliveries"} <= set(names)


async def test_jobs_run_a_slot_once(cli: Cli, app: object) -> None:
    first = cli("jobs", "run", "overdue", "--slot", "cli-test")
    assert (first.returncode, first.stdout.split(" rows=")[0]) == (0, "overdue SUCCEEDED"), first.stderr
    again = cli("jobs", "run", "overdue", "--slot", "cli-test")
    assert (again.returncode, again.stdout) == (
        0,
        "overdue slot cli-test: run by another process; nothing done\n",
    )
    assert await JobRun.filter(name="overdue", slot="cli-test").count() == 1

    unknown = cli("jobs", "run", "nope")
    assert unknown.returncode == 2 and unknown.stderr.startswith("unknown job 'nope'; known: ")
