"""Reading an uploaded ledger file (台账) within limits: the zip directory first, then XLSX cells or CSV
records streamed one row at a time, whatever size the file declares. Synchronous: run it in a thread."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers.expat import ExpatError

from models.settings import Settings, load_settings
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.ledger.xlsx_stream import Book, first_sheet_cells, fixed_decimals, shared_strings

__all__ = [
    "FORMULA_START",
    "ImportLimits",
    "check_zip",
    "escape_formula",
    "file_rows",
    "row_over_limit",
    "unescape_formula",
]

FILE_FIELD = ["input", "contentBase64"]
# A text a spreadsheet may take for a formula (OWASP, CSV injection): its first character is one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ImportLimits:
    """What one import may hold; each named in its refusal (DUBAN_IMPORT_MAX_*)."""

    max_rows: int = Settings.import_max_rows
    max_columns: int = Settings.import_max_columns
    max_unzipped_bytes: int = Settings.import_max_unzipped_bytes
    max_zip_ratio: int = Settings.import_max_zip_ratio

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> ImportLimits:
        settings = settings or load_settings()
        return cls(
            settings.import_max_rows,
            settings.import_max_columns,
            settings.import_max_unzipped_bytes,
            settings.import_max_zip_ratio,
        )


def invalid(message: str) -> UserError:
    return UserError(ErrorCode.INVALID_FILE, message, FILE_FIELD)


def _too_large(size: int, limits: ImportLimits) -> UserError:
    limit = limits.max_unzipped_bytes
    return UserError(
        ErrorCode.FILE_TOO_LARGE,
        f"文件内容 {size} 字节，超过上限 {limit} 字节 "
        f"(content of {size} bytes is over the limit of {limit}, DUBAN_IMPORT_MAX_UNZIPPED_BYTES)",
        FILE_FIELD,
    )


def check_zip(content: bytes, limits: ImportLimits) -> None:
    """Refuse from the zip's central directory alone, before any member is inflated: a total size
    over the limit, or a ratio no spreadsheet has (a zip bomb). Python's zipfile stops inflating a
    member at its declared size (and fails its CRC), so the directory's sizes bound the real ones."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise invalid(f"无法读取 XLSX 文件 (unreadable XLSX): {exc}") from exc
    size = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    if size > limits.max_unzipped_bytes:
        raise _too_large(size, limits)
    if size > limits.max_zip_ratio * packed:
        raise UserError(
            ErrorCode.COMPRESSION_TOO_HIGH,
            f"压缩比 {size // packed}:1 超过上限 {limits.max_zip_ratio}:1 "
            f"(compression ratio over the limit of {limits.max_zip_ratio}, DUBAN_IMPORT_MAX_ZIP_RATIO)",
            FILE_FIELD,
        )


def _first_sheet(content: bytes) -> tuple[IO[bytes], Book]:
    """The first worksheet's XML stream, and the shared strings and date styles its cells refer to."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    strings: list[str] = []
    if (part := reader.package.find(SHARED_STRINGS)) is not None:
        with reader.archive.open(part.PartName[1:]) as source:
            strings = shared_strings(source)
    wb = reader.wb
    book = Book(strings, set(wb._date_formats), set(wb._timedelta_formats), wb.epoch, _decimals(wb))
    for _sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            return reader.archive.open(rel.target), book
    raise invalid("工作簿没有工作表 (the workbook has no worksheet)")


def _decimals(wb: Any) -> dict[int, int]:
    """Style index → decimals, for the styles whose number format shows a fixed count of them."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code

    out = {}
    for idx, style in enumerate(wb._cell_styles):
        n = style.numFmtId
        custom = n >= BUILTIN_FORMATS_MAX_SIZE
        code = wb._number_formats[n - BUILTIN_FORMATS_MAX_SIZE] if custom else builtin_format_code(n)
        if (decimals := fixed_decimals(code or "")) is not None:
            out[idx] = decimals
    return out


def _xlsx_rows(content: bytes, limits: ImportLimits) -> Iterator[tuple[int, list[object]]]:
    check_zip(content, limits)
    try:
        source, book = _first_sheet(content)
        row: list[object] = []
        line = 0
        with source:
            for r, column, value in first_sheet_cells(source, book):
                if r != line:
                    if row:
                        yield line, row
                    line, row = r, []
                if column > limits.max_columns:
                    raise row_over_limit(r, "COLUMNS", limits.max_columns)
                row.extend([None] * (column - len(row)))
                row[column - 1] = value
        if row:
            yield line, row
    except UserError:
        raise
    except (KeyError, IndexError, ValueError, TypeError, ExpatError, zipfile.BadZipFile, OSError) as exc:
        raise invalid(f"无法读取 XLSX 文件 (unreadable XLSX): {exc}") from exc


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise invalid("文件编码无法识别 (not UTF-8 or GBK text)")


def escape_formula(text: str) -> str:
    """A CSV field no spreadsheet evaluates: ' before a formula-like text, and before a text that
    already starts with ' (so `unescape_formula` gives every text back exactly)."""
    return f"'{text}" if text.startswith(FORMULA_START) or text.startswith("'") else text


def unescape_formula(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith((*FORMULA_START, "'")) else text


def _csv_rows(content: bytes, limits: ImportLimits) -> Iterator[tuple[int, list[object]]]:
    if len(content) > limits.max_unzipped_bytes:
        raise _too_large(len(content), limits)
    try:
        for line, record in enumerate(csv.reader(io.StringIO(_decode(content))), start=1):
            yield line, [unescape_formula(field) for field in record]
    except csv.Error as exc:
        raise invalid(f"无法读取 CSV 文件 (unreadable CSV): {exc}") from exc


_OVER_LIMIT = {
    "ROWS": (ErrorCode.TOO_MANY_ROWS, "行数据", "data rows"),
    "COLUMNS": (ErrorCode.TOO_MANY_COLUMNS, "列", "columns"),
}


def row_over_limit(line: int, what: str, limit: int) -> UserError:
    """TOO_MANY_ROWS or TOO_MANY_COLUMNS (`what`) at the row that passes the limit, naming it."""
    code, zh, en = _OVER_LIMIT[what]
    return UserError(
        code,
        f"第{line}行超过 {limit} {zh}的上限 (more than {limit} {en}, DUBAN_IMPORT_MAX_{what})",
        ["input", "rows", str(line)],
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def file_rows(fmt: str, content: bytes, limits: ImportLimits) -> Iterator[tuple[int, list[object]]]:
    """(row number, cells up to the last non-empty one) of each non-empty row; TOO_MANY_COLUMNS as
    soon as a row reaches past the limit, the size limits before anything is parsed."""
    rows = _csv_rows(content, limits) if fmt == "CSV" else _xlsx_rows(content, limits)
    for line, cells in rows:
        while cells and _blank(cells[-1]):
            cells.pop()
        if not cells:
            continue
        if len(cells) > limits.max_columns:
            raise row_over_limit(line, "COLUMNS", limits.max_columns)
        if any(isinstance(c, str) and "\x00" in c for c in cells):
            # PostgreSQL cannot store it in a text column: refuse the file, not fail mid-write
            raise invalid(f"第{line}行含有空字符 (a NUL character in row {line})")
        yield line, cells
