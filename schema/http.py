"""The /graphql HTTP view: authenticates the bearer token before reading the body, assigns a request
id, rate-limits, parses the body safely, caps batches, shapes errors (always JSON with a code), and
answers by the GraphQL-over-HTTP specification's media type negotiation (`negotiate`)."""

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
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types.unset import UNSET

from resolvers.access import Scope
from resolvers.auth import authenticate
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from schema.context import Context
from schema.extensions import error_payload
from schema.failures import database_refusal
from schema.guard import (
    RateLimiter,
    RefusedRequest,
    SharedRateLimiter,
    refusal_body,
    refusal_for_status,
    request_id_for,
)

__all__ = ["GRAPHQL_RESPONSE_JSON", "GraphQLView", "bearer_challenge", "negotiate"]

log = logging.getLogger("duban.http")

UNAUTHENTICATED = "需要有效的访问令牌 (a valid bearer token is required: Authorization: Bearer …)"


# The GraphQL-over-HTTP media types: the specification's own, whose status codes tell a request error
# (400, no `data`) from a result, and the legacy one, always 200 for anything GraphQL answered.
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
# The realm named in every `WWW-Authenticate: Bearer` challenge (RFC 6750 section 3).
REALM = "duban"


def negotiate(accept: str | None) -> str | None:
    """The response's media type for an `Accept` header, or None when it names neither (406).

    By the specification: no `Accept` (or a blank one) is treated as `application/json`, as are
    `*/*` and `application/*` (legacy clients and curl keep today's answers); the highest `q` wins,
    and at equal `q` `application/graphql-response+json` does. A charset other than UTF-8 is not
    offered, and `q=0` refuses a type.
    """
    if accept is None or not accept.strip():
        return JSON
    best: tuple[float, int] = (0.0, -1)
    chosen: str | None = None
    for part in accept.split(","):
        media, *params = (item.strip() for item in part.split(";"))
        media = media.lower()
        if media == GRAPHQL_RESPONSE_JSON:
            candidate, rank = GRAPHQL_RESPONSE_JSON, 1
        elif media in (JSON, "application/*", "*/*"):
            candidate, rank = JSON, 0
        else:
            continue
        weight, usable = 1.0, True
        for param in params:
            name, _, value = param.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"').lower()
            if name == "q":
                try:
                    weight = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    usable = False
            elif name == "charset" and value not in ("utf-8", "utf8"):
                usable = False
        if usable and weight > 0 and (weight, rank) > best:
            best, chosen = (weight, rank), candidate
    return chosen


def media_type_for(request: Request) -> str:
    """The negotiated media type of a request, application/json when nothing acceptable was named."""
    return negotiate(request.headers.get("accept")) or JSON


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media == GRAPHQL_RESPONSE_JSON else media


def bearer_challenge(authorization: str) -> str:
    """The `WWW-Authenticate` value for a request refused as unauthenticated (RFC 6750 section 3):
    without a bearer token, the bare challenge (no error code); a blank one is a malformed request;
    any other token was not accepted (unknown, revoked or expired, told apart only in our records)."""
    scheme, _, secret = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return f'Bearer realm="{REALM}"'
    if not secret.strip():
        return f'Bearer realm="{REALM}", error="invalid_request"'
    return (
        f'Bearer realm="{REALM}", error="invalid_token", '
        'error_description="the access token is unknown, revoked or expired"'
    )


def unauthenticated(request: Request) -> RefusedRequest:
    """401 with the bearer challenge; the body keeps the coded error it always had."""
    challenge = bearer_challenge(request.headers.get("authorization", ""))
    return RefusedRequest(
        401, ErrorCode.UNAUTHENTICATED, UNAUTHENTICATED, headers={"WWW-Authenticate": challenge}
    )


def _is_request_error(result: ExecutionResult) -> bool:
    """Whether GraphQL refused the request before executing it (a document that does not parse or
    validate, variables that do not coerce, a limit): no data, and no error located at a field."""
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors or ())


class _SubResponse(Response):
    """Strawberry's sub-response carrying the negotiated media type to `create_response`."""

    def __init__(self, media: str) -> None:
        super().__init__()
        self.status_code = None  # type: ignore[assignment]  # strawberry's "not set"
        del self.headers["content-length"]  # as strawberry's own: it is merged into the answer's headers
        self.negotiated = media


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
        raise RefusedRequest(
            400, ErrorCode.INVALID_JSON, f"请求体不是有效的 JSON (invalid JSON: {exc})"
        ) from exc
    if isinstance(value, dict) or (
        isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
    ):
        return value
    raise RefusedRequest(
        400,
        ErrorCode.BAD_REQUEST,
        "请求应为 JSON 对象或对象数组 (a request is a JSON object, or an array of objects for a batch)",
    )


def _check_operation(operation: GraphQLRequestData) -> None:
    # Strawberry checks these types for a single operation but not for each operation of a batch.
    if not isinstance(operation.query, str | None) or not isinstance(operation.variables, dict | None):
        raise RefusedRequest(
            400,
            ErrorCode.BAD_REQUEST,
            "请求无效 (bad request: `query` must be a string and `variables` an object)",
        )
    if not isinstance(operation.operation_name, str | None):
        raise RefusedRequest(
            400, ErrorCode.BAD_REQUEST, "请求无效 (bad request: `operationName` must be a string)"
        )
    if not isinstance(operation.extensions, dict | None):
        raise RefusedRequest(
            400, ErrorCode.BAD_REQUEST, "请求无效 (bad request: `extensions` must be an object)"
        )


def export_refusal(request: Request, status: int, exc: RequestError) -> JSONResponse:
    """A refused download (401, 403, 404) answered like any refused request: JSON with a code (and
    for 401 the same bearer challenge /graphql gives)."""
    request_id = request_id_for(request.headers)
    refusal = RefusedRequest(status, exc.code, exc.message)
    refusal.details = dict(exc.details)
    headers = {"x-request-id": request_id}
    if status == 401:
        headers["WWW-Authenticate"] = bearer_challenge(request.headers.get("authorization", ""))
    return JSONResponse(refusal_body(refusal, request_id), status_code=status, headers=headers)


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
        limiter: RateLimiter | SharedRateLimiter | None = None,
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
            if isinstance(exc.__cause__, InvalidOperationTypeError) and request.method == "GET":
                # The specification: a mutation over GET is 405, halted before execution.
                raise RefusedRequest(
                    405,
                    ErrorCode.METHOD_NOT_ALLOWED,
                    "变更须用 POST (a mutation must be sent with POST, not GET)",
                    headers={"Allow": "POST"},
                ) from exc
            raise refusal_for_status(exc.status_code, exc.reason) from exc

    async def get_sub_response(self, request: Request) -> Response:  # type: ignore[override]
        return _SubResponse(media_type_for(request))

    def create_response(  # type: ignore[override]
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """Content type by negotiation; with application/graphql-response+json a request error
        (`process_result` left out `data`) is 400. A batch stays 200: each entry is its own answer."""
        response = super().create_response(response_data, sub_response)
        media = getattr(sub_response, "negotiated", JSON)
        response.headers["content-type"] = content_type(media)
        if isinstance(response_data, dict) and "data" not in response_data:
            response.status_code = 400
        return response

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except RefusedRequest as exc:
            request = Request(scope)
            request_id = getattr(request.state, "request_id", None) or request_id_for(request.headers)
            if exc.status >= 400 and exc.status != 401:
                # An anonymous request's answer is not logged: floods must not fill logs.
                log.info("request %s refused: %s %s", request_id, exc.code, exc.details)
            headers = {**exc.headers, "x-request-id": request_id}
            body = refusal_body(exc, request_id)
            media = JSON if exc.status == 406 else media_type_for(request)
            if media == GRAPHQL_RESPONSE_JSON:
                del body["data"]  # a request refused as a whole has no `data` entry in this media type
            response = JSONResponse(body, status_code=exc.status, headers=headers)
            response.headers["content-type"] = content_type(media)
            await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        return _decode_body(data)

    async def parse_http_body(self, request_adapter: _RequestAdapter) -> Any:  # type: ignore[override]
        # Without a valid token nothing is parsed or validated: an anonymous request costs a header read.
        request: Request = request_adapter.request
        context: Context = request.state.context
        if negotiate(request.headers.get("accept")) is None:
            raise RefusedRequest(
                406,
                ErrorCode.NOT_ACCEPTABLE,
                f"无法提供所接受的类型 (not acceptable): answers are {GRAPHQL_RESPONSE_JSON} or {JSON}",
            )
        if not context.authenticated:
            if self.limiter is not None:
                await self.limiter.take(_rate_key(request, context))
            raise unauthenticated(request)
        content_type, _ = parse_content_type(request_adapter.content_type or "")
        if request.method == "POST" and "application/json" not in content_type:
            raise RefusedRequest(
                400,
                ErrorCode.UNSUPPORTED_CONTENT_TYPE,
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
                ErrorCode.BATCH_TOO_LARGE,
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
            await self.limiter.take(_rate_key(request, context), operations)
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
        if _is_request_error(result) and media_type_for(request) == GRAPHQL_RESPONSE_JSON:
            # The specification: no `data` entry for a request error, answered 400 (`create_response`);
            # application/json keeps `data: null` with 200, as legacy clients expect.
            del data["data"]
        if result.errors:
            data["errors"] = [error_payload(e, request_id) for e in result.errors]
        if result.extensions:
            data["extensions"] = result.extensions
        return data
