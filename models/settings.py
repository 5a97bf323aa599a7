"""Settings: every configuration value, read from the environment in this one place."""

from __future__ import annotations

import functools
import ipaddress
import os
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

__all__ = ["Settings", "audit_hmac_key", "load_settings"]


# Abuse limits (integers), each read from DUBAN_<NAME>; see the README's configuration table.
LIMITS = (
    "max_query_depth",
    "max_aliases",
    "max_tokens",
    "max_selections",
    "max_query_cost",
    "max_body_bytes",
    "max_header_bytes",
    "max_batch",
    "rate_limit_per_minute",
    "rate_limit_burst",
    "import_max_rows",
    "import_max_columns",
    "import_max_unzipped_bytes",
    "import_max_zip_ratio",
)


# The audit chain's HMAC key when DUBAN_AUDIT_KEY is unset: public, so a development database verifies
# anywhere and proves nothing; the start-up banner warns about it.
DEVELOPMENT_AUDIT_KEY = "duban-development-audit-key (public, not a secret)"
AUDIT_KEY_MIN_LENGTH = 16


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "on", "true", "yes"}


def _allow_hosts(value: str) -> tuple[str, ...]:
    """DUBAN_WEBHOOK_ALLOW_HOSTS: comma-separated host names, addresses or CIDR networks."""
    entries = tuple(e.strip().lower().rstrip(".") for e in value.split(",") if e.strip())
    for entry in entries:
        if "/" in entry:
            ipaddress.ip_network(entry, strict=False)  # a malformed network fails at start-up
    return entries


def _cors_origins(value: str) -> tuple[str, ...]:
    """DUBAN_CORS_ORIGINS: comma-separated origins (scheme://host[:port]) whose pages may call the API."""
    origins = tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path or parts.query:
            raise ValueError(
                f"DUBAN_CORS_ORIGINS: {origin!r} is not an origin (scheme://host[:port], no path; "
                "no wildcard: list each frontend's origin)"
            )
    return origins


def _fast_path(value: str) -> str:
    from models.fast import parse

    parse(value)  # an unknown piece fails at start-up
    return value


@dataclass(frozen=True)
class Settings:
    """Effective configuration; defaults are documented in the README's configuration table."""

    database_url: str = "sqlite://duban.db"
    host: str = "127.0.0.1"
    port: int = 8000
    timezone: str = "Asia/Shanghai"
    scheduler: bool = True
    log_level: str = "INFO"
    db_pool_size: int = 10
    sqlite_busy_timeout_ms: int = 5000
    introspection: bool = True
    overdue_job_minutes: int = 5
    digest_lookahead_days: int = 2
    webhooks: bool = False
    webhook_secret: str = ""
    webhook_max_attempts: int = 6
    # Webhook targets allowed although inside the network (loopback, private, link-local …).
    webhook_allow_hosts: tuple[str, ...] = ()
    # Origins whose browser pages may call the API (CORS); none by default.
    cors_origins: tuple[str, ...] = ()
    audit_key: str = ""
    # DUBAN_FAST_PATH: on, off, or the pieces of models/fast to keep (models/fast/__init__.py).
    fast_path: str = "on"
    # GET /metrics and the per-request bookkeeping behind it (schema/metrics.py); off by default.
    metrics: bool = False
    # Who may read /metrics: these client addresses/networks, or a caller with this bearer token.
    metrics_allow: tuple[str, ...] = ("127.0.0.1", "::1")
    metrics_token: str = ""
    # "text" (human-readable lines) or "json" (one JSON object per line, one line per request).
    log_format: str = "text"
    max_query_depth: int = 12
    max_aliases: int = 50
    max_tokens: int = 5000
    max_selections: int = 500
    max_query_cost: int = 50000
    max_body_bytes: int = 2 * 1024 * 1024
    max_header_bytes: int = 32 * 1024
    max_batch: int = 10
    rate_limit_per_minute: int = 600
    rate_limit_burst: int = 120
    import_max_rows: int = 5000
    import_max_columns: int = 64
    import_max_unzipped_bytes: int = 32 * 1024 * 1024
    import_max_zip_ratio: int = 100
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def audit_hmac_key(self) -> bytes:
        """The audit chain's HMAC key (never stored in the database); the public default when unset."""
        return (self.audit_key or DEVELOPMENT_AUDIT_KEY).encode()

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))

    def redacted(self) -> dict[str, object]:
        """The configuration without secrets, for the start-up banner."""
        shown = asdict(self)
        shown.pop("extra")
        shown["webhook_secret"] = "***" if self.webhook_secret else ""
        shown["audit_key"] = "***" if self.audit_key else "(development default, not secret)"
        shown["metrics_token"] = "***" if self.metrics_token else ""
        parts = urlsplit(self.database_url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            shown["database_url"] = urlunsplit(parts._replace(netloc=netloc))
        return shown


def _metrics_allow(value: str) -> tuple[str, ...]:
    """DUBAN_METRICS_ALLOW: comma-separated addresses or CIDR networks (no names: no DNS per scrape)."""
    entries = tuple(e.strip() for e in value.split(",") if e.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise ValueError(f"DUBAN_METRICS_ALLOW: {entry!r} is not an address or network") from exc
    return entries


def _metrics_token(value: str) -> str:
    # A scrape token is a password: a short one is guessed.
    if value and len(value) < AUDIT_KEY_MIN_LENGTH:
        raise ValueError(f"DUBAN_METRICS_TOKEN must be at least {AUDIT_KEY_MIN_LENGTH} characters")
    return value


def _log_format(value: str) -> str:
    value = value.strip().lower()
    if value not in {"text", "json"}:
        raise ValueError(f"DUBAN_LOG_FORMAT must be text or json, not {value!r}")
    return value


def _audit_key(value: str) -> str:
    # A short key is guessable, and a guessed key lets anyone rewrite the chain undetected.
    if value and len(value) < AUDIT_KEY_MIN_LENGTH:
        raise ValueError(f"DUBAN_AUDIT_KEY must be at least {AUDIT_KEY_MIN_LENGTH} characters")
    return value


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read DUBAN_* variables; unknown or malformed values fail loudly at start-up."""
    env = dict(os.environ if env is None else env)

    def get(name: str, default: str) -> str:
        return env.get(f"DUBAN_{name}", default)

    return Settings(
        database_url=get("DATABASE_URL", Settings.database_url),
        host=get("HOST", Settings.host),
        port=int(get("PORT", str(Settings.port))),
        timezone=get("TIMEZONE", Settings.timezone),
        scheduler=_flag(get("SCHEDULER", "on")),
        log_level=get("LOG_LEVEL", Settings.log_level).upper(),
        db_pool_size=int(get("DB_POOL_SIZE", str(Settings.db_pool_size))),
        sqlite_busy_timeout_ms=int(get("SQLITE_BUSY_TIMEOUT_MS", str(Settings.sqlite_busy_timeout_ms))),
        introspection=_flag(get("INTROSPECTION", "on")),
        overdue_job_minutes=int(get("OVERDUE_JOB_MINUTES", str(Settings.overdue_job_minutes))),
        digest_lookahead_days=int(get("DIGEST_LOOKAHEAD_DAYS", str(Settings.digest_lookahead_days))),
        webhooks=_flag(get("WEBHOOKS", "off")),
        webhook_secret=get("WEBHOOK_SECRET", ""),
        webhook_max_attempts=int(get("WEBHOOK_MAX_ATTEMPTS", str(Settings.webhook_max_attempts))),
        webhook_allow_hosts=_allow_hosts(get("WEBHOOK_ALLOW_HOSTS", "")),
        cors_origins=_cors_origins(get("CORS_ORIGINS", "")),
        audit_key=_audit_key(get("AUDIT_KEY", "")),
        fast_path=_fast_path(get("FAST_PATH", "on")),
        metrics=_flag(get("METRICS", "off")),
        metrics_allow=_metrics_allow(get("METRICS_ALLOW", ",".join(Settings.metrics_allow))),
        metrics_token=_metrics_token(get("METRICS_TOKEN", "")),
        log_format=_log_format(get("LOG_FORMAT", Settings.log_format)),
        **{name: int(get(name.upper(), str(getattr(Settings, name)))) for name in LIMITS},
    )


def audit_hmac_key() -> bytes:
    """DUBAN_AUDIT_KEY as the audit chain's HMAC key, as `load_settings()` reads it, without building
    every setting on each append (load_settings() took 114 us, a dictionary lookup takes 0.2 us)."""
    return _audit_hmac_key(os.environ.get("DUBAN_AUDIT_KEY", ""))


@functools.lru_cache(maxsize=4)
def _audit_hmac_key(value: str) -> bytes:
    return Settings(audit_key=_audit_key(value)).audit_hmac_key
