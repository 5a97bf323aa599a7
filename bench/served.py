"""A real `python main.py serve` on a free port over a fresh migrated SQLite file, with an ADMIN token:
for benchmarks and for tests that need the real server (uvicorn, its protocol, its logging)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["Served", "free_port", "served"]

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Served:
    url: str
    port: int
    secret: str  # an ADMIN bearer token
    log: Path  # the server's stdout and stderr
    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(directory: Path, root: Path = ROOT, **env: str) -> Iterator[Served]:
    """Migrates `directory/served.db`, creates a token, serves until the block ends. `root`: the checkout
    to run (another one to compare); `env`: more DUBAN_* settings (the server's own environment)."""
    port = free_port()
    environment = {
        **os.environ,
        "DUBAN_DATABASE_URL": f"sqlite://{directory / 'served.db'}",
        "DUBAN_SCHEDULER": "off",
        "DUBAN_PORT": str(port),
        "PYTHONPATH": str(root),
        **env,
    }

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "main.py", *args],
            cwd=root,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("migrate")
    secret = cli("token", "create", "--name", "served", "--role", "ADMIN").split()[-1]
    log = directory / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "main.py", "serve"], cwd=root, env=environment, stdout=out, stderr=out
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, server, log)
        yield Served(url, port, secret, log, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    with httpx.Client(base_url=url, timeout=10) as http:
        for _ in range(1200):  # up to two minutes on a busy machine
            try:
                if http.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert server.poll() is None, log.read_text()
            time.sleep(0.1)
    raise AssertionError(f"the server did not become healthy: {log.read_text()[-2000:]}")
