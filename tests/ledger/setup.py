"""Setting up ledger data through the actions, for the ledger tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from models.plan import Plan
from models.task import Task, TaskCategory
from resolvers.access import Scope
from resolvers.ledger import actions
from schema.node import encode_id

__all__ = ["gid", "make_plan", "make_task"]


def gid(obj: Plan | Task) -> str:
    return encode_id(type(obj).__name__, obj.id)


async def make_plan(scope: Scope, doc_number: str = "东政办发〔2024〕1号") -> Plan:
    return await actions.create_plan(
        scope,
        actions.CreatePlan(
            title="东营市营商环境创新提升行动计划（2024-2025年）",
            doc_number=doc_number,
            issuing_unit_code="DY",
            issued_on=date(2024, 3, 1),
            period_start=date(2024, 1, 1),
            period_end=date(2025, 12, 31),
        ),
    )


async def make_task(scope: Scope, plan: Plan, code: str, **kw: Any) -> Task:
    fields: dict[str, Any] = {
        "title": f"任务 {code}",
        "category": TaskCategory.GOVERNMENT_SERVICE,
        "lead_unit_codes": ["DY.SPJ"],
    }
    fields.update(kw)
    return await actions.create_task(scope, actions.CreateTask(plan_id=plan.id, code=code, **fields))
