"""The schema has a history: `.ci/schema-check` (run as a real process on temporary files) fails on a
breaking change CHANGELOG.md does not list, and the contract's forms restored in it answer over HTTP."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from resolvers.access import Scope
from resolvers.demo import complaints as demo_complaints
from tests.helpers import Gql

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / ".ci" / "schema-check"
# A process start (graphql-core, a 4,000-line schema) takes a second or two; a busy machine, many times that.
TIMEOUT_S = 180

BASELINE = """
type Query { keep: Int  foo: Int  bar(x: Int): String  items(kind: Kind = A): [Item!]!  search: Result }
enum Kind { A B }
interface Named { name: String }
type Item implements Named { name: String  size: Int }
type Other { id: ID }
union Result = Item | Other
"""
# Every kind of break the check must name, each by its stable key.
BROKEN = """
type Query { keep: Int  bar(x: Int!, y: Int!): String  items(kind: Kind): [Item!]!  search: Result }
enum Kind { A }
interface Named { name: String }
type Item { name: String  size: String }
union Result = Item
"""
BREAKS = {
    "FIELD_REMOVED Query.foo",
    "ARG_CHANGED_KIND Query.bar(x:)",
    "REQUIRED_ARG_ADDED Query.bar(y:)",
    "VALUE_REMOVED_FROM_ENUM Kind.B",
    "IMPLEMENTED_INTERFACE_REMOVED Item.Named",
    "TYPE_REMOVED_FROM_UNION Result.Other",
    "TYPE_REMOVED Other",
    "TYPE_REMOVED ID",  # a standard scalar no longer used: a `$id: ID` variable stops validating
    "FIELD_CHANGED_KIND Item.size",
}
STATS = """
query($from: Date!, $to: Date!, $units: [String!], $desc: Boolean, $group: StatsGrouping) {
  complaintStats(from: $from, to: $to, unitCodes: $units, includeDescendants: $desc, groupBy: $group) {
    unit { code } month received
  }
}
"""
STATS_LITERAL_NULLS = """
query($from: Date!, $to: Date!, $units: [String!]) {
  complaintStats(from: $from, to: $to, unitCodes: $units, includeDescendants: null, groupBy: null) {
    unit { code } month received
  }
}
"""
CONNECTIONS = """
query {
  disciplineCases { __typename ...Cases }
  disciplineClues { __typename ... on DisciplineClueConnection { totalCount } }
}
fragment Cases on DisciplineCaseConnection { totalCount }
"""
OLD_NAME = "query { disciplineCases { ... on CaseConnection { totalCount } } }"
CONTRACT = "type Query { keep: Int }"
NONE: set[str] = set()


def _entries(keys: set[str]) -> str:
    return "\n".join(f"- `{key}`: why." for key in sorted(keys))


def changelog(unreleased: set[str] = NONE, released: set[str] = NONE, heading: str = "Breaking") -> str:
    """A CHANGELOG.md listing `unreleased` and `released` (0.1.0) keys under `### {heading}`.

    A key under another heading (here `### Added`) lists nothing.
    """
    return (
        f"# Changelog\n\n## [Unreleased]\n\n### {heading}\n{_entries(unreleased)}\n\n"
        "### Added\n- `FIELD_REMOVED Query.foo`\n\n"
        f"## [0.1.0] - 2026-11-30\n\n### {heading}\n{_entries(released)}\n"
    )


def check(
    tmp_path: Path,
    schema: str,
    history: str,
    baseline: str = BASELINE,
    contract: str = CONTRACT,
    export: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run `.ci/schema-check` on these files (the repository's own python and root, as CI runs it)."""
    files = {"schema": schema, "baseline": baseline, "contract": contract, "changelog": history}
    args = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        args += [f"--{name}", str(tmp_path / name)]
    args += [] if export else ["--no-export"]
    return subprocess.run(
        [sys.executable, str(CHECK), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )


def check_repository(tmp_path: Path, schema: str, export: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the check on `schema` against the repository's own CHANGELOG.md, baseline and contract."""
    history, baseline, contract = (
        (ROOT / name).read_text(encoding="utf-8")
        for name in ("CHANGELOG.md", "docs/schema-baseline.graphql", "docs/contract.graphql")
    )
    return check(tmp_path, schema, history, baseline, contract, export)


def reported(done: subprocess.CompletedProcess[str]) -> set[str]:
    return set(re.findall(r"not in CHANGELOG\.md: `([^`]+)`", done.stderr))


def test_every_unlisted_break_fails_by_its_key(tmp_path: Path) -> None:
    done = check(tmp_path, BROKEN, changelog())
    assert done.returncode == 1, done.stdout
    assert reported(done) == BREAKS, done.stderr
    assert "schema check failed: 9 problem(s)" in done.stderr
    # A removed default is dangerous, not breaking: printed, not failed.
    assert "dangerous (since the last release): ARG_DEFAULT_VALUE_CHANGE Query.items(kind:)" in done.stdout


def test_breaks_listed_under_unreleased_pass(tmp_path: Path) -> None:
    done = check(tmp_path, BROKEN, changelog(unreleased=BREAKS))
    assert done.returncode == 0, done.stderr
    assert "schema check passed" in done.stdout


def test_one_unlisted_break_among_listed_ones_fails(tmp_path: Path) -> None:
    done = check(tmp_path, BROKEN, changelog(unreleased=BREAKS - {"TYPE_REMOVED Other"}))
    assert done.returncode == 1
    assert reported(done) == {"TYPE_REMOVED Other"}


def test_a_break_listed_under_a_released_version_does_not_count_since_the_release(tmp_path: Path) -> None:
    done = check(tmp_path, BROKEN, changelog(released=BREAKS))
    assert done.returncode == 1
    assert reported(done) == BREAKS


def test_contract_breaks_fail_unless_a_breaking_section_of_any_version_lists_them(tmp_path: Path) -> None:
    # The contract uses Gone without defining it, and the schema has no Gone: reported removed.
    contract = "type Query { foo: Int  gone: Gone }"
    keys = {"FIELD_REMOVED Query.foo", "TYPE_REMOVED Gone", "FIELD_CHANGED_KIND Query.gone"}
    schema = BASELINE.replace("foo: Int", "gone: Int")
    baseline = schema  # no change since the release: only the contract is broken
    unlisted = check(tmp_path, schema, changelog(), baseline, contract)
    assert unlisted.returncode == 1
    assert reported(unlisted) == keys, unlisted.stderr
    assert "breaking (against the contract)" in unlisted.stderr

    assert check(tmp_path, schema, changelog(released=keys), baseline, contract).returncode == 0
    elsewhere = changelog(released=keys, heading="Broke the contract")
    assert check(tmp_path, schema, elsewhere, baseline, contract).returncode == 1


def test_a_stale_schema_file_fails(tmp_path: Path) -> None:
    stale = (ROOT / "schema.graphql").read_text(encoding="utf-8") + "\ntype Extra { a: Int }\n"
    done = check_repository(tmp_path, stale, export=True)
    assert done.returncode == 1
    assert "is stale: run `python main.py export-schema`" in done.stderr
    assert reported(done) == set(), "an added type is no break"


def test_the_repository_passes_and_keeps_the_contract() -> None:
    done = subprocess.run(
        [sys.executable, str(CHECK)], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S
    )
    assert done.returncode == 0, done.stderr


def test_the_restored_contract_forms_cannot_silently_come_back_broken(tmp_path: Path) -> None:
    # 0.1.0 served `Boolean! = true`: reverting to it is no change since the release, but breaks the contract.
    current = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    reverted = current.replace("includeDescendants: Boolean = true", "includeDescendants: Boolean! = true")
    assert reverted != current
    done = check_repository(tmp_path, reverted)
    assert done.returncode == 1
    assert reported(done) == {"ARG_CHANGED_KIND Query.complaintStats(includeDescendants:)"}


async def test_complaint_stats_takes_an_explicit_null_as_the_default(gql: Gql, scope: Scope) -> None:
    await demo_complaints.seed(scope)
    # 东营区 handles complaints itself and through its streets (DY.DYQ.WH, DY.DYQ.XD): its subtree matters.
    period = {"from": "2026-08-01", "to": "2026-11-24", "units": ["DY.DYQ"]}

    async def stats(**values: object) -> list[dict[str, Any]]:
        return (await gql(STATS, {**period, **values}))["complaintStats"]

    omitted = await stats()
    assert sum(row["received"] for row in omitted) > 0
    assert await stats(desc=None, group=None) == omitted
    assert (await gql(STATS_LITERAL_NULLS, period))["complaintStats"] == omitted
    assert await stats(desc=True, group="UNIT") == omitted
    # The arguments still matter: null is the default, not whatever a missing value happens to do.
    assert await stats(desc=False, group=None) != omitted
    assert await stats(desc=None, group="MONTH") != omitted


async def test_discipline_connections_carry_the_contract_names(gql: Gql) -> None:
    data = await gql(CONNECTIONS, as_="INSPECTOR")
    assert data["disciplineCases"] == {"__typename": "DisciplineCaseConnection", "totalCount": 0}
    assert data["disciplineClues"] == {"__typename": "DisciplineClueConnection", "totalCount": 0}
    # The 0.1.0 name is gone (CHANGELOG.md, Unreleased, Breaking): a fragment on it is refused.
    error = await gql.error(OLD_NAME, as_="INSPECTOR")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "CaseConnection" in error["message"]
