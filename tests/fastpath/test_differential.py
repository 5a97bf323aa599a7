"""The fast path (models/fast) against the stock libraries' paths (`DUBAN_FAST_PATH=off`): the same
requests on the same rows, every response compared byte for byte, as each role, with good pages, a
trace across types, figures, and refused and invalid requests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise import connections

from bench.queries import DASHBOARD, FIGURES, LIST, LIST_TOTAL, TRACE
from main import create_app
from models import fast
from models.settings import Settings
from resolvers.access import SYSTEM, Scope
from resolvers.demo import chains, complaints, ledger, supervision
from schema.node import encode_id
from tests.conftest import LIFESPAN_TIMEOUT, _http_client, _issue_tokens, _running_app, _seed_units
from tests.helpers import Clock

STATUSES = ["RECEIVED", "DISPATCHED", "CONTACTED", "REPLIED", "RESOLVED", "REOPENED", "CLOSED"]
NODES = """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
  ... on Complaint { serialNo title status contactDueAt contactedAt contactInTime enterprise { name creditCode }
    handlingUnit { code name parent { code } } breaches { stage dueAt metAt } }
  ... on Task { code title taskStatus: status } } }"""
UNITS = (
    "{ units(first: 100) { totalCount nodes { code name kind level parent { code } children { code } } } }"
)
REQUESTS: list[tuple[str, str, str]] = [  # (name, query, role); variables by name below
    ("viewer", "{ viewer { name role unit { code name } } }", "UNIT_OPERATOR"),
    ("units", UNITS, "VIEWER"),
    ("list", LIST, "ADMIN"),
    ("list_viewer", LIST, "VIEWER"),  # contacts masked
    ("list_operator", LIST, "UNIT_OPERATOR"),
    ("list_total", LIST_TOTAL, "ADMIN"),
    ("list_empty", LIST, "ADMIN"),
    ("dashboard", DASHBOARD, "SUPERVISOR"),
    ("figures", FIGURES, "ADMIN"),
    ("trace", TRACE, "INSPECTOR"),
    ("trace_refused", TRACE, "VIEWER"),  # cases are confidential
    ("nodes", NODES, "ADMIN"),
    ("bad_argument", LIST, "ADMIN"),  # first: -1
    ("invalid", "{ complaints(first: 5) { nodes { noSuchField } } }", "ADMIN"),
]


async def _variables(now: datetime) -> dict[str, dict[str, object]]:
    conn = connections.get("default")
    from bench.queries import TRACE_CASE

    _, cases = await conn.execute_query(TRACE_CASE)
    _, rows = await conn.execute_query("SELECT id FROM complaint ORDER BY id LIMIT 5")
    _, tasks = await conn.execute_query("SELECT id FROM task ORDER BY id LIMIT 3")
    ids = [encode_id("Complaint", r["id"]) for r in rows] + [encode_id("Task", r["id"]) for r in tasks]
    since = (now - timedelta(days=3650)).isoformat()
    listing = {"first": 100, "unit": "DY", "status": STATUSES, "from": since}
    month = {"from": (now - timedelta(days=400)).date().isoformat(), "to": now.date().isoformat()}
    return {
        "list": listing,
        "list_viewer": listing,
        "list_operator": {**listing, "unit": "DY.DYQ"},
        "list_total": {**listing, "first": 7},
        "list_empty": {**listing, "unit": "NO.SUCH"},
        "dashboard": {"county": "DY.DYQ", **month},
        "figures": month,
        "trace": {"id": encode_id("Case", cases[0]["id"] if cases else 0)},
        "trace_refused": {"id": encode_id("Case", cases[0]["id"] if cases else 0)},
        "nodes": {"ids": ids},
        "bad_argument": {**listing, "first": -1},
    }


async def _requests(
    http: httpx.AsyncClient, tokens: dict[str, str], variables: dict[str, dict[str, object]]
) -> list[bytes]:
    bodies = []
    for name, query, role in REQUESTS:
        response = await _post(http, query, variables.get(name, {}), tokens[role], name)
        bodies.append(response.content)
    return bodies


async def _post(
    http: httpx.AsyncClient, query: str, variables: dict[str, object], secret: str, name: str
) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {secret}", "X-Request-Id": f"diff-{name}"},
    )


async def test_the_fast_path_answers_byte_for_byte_as_the_stock_path(settings: Settings) -> None:
    """One seeding; the fast app answers, then the stock app answers on the same rows and tokens."""
    clock = Clock(datetime(2026, 11, 25, 8, tzinfo=UTC))
    try:
        async with (
            _running_app(dataclasses.replace(settings, fast_path="on"), clock) as application,
            _http_client(application) as http,
        ):
            assert fast.enabled("short_path") and fast.enabled("rows") and fast.enabled("by_id")
            scope = Scope(actor=SYSTEM, request_id="seed", clock=clock)
            await _seed_units(scope)
            for step in (ledger.seed, complaints.seed, supervision.seed, chains.seed):
                await step(scope)
            tokens = await _issue_tokens()
            variables = await _variables(clock())
            on = await _requests(http, tokens, variables)
        stock = create_app(dataclasses.replace(settings, fast_path="off"), clock=clock)
        assert not any(fast.enabled(p) for p in fast.PIECES)
        async with (
            LifespanManager(
                stock, startup_timeout=LIFESPAN_TIMEOUT, shutdown_timeout=LIFESPAN_TIMEOUT
            ) as manager,
            _http_client(manager.app) as http,
        ):
            off = await _requests(http, tokens, variables)
            _, counted = await connections.get("default").execute_query("SELECT count(*) AS n FROM complaint")
    finally:
        fast.configure("on")
    assert int(counted[0]["n"]) > 20
    for (name, _, _), a, b in zip(REQUESTS, on, off, strict=True):
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        assert a == b, (name, a[max(0, at - 300) : at + 100], b[max(0, at - 300) : at + 100])
    # The requests exercise what they claim: pages with rows, a trace, errors.
    by_name = dict(zip((r[0] for r in REQUESTS), on, strict=True))
    assert by_name["list"].count(b'"serialNo"') > 10 and b'"breaches"' in by_name["list"]
    assert b'"timeline"' in by_name["trace"] and b'"errors"' in by_name["trace_refused"]
    assert b'"errors"' in by_name["bad_argument"] and b'"errors"' in by_name["invalid"]
    assert b'"errors"' not in by_name["dashboard"] and b'"errors"' not in by_name["nodes"]


def test_an_unknown_piece_fails_at_start_up() -> None:
    from models.settings import load_settings

    with pytest.raises(ValueError, match="unknown: rowz"):
        load_settings({"DUBAN_FAST_PATH": "rows,rowz"})
    assert load_settings({"DUBAN_FAST_PATH": "rows,by_id"}).fast_path == "rows,by_id"


def test_other_library_versions_are_refused_with_their_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(fast.PINS, "tortoise-orm", "0.0.1")
    with pytest.raises(
        fast.FastPathVersionError, match=r"tortoise-orm 0\.0\.1.*installed: .*tortoise-orm 1\.1\.9"
    ):
        fast.configure("on")
    fast.configure("off")  # the stock paths need no pin
    monkeypatch.undo()
    fast.configure("on")
