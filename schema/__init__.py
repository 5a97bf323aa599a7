"""The GraphQL schema: every domain's Query and Mutation merged, with the request-guarding extensions."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from schema.digests.query import DigestMutation, DigestQuery
from schema.discipline.query import DisciplineMutation, DisciplineQuery
from schema.extensions import RequireAuthentication, log_unexpected_errors
from schema.jobs.mutation import JobMutation
from schema.jobs.query import JobQuery
from schema.node import NodeQuery
from schema.overdue.query import OverdueQuery
from schema.supervision.mutation import SupervisionMutation
from schema.supervision.query import SupervisionQuery
from schema.trace.query import TraceQuery
from schema.units.mutation import UnitMutation
from schema.units.query import UnitQuery
from schema.viewer import ViewerQuery

__all__ = ["build_schema", "schema"]

Query = merge_types(
    "Query",
    (
        NodeQuery,
        ViewerQuery,
        UnitQuery,
        JobQuery,
        OverdueQuery,
        DigestQuery,
        SupervisionQuery,
        DisciplineQuery,
        TraceQuery,
    ),
)
Mutation = merge_types(
    "Mutation", (UnitMutation, JobMutation, DigestMutation, SupervisionMutation, DisciplineMutation)
)


class Schema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None):  # type: ignore[no-untyped-def, override]
        """Refused requests are the caller's business; only unexpected failures are logged here."""
        context = execution_context.context if execution_context else None
        log_unexpected_errors(errors, getattr(context, "request_id", None))


def build_schema() -> strawberry.Schema:
    return Schema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(auto_camel_case=True),
        extensions=[
            RequireAuthentication,
            lambda: QueryDepthLimiter(max_depth=12),
            lambda: MaxAliasesLimiter(max_alias_count=50),
            lambda: MaxTokensLimiter(max_token_count=5000),
        ],
    )


schema = build_schema()
