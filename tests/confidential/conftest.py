"""The world the confidentiality tests probe: the demo's data after the overdue and digest jobs, with rows
of every scoped kind in the unit operator's own subtree (DY.DYQ), a sibling county and the city."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import httpx
import pytest

from jobs.runner import run_job
from main import create_app
from models.complaint import ComplaintChannel, ComplaintKind
from models.enterprise import Enterprise
from models.settings import Settings
from models.supervision import InterviewReason, SupervisionSource
from resolvers.access import Scope
from resolvers.complaints import followup, handling, intake
from resolvers.demo import chains, complaints, ledger, mechanisms, supervision
from resolvers.supervision import actions as items
from resolvers.supervision import interviews
from tests.helpers import Clock, Gql

# One handled complaint, one supervision item and one interview per region, beside the demo's own.
REGIONS = {"own": "DY.DYQ.XD", "sibling": "DY.KLQ", "city": "DY.SPJ"}


async def _complaint_with_extension(scope: Scope, unit_code: str, n: int) -> None:
    enterprise = await Enterprise.all().order_by("id").first()
    assert enterprise is not None
    complaint = await intake.receive_complaint(
        scope,
        intake.ReceiveComplaint(
            channel=ComplaintChannel.HOTLINE_12345,
            kind=ComplaintKind.HELP,
            title=f"保密测试诉求 {n}",
            content="企业反映审批材料被多次退回",
            external_ref=f"CONF-{n}",
            enterprise_id=enterprise.id,
        ),
    )
    await handling.dispatch_complaint(scope, handling.DispatchComplaint(complaint.id, unit_code))
    due = scope.now().replace(year=scope.now().year + 1)
    await followup.request_extension(scope, followup.RequestExtension(complaint.id, due, "涉及跨部门协调"))


async def _item_and_interview(scope: Scope, unit_code: str, n: int) -> None:
    await items.open_supervision_item(
        scope,
        items.OpenSupervisionItem(
            title=f"保密测试督办 {n}",
            responsible_unit_code=unit_code,
            due_on=date(2026, 11, 30),
            source=SupervisionSource.LEADER_INSTRUCTION,
        ),
    )
    await interviews.record_interview(
        scope,
        interviews.RecordInterview(
            unit_code=unit_code, held_on=date(2026, 11, 20), reason=InterviewReason.OTHER
        ),
    )


async def seed_world(scope: Scope, clock: Clock) -> None:
    for step in (ledger.seed, complaints.seed, mechanisms.seed, supervision.seed, chains.seed):
        await step(scope)
    for n, unit_code in enumerate(REGIONS.values()):
        await _complaint_with_extension(scope, unit_code, n)
        await _item_and_interview(scope, unit_code, n)
    clock.advance(days=56)  # a Tuesday: the daily digests go out, and much is overdue
    for name in ("overdue", "digests"):
        run = await run_job(name, clock())
        assert run is not None and run.status.value == "SUCCEEDED", run and run.error


@pytest.fixture
async def world(scope: Scope, clock: Clock, units: None) -> None:
    await seed_world(scope, clock)


@asynccontextmanager
async def _service(
    settings: Settings, clock: Clock, tokens: dict[str, str], **overrides: object
) -> AsyncIterator[Gql]:
    """The same service over the same database (opened by `app`'s lifespan) with other settings."""
    other = create_app(dataclasses.replace(settings, **overrides), clock=clock)
    transport = httpx.ASGITransport(app=other)
    async with httpx.AsyncClient(transport=transport, base_url="http://duban.test") as http:
        yield Gql(http, tokens)


@pytest.fixture
async def closed(app: object, settings: Settings, clock: Clock, tokens: dict[str, str]) -> AsyncIterator[Gql]:
    """With introspection off (DUBAN_INTROSPECTION=off)."""
    async with _service(settings, clock, tokens, introspection=False) as gql:
        yield gql


@pytest.fixture
async def probe(app: object, settings: Settings, clock: Clock, tokens: dict[str, str]) -> AsyncIterator[Gql]:
    """Without the rate limit: the probes send thousands of requests per token."""
    async with _service(settings, clock, tokens, rate_limit_burst=10**6, rate_limit_per_minute=10**6) as gql:
        yield gql
