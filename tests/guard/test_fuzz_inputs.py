"""A client's mistake is never an INTERNAL_ERROR: every root field and mutation of the live schema, fuzzed.

For each root query field and each mutation, documents are built from the schema itself with values
drawn per input type (valid-looking and hostile: huge and negative numbers, floats for ints, empty,
NUL and surrogate text, very long strings, bad and out-of-range dates, naive datetimes, wrong types,
nulls, unknown enum names, forged ids and cursors, input objects with missing and extra fields),
passed as variables or written inline, and sent over real HTTP as ADMIN or as a unit operator. Any
HTTP 500 or error coded INTERNAL_ERROR fails the test, with the documents that caused it.

Reproducible: derandomized. `DUBAN_FUZZ_EXAMPLES` (default 20) is the number of rounds; each round
sends one document per root field. Run it longer locally, e.g. `DUBAN_FUZZ_EXAMPLES=100`, with
`-s` for the counts, `DUBAN_FUZZ_VERBOSE=1` for every error seen and `DUBAN_FUZZ_KEEP_GOING=1` to
list the defects of all rounds rather than stop at the first.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
    get_named_type,
    is_abstract_type,
    is_enum_type,
    is_input_object_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_required_argument,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tortoise import Tortoise

from resolvers.access import Scope
from resolvers.demo import chains, complaints, ledger, supervision
from resolvers.pagination import encode_cursor
from schema import build_schema
from schema.node import _REGISTRY, encode_id
from tests.helpers import Gql

ROUNDS = int(os.environ.get("DUBAN_FUZZ_EXAMPLES", "20"))
VERBOSE = bool(os.environ.get("DUBAN_FUZZ_VERBOSE"))
# Locally: report every defect of every round instead of stopping at the first round with one.
KEEP_GOING = bool(os.environ.get("DUBAN_FUZZ_KEEP_GOING"))
ROLES = ("ADMIN", "UNIT_OPERATOR")
SCHEMA = build_schema()._schema
NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")


def _roots() -> list[tuple[str, str, GraphQLField]]:
    roots = [("query", name, f) for name, f in SCHEMA.query_type.fields.items()]  # type: ignore[union-attr]
    roots += [("mutation", name, f) for name, f in SCHEMA.mutation_type.fields.items()]  # type: ignore[union-attr]
    return roots


ROOTS = _roots()

# ---- values -------------------------------------------------------------------------------------

HOSTILE_TEXT = ["", " ", "a\x00b", "\x00", "x\ud800", "\udfff", "'; DROP TABLE unit; --", "%", "_", "\\"]
UNIT_CODES = ["DY", "DY.DYQ", "DY.RX", "DY.DCS", "DY.JW", "NOPE", "dy"]
TEXT = st.one_of(
    st.sampled_from(HOSTILE_TEXT + UNIT_CODES + ["2110", "91370502MA3C4ELX0K", "Complaint:1"]),
    st.text(max_size=12),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["x", "字", "😀"]),
        st.sampled_from([19, 21, 65, 101, 201, 501, 5001]),
    ),
)
INTS = st.one_of(
    st.integers(-2, 120),
    st.sampled_from([2**31 - 1, 2**31, -(2**31) - 1, 2**63, 10**30, -(10**30)]),
    st.sampled_from([1.5, 1e30, -0.0, 2.0]),
)
FLOATS = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([1e308, -1e308, 0.1]))
WRONG = st.one_of(
    st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5), st.just([]), st.just({})
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "2026-02-30", "2026-13-01"]),
    st.sampled_from(
        ["2026-11-24", "2025-01-01", "20261124", "2026-W48-2", "yesterday", "2026-11-24T00:00:00+08:00"]
    ),
)
DATETIMES = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat() + "+08:00"),
    st.sampled_from(
        [
            "0001-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+00:00",
            "9999-12-31T23:59:59-14:00",
            "2026-11-24T09:00:00",
            "2026-11-24T09:00:00+08:00",
            "2026-11-24T09:00:00Z",
            "2026-11-24",
            "2026-11-24T25:00:00Z",
            "2026-11-24T09:00:00+99:00",
        ]
    ),
)


def _forged_ids(types: list[str]) -> st.SearchStrategy[str]:
    raw_pks = st.one_of(
        st.integers(-1, 50).map(str),
        st.sampled_from(
            ["0001", "١٢", "1e3", " 1", "9223372036854775807", "9223372036854775808", "1" + "0" * 30]
        ),
    )
    forged = st.builds(
        lambda t, pk: base64.urlsafe_b64encode(f"{t}:{pk}".encode()).decode().rstrip("="),
        st.sampled_from(types + ["Nope", ""]),
        raw_pks,
    )
    padded = st.builds(lambda t, pk: encode_id(t, pk) + "==", st.sampled_from(types), st.integers(1, 5))
    return st.one_of(forged, padded, TEXT)


CURSORS = st.one_of(
    st.integers(0, 200).map(encode_cursor),
    st.sampled_from([encode_cursor(10**23), encode_cursor(-1), encode_cursor(2**63)]),
    st.sampled_from(["cursor:1", "Y3Vyc29yOjAwMQ==", "Y3Vyc29yOjE", "Y3Vyc29yOuG8sQ=="]),
    TEXT,
)


CLEAN_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
CLEAN = {
    "Int": st.integers(0, 30),
    "Float": st.floats(0, 1000),
    "String": CLEAN_TEXT,
    "Boolean": st.booleans(),
    "Date": st.dates(date(2020, 1, 1), date(2030, 12, 31)).map(date.isoformat),
    "DateTime": st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31)).map(
        lambda d: d.isoformat() + "+08:00"
    ),
    "JSON": st.dictionaries(st.sampled_from(["units", "figures"]), CLEAN_TEXT, max_size=2),
}
HOSTILE = {
    "Int": INTS,
    "Float": FLOATS,
    "String": TEXT,
    "Boolean": st.booleans(),
    "Date": DATES,
    "DateTime": DATETIMES,
    "JSON": JSON,
}


def _over_long_list(value: Any) -> list[Any]:
    """Just over the 1000 items a variable list may hold (of a short value: the body stays small)."""
    return [value] * (1001 if len(json.dumps(value)) < 100 else 2)


@dataclass
class Values:
    """Strategies per input type: valid-looking ones (`clean`) or hostile ones, with this run's ids."""

    ids: list[str]
    clean: bool
    cache: dict[str, st.SearchStrategy[Any]] = field(default_factory=dict)

    def _ids(self, name: str) -> st.SearchStrategy[str]:
        if not self.clean:
            return st.one_of(st.sampled_from(self.ids), _forged_ids(sorted(_REGISTRY)))
        # `complaintId` names a Complaint: mostly pass one, so that the action itself runs.
        wanted = name[:1].upper() + name[1:].removesuffix("Ids").removesuffix("Id")
        typed = [i for i in self.ids if base64.urlsafe_b64decode(i + "==").decode().startswith(f"{wanted}:")]
        return st.sampled_from(typed or self.ids)

    def _scalar(self, type_name: str, name: str) -> st.SearchStrategy[Any]:
        if type_name == "ID":
            return self._ids(name)
        if not self.clean:
            return st.one_of(HOSTILE.get(type_name, TEXT), WRONG)
        if type_name == "String" and name.lower().endswith("code"):
            return st.sampled_from(UNIT_CODES[:5] + ["2110"])
        if type_name == "Int" and "year" in name.lower():
            return st.integers(2000, 2100)
        return CLEAN.get(type_name, CLEAN_TEXT)

    def of(self, type_: GraphQLInputType, name: str = "") -> st.SearchStrategy[Any]:
        if is_non_null_type(type_):
            inner = self.of(type_.of_type, name)  # type: ignore[union-attr]
            return inner if self.clean else st.one_of(inner, inner, inner, st.none(), WRONG)
        if is_list_type(type_):
            item = self.of(type_.of_type, name)  # type: ignore[union-attr]
            if self.clean:
                return st.lists(item, max_size=3)
            return st.one_of(
                st.lists(item, max_size=3),
                item,
                st.none(),
                item.map(lambda v: [v] * 101),
                item.map(_over_long_list),
            )
        return st.one_of(self._named(type_, name), st.none())

    def _named(self, type_: GraphQLInputType, name: str) -> st.SearchStrategy[Any]:
        if name in ("after", "before"):
            return st.integers(0, 30).map(encode_cursor) if self.clean else CURSORS
        if is_enum_type(type_):
            names = list(type_.values)  # type: ignore[union-attr]
            valid = st.sampled_from(names)
            return (
                valid
                if self.clean
                else st.one_of(valid, st.sampled_from(["NOPE", names[0].lower(), ""]), WRONG)
            )
        if is_input_object_type(type_):
            return st.deferred(lambda: self._object(type_))  # type: ignore[arg-type]
        return self._scalar(type_.name, name)  # type: ignore[union-attr]

    def _object(self, type_: GraphQLInputObjectType) -> st.SearchStrategy[dict[str, Any]]:
        if type_.name not in self.cache:
            required = {k: self.of(f.type, k) for k, f in type_.fields.items() if is_non_null_type(f.type)}
            optional = {
                k: self.of(f.type, k) for k, f in type_.fields.items() if not is_non_null_type(f.type)
            }
            whole = st.fixed_dictionaries(required, optional=optional)
            if self.clean:
                self.cache[type_.name] = whole
            else:
                missing = whole.flatmap(
                    lambda d: st.sets(st.sampled_from(sorted(d) or [""])).map(
                        lambda drop: {k: v for k, v in d.items() if k not in drop}
                    )
                )
                extra = whole.map(lambda d: {**d, "bogus": 1})
                self.cache[type_.name] = st.one_of(whole, missing, extra)
        return self.cache[type_.name]


def leaves(
    value: Any, type_: GraphQLInputType, name: str, path: tuple[Any, ...] = ()
) -> list[tuple[tuple[Any, ...], GraphQLInputType, str]]:
    """(path, type, name) of every value in an argument, to spoil one of them."""
    found = [(path, type_, name)]
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(value, list) and isinstance(inner, GraphQLList):
        for n, item in enumerate(value):
            found += leaves(item, inner.of_type, name, (*path, n))
    elif isinstance(value, dict) and isinstance(inner, GraphQLInputObjectType):
        for k, item in value.items():
            if k in inner.fields:
                found += leaves(item, inner.fields[k].type, k, (*path, k))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, *rest = path
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[head] = replaced(value[head], tuple(rest), new)
    return copy


# ---- documents ------------------------------------------------------------------------------------


def selection(type_: GraphQLOutputType, depth: int = 0) -> str:
    """Every argument-free leaf of the result, and one level below (`__typename` for abstract types)."""
    named = get_named_type(type_)
    if is_leaf_type(named):
        return ""
    if is_abstract_type(named) or depth > 1:
        return "{ __typename }"
    parts = ["__typename"]
    for name, f in named.fields.items():  # type: ignore[union-attr]
        if any(is_required_argument(a) for a in f.args.values()):
            continue
        inner = get_named_type(f.type)
        if is_leaf_type(inner):
            parts.append(name)
        elif depth == 0:
            parts.append(f"{name} {selection(f.type, depth + 1)}")
    return "{ " + " ".join(parts) + " }"


def literal(value: Any, type_: GraphQLInputType | None) -> str:
    """A value written inline as GraphQL (enum names bare where the slot is an enum)."""
    named = get_named_type(type_) if type_ is not None else None
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        if (
            isinstance(named, GraphQLEnumType)
            and NAME.match(value)
            and value not in ("true", "false", "null")
        ):
            return value
        return json.dumps(value)
    inner = type_
    while isinstance(inner, GraphQLNonNull):
        inner = inner.of_type
    if isinstance(value, list):
        item = inner.of_type if isinstance(inner, GraphQLList) else inner
        return "[" + ", ".join(literal(v, item) for v in value) + "]"
    fields = named.fields if isinstance(named, GraphQLInputObjectType) else {}
    pairs = [
        f"{k}: {literal(v, fields[k].type if k in fields else None)}"
        for k, v in value.items()
        if NAME.match(k)
    ]
    return "{" + ", ".join(pairs) + "}"


def document(
    op: str, name: str, root: GraphQLField, args: dict[str, Any], inline: bool
) -> tuple[str, dict[str, Any]]:
    if inline:
        written = ", ".join(f"{k}: {literal(v, root.args[k].type)}" for k, v in args.items())
        return f"{op} {{ {name}{f'({written})' if written else ''} {selection(root.type)} }}", {}
    declared = ", ".join(f"${k}: {root.args[k].type}" for k in args)
    passed = ", ".join(f"{k}: ${k}" for k in args)
    head = f"{op}({declared})" if declared else op
    return f"{head} {{ {name}{f'({passed})' if passed else ''} {selection(root.type)} }}", args


# ---- the test -------------------------------------------------------------------------------------


@dataclass
class Tally:
    sent: int = 0
    answered: int = 0  # without any error or userError: the resolver or action ran through
    codes: dict[str, int] = field(default_factory=dict)
    user_errors: dict[str, int] = field(default_factory=dict)
    defects: list[str] = field(default_factory=list)


# Across the rounds of a run: printed with -s, and the figures of the commit messages.
TOTAL = Tally()


@pytest.fixture
async def fuzz(gql_with: Callable[..., AbstractAsyncContextManager[Gql]], scope: Scope) -> Any:
    """The demo data loaded, its ids, and an app without the rate limit (a fuzzer is nothing but a flood).

    The ids are read once: strategies must not change between examples as mutations add rows.
    """
    for step in (ledger.seed, complaints.seed, supervision.seed, chains.seed):
        await step(scope)
    ids = await _existing_ids()
    async with gql_with(rate_limit_per_minute=10**9, rate_limit_burst=10**9) as gql:
        yield gql, ids


async def _existing_ids() -> list[str]:
    models = {name: model for app in Tortoise.apps.values() for name, model in app.items()}
    found: list[str] = []
    for type_name in sorted(_REGISTRY):
        model = models.get(type_name)
        if model is not None:
            found += [
                encode_id(type_name, pk)
                for pk in await model.all().order_by("id").limit(3).values_list("id", flat=True)
            ]
    return found


async def _send(gql: Gql, role: str, query: str, variables: dict[str, Any], tally: Tally) -> None:
    body = json.dumps({"query": query, "variables": variables})
    headers = {"Authorization": f"Bearer {gql.tokens[role]}", "content-type": "application/json"}
    response = await gql.client.post("/graphql", content=body, headers=headers)
    tally.sent += 1
    seen = f"{role} {query[:300]} {body[len(query) :][:300]}"
    # 413: a body over the size limit, refused with its own code before GraphQL runs.
    if response.status_code not in (200, 400, 413):
        tally.defects.append(f"HTTP {response.status_code}: {seen}")
        return
    if not response.headers.get("content-type", "").startswith("application/json"):
        # strawberry answers some malformed requests with a plain-text 400: a client code all the same.
        tally.codes[f"HTTP {response.status_code}"] = tally.codes.get(f"HTTP {response.status_code}", 0) + 1
        return
    answer = response.json()
    refused = bool(answer.get("errors"))
    for payload in (answer.get("data") or {}).values():
        for refusal in (payload.get("userErrors") or []) if isinstance(payload, dict) else []:
            tally.user_errors[refusal["code"]] = tally.user_errors.get(refusal["code"], 0) + 1
            refused = True
    tally.answered += not refused
    for error in answer.get("errors") or []:
        code = (error.get("extensions") or {}).get("code", "?")
        tally.codes[code] = tally.codes.get(code, 0) + 1
        if VERBOSE:
            print(code, error["message"][:200], "<<", query[:200])
        if code == "INTERNAL_ERROR":
            tally.defects.append(f"INTERNAL_ERROR at {error.get('path')}: {seen}")


@settings(
    max_examples=ROUNDS,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
async def test_no_client_mistake_is_an_internal_error(
    fuzz: tuple[Gql, list[str]], data: st.DataObject
) -> None:
    fuzz_gql, ids = fuzz
    clean, hostile = Values(ids, clean=True), Values(ids, clean=False)
    tally = TOTAL
    known = len(tally.defects)
    for op, name, root in ROOTS:
        # Most documents are valid but for one spoiled value, so that the resolvers and actions run
        # on it; some are hostile throughout.
        values = hostile if data.draw(st.integers(0, 4)) == 4 else clean
        required = {k: values.of(a.type, k) for k, a in root.args.items() if is_required_argument(a)}
        optional = {k: values.of(a.type, k) for k, a in root.args.items() if k not in required}
        args = data.draw(st.fixed_dictionaries(required, optional=optional))
        spots = [(k, *spot) for k, v in args.items() for spot in leaves(v, root.args[k].type, k)]
        # Spoil a leaf (a whole input refused up front would leave the resolver untried).
        spots = [spot for spot in spots if not isinstance(_at(args[spot[0]], spot[1]), dict | list)] or spots
        if values is clean and spots and data.draw(st.booleans()):
            arg, path, type_, leaf = data.draw(st.sampled_from(spots))
            args[arg] = replaced(args[arg], path, data.draw(hostile.of(type_, leaf)))
        # A required argument is mostly passed; leaving one out is one more mistake to answer well.
        if required and data.draw(st.integers(0, 9)) == 9:
            args.pop(data.draw(st.sampled_from(sorted(required))))
        query, variables = document(op, name, root, args, inline=data.draw(st.booleans()))
        await _send(fuzz_gql, data.draw(st.sampled_from(ROLES)), query, variables, tally)
    print(
        f"fuzz so far: {tally.sent} documents, {tally.answered} answered, errors {sorted(tally.codes.items())}"
    )
    print(f"  userErrors {sorted(tally.user_errors.items())}")
    found = tally.defects[known:]
    if KEEP_GOING:
        print("\n".join(f"DEFECT {d}" for d in found))
    else:
        assert not found, "\n".join(found)
