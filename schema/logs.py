"""Bounded logs: every logged value cut to 1 KiB and secrets redacted, for every logger (uvicorn's too)."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import orjson

from models.settings import Settings

__all__ = [
    "MAX_LINE_CHARS",
    "MAX_VALUE_CHARS",
    "BoundedFormatter",
    "JsonFormatter",
    "bounded",
    "configure_logging",
]

# A value (an argument, a line of a message or traceback) longer than this is cut: a request may
# carry megabytes (a 1.5 MB input value was once echoed whole into the log).
MAX_VALUE_CHARS = 1024
# A line (a message with its values, a line of a traceback) is cut here, a whole record (traceback
# included) there.
MAX_LINE_CHARS = 2 * MAX_VALUE_CHARS
MAX_RECORD_CHARS = 32 * 1024
FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

# Secrets by their shape: bearer tokens (ours start with dbn_), Authorization values, URL passwords.
_SHAPES = (
    (re.compile(r"dbn_[A-Za-z0-9_-]+"), "dbn_***"),
    (re.compile(r"(?i)(bearer\s+)[^\s'\",;]+"), r"\1***"),
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)[^'\"\n]+"), r"\1***"),
    (re.compile(r"(://[^/:@\s]+:)[^@\s/]+@"), r"\1***@"),
)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…[{len(text) - limit} more chars]"


def bounded(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with secrets redacted (by shape, and these literal ones), each line cut to 2 KiB."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    for pattern, replacement in _SHAPES:
        text = pattern.sub(replacement, text)
    lines = [_cut(line, MAX_LINE_CHARS) for line in text.split("\n")]
    return _cut("\n".join(lines), MAX_RECORD_CHARS)


def _arg(value: object) -> object:
    # Numbers and short values keep their type (a format may say %d); long ones become cut strings.
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    return value if len(text) <= MAX_VALUE_CHARS else _cut(text, MAX_VALUE_CHARS)


class BoundedFormatter(logging.Formatter):
    """Formats a copy of the record with its arguments cut, then bounds and redacts the whole text."""

    def __init__(self, secrets: Iterable[str] = (), fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        record = copy.copy(record)
        if isinstance(record.args, tuple):
            record.args = tuple(_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _arg(v) for k, v in record.args.items()}
        record.msg = _arg(record.msg)
        return bounded(super().format(record), self.secrets)


class JsonFormatter(BoundedFormatter):
    """One JSON object per line (DUBAN_LOG_FORMAT=json): time, level, logger, the bounded and redacted
    message (traceback included), and a request line's fields (`extra={"fields": {...}}`), each
    string among them bounded and redacted the same way."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__(secrets, fmt="%(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "pid": record.process,
            "message": super().format(record),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            for key, value in fields.items():
                line[key] = self._field(value)
        return orjson.dumps(line).decode()

    def _field(self, value: object) -> object:
        if isinstance(value, str):
            return bounded(_cut(value, MAX_VALUE_CHARS), self.secrets)
        if isinstance(value, list):
            return [self._field(v) for v in value]
        return value if value is None or isinstance(value, bool | int | float) else self._field(str(value))


def configure_logging(settings: Settings) -> None:
    """One handler on the root logger with the bounded format; uvicorn's loggers propagate to it.

    JSON: duban's own line per request (schema/metrics.py) replaces uvicorn's access line."""
    root = logging.getLogger()
    password = urlsplit(settings.database_url).password or ""
    secrets = [settings.webhook_secret, settings.metrics_token, password]
    handler = logging.StreamHandler()
    json_lines = settings.log_format == "json"
    handler.setFormatter(JsonFormatter(secrets) if json_lines else BoundedFormatter(secrets))
    root.handlers = [handler]
    logging.getLogger("uvicorn.access").disabled = json_lines
    root.setLevel(settings.log_level)
    # Tortoise says "shutdown" at INFO after every CLI step; its warnings still show.
    logging.getLogger("tortoise").setLevel(max(logging.WARNING, logging.getLevelName(settings.log_level)))
