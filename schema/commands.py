"""From a GraphQL input to the resolver's command or query: one converter instead of a method per input.

An input and the dataclass its resolver takes share their field names; `command` copies each field,
decodes the global ids of fields declared with `node_id`, recurses into nested inputs and lists, and
turns an enum into its value where the command wants plain text. It is strict: an input field with
no place in the command (and not named in `unused`) is a programming error, raised on the first
request rather than dropped, so the two declarations cannot drift apart silently. Where the input
would only repeat the dataclass, `described_input` derives it and only the descriptions are written.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types
import typing
from collections.abc import Collection, Mapping
from enum import Enum
from typing import Any, TypeVar, overload

import strawberry

from schema.node import decode_id

__all__ = ["command", "described_input", "node_id"]

T = TypeVar("T")

# The strawberry field metadata key naming the node type a field's global ids must be of.
NODE_TYPE = "duban.node_type"


def node_id(type_name: str, *, description: str, **options: Any) -> Any:
    """A field of global ids of `type_name` (one, or a list): `command` decodes them to primary keys,
    so a wrong id gives INVALID_ID from `decode_id`, as everywhere else."""
    return strawberry.field(description=description, metadata={NODE_TYPE: type_name}, **options)


def described_input(
    cls: type,
    description: str,
    fields: Mapping[str, str],
    node_ids: Mapping[str, str] | None = None,
    internal: Collection[str] = (),
) -> Any:
    """The GraphQL input of the resolver's dataclass `cls`, of the same name: its fields, their types and
    defaults written once, there; here only each field's description (every field needs one, as every
    enum value does in `described_enum`). An `int` field named in `node_ids` takes a global id of that
    node type instead, which `command` decodes back. `internal` fields (set by resolvers, never by a
    client) stay out of the input and keep their defaults."""
    hints, node_ids = _hints(cls), node_ids or {}
    if missing := hints.keys() - fields.keys() - set(internal):
        raise ValueError(f"{cls.__name__}: fields without a description: {sorted(missing)}")
    if unknown := (fields.keys() | node_ids.keys() | set(internal)) - hints.keys():
        raise ValueError(f"{cls.__name__}: no such fields: {sorted(unknown)}")
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": cls.__module__}
    for field in dataclasses.fields(cls):
        if field.name in internal:
            continue
        options: dict[str, Any] = {"description": fields[field.name]}
        if field.default is not dataclasses.MISSING:
            options["default"] = field.default
        if field.default_factory is not dataclasses.MISSING:
            options["default_factory"] = field.default_factory
        if field.name in node_ids:
            annotations[field.name] = _ids(hints[field.name])
            namespace[field.name] = node_id(node_ids[field.name], **options)
        else:
            annotations[field.name] = hints[field.name]
            namespace[field.name] = strawberry.field(**options)
    return strawberry.input(type(cls.__name__, (), namespace), description=description)


def _ids(hint: Any) -> Any:
    """The annotation with `int` (a primary key) replaced by `strawberry.ID` (a global id)."""
    if hint is int:
        return strawberry.ID
    if typing.get_origin(hint) is list:
        return list[_ids(typing.get_args(hint)[0])]  # type: ignore[misc]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return functools.reduce(operator.or_, (_ids(a) for a in typing.get_args(hint)))
    return hint


@overload
def command(source: None, target: type[T], /, *, unused: Collection[str] = (), **given: Any) -> None: ...
@overload
def command(source: object, target: type[T], /, *, unused: Collection[str] = (), **given: Any) -> T: ...
def command(
    source: object | None, target: type[T], /, *, unused: Collection[str] = (), **given: Any
) -> T | None:
    """`target` built from the input `source` (None for an omitted optional input).

    `given` sets command fields the input does not carry, or replaces a field the caller transformed;
    `unused` names input fields the caller consumes itself (passed on some other way)."""
    if source is None:
        return None
    values = dict(given)
    hints = _hints(target)
    for field in dataclasses.fields(source):  # type: ignore[arg-type]
        if field.name in given or field.name in unused:
            continue
        if field.name not in hints:
            raise TypeError(f"{type(source).__name__}.{field.name} has no place in {target.__name__}")
        value = getattr(source, field.name)
        values[field.name] = _convert(value, hints[field.name], field.metadata.get(NODE_TYPE))
    return target(**values)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(target: type) -> dict[str, Any]:
    """The command's fields and their resolved types (its module's annotations are strings)."""
    if target not in _HINTS:
        names = {f.name for f in dataclasses.fields(target)}
        _HINTS[target] = {n: hint for n, hint in typing.get_type_hints(target).items() if n in names}
    return _HINTS[target]


def _unwrap(hint: Any) -> Any:
    """`X | None` -> X."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _convert(value: Any, hint: Any, node_type: str | None) -> Any:
    if value is None:
        return None
    hint = _unwrap(hint)
    if isinstance(value, list):
        item = typing.get_args(hint)[0] if typing.get_origin(hint) is list else Any
        return [_convert(v, item, node_type) for v in value]
    if node_type is not None:
        return decode_id(value, node_type)[1]
    if hasattr(value, "__strawberry_definition__") and dataclasses.is_dataclass(hint):
        return command(value, hint)  # type: ignore[arg-type]
    if isinstance(value, Enum) and _plain_type(hint) and type(value) is not hint:
        return hint(value.value)
    return value


def _plain_type(hint: Any) -> bool:
    """A class to test `isinstance` against (`list[int]` passes `isinstance(_, type)` but cannot be)."""
    return isinstance(hint, type) and typing.get_origin(hint) is None
