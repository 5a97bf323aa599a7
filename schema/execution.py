"""Query execution with a short path for plain leaf columns, and lean calls of simple resolvers.

A page of 100 complaints is ~1,500 fields, ~1,200 of them a column read straight off the row
(`serialNo`, `status`, `receivedAt`, …). graphql-core spends ~10 µs on each: a resolve-info tuple,
strawberry's resolver wrapper, the argument check, three levels of `complete_value`. For a field
that strawberry resolves with plain `getattr` (no resolver, no arguments, no field extensions)
and whose type is a scalar or enum, this context reads the attribute and serializes it directly.

Anything unusual on that path (an error, a null where the type forbids one, an awaitable, a value
the scalar refuses) falls back to graphql-core's own `execute_field`, which then produces exactly
the result or located error it always did. So the short path can only return what the long one
would have returned, never a different answer.

`lighten_resolvers` does the same for the resolver fields a page repeats per node (`id`, `enterprise`,
`breaches`, …): a method taking only `self` and perhaps `info`, with no arguments or field extensions.
Strawberry calls each through a generic chain (argument conversion, an extension reducer, three
closures); the lean resolver calls the method with the same `self` and `Info` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLField, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, is_leaf_type
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


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._column_plans = _plans(self.schema)
        # Middleware (a schema extension's `resolve` hook) must see every field: no short path then.
        manager = self.middleware_manager
        self._short_path = manager is None or not manager.middlewares

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        key = (parent_type.name, field_details_list[0].node.name.value)
        plans = self._column_plans
        if key in plans:
            plan = plans[key]
        else:
            field_def = self.schema.get_field(parent_type, key[1])
            plan = plans[key] = column_plan(field_def) if field_def else None
        if plan is None or not self._short_path:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        name, non_null, serialize = plan
        try:
            value = getattr(source, name)
            if value is None:
                if not non_null:
                    return None
            elif not isinstance(value, Exception) and not self.is_awaitable(value):
                coerced = serialize(value)
                if coerced is not None and coerced is not Undefined:
                    return coerced
        except Exception:  # noqa: BLE001, S110 - the full path below raises or locates it properly
            pass
        return super().execute_field(parent_type, source, field_details_list, path, position_context)
