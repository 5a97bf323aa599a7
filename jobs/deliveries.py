"""Webhook delivery of digests (off unless DUBAN_WEBHOOKS=on): POST JSON signed with HMAC-SHA256,
retried with exponential backoff, each outcome kept on the delivery and on the digest's timeline."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta
from typing import Any

import httpx
from tortoise.transactions import in_transaction

from jobs.registry import Job, register_job
from models.delivery import DeliveryStatus, DigestDelivery
from models.digest import Digest
from models.settings import Settings, load_settings
from models.unit import Unit
from resolvers.access import Scope
from resolvers.events import record_event

__all__ = ["BASE_BACKOFF", "queue_deliveries", "run", "signature"]

BASE_BACKOFF = timedelta(minutes=1)
BATCH = 100
TIMEOUT_SECONDS = 10.0


def signature(secret: str, body: bytes) -> str:
    """`X-Duban-Signature`: the receiver recomputes it over the raw body with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def queue_deliveries(digests: list[Digest], now: datetime) -> int:
    """One PENDING delivery per new unit digest whose unit has a webhook URL (when delivery is on)."""
    if not load_settings().webhooks:
        return 0
    unit_ids = {d.recipient_unit_id for d in digests if d.recipient_unit_id}
    urls = dict(
        await Unit.filter(id__in=unit_ids, webhook_url__not_isnull=True).values_list("id", "webhook_url")
    )
    rows = [
        DigestDelivery(digest_id=d.id, url=urls[d.recipient_unit_id], next_attempt_at=now)
        for d in digests
        if d.recipient_unit_id in urls
    ]
    if rows:
        await DigestDelivery.bulk_create(rows)
    return len(rows)


def _payload(digest: Digest) -> bytes:
    body: dict[str, Any] = {
        "digest": f"Digest:{digest.id}",
        "period": digest.period.value,
        "periodStart": digest.period_start.isoformat(),
        "generatedAt": digest.generated_at.isoformat(),
        "items": digest.items,
        "summary": digest.summary,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode()


async def _post(
    client: httpx.AsyncClient, settings: Settings, delivery: DigestDelivery, body: bytes
) -> tuple[int | None, str | None]:
    headers = {
        "content-type": "application/json",
        "x-duban-signature": signature(settings.webhook_secret, body),
        "x-duban-delivery": str(delivery.id),
    }
    try:
        response = await client.post(delivery.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    return response.status_code, None if response.is_success else f"HTTP {response.status_code}"


async def _record(
    scope: Scope, delivery: DigestDelivery, status: int | None, error: str | None, max_attempts: int
) -> None:
    now, attempts = scope.now(), delivery.attempts + 1
    if error is None:
        changes = {"status": DeliveryStatus.DELIVERED, "delivered_at": now}
        kind, summary = "DELIVERED", f"已推送至 {delivery.url} (delivered, attempt {attempts})"
    elif attempts >= max_attempts:
        changes = {"status": DeliveryStatus.FAILED}
        kind, summary = "DELIVERY_FAILED", f"推送失败 (gave up after {attempts} attempts): {error}"
    else:
        changes = {"next_attempt_at": now + BASE_BACKOFF * 2 ** (attempts - 1)}
        kind, summary = "DELIVERY_RETRY", f"推送失败，稍后重试 (attempt {attempts} failed: {error})"
    async with in_transaction():
        await DigestDelivery.filter(id=delivery.id).update(
            attempts=attempts, last_status=status, last_error=error, **changes
        )
        await record_event(
            scope, "Digest", delivery.digest_id, kind, summary, {"url": delivery.url, "status": status}
        )


async def run(scope: Scope) -> int:
    """Attempt every delivery that is due; the HTTP calls happen outside any database transaction."""
    settings = load_settings()
    due = (
        await DigestDelivery.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=scope.now())
        .order_by("id")
        .limit(BATCH)
        .prefetch_related("digest")
    )
    if not due:
        return 0
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
        for delivery in due:
            status, error = await _post(client, settings, delivery, _payload(delivery.digest))
            await _record(scope, delivery, status, error, settings.webhook_max_attempts)
    return len(due)


register_job(
    Job(
        "deliveries",
        run,
        "提醒推送 (POST digests to units' webhooks, signed, retried with backoff; off unless DUBAN_WEBHOOKS=on)",
        every_seconds=60,
        first_run_delay_seconds=90,
        transactional=False,
    )
)
