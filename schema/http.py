"""The /graphql HTTP view: authenticates the bearer token, assigns a request id, shapes errors."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from graphql import ExecutionResult
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse

from resolvers.access import Scope
from resolvers.auth import authenticate
from schema.context import Context
from schema.extensions import error_payload

__all__ = ["GraphQLView"]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class GraphQLView(GraphQL[Context, None]):
    """`clock` is injectable so tests and jobs can fix "now"."""

    def __init__(self, schema: Any, clock: Callable[[], datetime] = _utcnow, **kwargs: Any) -> None:
        super().__init__(schema, **kwargs)
        self.clock = clock

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        request.state.request_id = request_id
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        actor = None
        if scheme.lower() == "bearer" and secret.strip():
            actor = await authenticate(secret.strip(), self.clock())
        scope = Scope(actor=actor, request_id=request_id, clock=self.clock) if actor else None
        response.headers["x-request-id"] = request_id
        return Context(request, scope, response)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:  # type: ignore[override]
        request_id = getattr(request.state, "request_id", None)
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            data["errors"] = [error_payload(e, request_id) for e in result.errors]
        if result.extensions:
            data["extensions"] = result.extensions
        return data
