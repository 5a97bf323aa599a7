"""`short_path` and `lean_resolvers`: query execution with a short path: a selection compiled once, a node completed in one pass.

A page of 100 complaints is ~1,500 fields and ~300 objects below its nodes. graphql-core spends
~10 µs on each field: a resolve-info tuple, strawberry's resolver wrapper, the argument check, a
path entry, three levels of `complete_value`. This context compiles each selection set once per
request (`_Selection`) into what it can answer itself:

- plain columns: a field strawberry resolves with plain `getattr` (no resolver, arguments or field
  extensions) whose type is a scalar or enum, read and serialized in one pass;
- lean resolvers (`lighten_resolvers`, below) that are not async, and attributes holding objects or
  lists, whose values are completed recursively by the compiled selections below them (an info is
  built only for a resolver that takes one, or for a type's `is_type_of`).

Other fields (arguments, async resolvers, interfaces and unions, `@defer`) go through graphql-core,
and both parts are merged in selection order. Anything unusual on the short path (an error, a null
where the type forbids one, an awaitable, `is_type_of` refusing, a value the scalar refuses) sends
that whole object through graphql-core's own `execute_fields`, which then produces exactly the
result or located error it always did. So the short path can only return what the long one would
have returned, never a different answer.

`lighten_resolvers` replaces strawberry's resolver chain for the resolver fields a page repeats per
node (`id`, `enterprise`, `breaches`, …): a method taking only `self` and perhaps `info`, with no
arguments or field extensions. Strawberry calls each through a generic chain (argument conversion,
an extension reducer, three closures); the lean resolver calls the method with the same `self` and
`Info` directly.
"""

from __future__ import annotations

import inspect
from asyncio import Future
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import CoroutineType, GeneratorType
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

from models import fast

__all__ = ["ExecutionContext", "column_plan", "lean_resolver", "lighten_resolvers"]

# (attribute name, the type forbids null, the scalar's or enum's serializer); None: the full path.
Column = tuple[str, bool, Callable[[Any], Any]]
Plan = Column | None

_PLANS_ATTRIBUTE = "_duban_column_plans"


def _attribute(field_def: GraphQLField) -> str | None:
    """The attribute strawberry's default resolver reads for the field (none: a resolver, arguments…)."""
    if field_def.args or not getattr(field_def.resolve, "_is_default", False):
        return None
    field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if field is None or field.extensions or field.base_resolver is not None:
        return None
    if field.default_resolver is not getattr or not field.python_name:
        return None
    return field.python_name  # type: ignore[no-any-return]


def column_plan(field_def: GraphQLField) -> Plan:
    """How a plain leaf column is read and serialized, or None when the field needs the full path."""
    name = _attribute(field_def)
    if name is None:
        return None
    non_null = isinstance(field_def.type, GraphQLNonNull)
    leaf = field_def.type.of_type if non_null else field_def.type
    if not is_leaf_type(leaf):
        return None
    return name, non_null, leaf_serializer(leaf)


def leaf_serializer(leaf: Any) -> Callable[[Any], Any]:
    """The scalar's or enum's serializer; for a strawberry enum, its members' names looked up.

    Strawberry's enum serializer scans the enum's values for each member it is given (a page
    serializes ~400 statuses and stages); the names are the serializer's own answers, kept per
    member, and anything else still goes through it.
    """
    serialize: Callable[[Any], Any] = leaf.coerce_output_value
    members = getattr(leaf, "wrapped_cls", None)
    if not (isinstance(leaf, GraphQLEnumType) and isinstance(members, type) and issubclass(members, Enum)):
        return serialize
    names: dict[Any, Any] = {}
    for member in members:
        try:
            names[member] = serialize(member)
        except Exception:  # noqa: BLE001, S112 - a member the serializer refuses stays with it
            continue

    def serialize_member(value: Any) -> Any:
        if value.__class__ is members and value in names:
            return names[value]
        return serialize(value)

    return serialize_member


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

        resolve_fn = resolve
    else:
        name = resolver.info_parameter.name

        def resolve_with_info(source: Any, info: Any) -> Any:
            return method(source, **{name: info_class(_raw_info=info, _field=field)})

        resolve_fn = resolve_with_info
    # A plain (not async) method may be completed on the short path; `None` info when it takes none.
    resolve_fn._duban_lean = (  # type: ignore[attr-defined]
        not inspect.iscoroutinefunction(method) and not resolver.is_async,
        resolver.info_parameter is not None,
    )
    return resolve_fn


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

# Per class: whether its instances can be neither awaitable nor exceptions (rows, enums, types).
_SETTLED: dict[type, bool] = dict.fromkeys(_PLAIN, True)


def _settled_class(cls: type) -> bool:
    """Whether no instance of the class is an exception or awaitable, by the class alone.

    Python's `await` looks `__await__` up on the type, so the class decides; rows hide Tortoise's
    (`models.base.Row`). A class with `__getattr__` could answer anything: always asked.
    """
    if issubclass(cls, BaseException | CoroutineType | GeneratorType | Future):
        return False
    if any("__getattr__" in vars(klass) for klass in cls.__mro__):
        return False
    return not hasattr(cls, "__await__")


def _unsettled(value: Any, is_awaitable: Callable[[Any], bool]) -> bool:
    """Whether the value is an exception or awaitable (the full path must complete it)."""
    cls = value.__class__
    settled = _SETTLED.get(cls)
    if settled is None:
        settled = _SETTLED[cls] = _settled_class(cls)
    return not settled and (isinstance(value, Exception) or is_awaitable(value))


def _serialize(
    value: Any, non_null: bool, serialize: Callable[[Any], Any], is_awaitable: Callable[[Any], bool]
) -> Any:
    """A leaf's serialized value, or _FALLBACK when the full path must answer (and locate any error)."""
    if value is None:
        return _FALLBACK if non_null else None
    try:
        if _unsettled(value, is_awaitable):
            _close(value)
            return _FALLBACK
        coerced = serialize(value)
    except Exception:  # noqa: BLE001 - the full path raises or locates it properly
        return _FALLBACK
    return _FALLBACK if coerced is None or coerced is Undefined else coerced


def _read(plan: Column, source: Any, is_awaitable: Callable[[Any], bool]) -> Any:
    """The serialized column, or _FALLBACK."""
    name, non_null, serialize = plan
    try:
        value = getattr(source, name)
    except Exception:  # noqa: BLE001
        return _FALLBACK
    return _serialize(value, non_null, serialize, is_awaitable)


# How a resolved value is completed on the short path: a leaf, an object, or a list of either.
_LEAF, _OBJECT, _LIST = 0, 1, 2


@dataclass(frozen=True, slots=True)
class _Completion:
    kind: int
    non_null: bool
    serialize: Callable[[Any], Any] | None = None  # a leaf's serializer
    object_type: GraphQLObjectType | None = None  # an object's type …
    selection: _Selection | None = None  # … and the compiled selection on it
    item: _Completion | None = None  # a list's items

    @property
    def checks_type(self) -> bool:
        """Whether completing it calls the type's `is_type_of` (which takes the field's info)."""
        if self.kind == _LIST:
            return self.item is not None and self.item.checks_type
        return self.object_type is not None and self.object_type.is_type_of is not None


@dataclass(frozen=True, slots=True)
class _Resolved:
    """A field resolved on the short path: a lean method, or an attribute holding objects."""

    resolve: Callable[[Any, Any], Any]
    wants_info: bool
    field_def: GraphQLField
    field_nodes: list[FieldNode]
    completion: _Completion


@dataclass(frozen=True, slots=True)
class _Selection:
    """An object's selection compiled: the fields answered here, in order, and the rest (graphql-core)."""

    fields: GroupedFieldSet  # kept alive: the compilation is cached under its id
    short: tuple[tuple[str, Column | None, _Resolved | None], ...]
    rest: GroupedFieldSet


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._column_plans = _plans(self.schema)
        self._selections: dict[int, _Selection] = {}
        # Middleware (a schema extension's `resolve` hook) must see every field: no short path then.
        manager = self.middleware_manager
        self._short_path = fast.enabled("short_path") and (manager is None or not manager.middlewares)

    # ---- compiling a selection (once per selection set and request) --------------------------

    def _plan(self, parent_type: GraphQLObjectType, field_name: str) -> Plan:
        key = (parent_type.name, field_name)
        plans = self._column_plans
        if key not in plans:
            field_def = self.schema.get_field(parent_type, field_name)
            plans[key] = column_plan(field_def) if field_def else None
        return plans[key]

    def _selection(self, parent_type: GraphQLObjectType, fields: GroupedFieldSet) -> _Selection:
        """Worked out once per selection set and request (a page's nodes share one selection set)."""
        selection = self._selections.get(id(fields))
        if selection is None:
            short: list[tuple[str, Column | None, _Resolved | None]] = []
            rest: GroupedFieldSet = {}
            for response_name, details in fields.items():
                column = self._plan(parent_type, details[0].node.name.value)
                resolved = None if column is not None else self._resolved(parent_type, details)
                if column is None and resolved is None:
                    rest[response_name] = details
                else:
                    short.append((response_name, column, resolved))
            selection = self._selections[id(fields)] = _Selection(fields, tuple(short), rest)
        return selection

    def _resolved(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> _Resolved | None:
        """How a non-column field is answered on the short path, or None when graphql-core answers it."""
        node = details[0].node
        field_def = self.schema.get_field(parent_type, node.name.value)
        if field_def is None or field_def.args or node.arguments:
            return None
        lean = getattr(field_def.resolve, "_duban_lean", None)
        if lean is not None:
            sync, wants_info = lean
            if not sync:
                return None
            resolve = field_def.resolve
        else:
            name = _attribute(field_def)
            if name is None:
                return None
            resolve, wants_info = _getter(name), False
        completion = self._completion(field_def.type, details)
        if completion is None:
            return None
        nodes = [d.node for d in details]
        return _Resolved(resolve, wants_info or completion.checks_type, field_def, nodes, completion)

    def _completion(self, type_: GraphQLOutputType, details: FieldDetailsList) -> _Completion | None:
        non_null = isinstance(type_, GraphQLNonNull)
        inner = type_.of_type if non_null else type_
        if is_leaf_type(inner):
            return _Completion(_LEAF, non_null, serialize=leaf_serializer(inner))
        if isinstance(inner, GraphQLList):
            item = self._completion(inner.of_type, details)
            if item is None or item.kind == _LIST:
                return None
            return _Completion(_LIST, non_null, item=item)
        if isinstance(inner, GraphQLObjectType):
            grouped, defer_usages, _forbidden = self.collect_subfields(inner, details)
            if defer_usages:
                return None
            selection = self._selection(inner, grouped)
            if selection.rest:
                return None
            return _Completion(_OBJECT, non_null, object_type=inner, selection=selection)
        return None  # an interface or union: graphql-core resolves the runtime type

    # ---- executing ------------------------------------------------------------------------------

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        """The short fields answered here, the other fields through graphql-core, merged in order."""
        if not self._short_path:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        selection = self._selection(parent_type, grouped_field_set)
        values = self._fill(selection, parent_type, source_value, path) if selection.short else _FALLBACK
        if values is _FALLBACK:
            # Nothing short here, or something unusual in this object: all of it through the full
            # path, which raises or locates any error exactly as it always does.
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        if not selection.rest:
            return values
        rest = super().execute_fields(parent_type, source_value, path, selection.rest, position_context)
        if self.is_awaitable(rest):

            async def merged() -> dict[str, Any]:
                return _in_order(grouped_field_set, values, await rest)

            return merged()
        return _in_order(grouped_field_set, values, rest)

    def _fill(self, selection: _Selection, parent_type: GraphQLObjectType, source: Any, path: Path) -> Any:
        """The object's short fields, or _FALLBACK."""
        values: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        for response_name, column, resolved in selection.short:
            if column is not None:
                value = _read(column, source, is_awaitable)
            else:
                assert resolved is not None
                field_path = Path(path, response_name, parent_type.name)
                info = (
                    self.build_resolve_info(resolved.field_def, resolved.field_nodes, parent_type, field_path)
                    if resolved.wants_info
                    else None
                )
                try:
                    result = resolved.resolve(source, info)
                except Exception:  # noqa: BLE001 - the full path raises or locates it properly
                    return _FALLBACK
                value = self._complete(resolved.completion, result, info, field_path)
            if value is _FALLBACK:
                return _FALLBACK
            values[response_name] = value
        return values

    def _complete(self, completion: _Completion, result: Any, info: Any, path: Path) -> Any:
        """A resolved value completed as graphql-core would complete it, or _FALLBACK."""
        if completion.kind == _LEAF:
            return _serialize(result, completion.non_null, completion.serialize, self.is_awaitable)  # type: ignore[arg-type]
        if result is None:
            return _FALLBACK if completion.non_null else None
        if _unsettled(result, self.is_awaitable):
            _close(result)
            return _FALLBACK
        if completion.kind == _OBJECT:
            object_type = completion.object_type
            assert object_type is not None and completion.selection is not None
            if object_type.is_type_of is not None:
                try:
                    matches = object_type.is_type_of(result, info)
                except Exception:  # noqa: BLE001
                    return _FALLBACK
                if matches is not True:
                    _close(matches)
                    return _FALLBACK
            return self._fill(completion.selection, object_type, result, path)
        if not isinstance(result, list | tuple):
            return _FALLBACK
        item = completion.item
        assert item is not None
        completed = []
        for index, value in enumerate(result):
            value = self._complete(item, value, info, Path(path, index, None))
            if value is _FALLBACK:
                return _FALLBACK
            completed.append(value)
        return completed


def _getter(name: str) -> Callable[[Any, Any], Any]:
    def resolve(source: Any, _info: Any) -> Any:
        return getattr(source, name)

    return resolve


def _close(value: Any) -> None:
    """A coroutine the short path will not await is closed (the full path calls the resolver again)."""
    if inspect.iscoroutine(value):
        value.close()


def _in_order(fields: GroupedFieldSet, values: dict[str, Any], rest: dict[str, Any]) -> dict[str, Any]:
    """The response keys in the order of the selection (the columns' values and graphql-core's)."""
    return {
        name: values[name] if name in values else rest[name]
        for name in fields
        if name in values or name in rest
    }
