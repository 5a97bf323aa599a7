"""The README's GraphQL-over-HTTP curl examples, run as written (curl, a real `python main.py serve`):
each `# ` line under a command that is not elided (`…`) must appear in curl's output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bench.served import served

ROOT = Path(__file__).resolve().parents[2]


def _examples() -> list[tuple[str, list[str]]]:
    """(command, expected lines) for each curl command of the section's sh block: the `# ` lines right
    after a command are its output; a blank line ends them (the next comment describes the next one)."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### Over HTTP", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the README's Over HTTP section has no sh block"
    examples: list[tuple[str, list[str]]] = []
    command: list[str] = []
    output = False
    for line in block.group(1).splitlines():
        if command and command[-1].endswith("\\"):
            command.append(line)
        elif line.startswith("curl "):
            command, output = [line], True
            examples.append(("", []))
        elif not line.strip():
            output = False
        elif output and line.startswith("# ") and "…" not in line:
            examples[-1][1].append(line.removeprefix("# "))
        if command and not command[-1].endswith("\\"):
            examples[-1] = ("\n".join(command), examples[-1][1])
            command = []
    return examples


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_readme_curl_examples_answer_as_shown(tmp_path: Path) -> None:
    examples = _examples()
    assert len(examples) == 2 and all(expected for _, expected in examples), examples
    with served(tmp_path) as server:
        for command, expected in examples:
            done = subprocess.run(
                ["bash", "-c", command.replace("http://127.0.0.1:8000", server.url)],
                env={**os.environ, "TOKEN": server.secret},
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
            answer = [line.rstrip("\r") for line in done.stdout.splitlines()]
            for line in expected:
                assert line in answer, (command, line, done.stdout)
