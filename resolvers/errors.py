"""Errors with stable codes: refused business rules (`UserError`) and refused requests (`RequestError`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tortoise.exceptions import ValidationError

from resolvers.error_codes import ErrorCode

__all__ = ["RequestError", "UserError", "refused_value"]


class UserError(Exception):
    """A business rule refused the change; becomes a payload's `userErrors` entry, nothing is written.

    `code` is stable (frontends switch on it); `message` is for people, in Chinese with the term;
    `field` is the input path, e.g. ["input", "code"].
    """

    def __init__(self, code: ErrorCode, message: str, field: Sequence[str] | str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if isinstance(field, str):
            field = ["input", field]
        self.field = list(field) if field else None


class RequestError(Exception):
    """The request itself is refused (unauthenticated, forbidden, malformed argument); a GraphQL error."""

    def __init__(self, code: ErrorCode, message: str, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


# Tortoise's validators (run on every value written or compared to a column) say
# "<field>: Length of '<value>' <length> > <max_length>" for a string longer than its column.
_TOO_LONG = re.compile(r"^(?P<field>\w+): Length of '.*' (?P<length>\d+) > (?P<limit>\d+)$", re.DOTALL)
_FIELD = re.compile(r"^(?P<field>\w+): (?P<detail>.*)$", re.DOTALL)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def refused_value(exc: ValidationError) -> UserError:
    """A value the model refuses (longer than its column, out of its range): the caller's mistake,
    named by the field and the limit, never the value itself (it may be megabytes)."""
    text = str(exc)
    if match := _TOO_LONG.match(text):
        field, limit, length = _camel(match["field"]), int(match["limit"]), int(match["length"])
        return UserError(
            ErrorCode.TOO_LONG,
            f"`{field}` 过长 (too long): 最多 {limit} 个字符 (at most {limit} characters), got {length}",
            field,
        )
    match = _FIELD.match(text)
    field = _camel(match["field"]) if match else "input"
    detail = (match["detail"] if match else text)[:200]
    return UserError(ErrorCode.INVALID_VALUE, f"`{field}` 取值无效 (invalid value): {detail}", field)
