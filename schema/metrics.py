"""Observability of requests: Prometheus metrics (GET /metrics) and one log line per request.

`Observe` wraps the whole app and measures each /graphql and /exports request: duration, SQL
statements (counted from Tortoise's db_client log records, as the tests' `count_sql` does), and the
outcome of each operation as `RecordOutcome` (a schema extension) saw it: ok, user_error (a
payload's userErrors) or the first error's code. Requests refused before execution (no token, rate
limit, body too large …) get the code of their JSON answer.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from prometheus_client import Counter, Histogram, disable_created_metrics
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from resolvers.error_codes import ErrorCode
from schema.extensions import error_payload

__all__ = ["MAX_OPERATION_LABELS", "Observe", "OperationLabels", "RecordOutcome", "SqlStatements"]

access_log = logging.getLogger("duban.access")

# Distinct operation names a process gives their own label; later ones are counted as "other".
# Operation names are client input: without a bound a client could create a series per request.
MAX_OPERATION_LABELS = 50
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,39}")
# A refusal's JSON answer is read for its code only when it is this small (refusals are < 1 KiB).
_MAX_READ_BODY = 64 * 1024

# No `_created` series: they double the exposition and no dashboard reads them.
disable_created_metrics()

REQUESTS = Counter(
    "duban_requests",
    "Operations answered, by operation name and outcome (ok, user_error, or an error code).",
    ["operation", "outcome"],
)
LATENCY = Histogram(
    "duban_request_duration_seconds",
    "HTTP request duration until the last byte of the answer, by operation name.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
STATEMENTS = Histogram(
    "duban_request_sql_statements",
    "SQL statements (SELECT, INSERT, UPDATE, DELETE, WITH) sent for one HTTP request, by operation.",
    ["operation"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144),
)


@dataclass(slots=True)
class RequestRecord:
    """What one HTTP request did, filled in while it runs (child tasks share the same object)."""

    operations: list[tuple[str | None, str]] = field(default_factory=list)  # (name, outcome)
    statements: int = 0


_CURRENT: contextvars.ContextVar[RequestRecord | None] = contextvars.ContextVar("duban_request", default=None)
_SQL_VERBS = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"})


class SqlStatements(logging.Filter):
    """Counts the statements Tortoise logs (at DEBUG, on `tortoise.db_client`) into the current request.

    Tortoise logs every statement it sends, so counting there sees the ORM's, raw SQL's and bulk
    writes' statements alike. The statement is the record's first argument (`"%s: %s", query,
    values`) or its message; the message is never formatted (values may be thousands of rows).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        current = _CURRENT.get()
        if current is not None:
            text = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
            words = text.lstrip()[:8].split(None, 1) if isinstance(text, str) else None
            if words and words[0].upper() in _SQL_VERBS:
                current.statements += 1
        return True


_counting = 0


def start_counting_sql() -> None:
    """Tortoise's statement records are made (DEBUG) and reach `SqlStatements`, and go no further:
    `configure_logging` keeps Tortoise's loggers at WARNING, so statements were never printed."""
    global _counting  # noqa: PLW0603 - one logger per process, shared by every app in it
    logger = logging.getLogger("tortoise.db_client")
    if _counting == 0:
        logger.addFilter(_FILTER)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
    _counting += 1


def stop_counting_sql() -> None:
    global _counting  # noqa: PLW0603
    _counting -= 1
    if _counting == 0:
        logger = logging.getLogger("tortoise.db_client")
        logger.removeFilter(_FILTER)
        logger.setLevel(logging.NOTSET)
        logger.propagate = True


_FILTER = SqlStatements()


class OperationLabels:
    """Operation names as metric labels: valid GraphQL names of at most 64 characters, the first
    MAX_OPERATION_LABELS distinct ones per process; "anonymous" for an unnamed operation, "other"
    past the bound or for a name that is too long."""

    def __init__(self, limit: int = MAX_OPERATION_LABELS) -> None:
        self.limit = limit
        self.known: set[str] = set()

    def __call__(self, name: str | None) -> str:
        if name is None:
            return "anonymous"
        if name in self.known:
            return name
        if not _OPERATION_NAME.fullmatch(name) or len(self.known) >= self.limit:
            return "other"
        self.known.add(name)
        return name


def _outcome(result: Any) -> str:
    if result is None:
        return ErrorCode.INTERNAL_ERROR
    if result.errors:
        code = error_payload(result.errors[0], None)["extensions"]
        return (
            str(code.get("code", ErrorCode.INTERNAL_ERROR))
            if isinstance(code, dict)
            else ErrorCode.INTERNAL_ERROR
        )
    if isinstance(result.data, dict):
        for value in result.data.values():
            if isinstance(value, dict) and value.get("userErrors"):
                return "user_error"
    return "ok"


class RecordOutcome(SchemaExtension):
    """Notes each operation's name and outcome in the request's record (nothing when not observed)."""

    def on_operation(self) -> Iterator[None]:
        yield
        current = _CURRENT.get()
        if current is not None:
            context = self.execution_context
            current.operations.append((context.operation_name, _outcome(context.result)))


def _refusal_code(status: int, body: bytes) -> str:
    """The code of a JSON answer's first error (a refusal), else ok / http_<status>."""
    try:
        errors = orjson.loads(body).get("errors") if body else None
        code = errors[0]["extensions"]["code"] if errors else None
    except (orjson.JSONDecodeError, AttributeError, LookupError, TypeError):
        code = None
    if isinstance(code, str) and _CODE.fullmatch(code):
        return code
    return "ok" if status < 400 else f"http_{status}"


def _operation_text(name: str | None) -> str | None:
    """An operation name as logged: a valid name, else marked (it is client input)."""
    if name is None or _OPERATION_NAME.fullmatch(name):
        return name
    return "(invalid)"


class Observe:
    """ASGI middleware around the whole app: metrics and (with `log_json`) a log line per request."""

    def __init__(self, app: ASGIApp, metrics: bool, log_json: bool) -> None:
        self.app = app
        self.metrics = metrics
        self.log_json = log_json
        self.labels = OperationLabels()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == "/graphql" or path.startswith("/exports/")):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        record = RequestRecord()
        status = 500
        body = bytearray()
        reading = False

        async def observed(message: Message) -> None:
            nonlocal status, reading
            if message["type"] == "http.response.start":
                status = message["status"]
                # An executed operation's outcome is known already; a refusal's is in its small body.
                reading = status != 200 or not record.operations
            elif reading and message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                reading = len(body) <= _MAX_READ_BODY
            await send(message)

        reset = _CURRENT.set(record)
        try:
            await self.app(scope, receive, observed)
        finally:
            _CURRENT.reset(reset)
            seconds = time.perf_counter() - started
            refusal = None if status == 200 and record.operations else _refusal_code(status, bytes(body))
            self._finish(scope, record, status, refusal, seconds)

    def _finish(
        self, scope: Scope, record: RequestRecord, status: int, refusal: str | None, seconds: float
    ) -> None:
        export = scope["path"] != "/graphql"
        if refusal is not None:
            operations = [("export" if export else None, refusal)]
            labels = ["export" if export else "-"]
        else:
            operations = record.operations
            labels = [self.labels(name) for name, _ in operations]
        request_label = labels[0] if len(labels) == 1 else "batch"
        if self.metrics:
            for label, (_, outcome) in zip(labels, operations, strict=True):
                REQUESTS.labels(label, outcome).inc()
            LATENCY.labels(request_label).observe(seconds)
            STATEMENTS.labels(request_label).observe(record.statements)
        if self.log_json:
            self._log(scope, record, status, operations, seconds)

    def _log(
        self,
        scope: Scope,
        record: RequestRecord,
        status: int,
        operations: list[tuple[str | None, str]],
        seconds: float,
    ) -> None:
        state = scope.get("state") or {}
        context = state.get("context")
        actor = context.actor if context is not None and context.authenticated else None
        names = [_operation_text(name) for name, _ in operations]
        outcomes = [outcome for _, outcome in operations]
        fields = {
            "requestId": state.get("request_id"),
            "method": scope.get("method"),
            "path": scope.get("path"),
            "operation": names[0] if len(names) == 1 else names,
            "tokenId": actor.token_id if actor else None,
            "role": actor.role.value if actor else None,
            "status": status,
            "outcome": outcomes[0] if len(outcomes) == 1 else outcomes,
            "durationMs": round(seconds * 1000, 2),
            "sqlStatements": record.statements,
        }
        access_log.info(
            "%s %s %s %s",
            scope.get("method"),
            scope.get("path"),
            status,
            fields["outcome"],
            extra={"fields": fields},
        )
