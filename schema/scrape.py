"""GET /metrics: who may read it, and the exposition (this process's metrics, or every worker's in
prometheus-client's multiprocess mode, plus database gauges computed at scrape time)."""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import os
from collections.abc import Awaitable, Callable, Iterable, Iterator

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tortoise import connections

from models.digest import DigestPeriod
from models.overdue import OverdueKind
from models.settings import Settings
from resolvers.error_codes import ErrorCode
from schema.guard import RefusedRequest, refusal_body, request_id_for

__all__ = ["metrics_endpoint"]

log = logging.getLogger("duban.metrics")

# The gauges' statements, one each, set-based. Open flags use the (cleared_at, due_date) index; the
# digest table (one row per recipient and period) is scanned.
OPEN_FLAGS_SQL = "SELECT kind, COUNT(*) AS n FROM overdue_flag WHERE cleared_at IS NULL GROUP BY kind"
UNACKNOWLEDGED_SQL = "SELECT period, COUNT(*) AS n FROM digest WHERE acknowledged_at IS NULL GROUP BY period"
# A scrape must answer even when the database does not: its gauges are then left out.
DATABASE_WAIT_SECONDS = 2.0
FORBIDDEN = "无权读取监控指标 (not allowed to read /metrics: DUBAN_METRICS_ALLOW or DUBAN_METRICS_TOKEN)"


class _Families(Collector):
    def __init__(self, families: Iterable[Metric]) -> None:
        self.families = list(families)

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


def _counts(rows: list[dict[str, object]], key: str) -> dict[str, int]:
    return {str(row[key]): int(row["n"]) for row in rows}  # type: ignore[call-overload]


async def _database_families() -> list[Metric]:
    """Open overdue flags by kind, unacknowledged digests by period, and the connection pool."""
    up = GaugeMetricFamily("duban_database_up", "1 when this scrape's database statements answered.")
    conn = connections.get("default")
    try:
        flags = await asyncio.wait_for(conn.execute_query_dict(OPEN_FLAGS_SQL), DATABASE_WAIT_SECONDS)
        digests = await asyncio.wait_for(conn.execute_query_dict(UNACKNOWLEDGED_SQL), DATABASE_WAIT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - a scrape reports the database down, it does not fail
        log.warning("metrics: database gauges unavailable: %s", exc)
        up.add_metric([], 0)
        return [up]
    up.add_metric([], 1)
    open_flags = GaugeMetricFamily(
        "duban_overdue_flags_open", "Overdue flags not cleared (at scrape time), by kind.", labels=["kind"]
    )
    counted = _counts(flags, "kind")
    for kind in OverdueKind:
        open_flags.add_metric([kind.value], counted.get(kind.value, 0))
    unacknowledged = GaugeMetricFamily(
        "duban_digests_unacknowledged",
        "Digests not acknowledged (at scrape time), by period.",
        labels=["period"],
    )
    counted = _counts(digests, "period")
    for period in DigestPeriod:
        unacknowledged.add_metric([period.value], counted.get(period.value, 0))
    return [up, open_flags, unacknowledged, *_pool_families(conn)]


def _pool_families(conn: object) -> list[Metric]:
    """The answering process's PostgreSQL pool (asyncpg's public Pool API, reached through
    Tortoise's `_pool` attribute, which Tortoise does not make public). SQLite has one connection
    and no pool: nothing is reported for it."""
    pool = getattr(conn, "_pool", None)
    if pool is None or not hasattr(pool, "get_idle_size"):
        return []
    connections_ = GaugeMetricFamily(
        "duban_db_pool_connections",
        "Connections of the answering worker's pool, by state (in_use, idle).",
        labels=["state"],
    )
    size, idle = pool.get_size(), pool.get_idle_size()
    connections_.add_metric(["in_use"], size - idle)
    connections_.add_metric(["idle"], idle)
    maximum = GaugeMetricFamily(
        "duban_db_pool_max_connections", "The pool's maximum size per worker (DUBAN_DB_POOL_SIZE)."
    )
    maximum.add_metric([], pool.get_max_size())
    return [connections_, maximum]


def _process_metrics() -> bytes:
    """Every worker's metrics when PROMETHEUS_MULTIPROC_DIR is set (serve --workers N), else this
    process's own (with its process and Python collectors)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class ScrapeAccess:
    """Who may read /metrics: a client address in DUBAN_METRICS_ALLOW (loopback by default), or a
    caller presenting DUBAN_METRICS_TOKEN as a bearer token (when set)."""

    def __init__(self, allow: Iterable[str], token: str) -> None:
        self.networks = [ipaddress.ip_network(entry, strict=False) for entry in allow]
        self.token = token.encode()

    def allows(self, request: Request) -> bool:
        if self.token:
            scheme, _, secret = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() == "bearer" and hmac.compare_digest(secret.strip().encode(), self.token):
                return True
        host = request.client.host if request.client else ""
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped  # a dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d
        return any(address in network for network in self.networks)


def metrics_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    access = ScrapeAccess(settings.metrics_allow, settings.metrics_token)

    async def metrics(request: Request) -> Response:
        if not access.allows(request):
            request_id = request_id_for(request.headers)
            refusal = RefusedRequest(403, ErrorCode.FORBIDDEN, FORBIDDEN)
            return JSONResponse(
                refusal_body(refusal, request_id), status_code=403, headers={"x-request-id": request_id}
            )
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Families(await _database_families()))
        body = _process_metrics() + generate_latest(registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return metrics
