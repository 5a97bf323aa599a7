"""`serve` refuses an unmigrated database, `migrate` migrates it, `serve --demo` serves it with demo tokens."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.cli.conftest import ROOT, TIMEOUT_S, cli_env, run_cli

VIEWER = "{ viewer { name role } units(first: 5) { totalCount } }"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"serve exited {proc.returncode}: {log.read_text()}"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"serve did not answer /healthz within {TIMEOUT_S} s: {log.read_text()}")


def _serve_demo(database_url: str, tmp_path: Path) -> tuple[dict[str, object], str]:
    """Runs `serve --demo`, asks GraphQL who the printed ADMIN token is, stops the server."""
    port, log = _free_port(), tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "main.py", "serve", "--demo", "--port", str(port)],
            cwd=ROOT,
            env=cli_env(database_url),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            _wait_healthy(proc, port, log)
            printed = log.read_text()
            admin = re.search(r"ADMIN .*\"Bearer (dbn_\S+)\"", printed)
            assert admin, printed
            answer = httpx.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": VIEWER},
                headers={"Authorization": f"Bearer {admin.group(1)}"},
                timeout=TIMEOUT_S,
            ).json()
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=TIMEOUT_S)
    return answer, printed


def test_serve_refuses_until_migrate_then_serves_the_demo(empty_database: str, tmp_path: Path) -> None:
    refused = run_cli(empty_database, "serve")
    assert refused.returncode == 2
    assert "database not migrated" in refused.stderr and "python main.py migrate" in refused.stderr

    migrated = run_cli(empty_database, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "0001_" in migrated.stdout and "0006_calendar_seed" in migrated.stdout
    again = run_cli(empty_database, "migrate")
    assert (again.returncode, again.stdout.strip()) == (0, "migrated: already up to date")

    answer, printed = _serve_demo(empty_database, tmp_path)
    assert "GraphiQL: http://127.0.0.1:" in printed and "demo data loaded" in printed
    assert answer["data"]["viewer"] == {"name": "demo-admin", "role": "ADMIN"}
    assert answer["data"]["units"]["totalCount"] > 0
