"""DUBAN_LOG_FORMAT=json: one JSON line per request with its request id, operation, token and role,
status, outcome, duration and SQL statements; never a token or a password."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from models.auth import ApiToken
from schema.logs import JsonFormatter
from tests.helpers import Gql, count_sql
from tests.observe.conftest import SCRAPE_TOKEN

UNITS = "query UnitsPage { units(first: 5) { totalCount nodes { code name } } }"
PASSWORD = "db-password-never-logged"


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    """Every captured record as the JSON handler writes it (one line each), parsed back."""
    formatter = JsonFormatter([PASSWORD, SCRAPE_TOKEN])
    lines = [formatter.format(record) for record in caplog.records]
    assert all("\n" not in line for line in lines)
    return [json.loads(line) for line in lines]


async def test_a_request_is_one_json_line_with_its_fields(
    gql: Gql, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = await ApiToken.get(name="test-unit_operator")
    secret = gql.tokens["UNIT_OPERATOR"]
    headers = {"Authorization": f"Bearer {secret}", "X-Request-Id": "req-observe-1"}
    with caplog.at_level(logging.INFO, logger="duban.access"), count_sql() as counted:
        answer = await client.post("/graphql", json={"query": UNITS}, headers=headers)
    assert answer.status_code == 200
    (line,) = [line for line in _lines(caplog) if line["logger"] == "duban.access"]
    assert line["requestId"] == answer.headers["x-request-id"] == "req-observe-1"
    assert line["operation"] == "UnitsPage"
    assert line["tokenId"] == token.id
    assert line["role"] == "UNIT_OPERATOR"
    assert line["status"] == 200
    assert line["outcome"] == "ok"
    assert line["sqlStatements"] == counted.sent > 0
    assert isinstance(line["durationMs"], float) and line["durationMs"] > 0
    assert line["level"] == "INFO" and line["time"] and line["pid"]
    assert secret not in json.dumps(line)


async def test_refused_requests_are_logged_without_their_secrets(
    gql: Gql, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    leaked = "dbn_thisIsNotAValidTokenButLooksLikeOne"
    weird = "x" * 80  # too long for a label: logged as "(invalid)", never echoed
    with caplog.at_level(logging.INFO):
        anonymous = await client.post("/graphql", json={"query": "{ viewer { name } }"})
        unknown = await client.post(
            "/graphql", json={"query": "{ viewer { name } }"}, headers={"Authorization": f"Bearer {leaked}"}
        )
        named = await client.post(
            "/graphql",
            json={"query": f"query {weird} {{ viewer {{ name }} }}"},
            headers={"Authorization": f"Bearer {gql.tokens['ADMIN']}"},
        )
        logging.getLogger("duban.test").warning("connecting to postgres://app:%s@db/duban", PASSWORD)
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert unknown.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    lines = _lines(caplog)
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    requests = [line for line in lines if line["logger"] == "duban.access"]
    assert [(r["status"], r["outcome"], r["tokenId"], r["role"]) for r in requests[:2]] == [
        (401, "UNAUTHENTICATED", None, None)
    ] * 2
    assert requests[2]["operation"] == "(invalid)"
    assert requests[2]["role"] == "ADMIN"
    assert named.status_code == 200 and weird not in text
    assert leaked not in text and gql.tokens["ADMIN"] not in text
    assert PASSWORD not in text and "postgres://app:***@db/duban" in text
    # Statements are counted from Tortoise's DEBUG records, which reach the log only at DEBUG level.
    assert not [line for line in lines if line["logger"] == "tortoise.db_client"]


def test_a_long_field_is_cut() -> None:
    record = logging.LogRecord("duban.access", logging.INFO, __file__, 1, "request", (), None)
    record.fields = {"path": "/exports/" + "a" * 5000, "tokenId": 7}
    line = json.loads(JsonFormatter().format(record))
    assert len(line["path"]) < 1100 and line["path"].endswith("more chars]")
    assert line["tokenId"] == 7
