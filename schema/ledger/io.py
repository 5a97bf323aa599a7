"""Ledger import and export on the GraphQL/HTTP surface: `importTasks` and the XLSX/CSV download routes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from resolvers.access import may_read
from resolvers.auth import authenticate
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from resolvers.errors import UserError as UserErrorExc
from resolvers.ledger import ledger_export, ledger_io
from resolvers.ledger.loaders import load_plans
from schema.commands import command, node_id
from schema.context import Info
from schema.enums import described_enum
from schema.errors import UserError, mutate
from schema.http import UNAUTHENTICATED, export_refusal
from schema.ledger.types import Plan, Task
from schema.node import decode_id

__all__ = ["ImportTasksInput", "ImportTasksPayload", "LedgerIoMutation", "plan_export_endpoint"]

MEDIA_TYPES = {
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "CSV": "text/csv; charset=utf-8",
}


class LedgerFormat(str, Enum):
    CSV = "CSV"
    XLSX = "XLSX"


LedgerFormatEnum = described_enum(
    LedgerFormat,
    "台账文件格式 (ledger file format)",
    {"CSV": "CSV (UTF-8 或 GBK)", "XLSX": "Excel 工作簿 (first sheet)"},
)


@strawberry.input(
    description="导入台账 (import a ledger: 序号, 任务/举措, 牵头单位, 责任单位, 完成时限, 分类; all rows or none)"
)
class ImportTasksInput:
    plan_id: strawberry.ID = node_id("Plan", description="导入到的方案 (plan id)")
    format: LedgerFormatEnum = strawberry.field(description="文件格式 (CSV or XLSX)")
    content_base64: str = strawberry.field(description="文件内容，Base64 编码 (file content, base64)")


@strawberry.type(description="台账导入结果 (result of a ledger import)")
class ImportTasksPayload:
    plan: Plan | None = strawberry.field(description="方案 (the plan; null when refused)")
    imported_count: int = strawberry.field(description="导入任务数 (tasks created)")
    user_errors: list[UserError] = strawberry.field(
        description="拒绝原因 (every bad row: field = [input, rows, 行号, 列名]; nothing written)"
    )
    task_ids: strawberry.Private[list[int]]

    @strawberry.field(description="新建的任务 (the tasks created, by code)")
    async def tasks(self) -> list[Task]:
        return await ledger_io.created_tasks(self.task_ids)


def _payload(result: ledger_io.ImportResult | None, user_errors: list[UserError]) -> ImportTasksPayload:
    return ImportTasksPayload(
        plan=result.plan if result else None,
        imported_count=len(result.task_ids) if result else 0,
        user_errors=user_errors,
        task_ids=result.task_ids if result else [],
    )


def _user_errors(errors: list[UserErrorExc]) -> list[UserError]:
    return [UserError(field=e.field, message=e.message, code=e.code) for e in errors]


@strawberry.type
class LedgerIoMutation:
    @strawberry.mutation(
        description="导入台账 (import a CSV/XLSX ledger into a plan; all rows or none; SUPERVISOR)"
    )
    async def import_tasks(self, info: Info, input: ImportTasksInput) -> ImportTasksPayload:
        scope = info.context.scope
        try:
            # The file is read before the mutation's transaction opens (and off the event loop).
            cmd = await ledger_io.prepare_import(scope.actor, command(input, ledger_io.ImportTasks))
            return await mutate(_payload, "result", scope, ledger_io.import_tasks, cmd)
        except ledger_io.ImportRefused as refused:
            return _payload(None, _user_errors(refused.errors))
        except UserErrorExc as refused:
            return _payload(None, _user_errors([refused]))


def plan_export_endpoint(clock: Callable[[], datetime], fmt: str = "XLSX") -> Callable[[Request], object]:
    """GET /exports/plans/{id}.xlsx (or .csv) with a bearer token: the plan's ledger (tasks the caller
    may read), no cell of which a spreadsheet evaluates as a formula."""

    async def endpoint(request: Request) -> Response:
        scheme, _, secret = request.headers.get("authorization", "").partition(" ")
        actor = await authenticate(secret.strip(), clock()) if scheme.lower() == "bearer" and secret else None
        if actor is None:
            return export_refusal(request, 401, RequestError(ErrorCode.UNAUTHENTICATED, UNAUTHENTICATED))
        if not may_read(actor, "tasks"):
            # Refused before any lookup: the same answer whether the plan exists or not.
            forbidden = RequestError(ErrorCode.FORBIDDEN, "无权导出台账 (not allowed to export plans)")
            return export_refusal(request, 403, forbidden)
        try:
            plan_id = decode_id(request.path_params["id"], "Plan")[1]
        except RequestError as exc:
            return export_refusal(request, 404, exc)
        (plan,) = await load_plans([plan_id])
        if plan is None:
            return export_refusal(
                request, 404, RequestError(ErrorCode.NOT_FOUND, f"方案不存在 (no such plan): {plan_id}")
            )
        try:
            body = await ledger_export.export_plan(actor, plan, fmt)
        except RequestError as exc:
            return export_refusal(request, 403, exc)
        name = f"plan-{plan.id}.{fmt.lower()}"
        return Response(
            body,
            media_type=MEDIA_TYPES[fmt],
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    return endpoint
