"""Cursor pagination over a queryset: first/after and last/before, with a lazily counted total."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.queryset import QuerySet

from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError

__all__ = [
    "MAX_OFFSET",
    "MAX_PAGE",
    "DEFAULT_PAGE",
    "Page",
    "decode_cursor",
    "encode_cursor",
    "first_mentions",
    "nothing",
    "paginate",
    "paginate_list",
    "window",
]

T = TypeVar("T")


def first_mentions(orders: Sequence[T], field: Callable[[T], object]) -> list[T]:
    """Each ordering field at its first mention only. SQL sorts by a field's first mention, so the
    answer is the same, and a list of a thousand repeats stays within SQLite's limit on sort terms."""
    seen: set[object] = set()
    kept = []
    for order in orders:
        if field(order) not in seen:
            seen.add(field(order))
            kept.append(order)
    return kept


MAX_PAGE = 100
DEFAULT_PAGE = 20
_PREFIX = "cursor:"
# No page lies deeper than this; larger offsets would only overflow OFFSET arithmetic in SQL.
MAX_OFFSET = 10**9


def nothing(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """An empty result for a filter that names nothing (Tortoise 1.x querysets have no `.none()`)."""
    return queryset.filter(id__isnull=True)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset a cursor of ours stands for; INVALID_CURSOR for anything `encode_cursor` does not give
    (a bounded offset in its one spelling: no sign, no leading zeros, no other digits than ASCII)."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeError):
        raw = ""
    digits = raw[len(_PREFIX) :] if raw.startswith(_PREFIX) else ""
    if digits.isascii() and digits.isdigit() and len(digits) <= len(str(MAX_OFFSET)):
        offset = int(digits)
        if offset <= MAX_OFFSET and encode_cursor(offset) == cursor:
            return offset
    raise RequestError(ErrorCode.INVALID_CURSOR, f"游标无效 (invalid cursor): {ascii(cursor[:100])}")


def _check_size(name: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_PAGE:
        raise RequestError(
            ErrorCode.INVALID_PAGE_SIZE,
            f"`{name}` 须在 0 到 {MAX_PAGE} 之间 ({name} must be between 0 and {MAX_PAGE}), got {value}",
            limit=MAX_PAGE,
        )


@dataclass
class Page(Generic[T]):
    items: list[T]
    start: int
    has_next: bool
    has_previous: bool
    count: Callable[[], Awaitable[int]]


def _window(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> tuple[int, int | None, bool]:
    """(start offset, end offset or None, whether `last` needs the total to find its start)."""
    _check_size("first", first)
    _check_size("last", last)
    if first is not None and last is not None:
        raise RequestError(
            ErrorCode.INVALID_PAGINATION, "`first` 与 `last` 不能同时使用 (use first or last, not both)"
        )
    start = decode_cursor(after) + 1 if after else 0
    end = decode_cursor(before) if before else None
    if last is None and first is None:
        first = DEFAULT_PAGE
    if first is not None:
        stop = start + first if end is None else min(end, start + first)
        return start, stop, False
    assert last is not None
    if end is None:
        return start, None, True
    return max(start, end - last), end, False


def window(first: int | None, after: str | None) -> tuple[int, int]:
    """(start, stop) offsets of a forward page (`first`/`after`), refused as `paginate` refuses it."""
    start, stop, _ = _window(first, after, None, None)
    assert stop is not None
    return start, stop


async def paginate(
    queryset: QuerySet[Any],
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    columns: Sequence[str] | None = None,
) -> Page[Any]:
    """One SELECT for the page (and one COUNT only when `totalCount` is asked or `last` needs it).

    `columns`: load only these fields of each row (partial rows: reading another one fails), for a
    page whose selection is known to need no more.
    """
    total: int | None = None

    async def count() -> int:
        nonlocal total
        if total is None:
            total = await queryset.count()
        return total

    start, stop, needs_total = _window(first, after, last, before)
    if needs_total:
        total_rows = await count()
        stop = total_rows
        start = max(start, total_rows - (last or 0))
    assert stop is not None
    size = max(0, stop - start)
    page = queryset.offset(start).limit(size + 1)
    if columns:
        page = page.only(*columns)
    rows = list(await page) if size else []
    has_next = len(rows) > size
    return Page(items=rows[:size], start=start, has_next=has_next, has_previous=start > 0, count=count)


def paginate_list(
    items: list[T],
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[T]:
    """The same window over an in-memory list (already loaded through a dataloader)."""
    start, stop, needs_total = _window(first, after, last, before)
    if needs_total or stop is None:
        stop = len(items)
        start = max(start, len(items) - (last or 0))
    chunk = items[start:stop]

    async def count() -> int:
        return len(items)

    return Page(items=chunk, start=start, has_next=stop < len(items), has_previous=start > 0, count=count)
