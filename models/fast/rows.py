"""`rows`: a fetched row built as Tortoise's `Model._init_from_db` builds it, by steps worked out once
per model and set of columns.

Tortoise converts every value through its field, reads `USE_TZ` from the environment and builds the
default time zone for each timestamp (a page of 100 complaints converts ~800), and for a partial row
(`.only()`, as a page of complaints loads) first fails on the full set of columns, then rebuilds the
sets of field kinds for each row. The result is the same instance: tests/foundation/test_hydration.py
compares both for every model, whole and partial, on both databases.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from tortoise import timezone
from tortoise.fields.data import DatetimeField, parse_datetime
from tortoise.models import Model

__all__ = ["init_from_db"]

# (column key in the fetched row, attribute, converter or None, convert None too)
_Step = tuple[str, str, Callable[[Any], Any] | None, bool]
# A model's ways to build rows, per tuple of fetched keys: (partial, custom generated pk, steps).
_Hydration = tuple[bool, bool, tuple[_Step, ...]]

_HYDRATIONS = "_duban_hydrations"


def _datetime_converter(use_tz: bool, tz: tzinfo) -> Callable[[Any], Any]:
    """`DatetimeField.to_python_value` with the settings it reads per call read once."""

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime):
            value = datetime.fromtimestamp(value) if isinstance(value, int) else parse_datetime(value)
        if use_tz:
            return value.replace(tzinfo=tz) if value.utcoffset() is None else value.astimezone(tz)
        return value.replace(tzinfo=None) if value.utcoffset() is not None else value

    return convert


def init_from_db(cls: type[Model], kwargs: dict[str, Any]) -> Any:
    keys = tuple(kwargs)
    hydrations = cls.__dict__.get(_HYDRATIONS)
    if hydrations is None:
        hydrations = {}
        type.__setattr__(cls, _HYDRATIONS, hydrations)
    hydration = hydrations.get(keys)
    if hydration is None:
        hydration = hydrations[keys] = _hydration(cls, keys)
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


def _hydration(cls: type[Model], keys: tuple[str, ...]) -> _Hydration:
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
