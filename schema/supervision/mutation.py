"""Supervision mutations: items, rectification, extensions, inspections, findings, bulletins, interviews."""

from __future__ import annotations

import strawberry

from resolvers.supervision import actions, bulletins, inspections, interviews
from schema.commands import command
from schema.context import Info
from schema.errors import UserError, mutate
from schema.node import existing_nodes
from schema.supervision.inputs import (
    AddFindingInput,
    CreateInspectionInput,
    ExtendSupervisionItemInput,
    OpenSupervisionItemInput,
    PublishBulletinInput,
    RecordInterviewInput,
    SubmitRectificationInput,
    VerifyRectificationInput,
)
from schema.supervision.office_types import Bulletin, Interview
from schema.supervision.types import Inspection, SupervisionItem

__all__ = [
    "BulletinPayload",
    "InspectionPayload",
    "InterviewPayload",
    "SupervisionItemPayload",
    "SupervisionMutation",
]


@strawberry.type(description="督办事项变更结果 (result of a supervision item mutation)")
class SupervisionItemPayload:
    supervision_item: SupervisionItem | None = strawberry.field(description="督办事项 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


@strawberry.type(description="督查变更结果 (result of an inspection mutation)")
class InspectionPayload:
    inspection: Inspection | None = strawberry.field(description="督查 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


@strawberry.type(description="通报发布结果 (result of publishing a bulletin)")
class BulletinPayload:
    bulletin: Bulletin | None = strawberry.field(description="通报 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


@strawberry.type(description="约谈记录结果 (result of recording an interview)")
class InterviewPayload:
    interview: Interview | None = strawberry.field(description="约谈 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


ITEM = "supervision_item"


@strawberry.type
class SupervisionMutation:
    @strawberry.mutation(description="立项督办 (open a supervision item; SUPERVISOR, ADMIN)")
    async def open_supervision_item(
        self, info: Info, input: OpenSupervisionItemInput
    ) -> SupervisionItemPayload:
        origins = await existing_nodes(info, input.origin_ids)
        cmd = command(input, actions.OpenSupervisionItem, unused=("origin_ids",), origins=origins)
        return await mutate(
            SupervisionItemPayload, ITEM, info.context.scope, actions.open_supervision_item, cmd
        )

    @strawberry.mutation(description="报送整改报告 (report rectification; the responsible unit)")
    async def submit_rectification(
        self, info: Info, input: SubmitRectificationInput
    ) -> SupervisionItemPayload:
        cmd = command(input, actions.SubmitRectification)
        return await mutate(
            SupervisionItemPayload, ITEM, info.context.scope, actions.submit_rectification, cmd
        )

    @strawberry.mutation(description="核查整改：通过销号或退回 (verify: accept → 销号, or reject)")
    async def verify_rectification(
        self, info: Info, input: VerifyRectificationInput
    ) -> SupervisionItemPayload:
        cmd = command(input, actions.VerifyRectification)
        return await mutate(
            SupervisionItemPayload, ITEM, info.context.scope, actions.verify_rectification, cmd
        )

    @strawberry.mutation(description="延长整改期限 (extend the deadline, with a reason)")
    async def extend_supervision_item(
        self, info: Info, input: ExtendSupervisionItemInput
    ) -> SupervisionItemPayload:
        cmd = command(input, actions.ExtendSupervisionItem)
        return await mutate(
            SupervisionItemPayload, ITEM, info.context.scope, actions.extend_supervision_item, cmd
        )

    @strawberry.mutation(description="新建督查 (create an inspection)")
    async def create_inspection(self, info: Info, input: CreateInspectionInput) -> InspectionPayload:
        cmd = command(input, inspections.CreateInspection)
        return await mutate(
            InspectionPayload, "inspection", info.context.scope, inspections.create_inspection, cmd
        )

    @strawberry.mutation(description="记录督查发现并立项督办 (record a finding; opens its item)")
    async def add_finding(self, info: Info, input: AddFindingInput) -> SupervisionItemPayload:
        cmd = command(input, inspections.AddFinding)
        return await mutate(SupervisionItemPayload, ITEM, info.context.scope, inspections.add_finding, cmd)

    @strawberry.mutation(description="发布通报 (publish a bulletin, 第N期)")
    async def publish_bulletin(self, info: Info, input: PublishBulletinInput) -> BulletinPayload:
        cmd = input.to_command()
        return await mutate(BulletinPayload, "bulletin", info.context.scope, bulletins.publish_bulletin, cmd)

    @strawberry.mutation(description="记录约谈 (record an interview)")
    async def record_interview(self, info: Info, input: RecordInterviewInput) -> InterviewPayload:
        cmd = command(input, interviews.RecordInterview)
        return await mutate(
            InterviewPayload, "interview", info.context.scope, interviews.record_interview, cmd
        )
