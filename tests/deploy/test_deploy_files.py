"""Static checks of the deployment files, for what this machine cannot run (no Docker daemon): every
file the Dockerfile copies exists and is not kept out of the build context by .dockerignore, and every
`main` command that the image, compose.yaml and the systemd units start is one the CLI has."""

from __future__ import annotations

import fnmatch
import re

from main import build_parser
from tests.cli.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _ignored(path: str) -> bool:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        if pattern.startswith("**/"):  # at any depth: some component matches
            if any(fnmatch.fnmatch(part, pattern[3:]) for part in parts):
                return True
        elif any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
            return True
    return False


def test_every_file_the_image_copies_is_in_the_build_context() -> None:
    copies = re.findall(r"^COPY (?!--from)(.+)$", DOCKERFILE, flags=re.MULTILINE)
    sources = [source for line in copies for source in line.split()[:-1]]
    assert "requirements.lock" in sources and "deploy/probe.py" in sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not _ignored(source), f"{source} is in .dockerignore"
    assert _ignored("tests/conftest.py") and _ignored(".git") and _ignored("schema/__pycache__")


def _main_commands(text: str) -> list[str]:
    if "ExecStart" in text:  # a systemd unit
        return re.findall(r"^ExecStart\S*=\S+ main\.py ([a-z-]+)", text, flags=re.MULTILINE)
    return re.findall(r'"-m", "main", "([a-z-]+)"', text)  # exec form


def test_the_commands_started_are_the_cli_s() -> None:
    commands = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    started = {
        "Dockerfile": _main_commands(DOCKERFILE),
        "compose.yaml": _main_commands((ROOT / "compose.yaml").read_text(encoding="utf-8")),
        "duban.service": _main_commands((ROOT / "deploy/duban.service").read_text(encoding="utf-8")),
        "duban-scheduler.service": _main_commands(
            (ROOT / "deploy/duban-scheduler.service").read_text(encoding="utf-8")
        ),
    }
    assert started["Dockerfile"] == ["serve"]
    assert started["compose.yaml"] == ["migrate", "scheduler"]
    assert started["duban.service"] == ["migrate", "serve"]
    assert started["duban-scheduler.service"] == ["scheduler"]
    for name, found in started.items():
        assert set(found) <= commands, (name, found)
