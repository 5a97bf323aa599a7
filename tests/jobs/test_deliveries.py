"""Webhook delivery of digests to a real HTTP server on localhost: signed, retried with backoff, recorded."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jobs.deliveries import signature
from jobs.runner import run_job
from models.delivery import DigestDelivery
from tests.ledger.setup import make_plan, make_task

SECRET = "s3cret-for-tests"
UPDATE = "mutation($input: UpdateUnitInput!) { updateUnit(input: $input) { unit { webhookUrl } userErrors { code } } }"
DIGESTS = """
query { digests(filter: {recipientUnitCode: "DY.SPJ", period: DAILY}) {
  nodes { deliveries { status attempts lastStatus lastError deliveredAt } } } }
"""


class Receiver(ThreadingHTTPServer):
    """Answers 500 to the first `failures` POSTs, then 200; keeps what it received."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        server: Receiver = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers["content-length"]))
        server.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        code = 500 if len(server.received) <= server.failures else 200
        self.send_response(code)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver(request) -> Iterator[Receiver]:  # type: ignore[no-untyped-def]
    server = Receiver(failures=getattr(request, "param", 1))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture
def webhooks_on(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DUBAN_WEBHOOKS", "on")
    monkeypatch.setenv("DUBAN_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("DUBAN_WEBHOOK_MAX_ATTEMPTS", "3")
    # The receiver is on loopback, which a webhook may reach only when allow-listed.
    monkeypatch.setenv("DUBAN_WEBHOOK_ALLOW_HOSTS", "127.0.0.1")


async def _digest_for_spj(gql, clock, scope, url: str) -> None:  # type: ignore[no-untyped-def]
    await gql.ok(UPDATE, {"input": {"code": "DY.SPJ", "webhookUrl": url}})
    plan = await make_plan(scope)
    await make_task(scope, plan, "1", due_on=date(2025, 10, 10))  # due soon for 市审批局
    clock.set(datetime(2025, 10, 9, 1, 30, tzinfo=UTC))
    run = await run_job("digests", clock())
    assert run is not None and run.status.value == "SUCCEEDED"


async def _deliver(clock) -> None:  # type: ignore[no-untyped-def]
    run = await run_job("deliveries", clock())
    assert run is not None and run.status.value == "SUCCEEDED", run and run.error


async def test_a_failed_post_is_retried_after_backoff_and_signed(
    gql, clock, scope, receiver, webhooks_on
) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{receiver.server_address[1]}/duban"
    await _digest_for_spj(gql, clock, scope, url)
    assert await DigestDelivery.all().count() == 3  # DAILY, WEEKLY, MONTHLY for the one unit with a URL
    await _deliver(clock)
    assert [d["attempts"] for d in (await gql(DIGESTS))["digests"]["nodes"][0]["deliveries"]] == [1]
    await _deliver(clock)  # the failed one waits for its backoff (1 minute)
    assert len(receiver.received) == 3
    clock.advance(seconds=61)
    await _deliver(clock)
    (delivery,) = (await gql(DIGESTS))["digests"]["nodes"][0]["deliveries"]
    assert delivery["status"] == "DELIVERED" and delivery["lastStatus"] == 200
    headers, body = receiver.received[-1]
    assert headers["x-duban-signature"] == signature(SECRET, body)
    assert json.loads(body)["period"] in {"DAILY", "WEEKLY", "MONTHLY"}


@pytest.mark.parametrize("receiver", [99], indirect=True)
async def test_delivery_gives_up_after_the_last_attempt(gql, clock, scope, receiver, webhooks_on) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{receiver.server_address[1]}/duban"
    await _digest_for_spj(gql, clock, scope, url)
    for _ in range(3):
        await _deliver(clock)
        clock.advance(minutes=10)
    statuses = {d.status.value for d in await DigestDelivery.all()}
    assert statuses == {"FAILED"}
    (delivery,) = (await gql(DIGESTS))["digests"]["nodes"][0]["deliveries"]
    assert delivery["attempts"] == 3 and delivery["lastError"] == "HTTP 500"


async def test_delivery_is_off_by_default_and_urls_are_checked(gql, clock, scope, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DUBAN_WEBHOOK_ALLOW_HOSTS", "127.0.0.1")
    errors = await gql.refused(UPDATE, {"input": {"code": "DY.SPJ", "webhookUrl": "ftp://example"}})
    assert errors[0]["code"] == "INVALID_URL"
    await _digest_for_spj(gql, clock, scope, "http://127.0.0.1:9/never")
    assert await DigestDelivery.all().count() == 0
    assert (await gql('query { unit(code: "DY.SPJ") { webhookUrl } }', as_="SUPERVISOR"))["unit"][
        "webhookUrl"
    ] is None
