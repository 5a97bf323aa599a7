"""Complaint mutations: intake, dispatch and handling, follow-up, extensions, SLA policies."""

from __future__ import annotations

import strawberry

from resolvers.complaints import enterprises, followup, handling, intake, sla
from resolvers.supervision import escalation
from schema.commands import command
from schema.complaints.enterprise_types import Enterprise, SlaPolicy
from schema.complaints.inputs import (
    AssignLiaisonInput,
    DecideExtensionInput,
    DispatchComplaintInput,
    EscalateComplaintInput,
    ReceiveComplaintInput,
    RecordContactInput,
    RecordReplyInput,
    RecordReturnVisitInput,
    RegisterEnterpriseInput,
    ReopenComplaintInput,
    RequestExtensionInput,
    ResolveComplaintInput,
    ReturnComplaintInput,
    UpsertSlaPolicyInput,
    WithdrawComplaintInput,
)
from schema.complaints.types import Complaint, Extension
from schema.context import Info
from schema.errors import UserError, mutate
from schema.supervision.mutation import SupervisionItemPayload

__all__ = [
    "ComplaintMutation",
    "ComplaintPayload",
    "EnterprisePayload",
    "ExtensionPayload",
    "SlaPolicyPayload",
    "SupervisionItemPayload",
]

ERRORS = "拒绝原因 (why it was refused; empty on success)"


@strawberry.type(description="企业变更结果 (result of an enterprise mutation)")
class EnterprisePayload:
    enterprise: Enterprise | None = strawberry.field(description="企业 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="诉求变更结果 (result of a complaint mutation)")
class ComplaintPayload:
    complaint: Complaint | None = strawberry.field(description="诉求 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="延期申请结果 (result of an extension mutation)")
class ExtensionPayload:
    extension: Extension | None = strawberry.field(description="延期申请 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="时限标准变更结果 (result of an SLA policy mutation)")
class SlaPolicyPayload:
    sla_policy: SlaPolicy | None = strawberry.field(description="时限标准 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _complaint(action, command_type):  # type: ignore[no-untyped-def]
    async def run(info: Info, input) -> ComplaintPayload:  # type: ignore[no-untyped-def]
        cmd = command(input, command_type)
        return await mutate(ComplaintPayload, "complaint", info.context.scope, action, cmd)

    return run


@strawberry.type
class ComplaintMutation:
    @strawberry.mutation(description="登记企业 (register an enterprise; HOTLINE, ADMIN)")
    async def register_enterprise(self, info: Info, input: RegisterEnterpriseInput) -> EnterprisePayload:
        return await mutate(
            EnterprisePayload,
            "enterprise",
            info.context.scope,
            enterprises.register_enterprise,
            command(input, enterprises.RegisterEnterprise),
        )

    @strawberry.mutation(
        description='指定帮包责任人 (assign an enterprise\'s liaison cadre, "一企一策一人"; ADMIN, SUPERVISOR)'
    )
    async def assign_liaison(self, info: Info, input: AssignLiaisonInput) -> EnterprisePayload:
        return await mutate(
            EnterprisePayload,
            "enterprise",
            info.context.scope,
            enterprises.assign_liaison,
            command(input, enterprises.AssignLiaison),
        )

    @strawberry.mutation(
        description="受理诉求 (receive; idempotent on channel + externalRef; HOTLINE, ADMIN)"
    )
    async def receive_complaint(self, info: Info, input: ReceiveComplaintInput) -> ComplaintPayload:
        return await _complaint(intake.receive_complaint, intake.ReceiveComplaint)(info, input)

    @strawberry.mutation(description="派单 (dispatch; sets the SLA clocks; HOTLINE, ADMIN)")
    async def dispatch_complaint(self, info: Info, input: DispatchComplaintInput) -> ComplaintPayload:
        return await _complaint(handling.dispatch_complaint, handling.DispatchComplaint)(info, input)

    @strawberry.mutation(description="退单 (return for reassignment; the handling unit)")
    async def return_complaint(self, info: Info, input: ReturnComplaintInput) -> ComplaintPayload:
        return await _complaint(handling.return_complaint, handling.ReturnComplaint)(info, input)

    @strawberry.mutation(description="撤回诉求 (withdraw before handling starts; HOTLINE, ADMIN)")
    async def withdraw_complaint(self, info: Info, input: WithdrawComplaintInput) -> ComplaintPayload:
        return await _complaint(handling.withdraw_complaint, handling.ReturnComplaint)(info, input)

    @strawberry.mutation(description="记录联系 (contact made; the handling unit)")
    async def record_contact(self, info: Info, input: RecordContactInput) -> ComplaintPayload:
        return await _complaint(handling.record_contact, handling.RecordStage)(info, input)

    @strawberry.mutation(description="记录初步回复 (first reply; the handling unit)")
    async def record_reply(self, info: Info, input: RecordReplyInput) -> ComplaintPayload:
        return await _complaint(handling.record_reply, handling.RecordStage)(info, input)

    @strawberry.mutation(description="办结 (resolve; the handling unit)")
    async def resolve_complaint(self, info: Info, input: ResolveComplaintInput) -> ComplaintPayload:
        return await _complaint(handling.resolve_complaint, handling.ResolveComplaint)(info, input)

    @strawberry.mutation(description="回访 (return visit; HOTLINE, ADMIN)")
    async def record_return_visit(self, info: Info, input: RecordReturnVisitInput) -> ComplaintPayload:
        return await _complaint(followup.record_return_visit, followup.RecordReturnVisit)(info, input)

    @strawberry.mutation(description="重办 (reopen; HOTLINE, SUPERVISOR, ADMIN)")
    async def reopen_complaint(self, info: Info, input: ReopenComplaintInput) -> ComplaintPayload:
        return await _complaint(followup.reopen_complaint, followup.ReopenComplaint)(info, input)

    @strawberry.mutation(description="提级督办 (escalate to the supervision office; SUPERVISOR, ADMIN)")
    async def escalate_complaint(self, info: Info, input: EscalateComplaintInput) -> SupervisionItemPayload:
        return await mutate(
            SupervisionItemPayload,
            "supervision_item",
            info.context.scope,
            escalation.escalate_complaint,
            command(input, followup.EscalateComplaint, unused=("due_on",)),
            input.due_on,
        )

    @strawberry.mutation(description="申请延期 (request an extension; the handling unit)")
    async def request_extension(self, info: Info, input: RequestExtensionInput) -> ExtensionPayload:
        return await mutate(
            ExtensionPayload,
            "extension",
            info.context.scope,
            followup.request_extension,
            command(input, followup.RequestExtension),
        )

    @strawberry.mutation(description="审批延期 (decide an extension; SUPERVISOR, ADMIN)")
    async def decide_extension(self, info: Info, input: DecideExtensionInput) -> ExtensionPayload:
        return await mutate(
            ExtensionPayload,
            "extension",
            info.context.scope,
            followup.decide_extension,
            command(input, followup.DecideExtension),
        )

    @strawberry.mutation(description="新增或修改时限标准 (create or change an SLA policy; ADMIN)")
    async def upsert_sla_policy(self, info: Info, input: UpsertSlaPolicyInput) -> SlaPolicyPayload:
        return await mutate(
            SlaPolicyPayload, "sla_policy", info.context.scope, sla.upsert_sla_policy, input.to_command()
        )
