"""Every answer is JSON with a code: malformed bodies, framework refusals, refused downloads, defects."""

from __future__ import annotations

import httpx
import pytest

from schema.failures import JsonErrors
from tests.ledger.setup import gid, make_plan

VIEWER = '{"query": "{ viewer { name } }"}'
JSON = {"content-type": "application/json"}


def _error(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == code, error
    assert response.headers["x-request-id"] == error["extensions"]["requestId"]
    return error


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'[[{"query": "{ viewer { name } }"}]]', "BAD_REQUEST"),  # a batch inside a batch
        (b"[" * 100_000 + b"]" * 100_000, "INVALID_JSON"),  # nesting past orjson's 1024 levels
        (b'{"query": "{ viewer { name } } \xff\xfe"}', "INVALID_JSON"),  # not UTF-8
        (b"42", "BAD_REQUEST"),
        (b'"{ viewer { name } }"', "BAD_REQUEST"),
        (b"[]", "BAD_REQUEST"),
        (b"{", "INVALID_JSON"),
        (b'[{"query": 5}]', "BAD_REQUEST"),  # strawberry checks this for single operations only
        (b'[{"query": "{ viewer { name } }", "variables": [1]}]', "BAD_REQUEST"),
        (b"{}", "BAD_REQUEST"),  # no query
    ],
)
async def test_malformed_bodies_get_400_with_a_code(client, tokens, body, code) -> None:  # type: ignore[no-untyped-def]
    headers = {**JSON, "Authorization": f"Bearer {tokens['ADMIN']}"}
    _error(await client.post("/graphql", content=body, headers=headers), 400, code)


async def test_wrong_content_type_method_and_path_are_coded(client, tokens) -> None:  # type: ignore[no-untyped-def]
    bearer = {"Authorization": f"Bearer {tokens['ADMIN']}"}
    text = await client.post("/graphql", content=VIEWER, headers={**bearer, "content-type": "text/plain"})
    _error(text, 400, "UNSUPPORTED_CONTENT_TYPE")
    _error(
        await client.put("/graphql", content=VIEWER, headers={**bearer, **JSON}), 405, "METHOD_NOT_ALLOWED"
    )
    _error(await client.get("/no-such-path"), 404, "NOT_FOUND")
    get_mutation = await client.get("/graphql", params={"query": "mutation { __typename }"}, headers=bearer)
    _error(get_mutation, 405, "METHOD_NOT_ALLOWED")  # GraphQL over HTTP: mutations only by POST
    assert get_mutation.headers["allow"] == "POST"
    bad_variables = await client.get(
        "/graphql", params={"query": "{ __typename }", "variables": "{"}, headers=bearer
    )
    _error(bad_variables, 400, "INVALID_JSON")
    assert (await client.post("/graphql", content=VIEWER, headers={**bearer, **JSON})).status_code == 200


async def test_requests_without_a_token_are_answered_before_parsing(client, tokens) -> None:  # type: ignore[no-untyped-def]
    """Unparseable JSON, a document that does not lex, 2,400 copies of a field: without a valid token
    each gets the same UNAUTHENTICATED answer (401 with a bearer challenge), never a parse error."""
    bodies = [b"{", b'{"query": "{ viewer { "}', b'{"query": "{ viewer { ' + b"name " * 2400 + b'} }"}']
    for body in bodies:
        for headers in ({}, {"Authorization": "Bearer dbn_not-a-token"}):
            response = await client.post("/graphql", content=body, headers={**JSON, **headers})
            error = _error(response, 401, "UNAUTHENTICATED")
            assert response.headers["www-authenticate"].startswith('Bearer realm="duban"')
            assert response.json()["data"] is None
            assert "Bearer" in str(error["message"])
    ide = await client.get("/graphql", headers={"Accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


async def test_selections_are_capped_before_validation(gql, gql_with) -> None:  # type: ignore[no-untyped-def]
    many = "{ viewer { " + "name " * 2400 + "} }"
    error = await gql.error(many)
    assert error["extensions"]["code"] == "TOO_MANY_SELECTIONS"
    assert (error["extensions"]["selections"], error["extensions"]["limit"]) == (2401, 500)
    # Spreads and inline fragments count, a fragment's fields once as written: viewer, two spreads,
    # the inline fragment and its name, F's name = 6.
    spread = "fragment F on Viewer { name } { viewer { ...F ... on Viewer { name } ...F } }"
    async with gql_with(max_selections=5) as strict:
        assert (await strict.error(spread))["extensions"]["code"] == "TOO_MANY_SELECTIONS"
    async with gql_with(max_selections=6) as enough:
        assert (await enough(spread))["viewer"]["name"] == "test-admin"


async def test_oversized_headers_get_431(gql_with, tokens) -> None:  # type: ignore[no-untyped-def]
    async with gql_with(max_header_bytes=4096) as gql:
        big = await gql.client.post(
            "/graphql", content=VIEWER, headers={**JSON, "Authorization": "Bearer " + "a" * 5000}
        )
        ok = await gql.client.post(
            "/graphql", content=VIEWER, headers={**JSON, "Authorization": f"Bearer {tokens['ADMIN']}"}
        )
    error = _error(big, 431, "HEADERS_TOO_LARGE")
    assert error["extensions"]["limit"] == 4096
    assert ok.status_code == 200 and ok.json()["data"]["viewer"]["name"] == "test-admin"


async def test_plan_export_refusals_are_coded_json(client, tokens, scope) -> None:  # type: ignore[no-untyped-def]
    url = f"/exports/plans/{gid(await make_plan(scope))}.xlsx"

    def get(path: str, role: str | None) -> object:
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
        return client.get(path, headers=headers)

    _error(await get(url, "HOTLINE"), 403, "FORBIDDEN")
    anonymous = await get(url, None)
    _error(anonymous, 401, "UNAUTHENTICATED")
    assert anonymous.headers["www-authenticate"] == 'Bearer realm="duban"'
    _error(await get("/exports/plans/UGxhbjo5OTk5OTk.xlsx", "ADMIN"), 404, "NOT_FOUND")
    _error(await get("/exports/plans/nonsense.xlsx", "ADMIN"), 404, "INVALID_ID")
    assert (await get(url, "ADMIN")).status_code == 200


async def _failing_app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    if scope["path"] == "/late":
        await send({"type": "http.response.start", "status": 200, "headers": []})
    raise RuntimeError("a defect")


async def test_unhandled_exceptions_become_internal_error_json(caplog) -> None:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=JsonErrors(_failing_app))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.get("/", headers={"X-Request-Id": "req-1"})
        # Once a response has started nothing can replace it: the server is left to abort it.
        with pytest.raises(RuntimeError, match="a defect"):
            await http.get("/late")
    error = _error(response, 500, "INTERNAL_ERROR")
    assert error["extensions"]["requestId"] == "req-1" and "req-1" in str(error["message"])
    assert "a defect" not in response.text
    assert "request req-1: unhandled error" in caplog.text
