"""Per-request context: the caller's scope (actor, clock, request id) and per-request dataloaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Any

from starlette.requests import Request
from strawberry.dataloader import DataLoader
from strawberry.types import Info as _Info

from resolvers.access import Actor, Scope
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError

__all__ = ["Context", "Info", "Loaders"]

BatchFn = Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]


class Loaders:
    """One DataLoader per batch function per request: created lazily, never shared across requests."""

    def __init__(self) -> None:
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}

    def __call__(self, batch: BatchFn) -> DataLoader[Any, Any]:
        return self.keyed(batch, batch)

    def keyed(self, key: Hashable, batch: BatchFn) -> DataLoader[Any, Any]:
        """The loader kept under `key`, created with `batch` the first time.

        For batch functions made per call (closing over a field's arguments): the first call's
        function serves every later one with the same key.
        """
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = DataLoader(load_fn=batch)
        return loader

    async def prime(self, batch: BatchFn, keys: Iterable[Any]) -> None:
        """Loads these keys in one batch now, so `ready` finds them (a page's related rows).

        The batch function is called directly and its values put in the loader's cache: going
        through `load_many` would create a future, a task entry and a callback per key.
        """
        loader = self(batch)
        missing = sorted({k for k in keys if k is not None and loader.cache_map.get(k) is None})
        if not missing:
            return
        values = await batch(missing)
        # A key whose value is an error stays unprimed: its reader loads it and gets the error there.
        loader.prime_many(
            {k: v for k, v in zip(missing, values, strict=True) if not isinstance(v, BaseException)}
        )

    def ready(self, batch: BatchFn, key: Any) -> Any:
        """The loaded value when the key is already loaded, else the awaitable load.

        A resolver that returns a value completes synchronously: for a list of 100 nodes this
        spares graphql-core an awaitable (and its task) per node and per field.
        """
        loader = self(batch)
        future = loader.cache_map.get(key)
        if future is not None and future.done() and not future.cancelled() and future.exception() is None:
            return future.result()
        return loader.load(key)


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
            raise RequestError(
                ErrorCode.UNAUTHENTICATED, "需要有效的访问令牌 (a valid bearer token is required)"
            )
        return self._scope

    @property
    def actor(self) -> Actor:
        return self.scope.actor

    @property
    def request_id(self) -> str | None:
        return self._scope.request_id if self._scope else None


Info = _Info[Context, None]
