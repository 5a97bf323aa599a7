"""The GraphQL schema: every domain's Query and Mutation merged, with the request-guarding extensions."""

from __future__ import annotations

from functools import lru_cache

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from models import fast
from models.fast.execution import ExecutionContext, lighten_resolvers
from models.settings import Settings
from schema.audit.query import AuditQuery
from schema.calendar.mutation import CalendarMutation
from schema.calendar.query import CalendarQuery
from schema.complaints.follow_up import FollowUpQuery
from schema.complaints.intake_answer import IntakeAnswerMutation, IntakeAnswerQuery
from schema.complaints.mutation import ComplaintMutation
from schema.complaints.query import ComplaintQuery
from schema.complaints.ratings import RatingMutation, RatingQuery
from schema.digests.query import DigestMutation, DigestQuery
from schema.discipline.outcomes import FormOneOutcomeMutation, FormOneOutcomeQuery
from schema.discipline.query import DisciplineMutation, DisciplineQuery
from schema.extensions import RefuseUnusableInput, RequireAuthentication, log_unexpected_errors
from schema.jobs.mutation import JobMutation
from schema.jobs.query import JobQuery
from schema.ledger.io import LedgerIoMutation
from schema.ledger.mutation import LedgerMutation
from schema.ledger.query import LedgerQuery
from schema.limits import HideSuggestions, Limits, QueryLimits
from schema.metrics import RecordOutcome
from schema.node import NodeQuery
from schema.overdue.query import OverdueQuery
from schema.scalars import SCALAR_OVERRIDES
from schema.supervision.mutation import SupervisionMutation
from schema.supervision.query import SupervisionQuery
from schema.trace.query import TraceQuery
from schema.units.mutation import UnitMutation
from schema.units.query import UnitQuery
from schema.viewer import ViewerQuery

__all__ = ["build_schema", "schema"]

# Distinct document texts whose parse and validation are kept (per process).
DOCUMENT_CACHE = 256

QUERIES = (
    NodeQuery,
    ViewerQuery,
    UnitQuery,
    LedgerQuery,
    ComplaintQuery,
    FollowUpQuery,
    IntakeAnswerQuery,
    RatingQuery,
    CalendarQuery,
    OverdueQuery,
    DigestQuery,
    JobQuery,
    SupervisionQuery,
    DisciplineQuery,
    FormOneOutcomeQuery,
    TraceQuery,
    AuditQuery,
)
MUTATIONS = (
    UnitMutation,
    LedgerMutation,
    LedgerIoMutation,
    ComplaintMutation,
    IntakeAnswerMutation,
    RatingMutation,
    CalendarMutation,
    DigestMutation,
    SupervisionMutation,
    DisciplineMutation,
    FormOneOutcomeMutation,
    JobMutation,
)
Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)


class Schema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None):  # type: ignore[no-untyped-def, override]
        """Refused requests are the caller's business; only unexpected failures are logged here."""
        context = execution_context.context if execution_context else None
        log_unexpected_errors(errors, getattr(context, "request_id", None))


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with the limits of `settings` (defaults when None: the SDL does not depend on them)."""
    settings = settings or Settings()
    return _schema_with(
        Limits.from_settings(settings),
        settings.max_batch,
        fast.enabled("short_path"),
        fast.enabled("lean_resolvers"),
    )


@lru_cache(maxsize=8)
def _schema_with(limits: Limits, max_batch: int, short_path: bool, lean: bool) -> strawberry.Schema:
    """Built once per distinct set of limits and fast-path pieces (~0.13 s a build): the schema holds no
    per-app state, and the test suite creates an app per test. Without the pieces it is strawberry's
    stock schema (`models.fast`)."""
    built = Schema(
        query=Query,
        mutation=Mutation,
        execution_context_class=ExecutionContext if short_path else None,
        # Batches (a JSON array body) are allowed; the view caps them with BATCH_TOO_LARGE.
        config=StrawberryConfig(auto_camel_case=True, batching_config={"max_operations": max_batch}),
        scalar_overrides=SCALAR_OVERRIDES,
        # Parsed and validated documents are cached by their text (validation with our rules too):
        # frontends send the same few documents, and both steps cost more than a small query runs.
        extensions=[
            RequireAuthentication,
            RefuseUnusableInput,
            lambda: QueryLimits(limits),
            lambda: ParserCache(maxsize=DOCUMENT_CACHE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
            # After ValidationCache: it replaces the cached validation's errors when there are any.
            *([] if limits.introspection else [HideSuggestions]),
            # Each operation's outcome for /metrics and the request log (a no-op when neither is on).
            RecordOutcome,
        ],
    )
    if lean:
        lighten_resolvers(built)
    return built


schema = build_schema()
