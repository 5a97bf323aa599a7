"""An object the caller may not see is indistinguishable from one that does not exist (issue 15).

Generated from the node registry and the live schema: for every role and every node type, objects of the
world that the role may not see are asked for through `node`, `nodes`, `trace` and every mutation taking an
id of that type (and every mutation taking a list of ids), and so is a missing id of the same type. The two
answers must be byte-identical once each id (global id and primary key) is replaced by a placeholder.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from graphql import get_nullable_type
from tortoise import Tortoise

from models.auth import Role
from models.db import APP
from models.discipline import Recommendation
from models.unit import Unit
from schema import schema
from schema.node import _REGISTRY, encode_id
from tests.access.test_role_table import MISSING, MUTATIONS

OPERATOR_UNIT = "DY.DYQ"  # the unit operator's unit (tests/conftest.py `tokens`)
# A primary key no test creates; its digits appear nowhere else in an answer.
ABSENT_PK = 987_654_321
ROLES = [r.value for r in Role if r is not Role.ADMIN]
# Node types whose model has another name.
MODEL_NAMES = {"AuditEvent": "AuditEntry"}
# What each role must find hidden in the world, so the comparison is never vacuous.
MUST_HIDE = {
    "UNIT_OPERATOR": {"Complaint", "Extension", "Task", "Milestone", "SupervisionItem", "Interview"}
    | {"OverdueFlag", "Digest", "Clue", "Case", "Sanction", "Recommendation", "AuditEvent", "JobRun"},
    "HOTLINE": {"Task", "Milestone", "Plan", "SupervisionItem", "Interview", "Digest", "OverdueFlag"},
    "SUPERVISOR": {"Digest", "OverdueFlag", "Clue", "Case", "Recommendation", "AuditEvent"},
    "VIEWER": {"Digest", "OverdueFlag", "Clue", "Case", "Recommendation", "JobRun"},
    "INSPECTOR": set(),
}

NODE = "query($id: ID!) { node(id: $id) { id __typename } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }"
TRACE = "query($id: ID!) { trace(id: $id) { root { id } nodes { id } edges { from to relation } } }"
PAYLOAD = "{ userErrors { field message code } }"


def _model(type_name: str) -> Any:
    return Tortoise.apps[APP][MODEL_NAMES.get(type_name, type_name)]


def _list_id_fields(mutation: str) -> list[str]:
    """Input fields of a mutation that take a list of ids of any type (e.g. `originIds`)."""
    input_type = schema._schema.mutation_type.fields[mutation].args["input"].type.of_type
    return [name for name, f in input_type.fields.items() if str(get_nullable_type(f.type)) == "[ID!]"]


def _id_inputs(type_name: str, global_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Every mutation input of the role table that takes an id of this type, with `global_id` in it."""
    missing = encode_id(type_name, MISSING)
    found = []
    for mutation, (input_, _) in sorted(MUTATIONS.items()):
        for key, value in input_.items():
            if value == missing:
                found.append((mutation, {**input_, key: global_id}))
        for key in _list_id_fields(mutation):
            found.append((mutation, {**input_, key: [global_id]}))
    return found


def _document(mutation: str) -> str:
    input_type = schema._schema.mutation_type.fields[mutation].args["input"].type
    return f"mutation($input: {input_type}) {{ {mutation}(input: $input) {PAYLOAD} }}"


async def _answer(gql, role: str, query: str, variables: dict[str, Any]) -> str:  # type: ignore[no-untyped-def]
    """The raw response text; one request id for all, so only the ids asked for can differ."""
    headers = {"Authorization": f"Bearer {gql.tokens[role]}", "X-Request-Id": "confidential"}
    response = await gql.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return f"{response.status_code} {response.text}"


def _without_id(text: str, type_name: str, pk: int) -> str:
    """The answer with the id asked for replaced in every string (numbers such as locations kept)."""
    status, _, body = text.partition(" ")

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return re.sub(rf"(?<!\d){pk}(?!\d)", "<pk>", value.replace(encode_id(type_name, pk), "<id>"))
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items()}
        return value

    return f"{status} {json.dumps(scrub(json.loads(body)), ensure_ascii=False)}"


async def _acted_on_unread(role: str, type_name: str) -> set[int]:
    """Rows a role may act on without reading them: the recommendations to a unit operator's subtree,
    which it replies to (`replyRecommendation`); they are not hidden from it, only unreadable."""
    if (role, type_name) != ("UNIT_OPERATOR", "Recommendation"):
        return set()
    own = await Unit.get(code=OPERATOR_UNIT)
    return set(await Recommendation.filter(unit__path__startswith=own.path).values_list("id", flat=True))


async def _hidden(gql, role: str, type_name: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Primary keys of the type's rows the role is not answered (the admin is answered every one)."""
    pks = sorted(await _model(type_name).all().values_list("id", flat=True))
    hidden = []
    for start in range(0, len(pks), 100):
        chunk = pks[start : start + 100]
        ids = [encode_id(type_name, pk) for pk in chunk]
        assert None not in (await gql(NODES, {"ids": ids}))["nodes"], type_name
        answers = (await gql(NODES, {"ids": ids}, as_=role))["nodes"]
        hidden += [pk for pk, answer in zip(chunk, answers, strict=True) if answer is None]
    acted_on = await _acted_on_unread(role, type_name)
    return [pk for pk in hidden if pk not in acted_on]


def _requests(type_name: str, global_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    reads = [
        ("node", NODE, {"id": global_id}),
        ("nodes", NODES, {"ids": [global_id]}),
        ("trace", TRACE, {"id": global_id}),
    ]
    writes = [(m, _document(m), {"input": i}) for m, i in _id_inputs(type_name, global_id)]
    return reads + writes


async def _differences(gql, role: str, type_name: str, pk: int) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    hidden, missing = encode_id(type_name, pk), encode_id(type_name, ABSENT_PK)
    found = []
    for (name, query, shown), (_, _, absent) in zip(
        _requests(type_name, hidden), _requests(type_name, missing), strict=True
    ):
        one = _without_id(await _answer(gql, role, query, shown), type_name, pk)
        other = _without_id(await _answer(gql, role, query, absent), type_name, ABSENT_PK)
        if one != other:
            found.append((role, type_name, name, one, other))
    return found


async def test_every_node_type_has_a_model(app) -> None:  # type: ignore[no-untyped-def]
    models = Tortoise.apps[APP]
    assert [t for t in _REGISTRY if MODEL_NAMES.get(t, t) not in models] == []


@pytest.mark.parametrize("role", ROLES)
async def test_hidden_objects_answer_as_missing_ones(probe, world, role) -> None:  # type: ignore[no-untyped-def]
    """Every type's first and last hidden row (by id: the world's oldest and newest); all differences
    are reported at once."""
    differences, hidden_types = [], set()
    for type_name in sorted(_REGISTRY):
        hidden = await _hidden(probe, role, type_name)
        if hidden:
            hidden_types.add(type_name)
        for pk in sorted({hidden[0], hidden[-1]} if hidden else set()):
            differences += await _differences(probe, role, type_name, pk)
    if differences:
        pytest.fail(
            "\n".join(f"{t} via {n}:\n  hidden:  {h}\n  missing: {m}" for _, t, n, h, m in differences)
        )
    assert MUST_HIDE[role] <= hidden_types, MUST_HIDE[role] - hidden_types
