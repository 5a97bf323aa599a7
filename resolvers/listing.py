"""The read model: one `Listing` per node type, holding that domain's only row rule.

A listing declares its model, the roles that may read the type at all, `rule(actor)` (which rows of
it the actor may see), its filter builder and orderings, and what each selected field needs (columns
to load, related rows to prime). Every door reads rows through it:

- lists and their `totalCount` (`Listing.rows` under the filters, paged by `Listing.page`);
- `node`, `nodes` and `trace` (`Listing.visible_ids`, batched per type);
- overdue flags (a flag is visible exactly when its subject is: `flag_rule` below asks each
  subject's listing), digests and figures;
- every action that names an object by id (`Listing.get`): an object the caller may not see is
  refused exactly as a missing one.

A rule returns a `Q` over the model's own columns (subqueries allowed), or `None` for "every row":
the unrestricted roles pay nothing for it. An object the caller may not see is never told apart from
one that does not exist: not by an answer, a code, a message, a count or a suggestion.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any, Generic, TypeVar

from tortoise import connections
from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.auth import Role
from models.unit import Unit
from resolvers.access import Actor
from resolvers.error_codes import ErrorCode
from resolvers.errors import RequestError
from resolvers.pagination import Page, paginate, window

__all__ = [
    "ALL_ROLES",
    "EVERY_ROW",
    "LISTINGS",
    "Listing",
    "NOTHING",
    "Prime",
    "listing_of",
    "register",
    "subtree_rule",
    "unit_under",
]

M = TypeVar("M", bound=Model)
ALL_ROLES = frozenset(Role)
# A rule's answer for "no restriction": the query is left as it is.
EVERY_ROW: Q | None = None
# A rule's answer for "no row at all" (a unit operator whose token names no unit).
NOTHING = Q(id__in=[])

Rule = Callable[[Actor], Q | None]
BatchFn = Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]


def unit_under(path: str, fk: str) -> Q:
    """Rows whose unit (the foreign key `fk`) is the unit with this path or one below it.

    On SQLite the subtree's ids as a subquery, so each unit's (fk_id, …) index ranges serve the
    filter: a county's 90-day count took 150 ms through the join, 30 ms so. PostgreSQL keeps the
    join: Tortoise orders the subquery (the unit's default ordering), which stops PostgreSQL from
    turning it into a semi-join (the complaint page took 14 ms instead of 6.5 ms).
    """
    if connections.get("default").capabilities.dialect == "sqlite":
        ids: Any = Subquery(Unit.filter(path__startswith=path).values("id"))
        return Q(**{f"{fk}_id__in": ids})
    return Q(**{f"{fk}__path__startswith": path})


def subtree_rule(fk: str) -> Rule:
    """The rule of rows owned by one unit: unit operators see their unit's subtree, others every row."""

    def rule(actor: Actor) -> Q | None:
        if not actor.unit_scoped:
            return EVERY_ROW
        if not actor.unit_path:
            return NOTHING
        return unit_under(actor.unit_path, fk)

    return rule


def _every_row(actor: Actor) -> Q | None:
    return EVERY_ROW


@dataclass(frozen=True)
class Prime:
    """A related row a selected field reads: loaded for a whole page in one batch before it resolves."""

    batch: BatchFn
    key: str  # the attribute of the row holding the related row's id


@dataclass(frozen=True, eq=False)
class Listing(Generic[M]):
    """One node type's read model (see the module's docstring)."""

    type_name: str
    model: type[M]
    rule: Rule = _every_row
    readers: frozenset[Role] = ALL_ROLES
    # The domain's filter builder: (rows, filter input, now) -> filtered rows.
    filters: Callable[[QuerySet[M], Any, datetime], Awaitable[QuerySet[M]]] | None = None
    # The domain's ordering: (rows, ordering input or None) -> rows in a total order (ids break ties);
    # without one, the listing's fixed total order.
    order: Callable[[QuerySet[M], Any], QuerySet[M]] | None = None
    default_order: tuple[str, ...] = ("-id",)
    # Selected field -> the columns it reads, for the fields that are not plain columns. A listing
    # that declares them loads partial rows: a page whose selection holds only these fields and plain
    # columns (a field named as a column, in camelCase) loads only the columns it needs; any other
    # field loads whole rows. Without them, whole rows always.
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Selected field -> the related rows it reads, primed for the whole page.
    primes: Mapping[str, Prime] = field(default_factory=dict)
    denied: str = "无权查看 (forbidden)"
    # The foreign key naming the unit that owns a row, when the rule is `subtree_rule(owner)`: raw-SQL
    # readers (the figures) confine their scans with `confined_to`, the same rule in SQL.
    owner: str | None = None

    def readable(self, actor: Actor) -> bool:
        """Whether the actor's role may read this type at all (a role-level answer, not a row's)."""
        return actor.role in self.readers

    def require_readable(self, actor: Actor) -> None:
        if not self.readable(actor):
            raise RequestError(ErrorCode.FORBIDDEN, f"角色 {actor.role.value} {self.denied}")

    def scope(self, actor: Actor) -> Q | None:
        """The row rule for this actor: None for every row (FORBIDDEN for a role that reads none)."""
        self.require_readable(actor)
        return self.rule(actor)

    def confined_to(self, actor: Actor) -> tuple[bool, str | None]:
        """(confined, unit path) for raw SQL over this listing's rows: not confined (False, None); confined
        to the subtree of that path (True, path); confined to nothing (True, None)."""
        self.require_readable(actor)
        if self.owner is None or not actor.unit_scoped:
            return False, None
        return True, actor.unit_path or None

    def rows(self, actor: Actor) -> QuerySet[M]:
        """Every row the actor may see: the start of every list, count, lookup and action."""
        rule = self.scope(actor)
        qs = self.model.all()
        return qs if rule is None else qs.filter(rule)

    async def listed(
        self, actor: Actor, filter_input: Any = None, orders: Any = None, now: datetime | None = None
    ) -> QuerySet[M]:
        """The rows a list shows: the rule, then the filters, then the ordering (always total)."""
        qs = self.rows(actor)
        if filter_input is not None and self.filters is not None:
            qs = await self.filters(qs, filter_input, now or datetime.now(UTC))
        return self.order(qs, orders) if self.order is not None else qs.order_by(*self.default_order)

    def id_subquery(self, actor: Actor) -> Subquery | None:
        """The ids of the rows the actor may see, as a subquery, for the rules of rows that follow
        one of this type (an extension its complaint, a flag its subject); None: every row."""
        rule = self.scope(actor)
        return None if rule is None else Subquery(self.model.filter(rule).values("id"))

    async def visible_ids(self, actor: Actor, ids: Iterable[int]) -> set[int]:
        """Which of these ids name rows the actor may see: one statement, none for every-row roles."""
        wanted = sorted(set(ids))
        rule = self.scope(actor)
        if rule is None or not wanted:
            found = await self.model.filter(id__in=wanted).values_list("id", flat=True) if wanted else []
            return {int(i) for i in found}
        rows = await self.model.filter(rule, id__in=wanted).values_list("id", flat=True)
        return {int(i) for i in rows}

    async def get(self, actor: Actor, pk: int, hidden: Exception) -> M:
        """The row an action names, or `hidden` (the error a missing id gets) when the actor may not
        see it; a role that reads no row of this type gets the same answer, never FORBIDDEN."""
        if not self.readable(actor):
            raise hidden
        row = await self.rows(actor).get_or_none(id=pk)
        if row is None:
            raise hidden
        return row

    def columns_for(self, selection: set[str]) -> list[str] | None:
        """The columns a page needs for these selected fields; None: whole rows."""
        if not self.needs:
            return None
        plain = _plain_columns(self.model)
        columns = {"id"}
        for name in selection:
            if name in self.needs:
                columns.update(self.needs[name])
            elif name in plain:
                columns.add(plain[name])
            else:
                return None
        return sorted(columns)

    async def page(
        self,
        qs: QuerySet[M],
        selection: set[str],
        prime: Callable[[BatchFn, Iterable[Any]], Awaitable[None]],
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Page[M]:
        """One page: the columns the selection needs, fetched in one statement, then the related rows
        its fields read, one batch per relation (sent together)."""
        page = await paginate(qs, first, after, last, before, columns=self.columns_for(selection))
        wanted = [p for name, p in self.primes.items() if name in selection]
        if wanted and page.items:
            # The keys as lists, taken now: a generator read later would see the loop's last `p`.
            await asyncio.gather(*(prime(p.batch, [getattr(r, p.key) for r in page.items]) for p in wanted))
        return page


@cache
def _plain_columns(model: type[Model]) -> dict[str, str]:
    """camelCase name -> column, for every data column of the model (foreign keys as `xxx_id`)."""
    return {_camel(name): name for name in model._meta.fields_db_projection}


def _camel(name: str) -> str:
    """A column's GraphQL field name (`contact_due_at` -> `contactDueAt`), as strawberry names them."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


def _parameterized(qs: Any) -> tuple[str, list[Any]]:
    """A queryset's SQL with placeholders, and its parameters.

    `QuerySet.sql()` builds the statement into `QuerySet.query` (a pypika query; `get_parameterized_sql`
    is pypika's public API). `sql(params_inline=True)` is not used: Tortoise 1.1 leaves a subquery's
    parameters out of it (a unit operator's rule is such a subquery on SQLite). Covered on both
    databases by tests/confidential/test_statements_per_page.py and tests/units (batched = one by one).
    """
    qs.sql()
    sql, params = qs.query.get_parameterized_sql()
    return sql, list(params)


async def pages_per_parent(
    base: QuerySet[M],
    parent_filters: Sequence[Q],
    first: int | None,
    after: str | None,
    columns: Sequence[str] | None = None,
) -> list[Page[M]]:
    """A page of each parent's rows (`base`: the rows already ruled, filtered and ordered; a parent's
    rows: `base` under its filter): two statements for all the parents, whatever their number, plus
    one for the totals if asked.

    The first statement takes each parent's window of ids (its query, offset and limited, as a
    subquery of one UNION ALL); the second loads those rows in the shared order, and each parent's
    page is its ids in that order (the order is total, so it is each query's own). Each subquery's
    text and parameters come from Tortoise's query builder (`_parameterized`).
    """
    start, stop = window(first, after)
    size = stop - start
    conn = connections.get("default")
    parents = [base.filter(q) for q in parent_filters]

    postgres = conn.capabilities.dialect == "postgres"

    def union(queries: Sequence[tuple[str, Any]]) -> tuple[str, list[Any]]:
        """`SELECT <head> FROM (<query>) t` for each, joined by UNION ALL, with their parameters."""
        parts: list[str] = []
        params: list[Any] = []
        for head, qs in queries:
            sql, values = _parameterized(qs)
            if postgres:  # each query numbers its parameters from $1: renumber them after the others

                def shifted(match: re.Match[str], by: int = len(params)) -> str:
                    return f"${int(match.group(1)) + by}"

                sql = re.sub(r"\$(\d+)", shifted, sql)
            parts.append(f"SELECT {head} FROM ({sql}) t")
            params += values
        return " UNION ALL ".join(parts), params

    windows: dict[int, list[int]] = {n: [] for n in range(len(parents))}
    if size and parents:
        sql, params = union(
            [
                (f"{n} AS k, t.*", qs.offset(start).limit(size + 1).values_list("id", flat=True))
                for n, qs in enumerate(parents)
            ]
        )
        _, found = await conn.execute_query(sql, params)
        for row in found:
            values = list(dict(row).values())
            windows[int(values[0])].append(int(values[1]))
    wanted = {i for ids in windows.values() for i in ids[:size]}
    rows: list[M] = []
    if wanted:
        # In the shared order (`base`'s): each parent's page is its rows in that order.
        loaded = base.filter(id__in=sorted(wanted))
        if columns:
            loaded = loaded.only(*columns)
        rows = list(await loaded)
    position = {row.pk: n for n, row in enumerate(rows)}
    by_id = {row.pk: row for row in rows}
    totals: asyncio.Task[dict[int, int]] | None = None

    async def count_all() -> dict[int, int]:
        sql, params = union(
            [(f"{m} AS k, COUNT(*) AS n", qs.values_list("id", flat=True)) for m, qs in enumerate(parents)]
        )
        _, counted = await conn.execute_query(sql, params)
        return {int(r["k"]): int(r["n"]) for r in counted}

    def counter(n: int) -> Callable[[], Awaitable[int]]:
        async def count() -> int:
            # One statement for every parent's total, however many ask at once.
            nonlocal totals
            if totals is None:
                totals = asyncio.ensure_future(count_all())
            return (await totals).get(n, 0)

        return count

    pages = []
    for n in range(len(parents)):
        ids = windows[n]
        kept = sorted((i for i in ids[:size] if i in by_id), key=position.__getitem__)
        pages.append(
            Page(
                items=[by_id[i] for i in kept],
                start=start,
                has_next=len(ids) > size,
                has_previous=start > 0,
                count=counter(n),
            )
        )
    return pages


# Every listing by its node type's name: node(), trace and the flags' subjects look rules up here.
LISTINGS: dict[str, Listing[Any]] = {}


def register(listing: Listing[M]) -> Listing[M]:
    LISTINGS[listing.type_name] = listing
    return listing


def listing_of(type_name: str) -> Listing[Any] | None:
    return LISTINGS.get(type_name)
