"""Per-request context: the caller's scope (actor, clock, request id) and per-request dataloaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.requests import Request
from strawberry.dataloader import DataLoader
from strawberry.types import Info as _Info

from resolvers.access import Actor, Scope
from resolvers.errors import RequestError

__all__ = ["Context", "Info", "Loaders"]

BatchFn = Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]


class Loaders:
    """One DataLoader per batch function per request: created lazily, never shared across requests."""

    def __init__(self) -> None:
        self._loaders: dict[BatchFn, DataLoader[Any, Any]] = {}

    def __call__(self, batch: BatchFn) -> DataLoader[Any, Any]:
        loader = self._loaders.get(batch)
        if loader is None:
            loader = self._loaders[batch] = DataLoader(load_fn=batch)
        return loader


class Context:
    def __init__(self, request: Request | None, scope: Scope | None, response: Any = None) -> None:
        self.request = request
        self.response = response
        self._scope = scope
        self.loaders = Loaders()

    @property
    def authenticated(self) -> bool:
        return self._scope is not None

    @property
    def scope(self) -> Scope:
        if self._scope is None:
            raise RequestError("UNAUTHENTICATED", "需要有效的访问令牌 (a valid bearer token is required)")
        return self._scope

    @property
    def actor(self) -> Actor:
        return self.scope.actor

    @property
    def request_id(self) -> str | None:
        return self._scope.request_id if self._scope else None


Info = _Info[Context, None]
