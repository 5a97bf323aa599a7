"""Schema extensions: authentication required before execution, unusable input refused, and coded errors
for every failure (a client's mistake gets a client code; INTERNAL_ERROR is kept for our own defects)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, StringValueNode, Visitor, visit
from graphql.execution import ExecutionResult
from strawberry.extensions import SchemaExtension
from tortoise.exceptions import ValidationError

from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError, UserError, refused_value

__all__ = ["RefuseUnusableInput", "RequireAuthentication", "error_payload", "log_unexpected_errors"]

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
                        extensions={"code": ErrorCode.UNAUTHENTICATED},
                    )
                ],
            )
        yield


# A NUL cannot be stored by PostgreSQL (text or jsonb) and a lone surrogate cannot be encoded as UTF-8
# by either database or by the JSON writer: both are refused before anything runs, on both databases.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# No input list means more (366 calendar days is the longest legitimate one); 40,000 enum names in a
# filter exceeded PostgreSQL's 32,767 query parameters. Inline, the token limit already bounds lists.
MAX_LIST_ITEMS = 1000


def _printable(name: str) -> str:
    return ascii(name) if _UNSTORABLE.search(name) else name


def _unusable_at(value: object, path: str) -> tuple[str, str] | None:
    """(path, what is wrong) of the first unusable part of a variable's JSON value: a string (or key)
    holding an unstorable character, or a list longer than any input needs."""
    stack: list[tuple[object, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return where, _UNSTORABLE_TEXT
        elif isinstance(item, dict):
            for key, inner in item.items():
                if _UNSTORABLE.search(str(key)):
                    return f"{where}.{_printable(str(key))}", _UNSTORABLE_TEXT
                stack.append((inner, f"{where}.{key}"))
        elif isinstance(item, list):
            if len(item) > MAX_LIST_ITEMS:
                return where, f"列表过长 (a list holds at most {MAX_LIST_ITEMS} items, got {len(item)})"
            stack.extend((inner, f"{where}[{n}]") for n, inner in enumerate(item))
    return None


class _StringLiterals(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: StringValueNode | None = None

    def enter_string_value(self, node: StringValueNode, *_args: object) -> None:
        if self.found is None and _UNSTORABLE.search(node.value):
            self.found = node


_UNSTORABLE_TEXT = (
    "文本含有空字符或孤立代理项 (text holds a NUL character or a lone UTF-16 surrogate, which cannot be "
    "stored; remove it)"
)


def _unusable_error(where: str, what: str, node: StringValueNode | None = None) -> GraphQLError:
    return GraphQLError(f"{what} at {where}", node, extensions={"code": ErrorCode.BAD_USER_INPUT})


class RefuseUnusableInput(SchemaExtension):
    """Every string and list a request carries, in its variables or inline, is checked here once:
    one BAD_USER_INPUT naming where, instead of a database error deep in some resolver."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.result is None:
            error = self._variables_error() or self._literal_error()
            if error is not None:
                context.result = ExecutionResult(data=None, errors=[error])
        yield

    def _variables_error(self) -> GraphQLError | None:
        for name, value in (self.execution_context.variables or {}).items():
            found = _unusable_at(value, f"${_printable(name)}")
            if found is not None:
                return _unusable_error(*found)
        return None

    def _literal_error(self) -> GraphQLError | None:
        # Inline, such characters are written as escapes, or raw inside a block string ("""…"""):
        # documents with neither skip the walk.
        query = self.execution_context.query or ""
        document = self.execution_context.graphql_document
        if document is None or ("\\u" not in query and _UNSTORABLE.search(query) is None):
            return None
        literals = _StringLiterals()
        visit(document, literals)
        if literals.found is None:
            return None
        return _unusable_error("an inline string", _UNSTORABLE_TEXT, literals.found)


def _known_code(extensions: dict[str, Any] | None, default: ErrorCode) -> ErrorCode:
    """The code an error carries when it is one of ours, else `default`: every code a client sees is an
    `ErrorCode` member, even one a library put there."""
    code = (extensions or {}).get("code")
    return ErrorCode[code] if isinstance(code, str) and code in ErrorCode.__members__ else default


def _client_view(error: GraphQLError) -> tuple[ErrorCode, str, dict[str, object]] | None:
    """(code, message, details) of an error the caller caused; None for our own defect."""
    original = error.original_error
    if isinstance(original, RequestError):
        return original.code, original.message, dict(original.details)
    if isinstance(original, UserError):
        return original.code, original.message, {}
    if isinstance(original, ValidationError):
        # A value longer than its column (or out of its range) compared or written: the caller's value.
        refused = refused_value(original)
        return ErrorCode.BAD_USER_INPUT, refused.message, {"field": (refused.field or ["input"])[-1]}
    if original is None:
        return _known_code(error.extensions, ErrorCode.GRAPHQL_VALIDATION_FAILED), error.message, {}
    if isinstance(original, GraphQLError) and error.path is None:
        # graphql-core refusing a variable's value (wrong type, unknown enum name, missing, a scalar's
        # parse error): raised before execution, so without a path; field errors always have one.
        code = _known_code(original.extensions, ErrorCode.BAD_USER_INPUT)
        return code, f"输入值无效 (invalid input value): {error.message}", {}
    return None


def log_unexpected_errors(errors: list[GraphQLError], request_id: str | None) -> None:
    for error in errors:
        if _client_view(error) is None:
            log.error(
                "request %s: unexpected error at %s", request_id, error.path, exc_info=error.original_error
            )


def error_payload(error: GraphQLError, request_id: str | None) -> dict[str, object]:
    """The client's view of an error: a message and a stable code; never a stack trace or SQL."""
    body: dict[str, object] = {"message": error.message}
    if error.locations:
        body["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        body["path"] = error.path
    view = _client_view(error)
    extensions: dict[str, object] = dict(error.extensions or {})
    if view is None:
        body["message"] = f"内部错误 (internal error); 请求编号 request id {request_id}"
        extensions = {"code": ErrorCode.INTERNAL_ERROR}
    else:
        code, body["message"], details = view
        if error.original_error is not None:
            extensions = {}
        extensions.update({"code": code, **details})
    if request_id:
        extensions["requestId"] = request_id
    body["extensions"] = extensions
    return body
