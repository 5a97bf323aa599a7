"""Raw SQL for set-based work that the ORM cannot express, written once for SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

__all__ = ["Sql"]

_PARAM = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)")


class Sql:
    """Runs statements with `:name` parameters on the current connection (or transaction)."""

    def __init__(self, tz_name: str, utc_offset_hours: int) -> None:
        self.conn: BaseDBAsyncClient = connections.get("default")
        self.postgres = self.conn.capabilities.dialect == "postgres"
        self.tz_name = tz_name
        self.offset = utc_offset_hours

    def _bind(self, sql: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
        names: list[str] = []

        def place(match: re.Match[str]) -> str:
            names.append(match.group(1))
            return f"${len(names)}" if self.postgres else "?"

        text = _PARAM.sub(place, sql)
        return text, [self._value(params[n]) for n in names]

    def _value(self, value: Any) -> Any:
        if self.postgres:
            return value
        if isinstance(value, datetime):
            return str(value.astimezone(UTC))  # Tortoise's SQLite text form: 'YYYY-MM-DD HH:MM:SS[.f]+00:00'
        if isinstance(value, date):
            return value.isoformat()
        return value

    async def execute(self, sql: str, **params: Any) -> int:
        """Run a statement; returns the number of rows it changed."""
        text, values = self._bind(sql, params)
        if self.postgres and text.lstrip().upper().startswith("INSERT"):
            # Tortoise's asyncpg client reads "INSERT 0 n" as 0 rows; count the inserted rows instead.
            rows = await self.conn.execute_query_dict(
                f"WITH ins AS ({text} RETURNING 1) SELECT count(*) AS n FROM ins", values
            )
            return int(rows[0]["n"])
        rows_changed, _ = await self.conn.execute_query(text, values)
        return rows_changed

    async def fetch(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        text, values = self._bind(sql, params)
        return [dict(r) for r in await self.conn.execute_query_dict(text, values)]

    # -- dialect expressions ------------------------------------------------------------------

    def date_literal(self, day: date) -> str:
        """A DATE literal (SQLite stores dates as ISO text)."""
        return f"DATE '{day.isoformat()}'" if self.postgres else f"'{day.isoformat()}'"

    def end_of_day(self, date_column: str) -> str:
        """The instant a DATE column's day ends (24:00 local), as a stored timestamp."""
        hour = (24 - self.offset) % 24
        if self.postgres:
            return f"(({date_column} + TIME '{hour:02d}:00') AT TIME ZONE 'UTC')"
        return f"({date_column} || ' {hour:02d}:00:00+00:00')"

    def last_local_day(self, ts_column: str) -> str:
        """The local date of the last instant before a deadline timestamp (24:00 belongs to the day before)."""
        if self.postgres:
            return f"((({ts_column}) - INTERVAL '1 second') AT TIME ZONE '{self.tz_name}')::date"
        return f"date({ts_column}, '{self.offset:+d} hours', '-1 seconds')"

    @property
    def true(self) -> str:
        return "TRUE" if self.postgres else "1"

    @property
    def false(self) -> str:
        return "FALSE" if self.postgres else "0"
