"""Observability fixtures: the real app with /metrics and JSON request logs on, and a scrape parser."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from models.settings import Settings
from tests.conftest import _running_app
from tests.helpers import Clock

SCRAPE_TOKEN = "scrape-token-0123456789"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def observed_settings(settings: Settings) -> Settings:
    """Metrics on, readable from loopback (the test client's address) or with the scrape token."""
    return dataclasses.replace(
        settings, metrics=True, log_format="json", metrics_token=SCRAPE_TOKEN, metrics_allow=("127.0.0.1",)
    )


@pytest.fixture
async def app(settings: Settings, clock: Clock) -> AsyncIterator[object]:
    """Replaces the suite's `app` here: `client`, `tokens` and `gql` then talk to this one."""
    async with _running_app(observed_settings(settings), clock) as application:
        yield application


def parse(text: str) -> Samples:
    """Every sample of a Prometheus text exposition by (name, labels)."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return parse(response.text)


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)
