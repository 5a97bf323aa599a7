"""importTasks within limits: the dimension bomb, the zip bomb, files just over each limit (refused with
bounded memory, nothing written), malformed files, and the writes batched."""

from __future__ import annotations

import base64
import contextlib
import io
import math
import tracemalloc
import zipfile
from collections.abc import Iterator

import pytest

from models.task import Task
from tests.helpers import count_sql
from tests.ledger.setup import gid, make_plan
from tests.ledger.xlsx import book, cell, row, sheet, zeros_member

IMPORT = """
mutation($input: ImportTasksInput!) {
  importTasks(input: $input) { importedCount tasks { code title dueOn } userErrors { field message code } }
}
"""
COLUMNS = ["序号", "任务/举措", "牵头单位", "责任单位", "完成时限", "分类"]
HEADER = ",".join(COLUMNS) + "\n"
GOOD = "1,任务,市审批局,,2024年12月底,政务环境\n"
# Far above what these imports need (under 8 MiB), far below what the bombs would take: the dimension
# bomb declares 16,384 × 1,048,576 cells, the zip bomb inflates to 256 MiB.
MEMORY_BOUND = 32 * 1024 * 1024


def _input(plan, content: bytes, fmt: str = "CSV") -> dict:  # type: ignore[no-untyped-def]
    return {
        "input": {"planId": gid(plan), "format": fmt, "contentBase64": base64.b64encode(content).decode()}
    }


@contextlib.contextmanager
def peak_memory() -> Iterator[list[int]]:
    """The peak of Python's allocations (every thread) while the block runs, appended on exit."""
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def _ledger_rows(count: int, start: int = 2) -> list[str]:
    values = ["{n}", "任务{n}", "市审批局", "", "2024-12-31", "政务环境"]
    return [
        row(line, [cell(f"{chr(65 + i)}{line}", v.format(n=line - 1)) for i, v in enumerate(values) if v])
        for line in range(start, start + count)
    ]


def _header(shared: list[str] | None = None) -> str:
    return row(1, [cell(f"{chr(65 + i)}1", name, shared) for i, name in enumerate(COLUMNS)])


async def test_a_declared_dimension_is_ignored(gql, scope) -> None:  # type: ignore[no-untyped-def]
    """Excel's shared strings and date cells, under a <dimension> of the whole grid: two rows are read."""
    plan = await make_plan(scope)
    shared: list[str] = []
    date_cell = '<c r="E3" s="1"><v>45657</v></c>'  # 2024-12-31 as Excel stores it
    rows = [
        _header(shared),
        row(
            2,
            [
                cell(f"{c}2", v, shared)
                for c, v in zip("ABCEF", ["1", "主任务", "市审批局", "2024年底", "政务环境"], strict=True)
            ],
        ),
        row(
            3,
            [
                *(cell(f"{c}3", v, shared) for c, v in zip("ABC", ["1.1", "子任务", "东营区"], strict=True)),
                date_cell,
            ],
        ),
    ]
    content = book(
        sheet([*rows[:-1], rows[-1][:-6] + cell("F3", "政务环境", shared) + "</row>"], "A1:XFD1048576"),
        shared,
    )
    with peak_memory() as peak:
        payload = await gql.ok(IMPORT, _input(plan, content, "XLSX"))
    assert [(t["code"], t["dueOn"]) for t in payload["tasks"]] == [("1", "2024-12-31"), ("1.1", "2024-12-31")]
    assert peak[0] < MEMORY_BOUND


async def test_the_dimension_bomb_is_refused_at_its_far_cell(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    far = row(1048576, [cell("XFD1048576", "x")])
    content = book(sheet([_header(), *_ledger_rows(2), far], "A1:XFD1048576"))
    with peak_memory() as peak:
        errors = await gql.refused(IMPORT, _input(plan, content, "XLSX"))
    assert [(e["code"], e["field"]) for e in errors] == [("TOO_MANY_COLUMNS", ["input", "rows", "1048576"])]
    assert "64" in errors[0]["message"] and "DUBAN_IMPORT_MAX_COLUMNS" in errors[0]["message"]
    assert peak[0] < MEMORY_BOUND
    assert await Task.all().count() == 0


async def test_the_zip_bomb_is_refused_before_it_is_inflated(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    content = book(zeros_member(256 * 1024 * 1024))
    assert len(content) < 1024 * 1024
    with peak_memory() as peak:
        errors = await gql.refused(IMPORT, _input(plan, content, "XLSX"))
    assert [e["code"] for e in errors] == ["FILE_TOO_LARGE"]
    assert str(32 * 1024 * 1024) in errors[0]["message"]
    assert "DUBAN_IMPORT_MAX_UNZIPPED_BYTES" in errors[0]["message"]
    assert peak[0] < MEMORY_BOUND


def _sizes(content: bytes) -> tuple[int, int]:
    members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    return sum(m.file_size for m in members), sum(m.compress_size for m in members)


async def test_a_compression_ratio_just_over_the_limit(gql, scope, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    content = book(zeros_member(4 * 1024 * 1024))
    size, packed = _sizes(content)
    ratio = math.ceil(size / packed)
    assert 100 < ratio < 2000  # the default limit refuses it
    monkeypatch.setenv("DUBAN_IMPORT_MAX_ZIP_RATIO", str(ratio - 1))
    with peak_memory() as peak:
        errors = await gql.refused(IMPORT, _input(plan, content, "XLSX"))
    assert [e["code"] for e in errors] == ["COMPRESSION_TOO_HIGH"]
    assert f"{ratio - 1}" in errors[0]["message"] and "DUBAN_IMPORT_MAX_ZIP_RATIO" in errors[0]["message"]
    assert peak[0] < MEMORY_BOUND
    monkeypatch.setenv("DUBAN_IMPORT_MAX_ZIP_RATIO", str(ratio))
    # at the limit the file is read: 4 MiB of blanks and no row
    assert [e["code"] for e in await gql.refused(IMPORT, _input(plan, content, "XLSX"))] == ["EMPTY_FILE"]


@pytest.mark.parametrize("fmt", ["CSV", "XLSX"])
async def test_a_file_just_over_the_size_limit(gql, scope, monkeypatch, fmt) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    content = (HEADER + GOOD).encode() if fmt == "CSV" else book(sheet([_header(), *_ledger_rows(1)]))
    size = len(content) if fmt == "CSV" else _sizes(content)[0]
    monkeypatch.setenv("DUBAN_IMPORT_MAX_UNZIPPED_BYTES", str(size - 1))
    errors = await gql.refused(IMPORT, _input(plan, content, fmt))
    assert [e["code"] for e in errors] == ["FILE_TOO_LARGE"] and str(size - 1) in errors[0]["message"]
    monkeypatch.setenv("DUBAN_IMPORT_MAX_UNZIPPED_BYTES", str(size))
    assert (await gql.ok(IMPORT, _input(plan, content, fmt)))["importedCount"] == 1


def _csv_rows(count: int) -> bytes:
    return (
        HEADER + "".join(f"{n},任务{n},市审批局,,2024-12-31,政务环境\n" for n in range(1, count + 1))
    ).encode()


@pytest.mark.parametrize("fmt", ["CSV", "XLSX"])
async def test_one_row_over_the_default_row_limit(gql, scope, fmt) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    content = _csv_rows(5001) if fmt == "CSV" else book(sheet([_header(), *_ledger_rows(5001)]))
    with peak_memory() as peak:
        errors = await gql.refused(IMPORT, _input(plan, content, fmt))
    assert [(e["code"], e["field"]) for e in errors] == [("TOO_MANY_ROWS", ["input", "rows", "5002"])]
    assert "5000" in errors[0]["message"] and "DUBAN_IMPORT_MAX_ROWS" in errors[0]["message"]
    assert peak[0] < MEMORY_BOUND
    assert await Task.all().count() == 0


async def test_rows_at_and_over_a_configured_limit(gql, scope, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    monkeypatch.setenv("DUBAN_IMPORT_MAX_ROWS", "3")
    blank_lines = b"\n,,,,,\n"  # empty rows are not rows
    errors = await gql.refused(IMPORT, _input(plan, _csv_rows(4) + blank_lines))
    assert [(e["code"], e["field"][-1]) for e in errors] == [("TOO_MANY_ROWS", "5")]
    assert (await gql.ok(IMPORT, _input(plan, _csv_rows(3) + blank_lines)))["importedCount"] == 3


@pytest.mark.parametrize("fmt", ["CSV", "XLSX"])
async def test_one_column_over_the_column_limit(gql, scope, fmt) -> None:  # type: ignore[no-untyped-def]
    """A 65th non-empty column is refused; empty columns past the 64th (as Excel leaves them) are not."""
    plan = await make_plan(scope)
    if fmt == "CSV":
        wide, trailing = HEADER + GOOD.strip() + "," * 59 + "x\n", HEADER + GOOD.strip() + "," * 300 + "\n"
        over, ok = wide.encode(), trailing.encode()
    else:
        data = _ledger_rows(1)[0].removesuffix("</row>")
        over = book(sheet([_header(), data + cell("BM2", "x") + "</row>"]))
        ok = book(sheet([_header(), data + cell("BL2", "x") + '<c r="XFD2" s="0"/></row>']))
    errors = await gql.refused(IMPORT, _input(plan, over, fmt))
    assert [(e["code"], e["field"]) for e in errors] == [("TOO_MANY_COLUMNS", ["input", "rows", "2"])]
    assert "64" in errors[0]["message"]
    assert (await gql.ok(IMPORT, _input(plan, ok, fmt)))["importedCount"] == 1


def _with_dtd(content: bytes) -> bytes:
    """The book with a billion-laughs DTD before its worksheet's root element."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    laughs = '<!DOCTYPE w [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith("sheet1.xml"):
                data = data.replace(b"?><worksheet", f"?>{laughs}<worksheet".encode())
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        (HEADER.encode() + b"1,\x00,x,,,\n", "CSV"),
        (HEADER.encode() + b'1,"' + b"x" * 200_000 + b'",,,,\n', "CSV"),
        (book(sheet([_header(), '<row r="2"><c r="A2" t="s"><v>7</v></c></row>'])), "XLSX"),
        (_with_dtd(book(sheet([_header(), *_ledger_rows(1)]))), "XLSX"),
    ],
    ids=["csv-nul", "csv-huge-field", "no-such-shared-string", "entity-expansion"],
)
async def test_malformed_files_are_invalid(gql, scope, content: bytes, fmt: str) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    errors = await gql.refused(IMPORT, _input(plan, content, fmt))
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_FILE", ["input", "contentBase64"])]


async def test_texts_too_long_and_blank_lead_units(gql, scope) -> None:  # type: ignore[no-untyped-def]
    plan = await make_plan(scope)
    csv = HEADER + f"1,{'长' * 501},市审批局,,2024-12-31,政务环境\n2,任务,、,,2024-12-31,政务环境\n"
    errors = await gql.refused(IMPORT, _input(plan, csv.encode()))
    assert {(e["code"], *e["field"][2:]) for e in errors} == {
        ("TOO_LONG", "2", "任务/举措"),
        ("REQUIRED", "3", "牵头单位"),
    }
    assert await Task.all().count() == 0


async def test_the_writes_are_batched(gql, scope) -> None:  # type: ignore[no-untyped-def]
    """Statements do not grow with the rows: 10 and 200 rows (two levels) cost the same few."""
    counts = []
    await gql("{ viewer { name } }")  # the token's first request reads it (later ones: the cache epoch only)
    for n, size in enumerate((10, 200)):
        plan = await make_plan(scope, f"东政办发〔2024〕{n + 10}号")
        children = "".join(f"1.{k},子任务{k},市审批局,东营区,2024-12-31,政务环境\n" for k in range(1, size))
        content = (HEADER + GOOD + children).encode()
        with count_sql() as sql:
            assert (await gql.ok(IMPORT, _input(plan, content)))["importedCount"] == size
        counts.append(len(sql.statements))
    assert counts[0] == counts[1] < 40, counts
    assert await Task.filter(parent__code="1").count() == 10 - 1 + 200 - 1
