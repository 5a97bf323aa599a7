"""Errors with stable codes: refused business rules (`UserError`) and refused requests (`RequestError`)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["RequestError", "UserError"]


class UserError(Exception):
    """A business rule refused the change; becomes a payload's `userErrors` entry, nothing is written.

    `code` is stable (frontends switch on it); `message` is for people, in Chinese with the term;
    `field` is the input path, e.g. ["input", "code"].
    """

    def __init__(self, code: str, message: str, field: Sequence[str] | str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if isinstance(field, str):
            field = ["input", field]
        self.field = list(field) if field else None


class RequestError(Exception):
    """The request itself is refused (unauthenticated, forbidden, malformed argument); a GraphQL error."""

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
