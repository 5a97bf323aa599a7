"""The /graphql HTTP view: authenticates the bearer token before reading the body, assigns a request
id, rate-limits, parses the body safely, caps batches, shapes errors (always JSON with a code)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from cross_web import HTTPException, StarletteRequestAdapter, parse_content_type
from graphql import ExecutionResult
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Send
from starlette.types import Scope as AsgiScope
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types.unset import UNSET

from models import epoch
from resolvers.access import Scope
from resolvers.auth import authenticate_observing
from resolvers.errors import RequestError
from schema.context import Context
from schema.extensions import error_payload
from schema.failures import database_refusal
from schema.guard import RateLimiter, RefusedRequest, refusal_body, refusal_for_status, request_id_for

__all__ = ["GraphQLView"]

log = logging.getLogger("duban.http")

UNAUTHENTICATED = "需要有效的访问令牌 (a valid bearer token is required: Authorization: Bearer …)"


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _rate_key(request: Request, context: Context) -> str:
    """Whose bucket a request spends: its token's; without a valid token, its client address's."""
    if context.authenticated:
        return f"token:{context.actor.token_id}"
    return f"addr:{request.client.host if request.client else '-'}"


def _decode_body(data: str | bytes) -> object:
    """JSON by orjson, which refuses invalid UTF-8 and nesting deeper than 1024 without recursing in
    Python; a body must be an operation (an object) or a batch (an array of objects)."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise RefusedRequest(400, "INVALID_JSON", f"请求体不是有效的 JSON (invalid JSON: {exc})") from exc
    if isinstance(value, dict) or (
        isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
    ):
        return value
    raise RefusedRequest(
        400,
        "BAD_REQUEST",
        "请求应为 JSON 对象或对象数组 (a request is a JSON object, or an array of objects for a batch)",
    )


def _check_operation(operation: GraphQLRequestData) -> None:
    # Strawberry checks these types for a single operation but not for each operation of a batch.
    if not isinstance(operation.query, str | None) or not isinstance(operation.variables, dict | None):
        raise RefusedRequest(
            400,
            "BAD_REQUEST",
            "请求无效 (bad request: `query` must be a string and `variables` an object)",
        )
    if not isinstance(operation.operation_name, str | None):
        raise RefusedRequest(400, "BAD_REQUEST", "请求无效 (bad request: `operationName` must be a string)")


def export_refusal(request: Request, status: int, exc: RequestError) -> JSONResponse:
    """A refused download (401, 403, 404) answered like any refused request: JSON with a code."""
    request_id = request_id_for(request.headers)
    refusal = RefusedRequest(status, exc.code, exc.message)
    refusal.details = dict(exc.details)
    return JSONResponse(
        refusal_body(refusal, request_id), status_code=status, headers={"x-request-id": request_id}
    )


class _RequestAdapter(StarletteRequestAdapter):
    """Strawberry's view of the request, keeping the request itself (parsing needs its state)."""

    def __init__(self, request: Request) -> None:
        super().__init__(request)
        self.request = request


class GraphQLView(GraphQL[Context, None]):
    """`clock` is injectable so tests and jobs can fix "now" (the rate limiter reads it too)."""

    request_adapter_class = _RequestAdapter

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

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        except HTTPException as exc:
            raise refusal_for_status(exc.status_code, exc.reason) from exc

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except RefusedRequest as exc:
            request = Request(scope)
            request_id = getattr(request.state, "request_id", None) or request_id_for(request.headers)
            if exc.status >= 400:  # an anonymous request's answer is not logged: floods must not fill logs
                log.info("request %s refused: %s %s", request_id, exc.code, exc.details)
            headers = {**exc.headers, "x-request-id": request_id}
            response = JSONResponse(refusal_body(exc, request_id), status_code=exc.status, headers=headers)
            await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        return _decode_body(data)

    async def parse_http_body(self, request_adapter: _RequestAdapter) -> Any:  # type: ignore[override]
        # Without a valid token nothing is parsed or validated: an anonymous request costs a header read.
        request: Request = request_adapter.request
        context: Context = request.state.context
        if not context.authenticated:
            if self.limiter is not None:
                self.limiter.take(_rate_key(request, context))
            raise RefusedRequest(200, "UNAUTHENTICATED", UNAUTHENTICATED)
        content_type, _ = parse_content_type(request_adapter.content_type or "")
        if request.method == "POST" and "application/json" not in content_type:
            raise RefusedRequest(
                400,
                "UNSUPPORTED_CONTENT_TYPE",
                "请求体须为 JSON (the body must be sent as content-type: application/json)",
            )
        parsed = await super().parse_http_body(request_adapter)
        for operation in parsed if isinstance(parsed, list) else [parsed]:
            _check_operation(operation)
        return parsed

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
        try:
            return await super().execute_operation(
                request, request_adapter, request_data, context, root_value, sub_response
            )
        finally:
            # The observation is this request's; a caller sharing the task (an in-process client) reads anew.
            epoch.forget()

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
            actor, observed = await authenticate_observing(secret.strip(), self.clock())
            # The operation's unit lookups trust the caches read under this epoch (models/epoch.py).
            epoch.observe(observed)
        scope = Scope(actor=actor, request_id=request_id, clock=self.clock) if actor else None
        response.headers["x-request-id"] = request_id
        context = Context(request, scope, response)
        request.state.context = context  # read by `parse_http_body`, which strawberry hands no context
        return context

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:  # type: ignore[override]
        for error in result.errors or ():
            refusal = database_refusal(error)
            if refusal is not None:
                # The database went away or stayed busy during execution: the whole answer is 503, as for
                # any route (a mutation's transaction was rolled back).
                raise refusal
        request_id = getattr(request.state, "request_id", None)
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            data["errors"] = [error_payload(e, request_id) for e in result.errors]
        if result.extensions:
            data["extensions"] = result.extensions
        return data
