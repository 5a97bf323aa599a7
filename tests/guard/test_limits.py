"""Abuse limits: each one refused with a coded error by a crafted abusive request."""

from __future__ import annotations

import time

import pytest

CHILDREN = "children(first: 2) { nodes { code %s } }"
COST = """
query($n: Int) {
  units(first: $n) { nodes { children(first: 100) { nodes { children(first: 100) { totalCount } } } } }
}
"""
SMALL_COST = "query($n: Int) { units(first: $n) { nodes { children { totalCount } } } }"
CYCLE = """
fragment A on Unit { children { nodes { ...B } } }
fragment B on Unit { parent { ...A } }
{ units { nodes { ...A } } }
"""
SELF_CYCLE = "fragment A on Unit { parent { ...A } } { units { nodes { ...A } } }"
INTROSPECTION = "{ __schema { queryType { name } } }"
VIEWER = "{ viewer { name } }"


def _deep(levels: int) -> str:
    inner = ""
    for _ in range(levels):
        inner = CHILDREN % inner
    return "{ units { nodes { " + inner + " } } }"


async def test_deep_nesting_is_refused(gql) -> None:  # type: ignore[no-untyped-def]
    assert (await gql(_deep(4)))["units"]
    error = await gql.error(_deep(8))
    assert error["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert error["extensions"]["limit"] == 12
    assert error["extensions"]["depth"] == 19
    assert "requestId" in error["extensions"]


async def test_depth_counts_through_fragments(gql) -> None:  # type: ignore[no-untyped-def]
    fragments = "".join(f"fragment F{i} on Unit {{ parent {{ code ...F{i + 1} }} }}\n" for i in range(14))
    query = fragments + "fragment F14 on Unit { code }\n{ units { nodes { ...F0 } } }"
    error = await gql.error(query)
    assert error["extensions"]["code"] == "QUERY_TOO_DEEP"


@pytest.mark.parametrize("query", [CYCLE, SELF_CYCLE])
async def test_cyclic_fragments_are_refused_quickly(gql, query) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    error = await gql.error(query)
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "within itself" in error["message"]
    assert time.monotonic() - started < 5


async def test_a_thousand_aliases_are_refused(gql) -> None:  # type: ignore[no-untyped-def]
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(1000)) + " }"
    error = await gql.error(query)
    assert error["extensions"]["code"] == "TOO_MANY_ALIASES"
    assert error["extensions"]["aliases"] == 1000
    assert error["extensions"]["limit"] == 50


async def test_too_many_tokens_are_refused(gql) -> None:  # type: ignore[no-untyped-def]
    query = "{ viewer { " + "name " * 6000 + "} }"
    error = await gql.error(query)
    assert error["extensions"]["code"] == "TOO_MANY_TOKENS"
    assert error["extensions"]["limit"] == 5000


@pytest.mark.parametrize(
    ("first", "code"), [(101, "INVALID_PAGE_SIZE"), (1000, "INVALID_PAGE_SIZE"), (10**9, "QUERY_TOO_COMPLEX")]
)
async def test_huge_first_is_refused(gql, first, code) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error("query($n: Int) { units(first: $n) { totalCount } }", {"n": first})
    assert error["extensions"]["code"] == code


async def test_expensive_nested_connections_state_cost_and_limit(gql) -> None:  # type: ignore[no-untyped-def]
    error = await gql.error(COST, {"n": 100})
    # 100 units + 100×100 children + 100×100×100 grandchildren connections
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] == 1_010_100
    assert error["extensions"]["limit"] == 50_000
    assert "1010100" in error["message"] and "50000" in error["message"]


async def test_cost_uses_variables_and_the_default_page(gql_with) -> None:  # type: ignore[no-untyped-def]
    async with gql_with(max_query_cost=2000) as gql:
        # 1 root field of 20 (default page) + 20×20 children = 420
        assert (await gql(SMALL_COST))["units"]
        error = await gql.error(SMALL_COST, {"n": 100})
    assert error["extensions"]["cost"] == 100 + 100 * 20
    assert error["extensions"]["limit"] == 2000


async def test_oversized_body_gets_413_with_a_code(gql_with, tokens) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {tokens['ADMIN']}", "content-type": "application/json"}
    async with gql_with(max_body_bytes=1000) as gql:
        ok = await gql.client.post("/graphql", json={"query": VIEWER}, headers=headers)
        big = await gql.client.post("/graphql", json={"query": VIEWER + " " * 2000}, headers=headers)

        async def chunks():  # type: ignore[no-untyped-def]
            for _ in range(10):
                yield b" " * 500

        # No Content-Length: the bytes received are counted.
        streamed = await gql.client.post("/graphql", content=chunks(), headers=headers)
    assert ok.status_code == 200
    for response in (big, streamed):
        assert response.status_code == 413
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "REQUEST_TOO_LARGE"
        assert error["extensions"]["limit"] == 1000
        assert response.headers["x-request-id"] == error["extensions"]["requestId"]


async def test_batches_are_capped(gql_with, tokens) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {tokens['ADMIN']}"}
    async with gql_with(max_batch=2) as gql:
        two = await gql.client.post("/graphql", json=[{"query": VIEWER}] * 2, headers=headers)
        three = await gql.client.post("/graphql", json=[{"query": VIEWER}] * 3, headers=headers)
    assert two.status_code == 200
    assert [r["data"]["viewer"]["name"] for r in two.json()] == ["test-admin", "test-admin"]
    assert three.status_code == 400
    error = three.json()["errors"][0]
    assert error["extensions"]["code"] == "BATCH_TOO_LARGE"
    assert error["extensions"]["limit"] == 2


async def test_rate_limit_per_token_and_recovery(gql_with, tokens, clock) -> None:  # type: ignore[no-untyped-def]
    def post(gql, role):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        return gql.client.post("/graphql", json={"query": VIEWER}, headers=headers)

    async with gql_with(rate_limit_per_minute=30, rate_limit_burst=3) as gql:
        for _ in range(3):
            assert (await post(gql, "VIEWER")).status_code == 200
        refused = await post(gql, "VIEWER")
        assert (await post(gql, "ADMIN")).status_code == 200
        clock.advance(seconds=1)
        still = await post(gql, "VIEWER")
        clock.advance(seconds=1)
        recovered = await post(gql, "VIEWER")
    assert refused.status_code == 429
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] == 2
    assert refused.headers["retry-after"] == "2"
    assert still.status_code == 429
    assert still.json()["errors"][0]["extensions"]["retryAfter"] == 1
    assert recovered.status_code == 200


async def test_a_batch_spends_one_request_per_operation(gql_with, tokens) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {tokens['ADMIN']}"}
    async with gql_with(rate_limit_per_minute=30, rate_limit_burst=3) as gql:
        batch = await gql.client.post("/graphql", json=[{"query": VIEWER}] * 4, headers=headers)
    assert batch.status_code == 429
    assert batch.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_introspection_is_on_by_default_and_can_be_switched_off(gql_with, gql) -> None:  # type: ignore[no-untyped-def]
    assert (await gql(INTROSPECTION))["__schema"]["queryType"]["name"] == "Query"
    async with gql_with(introspection=False) as closed:
        error = await closed.error(INTROSPECTION)
        assert (await closed("{ __typename viewer { name } }"))["__typename"] == "Query"
    assert error["extensions"]["code"] == "INTROSPECTION_DISABLED"


async def test_requests_without_a_token_are_limited_per_client_address(gql_with) -> None:  # type: ignore[no-untyped-def]
    async with gql_with(rate_limit_per_minute=60, rate_limit_burst=2) as gql:
        codes = [(await gql.client.post("/graphql", json={"query": VIEWER})).status_code for _ in range(3)]
    assert codes == [401, 401, 429]  # UNAUTHENTICATED twice, then the address's bucket is empty


async def test_each_mutation_of_a_batch_is_its_own_audited_transaction(gql) -> None:  # type: ignore[no-untyped-def]
    create = 'mutation { createUnit(input: {code: "%s", name: "批量", kind: OTHER}) { userErrors { code } } }'
    batch = [{"query": create % "B1"}, {"query": create % "bad code"}, {"query": create % "B2"}]
    response = await gql.client.post(
        "/graphql", json=batch, headers={"Authorization": f"Bearer {gql.tokens['ADMIN']}"}
    )
    errors = [r["data"]["createUnit"]["userErrors"] for r in response.json()]
    assert sorted(len(e) for e in errors) == [0, 0, 1]
    audited = await gql("{ auditEvents(first: 10) { nodes { operation } } }", as_="INSPECTOR")
    assert [n["operation"] for n in audited["auditEvents"]["nodes"]] == ["createUnit", "createUnit"]


async def test_cost_multiplies_by_the_ids_of_nodes(gql_with) -> None:  # type: ignore[no-untyped-def]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Unit { children(first: 50) { totalCount } } } }"
    async with gql_with(max_query_cost=1000) as gql:
        ids = [(await gql('{ unit(code: "DY") { id } }'))["unit"]["id"]] * 30
        error = await gql.error(query, {"ids": ids})
        assert (await gql(query, {"ids": ids[:10]}))["nodes"]
    # the nodes root field (1) + 30 ids × 50 children
    assert error["extensions"]["cost"] == 1 + 30 * 50


async def test_cached_documents_are_still_checked_by_each_apps_own_limits(gql, gql_with) -> None:  # type: ignore[no-untyped-def]
    """Parse and validation are cached by document text: a cached document keeps being refused, and
    an app with a lower limit refuses a document another app has already accepted and cached."""
    query = _deep(4)
    assert (await gql(query))["units"]
    async with gql_with(max_query_depth=6) as strict:
        for _ in range(2):
            assert (await strict.error(query))["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert (await gql(query))["units"]
    for _ in range(2):
        assert (await gql.error(_deep(8)))["extensions"]["code"] == "QUERY_TOO_DEEP"
