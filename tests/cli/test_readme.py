"""The README's command table names exactly the CLI's commands, and README and docs/ link only inside
the repository."""

from __future__ import annotations

import argparse
import re

from main import build_parser
from tests.cli.conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`(\.{1,2}/[^`\s]+)`")
WORD = re.compile(r"[a-z][a-z-]*")


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        return {prefix}
    found: set[str] = set()
    for name, sub in subparsers[0].choices.items():
        found |= _commands(sub, f"{prefix} {name}".strip())
    return found


def _readme_commands() -> set[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Command line", 1)[1]
    found = set()
    for row in section.split("\n## ", 1)[0].splitlines():
        if not row.startswith("| `"):
            continue
        for span in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            words = span.removeprefix("python main.py ").split()
            found.add(" ".join(w for w in words[:2] if WORD.fullmatch(w)))
    return found


def test_the_readme_table_lists_every_command_and_only_those() -> None:
    assert _readme_commands() == _commands(build_parser())


def test_readme_and_docs_point_only_inside_the_repository() -> None:
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        targets = LINK.findall(text) + CODE_PATH.findall(text)
        for target in targets:
            if target.startswith(("http://127.0.0.1", "#")):
                continue
            assert "://" not in target, f"{doc.name}: {target} leaves the repository"
            path = (doc.parent / target.split("#")[0]).resolve()
            assert path.is_relative_to(ROOT) and path.exists(), (
                f"{doc.name}: {target} is not in the repository"
            )
