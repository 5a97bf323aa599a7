"""Query execution with a short path for plain leaf columns, and lean calls of simple resolvers.

A page of 100 complaints is ~1,500 fields, ~1,200 of them a column read straight off the row
(`serialNo`, `status`, `receivedAt`, …). graphql-core spends ~10 µs on each: a resolve-info tuple,
strawberry's resolver wrapper, the argument check, three levels of `complete_value`. A field that
strawberry resolves with plain `getattr` (no resolver, no arguments, no field extensions) and whose
type is a scalar or enum is a plain column: this context reads an object's plain columns in one pass
(the attribute, then the type's own serializer) and lets graphql-core execute only its other fields,
merging both in selection order.

Anything unusual in that pass (an error, a null where the type forbids one, an awaitable, a value
the scalar refuses) sends the whole object through graphql-core's own `execute_fields`, which then
produces exactly the result or located error it always did. So the short path can only return what
the long one would have returned, never a different answer.

`lighten_resolvers` does the same for the resolver fields a page repeats per node (`id`, `enterprise`,
`breaches`, …): a method taking only `self` and perhaps `info`, with no arguments or field extensions.
Strawberry calls each through a generic chain (argument conversion, an extension reducer, three
closures); the lean resolver calls the method with the same `self` and `Info` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from graphql import GraphQLField, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, is_leaf_type
from graphql.execution.collect_fields import GroupedFieldSet
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

__all__ = ["ExecutionContext", "column_plan", "lean_resolver", "lighten_resolvers"]

# (attribute name, the type forbids null, the scalar's or enum's serializer); None: the full path.
Plan = tuple[str, bool, Callable[[Any], Any]] | None

_PLANS_ATTRIBUTE = "_duban_column_plans"


def column_plan(field_def: GraphQLField) -> Plan:
    """How a plain leaf column is read and serialized, or None when the field needs the full path."""
    if field_def.args or not getattr(field_def.resolve, "_is_default", False):
        return None
    field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if field is None or field.extensions or field.base_resolver is not None:
        return None
    if field.default_resolver is not getattr or not field.python_name:
        return None
    non_null = isinstance(field_def.type, GraphQLNonNull)
    leaf = field_def.type.of_type if non_null else field_def.type
    if not is_leaf_type(leaf):
        return None
    return field.python_name, non_null, leaf.coerce_output_value


def lean_resolver(field_def: GraphQLField, info_class: type) -> Callable[..., Any] | None:
    """A direct call of the field's method, or None when strawberry's full chain is needed."""
    field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    resolver = getattr(field, "base_resolver", None)
    if resolver is None or field.extensions or field.arguments or field_def.args:
        return None
    if resolver.self_parameter is None or resolver.root_parameter or resolver.parent_parameter:
        return None
    if {p.name for p in resolver.signature.parameters.values()} - {
        resolver.self_parameter.name,
        *([resolver.info_parameter.name] if resolver.info_parameter else []),
    }:
        return None
    method = resolver.wrapped_func
    if resolver.info_parameter is None:

        def resolve(source: Any, _info: Any) -> Any:
            return method(source)

        return resolve
    name = resolver.info_parameter.name

    def resolve_with_info(source: Any, info: Any) -> Any:
        return method(source, **{name: info_class(_raw_info=info, _field=field)})

    return resolve_with_info


def lighten_resolvers(schema: Any) -> int:
    """Gives every simple resolver field of a strawberry schema its lean resolver; returns how many.

    Not with schema-wide exception handlers: those wrap every resolver call.
    """
    if getattr(schema, "exception_handlers", None):
        return 0
    lightened = 0
    for named in schema._schema.type_map.values():  # noqa: SLF001
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for field_def in named.fields.values():
            resolve = lean_resolver(field_def, schema.config.info_class)
            if resolve is not None:
                field_def.resolve = resolve
                lightened += 1
    return lightened


def _plans(schema: GraphQLSchema) -> dict[tuple[str, str], Plan]:
    """The schema's plans, worked out once per (type, field) and kept on the schema object."""
    plans = getattr(schema, _PLANS_ATTRIBUTE, None)
    if plans is None:
        plans = {}
        setattr(schema, _PLANS_ATTRIBUTE, plans)
    return plans


# Values of these classes are never awaitable: no need to ask (a page asks ~1,500 times).
_PLAIN = frozenset({str, int, float, bool, datetime, date, Decimal})
_FALLBACK = object()


def _read(
    plan: tuple[str, bool, Callable[[Any], Any]], source: Any, is_awaitable: Callable[[Any], bool]
) -> Any:
    """The serialized column, or _FALLBACK when the full path must answer (and locate any error)."""
    name, non_null, serialize = plan
    try:
        value = getattr(source, name)
        if value is None:
            return _FALLBACK if non_null else None
        if value.__class__ not in _PLAIN and (isinstance(value, Exception) or is_awaitable(value)):
            return _FALLBACK
        coerced = serialize(value)
    except Exception:  # noqa: BLE001 - the full path raises or locates it properly
        return _FALLBACK
    return _FALLBACK if coerced is None or coerced is Undefined else coerced


@dataclass(frozen=True)
class _Split:
    """An object's selection split into plain columns (read here) and the rest (graphql-core)."""

    fields: GroupedFieldSet  # kept alive: the split is cached under its id
    columns: tuple[tuple[str, tuple[str, bool, Callable[[Any], Any]]], ...]
    rest: GroupedFieldSet


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._column_plans = _plans(self.schema)
        self._splits: dict[int, _Split] = {}
        # Middleware (a schema extension's `resolve` hook) must see every field: no short path then.
        manager = self.middleware_manager
        self._short_path = manager is None or not manager.middlewares

    def _plan(self, parent_type: GraphQLObjectType, field_name: str) -> Plan:
        key = (parent_type.name, field_name)
        plans = self._column_plans
        if key not in plans:
            field_def = self.schema.get_field(parent_type, field_name)
            plans[key] = column_plan(field_def) if field_def else None
        return plans[key]

    def _split(self, parent_type: GraphQLObjectType, fields: GroupedFieldSet) -> _Split:
        """Worked out once per selection set and request (a page's nodes share one selection set)."""
        split = self._splits.get(id(fields))
        if split is None:
            columns, rest = [], {}
            for response_name, details in fields.items():
                plan = self._plan(parent_type, details[0].node.name.value)
                if plan is None:
                    rest[response_name] = details
                else:
                    columns.append((response_name, plan))
            split = self._splits[id(fields)] = _Split(fields, tuple(columns), rest)
        return split

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        """Plain columns read in one pass, the other fields through graphql-core, merged in order."""
        if not self._short_path:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        split = self._split(parent_type, grouped_field_set)
        if not split.columns:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        values: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        for response_name, plan in split.columns:
            value = _read(plan, source_value, is_awaitable)
            if value is _FALLBACK:
                # Something unusual in this object: all of it through the full path, errors located there.
                return super().execute_fields(
                    parent_type, source_value, path, grouped_field_set, position_context
                )
            values[response_name] = value
        if not split.rest:
            return values
        rest = super().execute_fields(parent_type, source_value, path, split.rest, position_context)
        if self.is_awaitable(rest):

            async def merged() -> dict[str, Any]:
                return _in_order(grouped_field_set, values, await rest)

            return merged()
        return _in_order(grouped_field_set, values, rest)


def _in_order(fields: GroupedFieldSet, values: dict[str, Any], rest: dict[str, Any]) -> dict[str, Any]:
    """The response keys in the order of the selection (the columns' values and graphql-core's)."""
    return {
        name: values[name] if name in values else rest[name]
        for name in fields
        if name in values or name in rest
    }
