"""The GraphQL side of errors: the `UserError` type, running a mutation atomically, coded GraphQL errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError
from tortoise.exceptions import ValidationError

from resolvers.access import Scope
from resolvers.audit.chain import operation_name
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError, refused_value
from resolvers.errors import UserError as UserErrorExc
from resolvers.unit_of_work import unit_of_work
from schema.enums import described_enum

__all__ = ["ErrorCode", "UserError", "coded_error", "mutate"]

P = TypeVar("P")

# Registered in place (the class itself becomes the GraphQL enum), so annotations name the Python class.
described_enum(
    ErrorCode,
    "稳定的错误代码 (stable error code): `userErrors[].code`, and the `extensions.code` of GraphQL errors "
    "and of refused HTTP requests; frontends switch on it, the message is for people",
    {code.name: code.description for code in ErrorCode},
)


@strawberry.type(
    description="业务规则拒绝的原因 (a refused business rule): stable `code`, input `field` path, message."
)
class UserError:
    field: list[str] | None = strawberry.field(
        description="出错的输入字段路径 (path of the input field at fault)"
    )
    message: str = strawberry.field(description="说明 (human-readable explanation)")
    code: ErrorCode = strawberry.field(
        description="稳定的错误代码 (stable error code, e.g. INVALID_TRANSITION)"
    )


def coded_error(code: ErrorCode, message: str, **details: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **details})


def _refused(payload: Callable[..., P], field: str, exc: UserErrorExc) -> P:
    return payload(
        **{field: None, "user_errors": [UserError(field=exc.field, message=exc.message, code=exc.code)]}
    )


async def mutate(
    payload: Callable[..., P],
    field: str,
    scope: Scope,
    action: Callable[..., Awaitable[Any]],
    *args: Any,
) -> P:
    """Run `action(scope, *args)` as one unit of work: all of it is written with its one audit entry
    (summarizing the events the action recorded), or (on a refused rule or request) none of it."""
    try:
        async with unit_of_work(scope, operation_name(action.__name__)):
            result = await action(scope, *args)
    except UserErrorExc as exc:
        return _refused(payload, field, exc)
    except ValidationError as exc:
        # A value longer than its column (or out of its range), seen as Tortoise writes or compares it:
        # refused like a business rule, with nothing written.
        return _refused(payload, field, refused_value(exc))
    except RequestError:
        raise
    return payload(**{field: result, "user_errors": []})
