"""Query limits (OWASP GraphQL cheat sheet): tokens at parse; aliases and selections before validation;
depth and introspection as validation rules; cost before execution; coded errors. With introspection
off, errors suggest no names either ("Did you mean …?" would list them)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    Source,
    TokenKind,
    get_operation_ast,
    get_variable_values,
    validate,
)
from graphql.execution import ExecutionResult
from graphql.language import Lexer
from graphql.validation import ValidationContext, ValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from models.settings import Settings
from resolvers.error_codes import ErrorCode
from schema.cost import query_cost

__all__ = ["HideSuggestions", "Limits", "QueryLimits"]


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_tokens: int
    max_selections: int
    max_cost: int
    introspection: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            max_selections=settings.max_selections,
            max_cost=settings.max_query_cost,
            introspection=settings.introspection,
        )


def _selections(
    selection_set: SelectionSetNode | None, context: ValidationContext, seen: frozenset[str]
) -> Iterator[tuple[FieldNode, frozenset[str]]]:
    """The fields a selection set selects, through fragments; a fragment already on the path is skipped
    (the standard NoFragmentCycles rule reports the cycle), so cyclic fragments cannot loop forever."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection, seen
        elif isinstance(selection, InlineFragmentNode):
            yield from _selections(selection.selection_set, context, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            fragment = context.get_fragment(selection.name.value)
            if fragment is not None:
                yield from _selections(fragment.selection_set, context, seen | {selection.name.value})


def _depth(selection_set: SelectionSetNode | None, context: ValidationContext, seen: frozenset[str]) -> int:
    # Introspection fields are governed by the introspection switch, not by depth (GraphiQL's
    # own schema query nests `ofType` deeper than any data query needs).
    depths = [
        1 + _depth(field.selection_set, context, path)
        for field, path in _selections(selection_set, context, seen)
        if not field.name.value.startswith("__")
    ]
    return max(depths, default=0)


@cache  # one class per limit, so strawberry's ValidationCache recognises the same rules
def depth_rule(limit: int) -> type[ValidationRule]:
    class QueryDepthRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth = _depth(node.selection_set, self.context, frozenset())
            if depth > limit:
                self.report_error(
                    GraphQLError(
                        f"查询嵌套过深 (query too deep): depth {depth} exceeds the limit {limit}",
                        node,
                        extensions={"code": ErrorCode.QUERY_TOO_DEEP, "depth": depth, "limit": limit},
                    )
                )

    return QueryDepthRule


def _all_selections(document: DocumentNode) -> Iterator[SelectionNode]:
    """Every field, fragment spread and inline fragment written in the document (each fragment
    counted once, as written)."""
    stack: list[SelectionSetNode] = [
        found for d in document.definitions if (found := getattr(d, "selection_set", None)) is not None
    ]
    while stack:
        for selection in stack.pop().selections:
            yield selection
            if getattr(selection, "selection_set", None) is not None:
                stack.append(selection.selection_set)


def _shape_refusal(document: DocumentNode, limits: Limits) -> GraphQLError | None:
    """Too many aliases or selections, counted in one walk (the tokens are already bounded)."""
    selections = aliases = 0
    for selection in _all_selections(document):
        selections += 1
        aliases += isinstance(selection, FieldNode) and selection.alias is not None
    if aliases > limits.max_aliases:
        return _refusal(
            ErrorCode.TOO_MANY_ALIASES,
            f"别名过多 (too many aliases): {aliases} exceeds the limit {limits.max_aliases}",
            aliases=aliases,
            limit=limits.max_aliases,
        )
    if selections > limits.max_selections:
        return _refusal(
            ErrorCode.TOO_MANY_SELECTIONS,
            f"查询字段过多 (too many selections): {selections} fields and fragments exceed the limit "
            f"{limits.max_selections}",
            selections=selections,
            limit=limits.max_selections,
        )
    return None


class NoIntrospectionRule(ValidationRule):
    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.name.value in {"__schema", "__type"}:
            self.report_error(
                GraphQLError(
                    "内省已关闭 (introspection is disabled on this server)",
                    node,
                    extensions={"code": ErrorCode.INTROSPECTION_DISABLED},
                )
            )


@lru_cache(maxsize=128)  # a client sends the same few documents again and again
def count_tokens(query: str, limit: int) -> int:
    """Lexical tokens in `query`, counting stops just past `limit`; 0 if it does not lex (parse reports it)."""
    lexer = Lexer(Source(query))
    count = 0
    try:
        while lexer.advance().kind is not TokenKind.EOF and count <= limit:
            count += 1
    except GraphQLSyntaxError:
        return 0
    return count


@lru_cache(maxsize=128)  # the same bad document again costs one lookup, as with ValidationCache
def validation_without_suggestions(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ValidationRule], ...]
) -> list[GraphQLError]:
    """Strawberry's validation (its own two rules included) with graphql-core's suggestions left out:
    they name fields, arguments, enum values and types a server without introspection keeps to itself."""
    rules = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
    return validate(schema, document, rules, hide_suggestions=True)


def variable_errors(
    schema: GraphQLSchema, document: DocumentNode, operation: str | None, variables: dict[str, Any] | None
) -> list[GraphQLError]:
    """The errors graphql-core's execution would report for the variables, without suggestions."""
    node = get_operation_ast(document, operation)
    if node is None or not node.variable_definitions:
        return []  # no operation to run: execution reports that itself
    coerced = get_variable_values(schema, node.variable_definitions, variables or {}, hide_suggestions=True)
    return coerced if isinstance(coerced, list) else []


def _refusal(code: ErrorCode, message: str, **details: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **details})


class QueryLimits(SchemaExtension):
    """Refuses abusive documents before anything executes: tokens at parse, shape rules at
    validation, cost (which needs the variables' page sizes) just before execution."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def on_operation(self) -> Iterator[None]:
        rules = [depth_rule(self.limits.max_depth)]
        if not self.limits.introspection:
            rules.append(NoIntrospectionRule)
        self.execution_context.validation_rules = (*self.execution_context.validation_rules, *rules)
        yield

    def on_validate(self) -> Iterator[None]:
        # Before the standard rules: their overlapping-fields check is quadratic in the selections
        # (2,400 copies of one field cost ~0.3 s of CPU).
        document = self.execution_context.graphql_document
        if document is not None and (refusal := _shape_refusal(document, self.limits)) is not None:
            raise refusal
        yield

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query or ""
        limit = self.limits.max_tokens
        if count_tokens(query, limit) > limit:
            raise _refusal(
                ErrorCode.TOO_MANY_TOKENS,
                f"查询过长 (too many tokens): more than {limit} tokens",
                limit=limit,
            )
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.result is None and context.graphql_document is not None:
            cost = query_cost(
                context.schema._schema, context.graphql_document, context.operation_name, context.variables
            )
            if cost > self.limits.max_cost:
                error = _refusal(
                    ErrorCode.QUERY_TOO_COMPLEX,
                    f"查询过于复杂 (query too complex): cost {cost} exceeds the limit {self.limits.max_cost}",
                    cost=cost,
                    limit=self.limits.max_cost,
                )
                context.result = ExecutionResult(data=None, errors=[error])
        yield


class HideSuggestions(SchemaExtension):
    """With introspection off, errors name nothing the caller did not write: graphql-core's "Did you
    mean …?" would list fields, arguments, enum values and types. Listed after ValidationCache, so its
    `on_validate` sees the cached result and replaces a failure with the same errors, hushed."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors and context.graphql_document is not None:
            context.pre_execution_errors = validation_without_suggestions(
                context.schema._schema, context.graphql_document, tuple(context.validation_rules)
            )
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.result is None and context.graphql_document is not None:
            # Variables are coerced here first, as execution would, so that their errors (an enum
            # value, an input field) carry no suggestions either.
            errors = variable_errors(
                context.schema._schema, context.graphql_document, context.operation_name, context.variables
            )
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)
        yield
