"""`seed-demo` loads the demo once; `export-schema` writes the schema the server serves."""

from __future__ import annotations

from pathlib import Path

from models.complaint import Complaint
from models.unit import Unit
from schema import schema
from tests.cli.conftest import Cli


async def test_seed_demo_loads_once(cli: Cli, app: object) -> None:
    loaded = cli("seed-demo")
    assert (loaded.returncode, loaded.stdout) == (0, "demo data loaded\n"), loaded.stderr
    units, complaints = await Unit.all().count(), await Complaint.all().count()
    assert units > 0 and complaints > 0

    again = cli("seed-demo")
    assert (again.returncode, again.stdout) == (0, "database already has data; demo not loaded\n")
    assert (await Unit.all().count(), await Complaint.all().count()) == (units, complaints)


def test_export_schema_writes_the_served_schema(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "out.graphql"
    done = cli("export-schema", "--output", str(target))
    assert (done.returncode, done.stdout) == (0, f"wrote {target}\n"), done.stderr
    assert target.read_text(encoding="utf-8") == schema.as_str() + "\n"
