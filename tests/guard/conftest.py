"""Fixtures for the limits: the same app built with other settings, sharing the test database."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest

from main import create_app
from models.settings import Settings
from tests.helpers import Clock, Gql


@pytest.fixture
def gql_with(
    app: object, settings: Settings, clock: Clock, tokens: dict[str, str]
) -> Callable[..., AbstractAsyncContextManager[Gql]]:
    """`async with gql_with(max_batch=2) as gql:` — an app with these settings over the same database
    (already opened by `app`'s lifespan, so this one needs none)."""

    @asynccontextmanager
    async def make(**overrides: object) -> AsyncIterator[Gql]:
        other = create_app(dataclasses.replace(settings, **overrides), clock=clock)
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://duban.test") as http:
            yield Gql(http, tokens)

    return make
