"""Ledger import and export on the GraphQL/HTTP surface: `importTasks` and the XLSX download route."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from resolvers.auth import authenticate
from resolvers.errors import RequestError
from resolvers.ledger import ledger_io
from resolvers.ledger.loaders import load_plans
from schema.context import Info
from schema.enums import described_enum
from schema.errors import UserError, mutate
from schema.http import UNAUTHENTICATED, export_refusal
from schema.ledger.types import Plan, Task
from schema.node import decode_id

__all__ = ["ImportTasksInput", "ImportTasksPayload", "LedgerIoMutation", "plan_export_endpoint"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    plan_id: strawberry.ID = strawberry.field(description="导入到的方案 (plan id)")
    format: LedgerFormatEnum = strawberry.field(description="文件格式 (CSV or XLSX)")
    content_base64: str = strawberry.field(description="文件内容，Base64 编码 (file content, base64)")

    def to_command(self) -> ledger_io.ImportTasks:
        plan_id = decode_id(self.plan_id, "Plan")[1]
        return ledger_io.ImportTasks(plan_id, self.format.value, content_base64=self.content_base64)


@strawberry.type(description="台账导入结果 (result of a ledger import)")
class ImportTasksPayload:
    plan: Plan | None = strawberry.field(description="方案 (the plan; null when refused)")
    imported_count: int = strawberry.field(description="导入任务数 (tasks created)")
    tasks: list[Task] = strawberry.field(description="新建的任务 (the tasks created, by code)")
    user_errors: list[UserError] = strawberry.field(
        description="拒绝原因 (every bad row: field = [input, rows, 行号, 列名]; nothing written)"
    )


def _payload(result: ledger_io.ImportResult | None, user_errors: list[UserError]) -> ImportTasksPayload:
    tasks = result.tasks if result else []
    return ImportTasksPayload(
        plan=result.plan if result else None, imported_count=len(tasks), tasks=tasks, user_errors=user_errors
    )


@strawberry.type
class LedgerIoMutation:
    @strawberry.mutation(
        description="导入台账 (import a CSV/XLSX ledger into a plan; all rows or none; SUPERVISOR)"
    )
    async def import_tasks(self, info: Info, input: ImportTasksInput) -> ImportTasksPayload:
        try:
            return await mutate(
                _payload, "result", ledger_io.import_tasks, info.context.scope, input.to_command()
            )
        except ledger_io.ImportRefused as refused:
            errors = [UserError(field=e.field, message=e.message, code=e.code) for e in refused.errors]
            return _payload(None, errors)


def plan_export_endpoint(clock: Callable[[], datetime]) -> Callable[[Request], object]:
    """GET /exports/plans/{id}.xlsx with a bearer token: the plan's ledger (tasks the caller may read)."""

    async def endpoint(request: Request) -> Response:
        scheme, _, secret = request.headers.get("authorization", "").partition(" ")
        actor = await authenticate(secret.strip(), clock()) if scheme.lower() == "bearer" and secret else None
        if actor is None:
            return export_refusal(request, 401, RequestError("UNAUTHENTICATED", UNAUTHENTICATED))
        try:
            plan_id = decode_id(request.path_params["id"], "Plan")[1]
        except RequestError as exc:
            return export_refusal(request, 404, exc)
        (plan,) = await load_plans([plan_id])
        if plan is None:
            return export_refusal(
                request, 404, RequestError("NOT_FOUND", f"方案不存在 (no such plan): {plan_id}")
            )
        try:
            body = await ledger_io.export_plan(actor, plan)
        except RequestError as exc:  # a role that may not read tasks: FORBIDDEN
            return export_refusal(request, 403, exc)
        name = f"plan-{plan.id}.xlsx"
        return Response(
            body, media_type=XLSX, headers={"content-disposition": f'attachment; filename="{name}"'}
        )

    return endpoint
