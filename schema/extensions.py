"""Schema extensions: authentication required before execution, and coded errors for every failure."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from graphql.execution import ExecutionResult
from strawberry.extensions import SchemaExtension

from resolvers.errors import RequestError, UserError

__all__ = ["RequireAuthentication", "error_payload", "log_unexpected_errors"]

log = logging.getLogger("duban.graphql")


class RequireAuthentication(SchemaExtension):
    """Without a valid bearer token nothing executes: one UNAUTHENTICATED error, no data."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if not getattr(context, "authenticated", False):
            self.execution_context.result = ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "需要有效的访问令牌 (a valid bearer token is required: Authorization: Bearer …)",
                        extensions={"code": "UNAUTHENTICATED"},
                    )
                ],
            )
        yield


def log_unexpected_errors(errors: list[GraphQLError], request_id: str | None) -> None:
    for error in errors:
        original = error.original_error
        if original is not None and not isinstance(original, RequestError | UserError):
            log.error("request %s: unexpected error at %s", request_id, error.path, exc_info=original)


def error_payload(error: GraphQLError, request_id: str | None) -> dict[str, object]:
    """The client's view of an error: a message and a stable code; never a stack trace or SQL."""
    original = error.original_error
    body: dict[str, object] = {"message": error.message}
    if error.locations:
        body["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        body["path"] = error.path
    extensions: dict[str, object] = dict(error.extensions or {})
    if isinstance(original, RequestError):
        body["message"] = original.message
        extensions = {"code": original.code, **original.details}
    elif isinstance(original, UserError):
        body["message"] = original.message
        extensions = {"code": original.code}
    elif original is not None:
        body["message"] = f"内部错误 (internal error); 请求编号 request id {request_id}"
        extensions = {"code": "INTERNAL_ERROR"}
    elif "code" not in extensions:
        extensions["code"] = "GRAPHQL_VALIDATION_FAILED"
    if request_id:
        extensions["requestId"] = request_id
    body["extensions"] = extensions
    return body
