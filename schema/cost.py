"""Query cost, GitHub-style: each connection costs the product of the page sizes along its path."""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
)

from resolvers.pagination import DEFAULT_PAGE

__all__ = ["query_cost"]

_MAX_INT = 2**31 - 1
# Costs are reported in the refusal: beyond 2^53 a JSON number is no longer exact (and beyond 2^64
# not writable at all), and any such cost is far over every limit anyway.
_MAX_COST = 2**53


class _Walk:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def page_size(self, field: FieldNode) -> int:
        """`first` or `last` as the request gives it (literal or variable), else the default page."""
        for argument in field.arguments or ():
            if argument.name.value not in {"first", "last"}:
                continue
            value: Any = argument.value
            if isinstance(value, VariableNode):
                value = self.variables.get(value.name.value)
            elif isinstance(value, IntValueNode):
                value = int(value.value)
            # Outside Int's 32 bits the value is refused as BAD_USER_INPUT when variables are coerced.
            if isinstance(value, int) and not isinstance(value, bool) and value <= _MAX_INT:
                return max(value, 0)
        return DEFAULT_PAGE

    def id_count(self, field: FieldNode) -> int:
        """How many objects a by-ids field (`nodes(ids: …)`) asks for; 1 for other fields."""
        for argument in field.arguments or ():
            if argument.name.value == "ids":
                value: Any = argument.value
                if isinstance(value, VariableNode):
                    value = self.variables.get(value.name.value)
                elif isinstance(value, ListValueNode):
                    value = value.values
                return max(len(value), 1) if isinstance(value, list | tuple) else 1
        return 1

    def cost(
        self, selection_set: SelectionSetNode | None, parent: Any, multiplier: int, seen: frozenset[str]
    ) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += self.field_cost(selection, parent, multiplier, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, inner, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    inner = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(fragment.selection_set, inner, multiplier, seen | {name})
        return total

    def field_cost(self, field: FieldNode, parent: Any, multiplier: int, seen: frozenset[str]) -> int:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        definition = parent.fields.get(field.name.value)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        own = 0
        multiplier *= self.id_count(field)
        if named.name.endswith("Connection"):
            multiplier *= self.page_size(field)
            own = multiplier
        elif parent is self.schema.query_type or parent is self.schema.mutation_type:
            own = 1
        return own + self.cost(field.selection_set, named, multiplier, seen)


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
) -> int:
    """Root fields cost 1; a connection costs its page size times the page sizes of the connections
    above it (`first`/`last`, default 20) and the number of ids of a `nodes(ids)` above it: the most
    items the query could fetch."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    defaults = {
        d.variable.name.value: int(d.default_value.value)
        for d in operation.variable_definitions or ()
        if isinstance(d.default_value, IntValueNode)
    }
    root = schema.get_root_type(operation.operation)
    cost = _Walk(schema, document, {**defaults, **(variables or {})}).cost(
        operation.selection_set, root, 1, frozenset()
    )
    return min(cost, _MAX_COST)
