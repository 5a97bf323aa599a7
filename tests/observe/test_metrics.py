"""GET /metrics over real HTTP on the real database: requests by operation and outcome, latency and SQL
statements per request, job runs, gauges that match the database, bounded labels, who may scrape."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import httpx
import pytest

from models.digest import Digest, DigestPeriod
from models.overdue import OverdueFlag, OverdueKind
from models.settings import Settings
from schema.metrics import MAX_OPERATION_LABELS
from tests.cli.conftest import ROOT
from tests.conftest import _http_client, _running_app
from tests.helpers import Clock, Gql, count_sql
from tests.observe.conftest import SCRAPE_TOKEN, Samples, scrape, value

VIEWER = "query Viewer { viewer { name role } }"
UNITS = "query UnitsPage { units(first: 5) { totalCount nodes { code name } } }"
RUN_JOB = """
mutation RunJob($name: String!) {
  runJob(input: {name: $name}) { jobRun { name status } userErrors { code } }
}"""


def _delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


async def test_operations_are_counted_by_name_and_outcome(gql: Gql, client: httpx.AsyncClient) -> None:
    before = await scrape(client)
    await gql(VIEWER)
    await gql(VIEWER)
    refused = await gql.raw(RUN_JOB, {"name": "no-such-job"})
    assert refused["data"]["runJob"]["userErrors"][0]["code"] == "UNKNOWN_JOB"
    invalid = await gql.raw("query Broken { viewer { noSuchField } }")
    assert invalid["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    anonymous = await client.post("/graphql", json={"query": VIEWER})
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await gql.raw("{ viewer { name } }")
    after = await scrape(client)

    def requests(operation: str, outcome: str) -> float:
        return _delta(before, after, "duban_requests_total", operation=operation, outcome=outcome)

    assert requests("Viewer", "ok") == 2
    assert requests("RunJob", "user_error") == 1
    assert requests("Broken", "GRAPHQL_VALIDATION_FAILED") == 1
    assert requests("-", "UNAUTHENTICATED") == 1  # refused before parsing: no name is read
    assert requests("anonymous", "ok") == 1
    assert _delta(before, after, "duban_request_duration_seconds_count", operation="Viewer") == 2
    assert _delta(before, after, "duban_request_duration_seconds_sum", operation="Viewer") > 0


async def test_sql_statements_per_request_are_those_sent(gql: Gql, client: httpx.AsyncClient) -> None:
    before = await scrape(client)
    with count_sql() as counted:
        page = await gql(UNITS)
    assert page["units"]["totalCount"] > 0
    after = await scrape(client)
    assert counted.count > 0
    assert _delta(before, after, "duban_request_sql_statements_count", operation="UnitsPage") == 1
    assert _delta(before, after, "duban_request_sql_statements_sum", operation="UnitsPage") == counted.sent


async def test_a_batch_counts_each_operation_and_times_the_request(
    gql: Gql, client: httpx.AsyncClient
) -> None:
    before = await scrape(client)
    headers = {"Authorization": f"Bearer {gql.tokens['ADMIN']}"}
    answer = await client.post("/graphql", json=[{"query": VIEWER}, {"query": UNITS}], headers=headers)
    assert answer.status_code == 200 and len(answer.json()) == 2
    after = await scrape(client)
    assert _delta(before, after, "duban_requests_total", operation="Viewer", outcome="ok") == 1
    assert _delta(before, after, "duban_requests_total", operation="UnitsPage", outcome="ok") == 1
    assert _delta(before, after, "duban_request_duration_seconds_count", operation="batch") == 1


async def test_a_job_run_is_counted_with_its_status_and_duration(gql: Gql, client: httpx.AsyncClient) -> None:
    before = await scrape(client)
    run = await gql(RUN_JOB, {"name": "overdue"})
    assert run["runJob"]["jobRun"]["status"] == "SUCCEEDED"
    after = await scrape(client)
    assert _delta(before, after, "duban_job_runs_total", job="overdue", status="SUCCEEDED") == 1
    assert _delta(before, after, "duban_job_duration_seconds_count", job="overdue") == 1
    assert _delta(before, after, "duban_job_duration_seconds_sum", job="overdue") > 0


async def _flag(kind: OverdueKind, subject_id: int, cleared: bool) -> None:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    await OverdueFlag.create(
        kind=kind,
        subject_type="Task",
        subject_id=subject_id,
        due_at=when,
        due_date=date(2026, 11, 1),
        detected_at=when,
        cleared_at=when if cleared else None,
    )


async def _digest(key: str, period: DigestPeriod, acknowledged: bool) -> None:
    when = datetime(2026, 11, 2, tzinfo=UTC)
    await Digest.create(
        recipient_key=key,
        period=period,
        period_start=date(2026, 11, 2),
        generated_at=when,
        items=[],
        summary={},
        acknowledged_at=when if acknowledged else None,
    )


async def test_gauges_match_the_database_at_scrape_time(
    gql: Gql, client: httpx.AsyncClient, settings: Settings
) -> None:
    for n, (kind, cleared) in enumerate(
        [(OverdueKind.TASK, False), (OverdueKind.TASK, False), (OverdueKind.TASK, True)]
        + [(OverdueKind.MILESTONE, False), (OverdueKind.RECOMMENDATION, True)]
    ):
        await _flag(kind, n + 1, cleared)
    await _digest("unit:1", DigestPeriod.DAILY, acknowledged=False)
    await _digest("unit:2", DigestPeriod.DAILY, acknowledged=True)
    await _digest("unit:3", DigestPeriod.WEEKLY, acknowledged=False)
    samples = await scrape(client)
    assert value(samples, "duban_database_up") == 1
    for kind in OverdueKind:
        expected = await OverdueFlag.filter(kind=kind, cleared_at=None).count()
        assert value(samples, "duban_overdue_flags_open", kind=kind.value) == expected
        assert ("duban_overdue_flags_open", frozenset({("kind", kind.value)})) in samples
    assert value(samples, "duban_overdue_flags_open", kind="TASK") == 2
    for period in DigestPeriod:
        expected = await Digest.filter(period=period, acknowledged_at=None).count()
        assert value(samples, "duban_digests_unacknowledged", period=period.value) == expected
    assert value(samples, "duban_digests_unacknowledged", period="DAILY") == 1

    await OverdueFlag.filter(kind=OverdueKind.TASK).update(cleared_at=datetime(2026, 11, 3, tzinfo=UTC))
    assert value(await scrape(client), "duban_overdue_flags_open", kind="TASK") == 0

    pool = {state: value(samples, "duban_db_pool_connections", state=state) for state in ("in_use", "idle")}
    if settings.is_postgres:
        assert value(samples, "duban_db_pool_max_connections") == settings.db_pool_size
        assert 1 <= pool["in_use"] + pool["idle"] <= settings.db_pool_size
    else:  # one connection, no pool: nothing is claimed
        assert not any(name.startswith("duban_db_pool") for name, _ in samples)


async def test_operation_labels_are_bounded(gql: Gql, client: httpx.AsyncClient) -> None:
    before = await scrape(client)
    extra = 5
    for n in range(MAX_OPERATION_LABELS + extra):
        await gql(f"query Op{n} {{ viewer {{ name }} }}")
    too_long = "L" + "o" * 64
    await gql(f"query {too_long} {{ viewer {{ name }} }}")
    after = await scrape(client)
    counted = {
        dict(labels)["operation"]
        for (name, labels), v in after.items()
        if name == "duban_requests_total" and v > value(before, name, **dict(labels))
    }
    ops = {label for label in counted if label.startswith("Op")}
    # This app's first label went to the names seen first; everything past the bound is "other".
    assert len(ops) == MAX_OPERATION_LABELS
    assert _delta(before, after, "duban_requests_total", operation="other", outcome="ok") == extra + 1
    assert too_long not in counted


async def test_metrics_are_read_from_the_allowed_addresses_or_with_the_token(app: object) -> None:
    outside = httpx.ASGITransport(app=app, client=("10.20.30.40", 5000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=outside, base_url="http://duban.test") as http:
        refused = await http.get("/metrics")
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        wrong = await http.get("/metrics", headers={"Authorization": "Bearer not-the-token-at-all"})
        assert wrong.status_code == 403
        allowed = await http.get("/metrics", headers={"Authorization": f"Bearer {SCRAPE_TOKEN}"})
        assert allowed.status_code == 200 and "duban_requests_total" in allowed.text
    async with _http_client(app) as loopback:  # 127.0.0.1, in DUBAN_METRICS_ALLOW
        assert (await loopback.get("/metrics")).status_code == 200
    mapped = httpx.ASGITransport(app=app, client=("::ffff:127.0.0.1", 5000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=mapped, base_url="http://duban.test") as http:
        assert (await http.get("/metrics")).status_code == 200  # IPv4 loopback on a dual-stack socket


async def test_metrics_are_off_by_default(settings: Settings, clock: Clock) -> None:
    assert not settings.metrics
    async with _running_app(settings, Clock()) as application, _http_client(application) as http:
        missing = await http.get("/metrics")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("variable", "value_"),
    [
        ("DUBAN_METRICS_TOKEN", "short"),
        ("DUBAN_METRICS_ALLOW", "monitoring.example"),
        ("DUBAN_LOG_FORMAT", "xml"),
    ],
)
def test_malformed_settings_fail_at_start_up(variable: str, value_: str) -> None:
    from models.settings import load_settings

    with pytest.raises(ValueError, match=variable):
        load_settings({variable: value_})


async def test_the_grafana_dashboard_reads_only_metrics_the_service_exposes(
    gql: Gql, client: httpx.AsyncClient, settings: Settings
) -> None:
    dashboard = json.loads((ROOT / "docs" / "grafana-dashboard.json").read_text(encoding="utf-8"))
    exprs = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    used = {name for expr in exprs for name in re.findall(r"\bduban_[a-z_]+", expr)}
    await gql(VIEWER)
    await gql(RUN_JOB, {"name": "overdue"})
    exposed = {name for name, _ in await scrape(client)}
    pool = {"duban_db_pool_connections", "duban_db_pool_max_connections"}
    missing = used - exposed - (set() if settings.is_postgres else pool)
    assert not missing, missing
    assert len(used) >= 10


async def test_downloads_are_counted_as_export(gql: Gql, client: httpx.AsyncClient) -> None:
    before = await scrape(client)
    headers = {"Authorization": f"Bearer {gql.tokens['ADMIN']}"}
    missing = await client.get("/exports/plans/UGxhbjo5OTk5OTk=.xlsx", headers=headers)
    assert missing.status_code == 404
    code = missing.json()["errors"][0]["extensions"]["code"]
    anonymous = await client.get("/exports/plans/UGxhbjo5OTk5OTk=.csv")
    assert anonymous.status_code == 401
    after = await scrape(client)
    assert _delta(before, after, "duban_requests_total", operation="export", outcome=code) == 1
    assert _delta(before, after, "duban_requests_total", operation="export", outcome="UNAUTHENTICATED") == 1
    assert _delta(before, after, "duban_request_duration_seconds_count", operation="export") == 2
