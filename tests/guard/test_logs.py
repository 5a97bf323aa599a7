"""The bounded, redacting log format: values cut to 1 KiB, tracebacks bounded, secrets never written."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from schema.logs import MAX_LINE_CHARS, MAX_VALUE_CHARS, BoundedFormatter

SECRET = "dbn_Q2hhbmdlTWVQbGVhc2UtdGhpcy1pcy1ub3QtcmVhbA"


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(BoundedFormatter(["whsec-literal", "pg-pass"]))
    logger = logging.getLogger("duban.test-logs")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield logger, out
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


def test_long_values_are_cut_and_numbers_keep_their_format(logged) -> None:  # type: ignore[no-untyped-def]
    logger, out = logged
    logger.info("value %s of %d rows", "x" * 1_500_000, 3)
    logger.info("%(field)s", {"field": "y" * 5000})
    first, second = out.getvalue().splitlines()
    assert len(first) < MAX_VALUE_CHARS + 100 and first.endswith("more chars] of 3 rows")
    assert len(second) < MAX_VALUE_CHARS + 100 and "y" * 100 in second


def test_a_traceback_with_a_huge_message_stays_bounded(logged) -> None:  # type: ignore[no-untyped-def]
    logger, out = logged
    try:
        raise ValueError("z" * 1_500_000)
    except ValueError:
        logger.exception("request r1 failed")
    text = out.getvalue()
    assert "Traceback" in text and "ValueError: zzz" in text
    assert max(len(line) for line in text.splitlines()) < MAX_LINE_CHARS + 40


@pytest.mark.parametrize(
    "message",
    [
        f"token {SECRET} used",
        f"Authorization: Bearer {SECRET[4:]}",
        "{'authorization': 'Basic dXNlcjpwYXNz'}",
        "postgres://duban:s3cret@db:5432/duban",
        "webhook secret whsec-literal, password pg-pass",
    ],
)
def test_secrets_are_redacted(logged, message: str) -> None:  # type: ignore[no-untyped-def]
    logger, out = logged
    logger.warning("seen: %s", message)
    text = out.getvalue()
    for secret in (SECRET[4:], "dXNlcjpwYXNz", "s3cret", "whsec-literal", "pg-pass"):
        assert secret not in text, text
    assert "***" in text
