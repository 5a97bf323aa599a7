"""Deliveries check the resolved address again: a host inside the network gets no request unless allow-listed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from jobs.runner import run_job
from models.delivery import DigestDelivery
from models.event import Event
from models.unit import Unit
from tests.jobs.test_deliveries import DIGESTS, UPDATE, Receiver
from tests.ledger.setup import make_plan, make_task


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real HTTP server on 127.0.0.1 that answers 200 and keeps every request it gets."""
    server = Receiver(failures=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture(autouse=True)
def webhooks_on(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DUBAN_WEBHOOKS", "on")
    monkeypatch.setenv("DUBAN_WEBHOOK_SECRET", "s3cret")
    monkeypatch.delenv("DUBAN_WEBHOOK_ALLOW_HOSTS", raising=False)


async def _three_deliveries(clock, scope) -> None:  # type: ignore[no-untyped-def]
    """DAILY, WEEKLY and MONTHLY digests for 市审批局, queued for its webhook."""
    plan = await make_plan(scope)
    await make_task(scope, plan, "1", due_on=date(2025, 10, 10))
    clock.set(datetime(2025, 10, 9, 1, 30, tzinfo=UTC))
    await run_job("digests", clock())
    assert await DigestDelivery.all().count() == 3


async def _deliver(clock) -> None:  # type: ignore[no-untyped-def]
    run = await run_job("deliveries", clock())
    assert run is not None and run.status.value == "SUCCEEDED", run and run.error


@pytest.mark.parametrize(
    ("stored", "why"),
    [
        ("http://localhost:{port}/duban", ["127.0.0.1", "loopback"]),
        ("http://[::1:{port}/duban", ["malformed"]),
    ],
)
async def test_a_host_resolving_inside_the_network_gets_no_request_and_no_retry(
    gql, clock, scope, receiver, stored, why
) -> None:  # type: ignore[no-untyped-def]
    # Stored before URLs were checked (or a name re-pointed since): only the delivery's check stands.
    url = stored.format(port=receiver.server_address[1])
    await Unit.filter(code="DY.SPJ").update(webhook_url=url)
    await _three_deliveries(clock, scope)
    await _deliver(clock)
    clock.advance(hours=2)  # far past every backoff
    await _deliver(clock)
    assert receiver.received == []
    deliveries = [d for n in (await gql(DIGESTS))["digests"]["nodes"] for d in n["deliveries"]]
    for delivery in deliveries:
        assert (delivery["status"], delivery["attempts"], delivery["lastStatus"]) == ("FAILED", 1, None)
        assert all(word in delivery["lastError"] for word in why), delivery["lastError"]
    assert await Event.filter(subject_type="Digest", kind="DELIVERY_FAILED").count() == 3


@pytest.mark.parametrize("allowed", ["localhost", "127.0.0.0/8"])
async def test_an_allow_listed_host_is_delivered_with_its_own_host_header(
    gql, clock, scope, receiver, monkeypatch, allowed
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DUBAN_WEBHOOK_ALLOW_HOSTS", allowed)
    netloc = f"localhost:{receiver.server_address[1]}"
    await gql.ok(UPDATE, {"input": {"code": "DY.SPJ", "webhookUrl": f"http://{netloc}/duban"}})
    await _three_deliveries(clock, scope)
    await _deliver(clock)
    assert {d.status.value for d in await DigestDelivery.all()} == {"DELIVERED"}
    # Connected to the checked address, but the receiver sees the name it was configured with.
    assert [headers["host"] for headers, _ in receiver.received] == [netloc] * 3
