"""GraphQL over HTTP (the specification's media types, status codes and the bearer challenge), over real
HTTP against the app; `.ci/graphql-http-audit` runs the specification's own audit against a server."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

GRJ = "application/graphql-response+json"
JSON_BODY = {"content-type": "application/json"}
TYPENAME = {"query": "{ __typename }"}

# Request errors: GraphQL refuses them before executing anything.
PARSE = {"query": "{"}
VALIDATION = {"query": "{ noSuchField8f31403d }"}
COERCION = {"query": "query Q($id: ID!) { node(id: $id) { id } }", "variables": {"id": None}}
TOO_COMPLEX = {
    "query": "{ units(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { totalCount } } } } } }"
}


def _bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['ADMIN']}"}


async def _post(client: httpx.AsyncClient, body: Any, **headers: str) -> httpx.Response:
    return await client.post(
        "/graphql", json=body, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/json"),  # the specification's default for clients that send no Accept
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("application/*", "application/json"),
        (GRJ, GRJ),
        (f"{GRJ}, application/json;q=0.9", GRJ),
        (f"application/json, {GRJ}", GRJ),  # equal weights: the specification's own type
        (f"application/json, {GRJ};q=0.5", "application/json"),
        (f"{GRJ};charset=utf-8", GRJ),
        (f"{GRJ};charset=latin-1, application/json", "application/json"),
        ("text/html, */*;q=0.8", "application/json"),
    ],
)
async def test_the_media_type_is_negotiated(client, tokens, accept, media) -> None:  # type: ignore[no-untyped-def]
    headers = {**_bearer(tokens), **({"accept": accept} if accept is not None else {})}
    request = client.build_request("POST", "/graphql", json=TYPENAME, headers=headers)
    if accept is None:
        del request.headers["accept"]  # httpx sends */* unless told otherwise
    response = await client.send(request)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    if media == GRJ:
        assert response.headers["content-type"] == f"{GRJ}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}
    assert response.headers.get_list("content-length") == [str(len(response.content))]


@pytest.mark.parametrize("accept", ["text/html", "application/xml", f"{GRJ};q=0, application/json;q=0"])
async def test_an_accept_naming_neither_type_is_406(client, tokens, accept) -> None:  # type: ignore[no-untyped-def]
    response = await _post(client, TYPENAME, accept=accept, **_bearer(tokens))
    assert response.status_code == 406, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (PARSE, "GRAPHQL_VALIDATION_FAILED"),  # a syntax error is coded as validation today
        (VALIDATION, "GRAPHQL_VALIDATION_FAILED"),
        (COERCION, "BAD_USER_INPUT"),
        (TOO_COMPLEX, "QUERY_TOO_COMPLEX"),
    ],
)
async def test_request_errors_are_400_in_the_new_media_type_and_200_in_the_legacy_one(  # type: ignore[no-untyped-def]
    client, tokens, body, code
) -> None:
    strict = await _post(client, body, accept=GRJ, **_bearer(tokens))
    assert strict.status_code == 400, strict.text
    assert strict.headers["content-type"] == f"{GRJ}; charset=utf-8"
    answer = strict.json()
    assert "data" not in answer  # the specification: no `data` entry for a request error
    assert answer["errors"][0]["extensions"]["code"] == code, answer
    legacy = await _post(client, body, accept="application/json", **_bearer(tokens))
    assert legacy.status_code == 200, legacy.text
    assert legacy.headers["content-type"] == "application/json"
    assert legacy.json()["data"] is None
    assert legacy.json()["errors"][0]["extensions"]["code"] == code


async def test_field_errors_keep_200_with_data_in_both_media_types(client, tokens) -> None:  # type: ignore[no-untyped-def]
    body = {"query": '{ __typename node(id: "nonsense") { id } }'}
    for accept in (GRJ, "application/json"):
        response = await _post(client, body, accept=accept, **_bearer(tokens))
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["data"]["__typename"] == "Query"
        assert answer["errors"][0]["path"] == ["node"]
        assert answer["errors"][0]["extensions"]["code"] == "INVALID_ID"


@pytest.mark.parametrize(
    ("authorization", "challenge"),
    [
        (None, 'Bearer realm="duban"'),
        ("Basic dXNlcjpwYXNz", 'Bearer realm="duban"'),
        ("Bearer", 'Bearer realm="duban", error="invalid_request"'),
        (
            "Bearer dbn_not-a-token",
            'Bearer realm="duban", error="invalid_token", '
            'error_description="the access token is unknown, revoked or expired"',
        ),
    ],
)
async def test_unauthenticated_is_401_with_a_bearer_challenge(client, authorization, challenge) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": authorization} if authorization else {}
    for accept, media in ((GRJ, f"{GRJ}; charset=utf-8"), ("application/json", "application/json")):
        response = await client.post("/graphql", json=TYPENAME, headers={"accept": accept, **auth})
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"] == challenge
        assert response.headers["content-type"] == media
        answer = response.json()
        assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert answer["errors"][0]["extensions"]["requestId"] == response.headers["x-request-id"]
        assert ("data" in answer) is (accept == "application/json")
    # Nothing is read before the token is checked: a mutation over GET is also just unauthenticated.
    get = await client.get("/graphql", params={"query": "mutation { __typename }"}, headers=auth)
    assert (get.status_code, get.headers["www-authenticate"]) == (401, challenge)


async def test_get_runs_queries_and_refuses_mutations_with_405(client, tokens) -> None:  # type: ignore[no-untyped-def]
    query = {
        "query": "query T($name: String!) { __type(name: $name) { name } }",
        "variables": '{"name": "Unit"}',
    }
    for accept in (GRJ, "application/json"):
        got = await client.get("/graphql", params=query, headers={"accept": accept, **_bearer(tokens)})
        assert got.status_code == 200, got.text
        assert got.json() == {"data": {"__type": {"name": "Unit"}}}
        mutation = await client.get(
            "/graphql",
            params={"query": "mutation { __typename }"},
            headers={"accept": accept, **_bearer(tokens)},
        )
        assert mutation.status_code == 405, mutation.text
        assert mutation.headers["allow"] == "POST"
        assert mutation.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize(
    "body",
    [
        {"query": {"obj": "ect"}},
        {"query": 0},
        {"query": "{ __typename }", "variables": "string"},
        {"query": "{ __typename }", "operationName": False},
        {"query": "{ __typename }", "extensions": ["array"]},
        [{"query": "{ __typename }", "extensions": "string"}],  # each operation of a batch too
        {"qeury": "{ __typename }"},
    ],
)
async def test_malformed_parameters_are_400_in_both_media_types(client, tokens, body) -> None:  # type: ignore[no-untyped-def]
    for accept in (GRJ, "application/json"):
        response = await _post(client, body, accept=accept, **_bearer(tokens))
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_batch_is_200_with_each_answer_shaped_by_the_media_type(client, tokens) -> None:  # type: ignore[no-untyped-def]
    batch = [TYPENAME, VALIDATION]
    strict = await _post(client, batch, accept=GRJ, **_bearer(tokens))
    assert strict.status_code == 200, strict.text
    assert strict.headers["content-type"] == f"{GRJ}; charset=utf-8"
    ok, refused = strict.json()
    assert ok == {"data": {"__typename": "Query"}}
    assert "data" not in refused and refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    legacy = (await _post(client, batch, accept="application/json", **_bearer(tokens))).json()
    assert legacy[1]["data"] is None


async def test_other_refusals_follow_the_negotiated_media_type(client, tokens) -> None:  # type: ignore[no-untyped-def]
    bad_json = await client.post(
        "/graphql", content=b'{ "not a JSON', headers={**JSON_BODY, "accept": GRJ, **_bearer(tokens)}
    )
    assert bad_json.status_code == 400
    assert bad_json.headers["content-type"] == f"{GRJ}; charset=utf-8"
    assert bad_json.json()["errors"][0]["extensions"]["code"] == "INVALID_JSON"
    assert "data" not in bad_json.json()
    no_type = await client.post("/graphql", content=b'{"query": "{ __typename }"}', headers=_bearer(tokens))
    assert no_type.status_code == 400  # httpx sends no content type for raw bytes
    assert no_type.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_CONTENT_TYPE"
