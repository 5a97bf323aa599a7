"""A client's mistake gets a client code and a message saying what to fix; never INTERNAL_ERROR (issue 14).

One test per class of mistake, each with the examples the issue reported and others like them;
`test_fuzz_inputs.py` looks for the classes nobody has thought of yet.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import pytest

from resolvers.pagination import encode_cursor
from tests.complaints.queries import RECEIVE, new_complaint

UNITS_FIRST = "query($n: Int) { units(first: $n) { totalCount } }"
COMPLAINTS = "query($f: ComplaintFilter) { complaints(filter: $f) { totalCount } }"
STATS = "query($a: Date!, $b: Date!) { complaintStats(from: $a, to: $b) { received } }"
DEADLINE = "query($s: DateTime!) { deadline(start: $s, amount: 1, unit: WORKING_DAYS) { dueAt } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
UNITS_AFTER = "query($c: String) { units(after: $c) { totalCount nodes { code } } }"
UNIT_NAMES = "query($t: String) { units(filter: {nameContains: $t}) { totalCount } }"
PUBLISH = """
mutation($cited: JSON) {
  publishBulletin(input: {kind: COMMENDATION, title: "表扬", cited: $cited}) { bulletin { id } userErrors { code } }
}
"""
PUBLISH_WITH_BODY = """
mutation($cited: JSON) {
  publishBulletin(input: {kind: COMMENDATION, title: "表扬", body: "正文", cited: $cited}) {
    bulletin { id } userErrors { code field }
  }
}
"""
UPSERT_POLICY = """
mutation($input: UpsertSlaPolicyInput!) {
  upsertSlaPolicy(input: $input) { slaPolicy { code } userErrors { code field message } }
}
"""


def _raw_id(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.fixture(autouse=True)
def no_unexpected_errors(caplog: pytest.LogCaptureFixture) -> Any:
    """Whatever a test sends, nothing reaches the log as our own defect."""
    with caplog.at_level(logging.ERROR, logger="duban.graphql"):
        yield
    assert not [r for r in caplog.records if "unexpected error" in r.getMessage()]


async def _code(gql: Any, query: str, variables: dict[str, Any] | None = None) -> tuple[str, str]:
    """The first error's code and message; the body is written by json.dumps, which (unlike httpx's
    encoder) can carry a lone surrogate, as a \\udXXX escape."""
    body = json.dumps({"query": query, "variables": variables or {}})
    headers = {"Authorization": f"Bearer {gql.tokens['ADMIN']}", "content-type": "application/json"}
    response = await gql.client.post("/graphql", content=body, headers=headers)
    assert response.status_code in (200, 400), response.text
    error = response.json()["errors"][0]
    return error["extensions"]["code"], error["message"]


@pytest.mark.parametrize(
    ("query", "variables", "mentions"),
    [
        (UNITS_FIRST, {"n": "abc"}, "Int cannot represent"),
        (UNITS_FIRST, {"n": 10**30}, "32-bit"),
        (UNITS_FIRST, {"n": 1.5}, "non-integer"),
        (COMPLAINTS, {"f": {"status": ["NOPE"]}}, "'NOPE' does not exist"),
        (COMPLAINTS, {"f": {"receivedFrom": "garbage"}}, "ISO 8601"),
        (COMPLAINTS, {"f": {"nope": 1}}, "unknown field 'nope'"),
        (COMPLAINTS, {"f": {"status": "RECEIVED", "overdue": "yes"}}, "Boolean"),
        (STATS, {"a": "2026-13-01", "b": "2026-12-01"}, "month must be in 1..12"),
        (STATS, {"a": "2026-01-01"}, "'$b'"),
        (STATS, {"a": 20260101, "b": "2026-12-01"}, "string"),
    ],
)
async def test_a_wrong_variable_is_bad_user_input(gql, query, variables, mentions) -> None:  # type: ignore[no-untyped-def]
    code, message = await _code(gql, query, variables)
    assert code == "BAD_USER_INPUT"
    assert mentions in message and "输入值无效" in message


@pytest.mark.parametrize(
    "query",
    [
        '{ units(first: "abc") { totalCount } }',
        "{ complaints(filter: {status: [NOPE]}) { totalCount } }",
        '{ complaints(filter: {receivedFrom: "garbage"}) { totalCount } }',
        '{ complaintStats(from: "2026-13-01", to: "2026-12-01") { received } }',
    ],
)
async def test_the_same_mistake_inline_fails_validation(gql, query) -> None:  # type: ignore[no-untyped-def]
    code, _ = await _code(gql, query)
    assert code == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize(
    "raw",
    [
        f"Complaint:{10**30}",
        f"Complaint:{2**63}",
        "Complaint:0",
        "Complaint:-1",
        "Complaint:0001",
        "Complaint:١٢",
        "Complaint:+1",
        "Complaint: 1",
        "Complaint:1 ",
        "Complaint:",
        "Complaint",
    ],
)
async def test_a_forged_or_non_canonical_id_is_invalid(gql, raw) -> None:  # type: ignore[no-untyped-def]
    code, message = await _code(gql, NODE, {"id": _raw_id(raw)})
    assert code == "INVALID_ID" and "ID 无效" in message


async def test_an_id_spelled_another_way_is_invalid(gql) -> None:  # type: ignore[no-untyped-def]
    canonical = (await gql("{ units(first: 1) { nodes { id } } }"))["units"]["nodes"][0]["id"]
    assert (await gql(NODE, {"id": canonical}))["node"] == {"id": canonical}
    for other in (canonical + "==", canonical + "\n", canonical + "\u00e9", " " + canonical):
        assert (await _code(gql, NODE, {"id": other}))[0] == "INVALID_ID"
    assert (await gql(NODE, {"id": _raw_id(f"Complaint:{2**63 - 1}")}))["node"] is None


@pytest.mark.parametrize(
    "cursor",
    [
        encode_cursor(10**23),
        encode_cursor(-1),
        base64.urlsafe_b64encode(b"cursor:0001").decode(),
        base64.urlsafe_b64encode("cursor:١".encode()).decode(),
        encode_cursor(1).rstrip("="),
        "not a cursor",
    ],
)
async def test_a_forged_cursor_is_invalid(gql, cursor) -> None:  # type: ignore[no-untyped-def]
    code, message = await _code(gql, UNITS_AFTER, {"c": cursor})
    assert code == "INVALID_CURSOR" and "游标无效" in message


async def test_a_cursor_we_gave_still_pages(gql) -> None:  # type: ignore[no-untyped-def]
    page = await gql(UNITS_AFTER, {"c": encode_cursor(0)})
    assert len(page["units"]["nodes"]) == min(20, page["units"]["totalCount"] - 1)


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "a\ud800b", "\udfff"])
async def test_nul_and_lone_surrogates_are_refused_everywhere(gql, text) -> None:  # type: ignore[no-untyped-def]
    # As a variable, in a mutation's input, inside a JSON value, and inline: the same answer.
    for query, variables in (
        (UNIT_NAMES, {"t": text}),
        (RECEIVE, new_complaint(title=text)),
        (PUBLISH, {"cited": {"note": [text]}}),
    ):
        code, message = await _code(gql, query, variables)
        if "\x00" in text:
            assert code == "BAD_USER_INPUT" and "NUL" in message, (query, message)
        else:  # a lone surrogate is not Unicode: the JSON body itself is refused
            assert code == "INVALID_JSON" and "surrogate" in message, (query, message)
    if "\x00" in text:
        inline = '{ units(filter: {nameContains: "a\\u0000"}) { totalCount } }'
        assert (await _code(gql, inline))[0] == "BAD_USER_INPUT"
    # Raw, inside a block string (no escape in the document at all); nothing is written.
    block = 'mutation { createPlan(input: {title: """' + text + '"""}) { userErrors { code } } }'
    code, message = await _code(gql, block)
    if "\x00" in text:
        assert code == "BAD_USER_INPUT", message
        assert (await gql("{ plans { totalCount } }"))["plans"]["totalCount"] == 0


async def test_text_longer_than_its_column_is_a_user_error_and_nothing_is_written(gql) -> None:  # type: ignore[no-untyped-def]
    refused = await gql.refused(RECEIVE, new_complaint(title="标" * 201), as_="HOTLINE")
    assert refused == [
        {
            "field": ["input", "title"],
            "code": "TOO_LONG",
            "message": "`title` 过长 (too long): 最多 200 个字符 (at most 200 characters), got 201",
        }
    ]
    assert (await gql(COMPLAINTS))["complaints"]["totalCount"] == 0
    await gql.ok(RECEIVE, new_complaint(title="标" * 200), as_="HOTLINE")


async def test_a_lookup_by_an_overlong_code_names_the_limit(gql) -> None:  # type: ignore[no-untyped-def]
    code, message = await _code(gql, "query($c: String!) { unit(code: $c) { id } }", {"c": "X" * 65})
    assert code == "BAD_USER_INPUT" and "64" in message


@pytest.mark.parametrize(
    ("query", "variables", "mentions"),
    [
        (DEADLINE, {"s": "2026-11-24T09:00:00"}, "offset"),
        (DEADLINE, {"s": "9999-12-31T00:00:00+00:00"}, "2000-2100"),
        (DEADLINE, {"s": "0001-01-01T00:00:00+00:00"}, "2000-2100"),
        (STATS, {"a": "0001-01-01", "b": "9999-12-31"}, "2000-2100"),
        (STATS, {"a": "2026-01-01", "b": "2101-01-01"}, "2000-2100"),
        (COMPLAINTS, {"f": {"receivedTo": "2026-11-24T09:00:00"}}, "offset"),
    ],
)
async def test_dates_outside_the_calendar_or_without_offset_are_refused(
    gql, query, variables, mentions
) -> None:  # type: ignore[no-untyped-def]
    code, message = await _code(gql, query, variables)
    assert code == "BAD_USER_INPUT" and mentions in message


async def test_a_complaint_received_in_year_one_is_not_stored(gql) -> None:  # type: ignore[no-untyped-def]
    body = await gql.raw(RECEIVE, new_complaint(receivedAt="0001-01-01T00:00:00+00:00"), as_="HOTLINE")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await gql(COMPLAINTS))["complaints"]["totalCount"] == 0
    inline = '{ deadline(start: "9999-12-31T00:00:00Z", amount: 1, unit: HOURS) { dueAt } }'
    assert (await _code(gql, inline))[0] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize(
    "query",
    [
        '{ supervisionItems(filter: {unitCode: "NOPE"}) { totalCount } }',
        '{ complaints(filter: {unitCode: "NOPE"}) { totalCount } }',
        '{ tasks(filter: {unitCode: "NOPE"}) { totalCount } }',
        '{ tasks(filter: {leadUnitCode: "NOPE"}) { totalCount } }',
        '{ tasks(filter: {coUnitCode: "NOPE"}) { totalCount } }',
        '{ units(filter: {underCode: "NOPE"}) { totalCount } }',
        '{ overdue(filter: {unitCode: "NOPE"}) { totalCount } }',
        '{ digests(filter: {recipientUnitCode: "NOPE"}) { totalCount } }',
    ],
)
async def test_every_filter_naming_an_unknown_unit_is_empty(gql, query) -> None:  # type: ignore[no-untyped-def]
    (connection,) = (await gql(query)).values()
    assert connection["totalCount"] == 0


async def test_json_must_be_an_object_with_integers_that_can_be_written_back(gql) -> None:  # type: ignore[no-untyped-def]
    for cited in ([1, 2], "figures", 3):
        data = await gql(PUBLISH_WITH_BODY, {"cited": cited})
        assert data["publishBulletin"]["userErrors"] == [
            {"code": "INVALID_CITED", "field": ["input", "cited"]}
        ]
    # Written in the document, an integer beyond 64 bits is refused; in a JSON body it is a JSON
    # number, read as a float (as JavaScript reads it), and written back as one.
    inline = PUBLISH_WITH_BODY.replace("mutation($cited: JSON)", "mutation").replace(
        "$cited", f"{{n: {10**30}}}"
    )
    code, message = await _code(gql, inline)
    assert code == "GRAPHQL_VALIDATION_FAILED" and "2^63" in message
    assert (await gql(PUBLISH_WITH_BODY, {"cited": {"n": 10**30}}))["publishBulletin"]["userErrors"] == []
    assert (await gql(PUBLISH_WITH_BODY, {"cited": {"n": 2**63 - 1}}))["publishBulletin"]["userErrors"] == []


async def test_an_sla_limit_beyond_ten_years_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    stage = {"amount": 2**31 - 1, "unit": "CALENDAR_DAYS"}
    policy = {"code": "2110", "name": "x", "contact": stage, "reply": stage, "resolve": stage}
    refused = await gql.refused(UPSERT_POLICY, {"input": policy})
    assert refused[0]["code"] == "INVALID_AMOUNT" and "3650" in refused[0]["message"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (
            "query($s: [ComplaintStatus!]) { complaints(filter: {status: $s}) { totalCount } }",
            {"s": ["RECEIVED"] * 40_000},
        ),
        (
            'query($c: [String!]) { complaintStats(from: "2026-01-01", to: "2026-02-01", unitCodes: $c) { received } }',
            {"c": ["DY"] * 1001},
        ),
    ],
)
async def test_a_list_longer_than_any_input_needs_is_refused(gql, query, variables) -> None:  # type: ignore[no-untyped-def]
    # 40,000 items exceeded PostgreSQL's 32,767 query parameters.
    code, message = await _code(gql, query, variables)
    assert code == "BAD_USER_INPUT" and "at most 1000 items" in message


@pytest.mark.parametrize(
    ("query", "order"),
    [
        (
            "query($o: [TaskOrder!]) { tasks(orderBy: $o, first: 1) { totalCount } }",
            {"field": "DUE_ON", "direction": "DESC"},
        ),
        (
            "query($o: [ComplaintOrder!]) { complaints(orderBy: $o, first: 1) { totalCount } }",
            {"field": "RECEIVED_AT", "descending": True},
        ),
    ],
)
async def test_an_ordering_field_repeated_a_thousand_times_orders_once(gql, query, order) -> None:  # type: ignore[no-untyped-def]
    # SQLite refuses more than 2,000 sort terms; a field's second mention changes nothing in SQL.
    assert await gql(query, {"o": [order] * 1000}) == await gql(query, {"o": [order]})
