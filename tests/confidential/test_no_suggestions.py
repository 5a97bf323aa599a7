"""With introspection off, no error suggests a name ("Did you mean …?"): not for a field, an argument, an
enum value, a type or an input field, in the document or in its variables, with or without a token."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import get_operation_ast, get_variable_values, parse

from schema import schema
from schema.limits import variable_errors

# Each a near miss of a real name: graphql-core suggests the real one when introspection is on.
TYPOS: dict[str, str] = {
    "field": "{ disciplineClue { totalCount } }",
    "argument": "{ units(fist: 2) { totalCount } }",
    "enum value": "{ overdue(filter: { kinds: [TASKS] }) { totalCount } }",
    "type": "query($f: OverdueFilte) { overdue(filter: $f) { totalCount } }",
    "input field": "{ overdue(filter: { kind: [TASK] }) { totalCount } }",
    "fragment type": '{ node(id: "x") { ... on Complant { id } } }',
    "nested field": "{ units(first: 1) { nodes { cod } } }",
}
# Typos only the variables carry: found when they are coerced, just before execution.
VARIABLE_TYPOS: dict[str, tuple[str, dict[str, Any]]] = {
    "enum value": (
        "query($f: OverdueFilter) { overdue(filter: $f) { totalCount } }",
        {"f": {"kinds": ["TASKS"]}},
    ),
    "input field": (
        "query($f: OverdueFilter) { overdue(filter: $f) { totalCount } }",
        {"f": {"kind": ["TASK"]}},
    ),
}


@pytest.mark.parametrize("what", sorted(TYPOS))
async def test_validation_errors_suggest_nothing_with_introspection_off(gql, closed, what) -> None:  # type: ignore[no-untyped-def]
    open_body = await gql.raw(TYPOS[what])
    assert "Did you mean" in str(open_body["errors"]), open_body  # the typo is one graphql-core would fix
    for role in ("ADMIN", "UNIT_OPERATOR", None):
        body = await closed.raw(TYPOS[what], as_=role)
        assert body["errors"] and "Did you mean" not in str(body), body
        if role is not None:
            # The same error otherwise: its message up to where the suggestion began, its code.
            assert _same_errors(_messages(open_body), _messages(body))
            assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}


def _messages(body: dict[str, Any]) -> list[str]:
    return [e["message"] for e in body["errors"]]


def _same_errors(suggested: list[str], hushed: list[str]) -> bool:
    """Each hushed message says what its suggesting one said before the suggestion."""
    heads = [m.split(" Did you mean")[0].rstrip(".") for m in suggested]
    return len(heads) == len(hushed) and all(m.startswith(h) for h, m in zip(heads, hushed, strict=True))


@pytest.mark.parametrize("what", sorted(VARIABLE_TYPOS))
async def test_variable_errors_suggest_nothing_with_introspection_off(closed, what) -> None:  # type: ignore[no-untyped-def]
    query, variables = VARIABLE_TYPOS[what]
    for role in ("ADMIN", "UNIT_OPERATOR"):
        body = await closed.raw(query, variables, as_=role)
        assert body["errors"] and "Did you mean" not in str(body), body


@pytest.mark.parametrize("what", sorted(VARIABLE_TYPOS))
def test_variables_are_coerced_without_suggestions(what) -> None:
    """What the service answers for bad variables with introspection off, next to graphql-core's default."""
    query, variables = VARIABLE_TYPOS[what]
    document = parse(query)
    operation = get_operation_ast(document)
    assert operation is not None
    suggested = get_variable_values(schema._schema, operation.variable_definitions, variables)
    assert isinstance(suggested, list) and "Did you mean" in suggested[0].message
    hushed = variable_errors(schema._schema, document, None, variables)
    assert _same_errors([e.message for e in suggested], [e.message for e in hushed])
    assert all("Did you mean" not in e.message for e in hushed)
