"""Error codes are one enum: every code the code passes anywhere is an `ErrorCode` member, named (never a
string), served as the GraphQL enum with the same wire values, and listed in docs/api.md's table."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from resolvers.error_codes import ErrorCode
from schema import schema
from tests.helpers import Gql

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ["schema", "resolvers", "models", "jobs", "main.py"]
DEFINITION = "resolvers/error_codes.py"  # where the names are written as strings, once
# Where a code lives in a GraphQL error or a JSON body.
CODE_KEY = "code"

CODES_TYPE = """
query { __type(name: "ErrorCode") { kind enumValues(includeDeprecated: true) { name description } } }
"""
CREATE_UNIT = """
mutation($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { field code } } }
"""


@dataclass(frozen=True)
class Finding:
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def _sources() -> Iterator[tuple[str, str]]:
    for entry in SCANNED:
        path = ROOT / entry
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            yield str(file.relative_to(ROOT)), file.read_text(encoding="utf-8")


def _is_error_code(annotation: ast.expr | None) -> bool:
    text = ast.unparse(annotation) if annotation is not None else ""
    return re.fullmatch(r"ErrorCode(\s*\|\s*None)?", text) is not None


def code_parameters(trees: dict[str, ast.Module]) -> dict[str, set[int | str]]:
    """Callable name -> the positions and keyword names of its parameters typed `ErrorCode` (a class
    counts by its `__init__`, without `self`). Found, not listed, so a new helper taking a code is checked."""
    found: dict[str, set[int | str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            targets: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef, int]] = []
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        targets.append((node.name, item, 1))
                    # a dataclass-like type (the GraphQL `UserError`) built with keywords
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        if _is_error_code(item.annotation):
                            found.setdefault(node.name, set()).add(item.target.id)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "__init__":
                targets.append((node.name, node, 0))
            for name, func, skip in targets:
                args = [*func.args.posonlyargs, *func.args.args][skip:]
                for position, arg in enumerate(args):
                    if _is_error_code(arg.annotation):
                        found.setdefault(name, set()).update({position, arg.arg})
                for arg in func.args.kwonlyargs:
                    if _is_error_code(arg.annotation):
                        found.setdefault(name, set()).add(arg.arg)
    return found


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
        if isinstance(node, ast.JoinedStr):  # a message's text, not a code
            ids.update(id(part) for part in ast.walk(node))
    return ids


def _check_code(value: ast.expr, where: str) -> Iterator[Finding]:
    """A value in a code's place: `ErrorCode.<member>`, or an expression mypy types (a variable)."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        known = value.value in ErrorCode.__members__
        yield Finding(
            where,
            f"code {value.value!r} as a string: use ErrorCode.{value.value}"
            if known
            else f"code {value.value!r} is not in ErrorCode",
        )
    elif isinstance(value, ast.JoinedStr):
        yield Finding(where, f"a code built from an f-string ({ast.unparse(value)}): name each member")
    elif isinstance(value, ast.BinOp | ast.Call) and not _names_error_code(value):
        yield Finding(where, f"a code computed by {ast.unparse(value)}: name each member")


def _names_error_code(value: ast.expr) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "ErrorCode" for n in ast.walk(value))


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def scan(sources: dict[str, str]) -> tuple[list[Finding], int]:
    """Every problem with a code passed in the sources, and how many code places were checked."""
    trees = {path: ast.parse(text, path) for path, text in sources.items()}
    params = code_parameters(trees)
    findings: list[Finding] = []
    checked = 0
    for path, tree in trees.items():
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            where = f"{path}:{getattr(node, 'lineno', '?')}"
            places: list[ast.expr] = []
            if isinstance(node, ast.Call):
                wanted = params.get(_callee(node) or "", set())
                places += [arg for i, arg in enumerate(node.args) if i in wanted]
                places += [k.value for k in node.keywords if k.arg in wanted]
                if _callee(node) == "get" and len(node.args) == 2:  # mapping.get("code", default)
                    key = node.args[0]
                    if isinstance(key, ast.Constant) and key.value == CODE_KEY:
                        places.append(node.args[1])
            elif isinstance(node, ast.Dict):
                places += [
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == CODE_KEY
                ]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id == "ErrorCode" and not node.attr.startswith("_"):
                    member = node.attr in ErrorCode.__members__ or hasattr(ErrorCode, node.attr)
                    if not member:
                        findings.append(Finding(where, f"ErrorCode.{node.attr} is not a member"))
            elif isinstance(node, ast.Constant) and id(node) not in skip and path != DEFINITION:
                # A code kept as a string elsewhere (a mapping, a tuple) and passed on later.
                if isinstance(node.value, str) and node.value in ErrorCode.__members__:
                    findings.append(Finding(where, f"{node.value!r} as a string: use ErrorCode.{node.value}"))
            for value in places:
                checked += 1
                findings.extend(_check_code(value, where))
    return findings, checked


def _project_sources() -> dict[str, str]:
    return dict(_sources())


def test_every_code_passed_anywhere_is_a_named_enum_member() -> None:
    findings, checked = scan(_project_sources())
    assert not findings, "\n".join(map(str, findings))
    # The scan found the raise sites (it did not pass by finding nothing): 191 today.
    assert checked > 150, checked


def test_the_scan_finds_the_constructors_that_take_a_code() -> None:
    trees = {p: ast.parse(t) for p, t in _project_sources().items()}
    params = code_parameters(trees)
    for name, position in [("UserError", 0), ("RequestError", 0), ("RefusedRequest", 1), ("retry_later", 1)]:
        assert position in params.get(name, set()), (name, params.get(name))


def test_the_scan_reports_unknown_strings_and_dynamic_codes() -> None:
    """The scan itself, on code that does each wrong thing once (and one right thing)."""
    source = '''
from resolvers.error_codes import ErrorCode
class UserError(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None: ...
def refuse(status: int, code: ErrorCode) -> None: ...
def run(what: str, given: ErrorCode) -> None:
    """Mentions FORBIDDEN in a docstring, which is fine."""
    raise UserError("NO_SUCH_CODE", "x")
    raise UserError("FORBIDDEN", "x")
    raise UserError(f"TOO_MANY_{what}", "x")
    raise UserError(ErrorCode.NO_SUCH_MEMBER, "x")
    refuse(400, code="NOT_FOUND")
    body = {"status": "unready", "code": "MIGRATIONS_PENDING"}
    default = {}.get("code", "GRAPHQL_VALIDATION_FAILED")
    pairs = [("VAGUE_UNIT", f"not a unit named FORBIDDEN {what}")]
    raise UserError(ErrorCode.REQUIRED, "fine")
    raise UserError(given, "fine: typed by mypy")
'''
    findings, _checked = scan({"probe.py": source})
    problems = sorted(f"{f.where.split(':')[1]} {f.problem}" for f in findings)
    assert problems == sorted(
        [
            "8 code 'NO_SUCH_CODE' is not in ErrorCode",
            "9 code 'FORBIDDEN' as a string: use ErrorCode.FORBIDDEN",
            "10 a code built from an f-string (f'TOO_MANY_{what}'): name each member",
            "11 ErrorCode.NO_SUCH_MEMBER is not a member",
            "12 code 'NOT_FOUND' as a string: use ErrorCode.NOT_FOUND",
            "13 code 'MIGRATIONS_PENDING' as a string: use ErrorCode.MIGRATIONS_PENDING",
            "14 code 'GRAPHQL_VALIDATION_FAILED' as a string: use ErrorCode.GRAPHQL_VALIDATION_FAILED",
            # the literal is reported twice: as a dict value and as a stray code string
            "13 'MIGRATIONS_PENDING' as a string: use ErrorCode.MIGRATIONS_PENDING",
            "14 'GRAPHQL_VALIDATION_FAILED' as a string: use ErrorCode.GRAPHQL_VALIDATION_FAILED",
            "12 'NOT_FOUND' as a string: use ErrorCode.NOT_FOUND",
            "9 'FORBIDDEN' as a string: use ErrorCode.FORBIDDEN",
            "15 'VAGUE_UNIT' as a string: use ErrorCode.VAGUE_UNIT",
        ]
    ), problems


def test_each_value_is_its_wire_string_with_a_chinese_and_english_description() -> None:
    for code in ErrorCode:
        assert code.value == code.name == str(code), code
        chinese, english = re.fullmatch(r"(.+?) \((.+)\)", code.description).groups()  # type: ignore[union-attr]
        assert re.search(r"[\u4e00-\u9fff]", chinese) and re.search(r"[a-z]{2}", english), code
    assert ErrorCode.FORBIDDEN == "FORBIDDEN"  # compares equal to the strings clients and tests hold


def test_the_graphql_enum_is_the_python_enum() -> None:
    enum = schema._schema.get_type("ErrorCode")
    served = {name: value.description for name, value in enum.values.items()}  # type: ignore[union-attr]
    assert served == {code.name: code.description for code in ErrorCode}
    user_error = schema._schema.get_type("UserError")
    assert str(user_error.fields["code"].type) == "ErrorCode!"  # type: ignore[union-attr]


def _documented() -> dict[str, str]:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split("\n## Error codes\n", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([A-Z0-9_]+)` \| (.+?) \|$", section, re.MULTILINE))


def test_every_code_is_in_the_api_docs_table_with_its_meaning() -> None:
    documented = _documented()
    expected = {code.name: code.description for code in ErrorCode}
    missing = [f"| `{name}` | {text} |" for name, text in expected.items() if documented.get(name) != text]
    assert not missing, "docs/api.md's error-code table lacks or differs for:\n" + "\n".join(missing)
    assert set(documented) <= set(expected), f"documented but not codes: {set(documented) - set(expected)}"


async def test_clients_read_the_enum_and_get_the_same_strings(gql: Gql) -> None:
    served = (await gql(CODES_TYPE))["__type"]
    assert served["kind"] == "ENUM"
    assert [v["name"] for v in served["enumValues"]] == [code.name for code in ErrorCode]
    errors = await gql.refused(
        CREATE_UNIT, {"input": {"code": "not a code", "name": "单位", "kind": "DEPARTMENT"}}
    )
    assert errors == [{"field": ["input", "code"], "code": "INVALID_CODE"}]
    error = await gql.error("{ nope }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
