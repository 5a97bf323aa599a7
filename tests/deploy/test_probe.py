"""`deploy/probe.py`, the image's HEALTHCHECK, against a real `python main.py serve`: exit 0 when
/readyz answers 200, 1 for any other answer or none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.served import free_port, served
from tests.cli.conftest import ROOT, TIMEOUT_S

PROBE = ROOT / "deploy" / "probe.py"


def _probe(port: int, *url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROBE), *url],
        env={"DUBAN_PORT": str(port), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )


def test_the_probe_passes_on_a_ready_server_and_fails_otherwise(tmp_path: Path) -> None:
    with served(tmp_path) as server:
        ready = _probe(server.port)
        not_found = _probe(server.port, f"{server.url}/no-such-page")
    nobody = _probe(free_port())
    assert ready.returncode == 0, ready.stderr
    assert not_found.returncode == 1 and "404" in not_found.stderr
    assert nobody.returncode == 1 and "unready" in nobody.stderr
