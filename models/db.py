"""Database connection: Tortoise configuration for SQLite or PostgreSQL, start, stop, migration state."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tortoise import Tortoise, connections
from tortoise.migrations.executor import MigrationExecutor

from models import MODEL_MODULES, epoch
from models.settings import Settings

__all__ = [
    "APP",
    "MigrationsPending",
    "apply_migrations",
    "close_db",
    "init_db",
    "pending_migrations",
    "tortoise_config",
]

APP = "models"


class MigrationsPending(RuntimeError):
    """The database schema is behind the code: `python main.py migrate` must run first."""


async def _keep_session(connection: Any) -> None:
    """A pooled connection's reset on release: nothing to reset (see `_connection`)."""


def _connection(settings: Settings) -> dict[str, Any]:
    url = settings.database_url
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        path = url.split("://", 1)[1].split("?", 1)[0]
        return {
            # Tortoise's SQLite client with BEGIN IMMEDIATE, so busy_timeout applies to every writer.
            "engine": "models.sqlite_writers",
            "credentials": {
                "file_path": path,
                # A server needs concurrent readers beside one writer, a wait instead of
                # "database is locked", and referential integrity.
                "journal_mode": "WAL",
                "busy_timeout": settings.sqlite_busy_timeout_ms,
                "foreign_keys": "ON",
                "synchronous": "NORMAL",
                **options,
            },
        }
    if settings.is_postgres:
        return {
            "engine": "tortoise.backends.asyncpg",
            "credentials": {
                "host": parts.hostname or "127.0.0.1",
                "port": parts.port or 5432,
                "user": unquote(parts.username or "postgres"),
                "password": unquote(parts.password or ""),
                "database": parts.path.lstrip("/") or "postgres",
                "minsize": 1,
                "maxsize": settings.db_pool_size,
                # asyncpg's default reset sends `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
                # RESET ALL` on every release (a round trip per statement outside a transaction); the
                # app leaves no session state (its advisory locks are transaction-scoped, no SET,
                # LISTEN or cursor on pooled connections), and asyncpg still rolls back an open
                # transaction before calling this.
                "reset": _keep_session,
                **options,
            },
        }
    raise ValueError(f"DUBAN_DATABASE_URL must start with sqlite:// or postgres://, not {parts.scheme}://")


def tortoise_config(settings: Settings) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(settings)},
        "apps": {APP: {"models": MODEL_MODULES, "default_connection": "default", "migrations": "migrations"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def init_db(settings: Settings) -> None:
    # The lifespan runs in its own task; requests and jobs run in others and must see the same ORM state.
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    # Caches kept under the cache epoch belong to the database connected before, if any.
    epoch.reset_caches()


async def close_db() -> None:
    await Tortoise.close_connections()
    epoch.reset_caches()


def _executor(settings: Settings) -> MigrationExecutor:
    config = tortoise_config(settings)
    return MigrationExecutor(connections.get("default"), config["apps"])


async def pending_migrations(settings: Settings) -> list[str]:
    """Names of migrations not yet applied to the connected database."""
    steps = await _executor(settings).plan(None)
    return [step.migration.name for step in steps if not step.backward]


async def apply_migrations(settings: Settings, progress: Any = None) -> list[str]:
    """Apply every pending migration; returns the names applied."""
    names = await pending_migrations(settings)
    await _executor(settings).migrate(None, progress=progress)
    return names


def __getattr__(name: str) -> Any:
    """`TORTOISE_ORM` for Tortoise's own CLI (`tortoise -c models.db.TORTOISE_ORM makemigrations`)."""
    if name == "TORTOISE_ORM":
        from models.settings import load_settings

        return tortoise_config(load_settings())
    raise AttributeError(name)
