"""Ledger mutations: plans, tasks, milestones, progress, status changes (办结, 销号)."""

from __future__ import annotations

import strawberry

from resolvers.ledger import actions, transitions
from schema.commands import command
from schema.context import Info
from schema.errors import UserError, mutate
from schema.ledger.inputs import (
    AddMilestoneInput,
    CompleteMilestoneInput,
    CompleteTaskInput,
    CreatePlanInput,
    CreateTaskInput,
    ReportProgressInput,
    TaskTransitionInput,
    UpdateTaskInput,
    VerifyTaskInput,
)
from schema.ledger.types import Plan, Task

__all__ = ["LedgerMutation", "PlanPayload", "TaskPayload"]


@strawberry.type(description="方案变更结果 (result of a plan mutation)")
class PlanPayload:
    plan: Plan | None = strawberry.field(description="方案 (the plan; null when refused)")
    user_errors: list[UserError] = strawberry.field(
        description="拒绝原因 (why it was refused; empty on success)"
    )


@strawberry.type(description="任务变更结果 (result of a task mutation)")
class TaskPayload:
    task: Task | None = strawberry.field(description="任务 (the task; null when refused)")
    user_errors: list[UserError] = strawberry.field(
        description="拒绝原因 (why it was refused; empty on success)"
    )


def _task(info: Info, action, cmd):  # type: ignore[no-untyped-def]
    return mutate(TaskPayload, "task", info.context.scope, action, cmd)


@strawberry.type
class LedgerMutation:
    @strawberry.mutation(description="新建方案 (create a plan; SUPERVISOR, ADMIN)")
    async def create_plan(self, info: Info, input: CreatePlanInput) -> PlanPayload:
        return await mutate(
            PlanPayload, "plan", info.context.scope, actions.create_plan, command(input, actions.CreatePlan)
        )

    @strawberry.mutation(description="新建任务 (create a task; SUPERVISOR, ADMIN)")
    async def create_task(self, info: Info, input: CreateTaskInput) -> TaskPayload:
        return await _task(info, actions.create_task, input.to_command())

    @strawberry.mutation(description="修改任务 (update a task; SUPERVISOR, ADMIN)")
    async def update_task(self, info: Info, input: UpdateTaskInput) -> TaskPayload:
        return await _task(info, actions.update_task, input.to_command())

    @strawberry.mutation(description="新增时间节点 (add a milestone; SUPERVISOR, ADMIN)")
    async def add_milestone(self, info: Info, input: AddMilestoneInput) -> TaskPayload:
        return await _task(info, actions.add_milestone, command(input, actions.AddMilestone))

    @strawberry.mutation(description="完成时间节点 (complete a milestone; the lead unit or the office)")
    async def complete_milestone(self, info: Info, input: CompleteMilestoneInput) -> TaskPayload:
        return await _task(info, actions.complete_milestone, command(input, actions.CompleteMilestone))

    @strawberry.mutation(
        description="报送进展 (report progress; a lead or co unit; starts a task not yet started)"
    )
    async def report_progress(self, info: Info, input: ReportProgressInput) -> TaskPayload:
        return await _task(info, transitions.report_progress, command(input, transitions.ReportProgress))

    @strawberry.mutation(
        description="启动任务 (start: NOT_STARTED → IN_PROGRESS; the lead unit or the office)"
    )
    async def start_task(self, info: Info, input: TaskTransitionInput) -> TaskPayload:
        return await _task(info, transitions.start_task, command(input, transitions.TaskTransition))

    @strawberry.mutation(
        description="暂停任务 (suspend with a reason, from NOT_STARTED or IN_PROGRESS; SUPERVISOR)"
    )
    async def suspend_task(self, info: Info, input: TaskTransitionInput) -> TaskPayload:
        return await _task(info, transitions.suspend_task, command(input, transitions.TaskTransition))

    @strawberry.mutation(description="恢复任务 (resume a suspended task to the status it had; SUPERVISOR)")
    async def resume_task(self, info: Info, input: TaskTransitionInput) -> TaskPayload:
        return await _task(info, transitions.resume_task, command(input, transitions.TaskTransition))

    @strawberry.mutation(
        description="办结 (complete: IN_PROGRESS → COMPLETED, by a lead unit, with a summary)"
    )
    async def complete_task(self, info: Info, input: CompleteTaskInput) -> TaskPayload:
        return await _task(info, transitions.complete_task, command(input, transitions.CompleteTask))

    @strawberry.mutation(
        description="销号或退回 (verify: COMPLETED → VERIFIED, or back to IN_PROGRESS; SUPERVISOR)"
    )
    async def verify_task(self, info: Info, input: VerifyTaskInput) -> TaskPayload:
        return await _task(info, transitions.verify_task, command(input, transitions.VerifyTask))
