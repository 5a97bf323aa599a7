"""Shared model pieces: timestamps and the optimistic-locking version every updatable record carries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, Self

from tortoise import fields, timezone
from tortoise.fields.data import DatetimeField, parse_datetime
from tortoise.models import Model

__all__ = ["Row", "VersionedModel"]


class _NotAwaitable:
    """Hides Tortoise's `Model.__await__` (it lets `await row.fk` return an already fetched row).

    graphql-core completes every value for which `hasattr(value, "__await__")` holds as an
    awaitable: with rows awaitable, each node of a list became a coroutine and a task, and a page
    of 100 complaints cost about twice its synchronous time. Our code awaits relations through
    querysets and loaders, never a fetched row.
    """

    def __get__(self, instance: object, owner: type | None = None) -> None:
        raise AttributeError("__await__")


# (column key in the fetched row, attribute, converter or None, convert None too)
_Step = tuple[str, str, Callable[[Any], Any] | None, bool]
# A model's ways to build rows, per tuple of fetched keys: (partial, custom generated pk, steps).
_Hydration = tuple[bool, bool, tuple[_Step, ...]]


def _datetime_converter(use_tz: bool, tz: tzinfo) -> Callable[[Any], Any]:
    """`DatetimeField.to_python_value` with the settings it reads per call read once.

    Tortoise looks up `USE_TZ` in the environment and builds the default time zone for every
    value; a page of 100 complaints converts ~800 timestamps.
    """

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime):
            value = datetime.fromtimestamp(value) if isinstance(value, int) else parse_datetime(value)
        if use_tz:
            return value.replace(tzinfo=tz) if value.utcoffset() is None else value.astimezone(tz)
        return value.replace(tzinfo=None) if value.utcoffset() is not None else value

    return convert


class Row(Model):
    """Every table's base: a Tortoise model that graphql-core resolves synchronously."""

    __await__ = _NotAwaitable()  # type: ignore[assignment]

    class Meta:
        abstract = True

    @classmethod
    def _init_from_db(cls, **kwargs: Any) -> Self:
        """A fetched row built as Tortoise builds it, by steps worked out once per set of columns.

        Tortoise's own `_init_from_db` converts every value through the field, and for a partial
        row (`.only()`, as a page of complaints loads) it first fails on the full set of columns,
        then rebuilds the sets of field kinds for each row. The result is the same instance:
        `tests/foundation/test_models.py` compares both for every model, full and partial.
        """
        keys = tuple(kwargs)
        hydrations = cls.__dict__.get("_duban_hydrations")
        if hydrations is None:
            hydrations = {}
            type.__setattr__(cls, "_duban_hydrations", hydrations)
        hydration = hydrations.get(keys)
        if hydration is None:
            hydration = hydrations[keys] = cls._hydration(keys)
        partial, custom_pk, steps = hydration
        self = cls.__new__(cls)
        _setattr = object.__setattr__
        _setattr(self, "_partial", partial)
        _setattr(self, "_saved_in_db", True)
        _setattr(self, "_custom_generated_pk", custom_pk)
        _setattr(self, "_await_when_save", {})
        for key, attribute, convert, convert_none in steps:
            value = kwargs[key]
            if convert is not None and (convert_none or value is not None):
                value = convert(value)
            _setattr(self, attribute, value)
        return self

    @classmethod
    def _hydration(cls, keys: tuple[str, ...]) -> _Hydration:
        """The steps Tortoise's `_init_from_db` takes for rows fetched with these keys."""
        meta = cls._meta
        use_tz, tz = timezone.get_use_tz(), timezone.get_default_timezone()

        def complex_converter(field: Any) -> Callable[[Any], Any]:
            if type(field).to_python_value is DatetimeField.to_python_value:
                return _datetime_converter(use_tz, tz)
            return field.to_python_value  # type: ignore[no-any-return]

        custom_pk = meta.db_pk_column not in meta.generated_db_fields
        present = set(keys)
        native = [(k, f) for k, f, _ in meta.db_native_fields]
        default = [(k, f, field) for k, f, field in meta.db_default_fields]
        complex_ = [(k, f, field) for k, f, field in meta.db_complex_fields]
        if all(k in present for k, *_ in (*native, *default, *complex_)):
            steps: list[_Step] = [(k, f, None, False) for k, f in native]
            steps += [(k, f, field.field_type, False) for k, f, field in default]
            steps += [(k, f, complex_converter(field), True) for k, f, field in complex_]
            return False, custom_pk, tuple(steps)
        native_keys = {k for k, _ in native}
        default_keys = {k for k, *_ in default}
        steps = []
        for key in keys:
            if key not in meta.fields_map:
                continue
            field = meta.fields_map[key]
            attribute = meta.fields_db_projection_reverse.get(key, key)
            if key in native_keys:
                steps.append((key, attribute, None, False))
            elif key in default_keys:
                steps.append((key, attribute, field.field_type, False))
            else:
                steps.append((key, attribute, complex_converter(field), True))
        return True, custom_pk, tuple(steps)


class VersionedModel(Row):
    """An updatable record: `version` rises by one on each write so stale writers can be refused."""

    id = fields.BigIntField(primary_key=True)
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True
