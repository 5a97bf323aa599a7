"""`token create`, `token list`, `token revoke`: a token made by the CLI opens the API until revoked."""

from __future__ import annotations

import re

import httpx

from tests.cli.conftest import Cli

VIEWER = "{ viewer { name role unit { code } } }"


async def _viewer(client: httpx.AsyncClient, secret: str) -> dict[str, object]:
    response = await client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {secret}"}
    )
    return response.json()


async def test_token_create_list_revoke(cli: Cli, client: httpx.AsyncClient, units: None) -> None:
    made = cli("token", "create", "--name", "区办", "--role", "UNIT_OPERATOR", "--unit", "DY.DYQ")
    assert made.returncode == 0, made.stderr
    found = re.fullmatch(r"token (\d+) for 区办 \(UNIT_OPERATOR\); shown once:\n(dbn_\S+)\n", made.stdout)
    assert found, made.stdout
    token_id, secret = found.groups()
    assert (await _viewer(client, secret))["data"]["viewer"] == {
        "name": "区办",
        "role": "UNIT_OPERATOR",
        "unit": {"code": "DY.DYQ"},
    }

    no_unit = cli("token", "create", "--name", "x", "--role", "UNIT_OPERATOR")
    assert no_unit.returncode == 2 and no_unit.stderr.startswith("error ["), no_unit.stderr

    revoked = cli("token", "revoke", token_id)
    assert (revoked.returncode, revoked.stdout.strip()) == (0, f"token {token_id} revoked")
    listed = cli("token", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith(f"{token_id}\t区办\tUNIT_OPERATOR\tDY.DYQ\trevoked\t")
    assert secret not in listed.stdout and len(listed.stdout.splitlines()) == 1
    refused = await _viewer(client, secret)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    twice = cli("token", "revoke", token_id)
    assert (twice.returncode, twice.stderr.strip()) == (1, f"no active token {token_id}")
