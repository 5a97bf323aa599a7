"""Discipline root fields and mutations: clues, cases, sanctions, recommendations (confidential)."""

from __future__ import annotations

from typing import Any, TypeVar

import strawberry

from resolvers.discipline import cases, clues, queries
from schema.commands import command
from schema.connection import After, Connection, First, listing_connection
from schema.context import Info
from schema.discipline.inputs import (
    CaseFilter,
    CloseCaseInput,
    ClueFilter,
    DisposeClueInput,
    FileCaseInput,
    IssueRecommendationInput,
    RecordSanctionInput,
    ReplyRecommendationInput,
    TransferClueInput,
)
from schema.discipline.types import Case, Clue, Recommendation
from schema.errors import UserError, mutate
from schema.node import existing_nodes

__all__ = [
    "CasePayload",
    "CluePayload",
    "DisciplineCaseConnection",
    "DisciplineClueConnection",
    "DisciplineMutation",
    "DisciplineQuery",
    "RecommendationPayload",
]


# The contract names these two connections; the generic names (ClueConnection, CaseConnection) served
# in 0.1.0 were an accident of naming and are gone: a type name cannot carry @deprecated (CHANGELOG.md).
@strawberry.type(
    name="DisciplineClueConnection",
    description="问题线索分页列表 (a Relay connection of clues, `first` at most 100)",
)
class DisciplineClueConnection(Connection[Clue]):
    pass


@strawberry.type(
    name="DisciplineCaseConnection",
    description="纪检监察案件分页列表 (a Relay connection of cases, `first` at most 100)",
)
class DisciplineCaseConnection(Connection[Case]):
    pass


NamedConnection = TypeVar("NamedConnection", DisciplineClueConnection, DisciplineCaseConnection)


def _named(kind: type[NamedConnection], page: Connection[Any]) -> NamedConnection:
    """The page as the contract's connection type."""
    return kind(edges=page.edges, nodes=page.nodes, page_info=page.page_info, _count=page._count)


@strawberry.type(description="线索变更结果 (result of a clue mutation)")
class CluePayload:
    clue: Clue | None = strawberry.field(description="线索 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


@strawberry.type(description="案件变更结果 (result of a case mutation)")
class CasePayload:
    case: Case | None = strawberry.field(description="案件 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


@strawberry.type(description="建议回复结果 (result of replying to a recommendation)")
class RecommendationPayload:
    recommendation: Recommendation | None = strawberry.field(description="建议 (null when refused)")
    user_errors: list[UserError] = strawberry.field(description="拒绝原因 (why it was refused)")


@strawberry.type
class DisciplineQuery:
    @strawberry.field(description="问题线索 (clues, newest first; INSPECTOR and ADMIN only)")
    async def discipline_clues(
        self, info: Info, filter: ClueFilter | None = None, first: First = None, after: After = None
    ) -> DisciplineClueConnection:
        qs = await queries.filter_clues(info.context.actor, command(filter, queries.ClueFilter))
        return _named(
            DisciplineClueConnection, await listing_connection(info, queries.CLUES, qs, first, after)
        )

    @strawberry.field(description="纪检监察案件 (cases, newest first; INSPECTOR and ADMIN only)")
    async def discipline_cases(
        self, info: Info, filter: CaseFilter | None = None, first: First = None, after: After = None
    ) -> DisciplineCaseConnection:
        qs = await queries.filter_cases(info.context.actor, command(filter, queries.CaseFilter))
        return _named(
            DisciplineCaseConnection, await listing_connection(info, queries.CASES, qs, first, after)
        )


@strawberry.type
class DisciplineMutation:
    @strawberry.mutation(description="线索移送 (transfer a clue from any traced nodes; INSPECTOR, ADMIN)")
    async def transfer_clue(self, info: Info, input: TransferClueInput) -> CluePayload:
        queries.require_confidential(info.context.actor)
        origins = await existing_nodes(info, input.origin_ids)
        cmd = command(input, clues.TransferClue, unused=("origin_ids",), origins=origins)
        return await mutate(CluePayload, "clue", info.context.scope, clues.transfer_clue, cmd)

    @strawberry.mutation(description="线索处置 (dispose of a clue)")
    async def dispose_clue(self, info: Info, input: DisposeClueInput) -> CluePayload:
        return await mutate(
            CluePayload, "clue", info.context.scope, clues.dispose_clue, command(input, clues.DisposeClue)
        )

    @strawberry.mutation(description="立案 (file a case from a clue)")
    async def file_case(self, info: Info, input: FileCaseInput) -> CasePayload:
        return await mutate(
            CasePayload, "case", info.context.scope, clues.file_case, command(input, clues.FileCase)
        )

    @strawberry.mutation(description="记录处分或问责 (record a sanction)")
    async def record_sanction(self, info: Info, input: RecordSanctionInput) -> CasePayload:
        return await mutate(
            CasePayload,
            "case",
            info.context.scope,
            cases.record_sanction,
            command(input, cases.RecordSanction),
        )

    @strawberry.mutation(description="发出纪检监察建议 (issue a recommendation)")
    async def issue_recommendation(self, info: Info, input: IssueRecommendationInput) -> CasePayload:
        cmd = command(input, cases.IssueRecommendation)
        return await mutate(CasePayload, "case", info.context.scope, cases.issue_recommendation, cmd)

    @strawberry.mutation(description="回复纪检监察建议 (the unit replies to a recommendation)")
    async def reply_recommendation(
        self, info: Info, input: ReplyRecommendationInput
    ) -> RecommendationPayload:
        cmd = command(input, cases.ReplyRecommendation)
        return await mutate(
            RecommendationPayload, "recommendation", info.context.scope, cases.reply_recommendation, cmd
        )

    @strawberry.mutation(description="结案 (close a case; exemption 容错免责 needs a reason)")
    async def close_case(self, info: Info, input: CloseCaseInput) -> CasePayload:
        return await mutate(
            CasePayload, "case", info.context.scope, cases.close_case, command(input, cases.CloseCase)
        )
