"""Against a real `python main.py serve`: a 64 MiB header is refused early with 431 JSON, and the logs
stay bounded (1 KiB per value) with secrets redacted."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import orjson
import pytest

from bench.served import Served, served
from schema.logs import MAX_LINE_CHARS

VIEWER = {"query": "{ viewer { name } }"}
HUGE_HEADER = 64 * 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(
        tmp_path_factory.mktemp("served"), DUBAN_LOG_LEVEL="INFO", DUBAN_WEBHOOK_SECRET="whsec-do-not-log"
    ) as running:
        yield running


def _send_huge_header(port: int) -> tuple[int, bytes]:
    """Sends a request whose Authorization header is 64 MiB; returns the bytes the server took before
    it closed the connection, and what it answered."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall(b"POST /graphql HTTP/1.1\r\nHost: duban\r\nAuthorization: Bearer ")
        chunk = b"a" * 65536
        try:
            while sent < HUGE_HEADER:
                conn.sendall(chunk)
                sent += len(chunk)
            conn.sendall(b"\r\ncontent-length: 0\r\n\r\n")
        except OSError:
            pass  # the server closed the connection: what this test wants
        answer = b""
        try:
            while part := conn.recv(65536):
                answer += part
        except OSError:
            pass
    return sent, answer


def test_a_64_mib_header_is_refused_early_with_431_json(server: Served) -> None:
    sent, answer = _send_huge_header(server.port)
    # Kernel buffers take a few MiB whatever the server does; reading it whole would take all 64.
    assert sent < 16 * 1024 * 1024, sent
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431"), answer[:200]
    error = orjson.loads(body)["errors"][0]
    assert error["extensions"]["code"] == "HEADERS_TOO_LARGE"
    assert error["extensions"]["limit"] == 32 * 1024
    with httpx.Client(base_url=server.url, timeout=30) as http:
        ok = http.post("/graphql", json=VIEWER, headers={"Authorization": f"Bearer {server.secret}"})
    assert ok.json()["data"]["viewer"]["name"] == "served"


def test_logs_are_bounded_and_never_show_secrets(server: Served) -> None:
    bearer = {"Authorization": f"Bearer {server.secret}"}
    with httpx.Client(base_url=server.url, timeout=30) as http:
        # A long URL (the access log), carrying a token where it should not be.
        http.get("/graphql", params={"query": "{ viewer { name } }", "pad": "x" * 20_000, "t": server.secret})
        # A 1.5 MB input value in a request that is refused and logged.
        big = {
            "query": "query($n: Int) { units(first: $n) { totalCount } }",
            "variables": {"n": "9" * 1_500_000},
        }
        assert http.post("/graphql", json=big, headers=bearer).json()["errors"]
        assert http.post("/graphql", json=VIEWER, headers=bearer).status_code == 200
    text = server.log.read_text(encoding="utf-8")
    assert "GET /graphql?query=" in text  # the access log is there, cut
    assert server.secret not in text and server.secret[4:20] not in text
    assert "whsec-do-not-log" not in text
    longest = max(len(line) for line in text.splitlines())
    assert longest <= MAX_LINE_CHARS + 40, longest
