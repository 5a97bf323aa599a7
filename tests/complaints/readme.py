"""The README's example queries, read from the README itself so a test runs exactly what it documents."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).parents[2] / "README.md"


def readme_example(field: str) -> str:
    """The README's example query for a root field: from its opening line to the next blank line."""
    text = README.read_text(encoding="utf-8")
    start = text.index("{ " + field + "(")
    return text[start : text.index("\n\n", start)].split("\n```")[0]
