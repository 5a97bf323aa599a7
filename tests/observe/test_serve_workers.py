"""A real `DUBAN_METRICS=on python main.py serve --workers 2`: whichever worker answers a scrape, /metrics
counts every worker's requests (prometheus-client's multiprocess mode over a fresh temp directory,
removed at exit), and DUBAN_LOG_FORMAT=json writes one JSON line per request, without secrets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench.served import free_port
from models.settings import Settings
from tests.cli.conftest import ROOT, TIMEOUT_S, cli_env, run_cli
from tests.helpers import wait_until_healthy
from tests.observe.conftest import parse, value

PING = {"query": "query Ping { viewer { name } }"}
ROUND = 16  # requests per round, 8 at a time, each on its own connection
MAX_ROUNDS = 20


def _ping(url: str, secret: str) -> None:
    with httpx.Client(base_url=url, timeout=60) as http:  # a new connection: any worker may take it
        answer = http.post("/graphql", json=PING, headers={"Authorization": f"Bearer {secret}"})
        assert answer.status_code == 200 and answer.json()["data"]["viewer"]["name"], answer.text


def _request_lines(log: Path) -> list[dict[str, object]]:
    lines = [
        json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("{")
    ]
    return [line for line in lines if line["logger"] == "duban.access"]


@pytest.fixture
def server(settings: Settings, tmp_path: Path) -> Iterator[tuple[str, str, Path, subprocess.Popen[bytes]]]:
    made = run_cli(settings.database_url, "token", "create", "--name", "observe-workers", "--role", "ADMIN")
    assert made.returncode == 0, made.stderr
    secret = made.stdout.split()[-1]
    port = free_port()
    env = {
        **cli_env(settings.database_url),
        "DUBAN_METRICS": "on",
        "DUBAN_LOG_FORMAT": "json",
        "DUBAN_LOG_LEVEL": "INFO",
        "DUBAN_PORT": str(port),
        "TMPDIR": str(tmp_path),
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "main.py", "serve", "--workers", "2"], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process)
        yield url, secret, log, process
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT_S)


def test_every_scrape_counts_every_workers_requests(
    server: tuple[str, str, Path, subprocess.Popen[bytes]],
) -> None:
    url, secret, log, process = server
    sent = 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(MAX_ROUNDS):
            list(pool.map(lambda _: _ping(url, secret), range(ROUND)))
            sent += ROUND
            if len({line["pid"] for line in _request_lines(log)}) >= 2:
                break
    lines = _request_lines(log)
    assert len({line["pid"] for line in lines}) == 2, "one worker took every connection"
    for _ in range(6):  # scrapes land on either worker
        with httpx.Client(base_url=url, timeout=60) as http:
            scraped = http.get("/metrics")
        assert scraped.status_code == 200
        samples = parse(scraped.text)
        assert value(samples, "duban_requests_total", operation="Ping", outcome="ok") == sent
        assert value(samples, "duban_request_duration_seconds_count", operation="Ping") == sent
        assert value(samples, "duban_database_up") == 1

    pings = [line for line in lines if line["operation"] == "Ping"]
    assert len(pings) == sent
    assert all(
        line["status"] == 200 and line["outcome"] == "ok" and line["role"] == "ADMIN" for line in pings
    )
    assert all(isinstance(line["sqlStatements"], int) and line["sqlStatements"] >= 1 for line in pings)
    text = log.read_text(encoding="utf-8")
    assert secret not in text
    assert '"uvicorn.access"' not in text  # duban's request line replaces uvicorn's

    found = re.search(r"PROMETHEUS_MULTIPROC_DIR=(\S+)", text)
    assert found, text[:2000]
    folder = Path(found.group(1))
    assert folder.parent == log.parent and any(folder.iterdir())
    process.terminate()
    process.wait(timeout=TIMEOUT_S)
    assert not folder.exists()  # an earlier run's files are never summed into the next
