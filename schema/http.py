"""The /graphql HTTP view: authenticates the bearer token, assigns a request id, rate-limits, caps
batches, shapes errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from graphql import ExecutionResult
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Send
from starlette.types import Scope as AsgiScope
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData

from resolvers.access import Scope
from resolvers.auth import authenticate
from schema.context import Context
from schema.extensions import error_payload
from schema.guard import RateLimiter, RefusedRequest, refusal_body, request_id_for

__all__ = ["GraphQLView"]

log = logging.getLogger("duban.http")


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _rate_key(request: Request, context: Context) -> str:
    """Whose bucket a request spends: its token's; without a valid token, its client address's."""
    if context.authenticated:
        return f"token:{context.actor.token_id}"
    return f"addr:{request.client.host if request.client else '-'}"


class GraphQLView(GraphQL[Context, None]):
    """`clock` is injectable so tests and jobs can fix "now" (the rate limiter reads it too)."""

    def __init__(
        self,
        schema: Any,
        clock: Callable[[], datetime] = _utcnow,
        limiter: RateLimiter | None = None,
        max_batch: int = 10,
        **kwargs: Any,
    ) -> None:
        super().__init__(schema, **kwargs)
        self.clock = clock
        self.limiter = limiter
        self.max_batch = max_batch

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except RefusedRequest as exc:
            request = Request(scope)
            request_id = getattr(request.state, "request_id", None) or request_id_for(request.headers)
            log.info("request %s refused: %s %s", request_id, exc.code, exc.details)
            headers = {**exc.headers, "x-request-id": request_id}
            response = JSONResponse(refusal_body(exc, request_id), status_code=exc.status, headers=headers)
            await response(scope, receive, send)

    def _validate_batch_request(self, request_data: list[GraphQLRequestData], protocol: Any) -> None:
        # A JSON array body is a batch: each operation runs as its own request (own transaction).
        if len(request_data) > self.max_batch:
            raise RefusedRequest(
                400,
                "BATCH_TOO_LARGE",
                f"批量请求过多 (batch too large): {len(request_data)} operations, the limit is {self.max_batch}",
                limit=self.max_batch,
            )
        super()._validate_batch_request(request_data, protocol)

    async def execute_operation(  # type: ignore[override]
        self,
        request: Request,
        request_adapter: Any,
        request_data: Any,
        context: Context,
        root_value: Any,
        sub_response: Any,
    ) -> Any:
        if self.limiter is not None:
            operations = len(request_data) if isinstance(request_data, list) else 1
            self.limiter.take(_rate_key(request, context), operations)
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )

    def encode_json(self, data: object) -> bytes:  # type: ignore[override]
        # orjson: a page of 100 complaints in 0.06 ms rather than json.dumps's 0.7 ms, Chinese as UTF-8.
        return orjson.dumps(data)

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        request_id = request_id_for(request.headers)
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
