"""Webhook delivery of digests (off unless DUBAN_WEBHOOKS=on): POST JSON signed with HMAC-SHA256,
retried with exponential backoff, each outcome kept on the delivery and on the digest's timeline.
Each attempt first resolves and checks the host (`resolvers/webhooks.py`) and connects to that address."""

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
from resolvers.webhooks import Allowlist, Target, TargetRefused, check_target

__all__ = ["BASE_BACKOFF", "queue_deliveries", "run", "signature"]

BASE_BACKOFF = timedelta(minutes=1)
BATCH = 100
TIMEOUT_SECONDS = 10.0
# (HTTP status, error, final): a final error fails the delivery at once instead of retrying.
Outcome = tuple[int | None, str | None, bool]


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


async def _send(client: httpx.AsyncClient, target: Target, url: httpx.URL, **request: Any) -> httpx.Response:
    """POST to the checked addresses in turn (the next only when one refuses the connection), never
    to the name: a second lookup could answer differently."""
    refused = None
    for address in target.addresses:
        try:
            return await client.post(
                url.copy_with(host=str(address)), extensions={"sni_hostname": target.host}, **request
            )
        except httpx.ConnectError as exc:
            refused = exc
    raise refused or httpx.ConnectError(f"no address for {target.host}")


async def _post(
    client: httpx.AsyncClient, settings: Settings, delivery: DigestDelivery, target: Target, body: bytes
) -> Outcome:
    try:
        url = httpx.URL(delivery.url)
    except httpx.InvalidURL as exc:
        return None, f"地址无效 (malformed URL, not retried): {exc}"[:500], True
    headers = {
        "host": url.netloc.decode("ascii"),
        "content-type": "application/json",
        "x-duban-signature": signature(settings.webhook_secret, body),
        "x-duban-delivery": str(delivery.id),
    }
    try:
        response = await _send(client, target, url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500], False
    return response.status_code, None if response.is_success else f"HTTP {response.status_code}", False


async def _attempt(
    client: httpx.AsyncClient, settings: Settings, allow: Allowlist, delivery: DigestDelivery, body: bytes
) -> Outcome:
    try:
        target = await check_target(delivery.url, allow, TIMEOUT_SECONDS)
    except TargetRefused as exc:
        # Retrying cannot help, and each retry would be another probe inside the network.
        return None, f"推送地址不允许 (refused, not retried): {exc.reason}"[:500], True
    except (OSError, TimeoutError) as exc:
        return None, f"无法解析主机 (cannot resolve host): {type(exc).__name__}: {exc}"[:500], False
    return await _post(client, settings, delivery, target, body)


async def _record(scope: Scope, delivery: DigestDelivery, outcome: Outcome, max_attempts: int) -> None:
    (status, error, final), now, attempts = outcome, scope.now(), delivery.attempts + 1
    if error is None:
        changes = {"status": DeliveryStatus.DELIVERED, "delivered_at": now}
        kind, summary = "DELIVERED", f"已推送至 {delivery.url} (delivered, attempt {attempts})"
    elif final:
        changes = {"status": DeliveryStatus.FAILED}
        kind, summary = "DELIVERY_FAILED", f"推送失败 (failed at attempt {attempts}): {error}"
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
    allow = Allowlist.parse(settings.webhook_allow_hosts)
    # No proxy from the environment: the connection must go to the address that was checked.
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, trust_env=False) as client:
        for delivery in due:
            outcome = await _attempt(client, settings, allow, delivery, _payload(delivery.digest))
            await _record(scope, delivery, outcome, settings.webhook_max_attempts)
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
