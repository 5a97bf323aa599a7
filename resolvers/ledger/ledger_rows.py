"""Reading a ledger file (台账, CSV or XLSX) into rows: the header (after title rows), date forms, categories."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from models.task import TaskCategory, TaskOrigin
from models.unit import Unit
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError
from resolvers.ledger.ledger_files import ImportLimits, file_rows, row_over_limit
from resolvers.ledger.xlsx_stream import FixedNumber

__all__ = [
    "CATEGORY_NAMES",
    "COLUMNS",
    "CellRefused",
    "LedgerRow",
    "ORIGIN_NAMES",
    "format_target",
    "parse_date",
    "parse_target",
    "read_table",
    "split_names",
]

CODE, TITLE, LEAD, CO, DUE, CATEGORY = "序号", "任务/举措", "牵头单位", "责任单位", "完成时限", "分类"
LEADER, TARGET, ORIGIN = "分管领导", "目标值", "来源"
COLUMNS = [CODE, TITLE, LEAD, CO, DUE, CATEGORY]
OPTIONAL = [LEADER, TARGET, ORIGIN]
_ALIASES = {"任务": TITLE, "举措": TITLE, "任务举措": TITLE, "工作任务": TITLE, "配合单位": CO}

CATEGORY_NAMES = {
    TaskCategory.GOVERNMENT_SERVICE: "政务环境",
    TaskCategory.MARKET: "市场环境",
    TaskCategory.FACTORS: "要素环境",
    TaskCategory.OPENNESS: "开放环境",
    TaskCategory.SOCIAL: "社会环境",
    TaskCategory.RULE_OF_LAW: "法治环境",
    TaskCategory.OTHER: "其他",
}
ORIGIN_NAMES = {
    TaskOrigin.PROVINCIAL_REQUIREMENT: "落实省要求",
    TaskOrigin.LOCAL_INNOVATION: "自主创新",
    TaskOrigin.INSPECTION_FINDING: "督查发现问题",
    TaskOrigin.PROPOSAL_REPLY: "建议提案答复",
    TaskOrigin.LEADER_INSTRUCTION: "领导批示",
    TaskOrigin.OTHER: "其他",
}
_BY_NAME = {v: k for k, v in CATEGORY_NAMES.items()} | {k.value: k for k in TaskCategory}
_ORIGIN_BY_NAME = {v: k for k, v in ORIGIN_NAMES.items()} | {k.value: k for k in TaskOrigin}
_NO_DATE = {"长期坚持", "持续推进", "长期", "常态化推进", "持续开展"}
_SEPARATORS, _OPEN, _CLOSE = "、，,;；\n", "（(", "）)"
# "2024年6月底前完成": the deadline is the date; the words after it say nothing more.
_BEFORE = re.compile(r"(?:之前|以前|前)?(?:完成|办结|完成任务)?$")
_HALF = re.compile(r"^(\d{4})\s*年\s*(上|下)半年\s*(?:底|末)?$")
_QUARTER = re.compile(r"^(\d{4})\s*年\s*第?\s*([一二三四1-4])\s*季度\s*(?:底|末)?$")
_RECURRING = re.compile(r"^(?:每|按)\s*(?:月|季|季度|半年|年|周|旬|双月)|^定期")
_DATE_HINT = "请写 2024年6月底、2024年底、2024-12-31 或 长期坚持"
# Title rows (附件、方案名称) above the header: a row of one cell, at most this many.
_MAX_TITLE_ROWS = 3
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*(底|末)?$")
_Y = re.compile(r"^(\d{4})\s*年\s*(底|末)?$")
_TARGET = re.compile(r"^(.*?)(-?\d+(?:\.\d+)?)\s*([^\d]*)$")


@dataclass
class LedgerRow:
    """One checked row; `line` is its row number in the file (the header is row 1)."""

    line: int
    code: str
    title: str
    lead: list[Unit]
    co: list[Unit]
    due_on: date | None
    category: TaskCategory
    origin: TaskOrigin = TaskOrigin.OTHER
    leader: str | None = None
    target: tuple[str | None, float, str | None] | None = None
    # The unit cells as written when they said more than the units linked (各乡镇, …等部门).
    note: str | None = None
    # 序号 was a number cell: 1.10 and 1.1 are then the same number.
    code_is_number: bool = False
    errors: list[UserError] = field(default_factory=list)


class CellRefused(ValueError):
    """A cell in a form the ledger does not take, with its own code and what to write instead."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def split_names(text: str) -> list[str]:
    """Names separated by 、，,;； or new lines; a separator inside brackets belongs to the name:
    各县（市、区） is one name."""
    names: list[str] = []
    part: list[str] = []
    depth = 0
    for char in text or "":
        depth += (char in _OPEN) - (char in _CLOSE)
        if char in _SEPARATORS and depth <= 0:
            names.append("".join(part).strip())
            part, depth = [], 0
        else:
            part.append(char)
    names.append("".join(part).strip())
    return [n for n in names if n]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(value: object) -> date | None:
    """2024年12月底, 2024年12月, 2024年底, 2024-12-31, 2024年12月31日, 2024年上半年, 2024年第三季度, each
    also with 前/之前/完成 after it ("2024年6月底前完成"); 长期坚持/持续推进 = None. CellRefused (a
    ValueError) otherwise, RECURRING_DEADLINE for 每季度 and the like."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text or text in _NO_DATE:
        return None
    if _RECURRING.match(text):
        raise CellRefused(
            ErrorCode.RECURRING_DEADLINE,
            f"周期性时限不能作为完成时限 (a recurring deadline is not supported): {text}；"
            "请写最终完成时限或 长期坚持，每期的节点另建里程碑 (add a milestone per period)",
        )
    text = _BEFORE.sub("", text).replace("年年", "年").strip()
    try:
        return _calendar_date(text)
    except ValueError as exc:  # also a month 13 or a day 32
        raise CellRefused(
            ErrorCode.INVALID_DATE, f"无法识别 (not understood): {value}；{_DATE_HINT}"
        ) from exc


def _calendar_date(text: str) -> date:
    if m := _YMD.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _YM.match(text):
        return _month_end(int(m[1]), int(m[2]))
    if m := _Y.match(text):
        return date(int(m[1]), 12, 31)
    if m := _HALF.match(text):
        return _month_end(int(m[1]), 6 if m[2] == "上" else 12)
    if m := _QUARTER.match(text):
        return _month_end(int(m[1]), 3 * (" 一二三四".find(m[2]) if m[2] in "一二三四" else int(m[2])))
    raise ValueError(text)


def parse_target(text: str) -> tuple[str | None, float, str | None]:
    """ "实际网办率80%" → ("实际网办率", 80.0, "%"); ValueError when there is no number."""
    m = _TARGET.match(text.strip())
    if m is None:
        raise ValueError(text)
    return (m[1].strip() or None, float(m[2]), m[3].strip() or None)


def format_target(indicator: str | None, value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    number = f"{value:g}"
    return f"{indicator or ''}{number}{unit or ''}"


def _cell(value: object) -> object:
    if isinstance(value, FixedNumber):
        return value.text  # as the spreadsheet shows it: 1.10 with the format 0.00
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's 1.0 in 序号 means "1"
    if isinstance(value, float):
        return value  # kept a number: a 序号 1.1 may have been typed 1.10 (see `code_is_number`)
    if isinstance(value, int):
        return str(value)
    return value.strip() if isinstance(value, str) else ("" if value is None else value)


def read_table(fmt: str, content: bytes, limits: ImportLimits) -> list[tuple[int, dict[str, object]]]:
    """(row number, {column: cell}) for each non-empty data row; the first non-empty row is the header.
    MISSING_COLUMN when a required column is absent; TOO_MANY_ROWS as soon as the limit is passed."""
    rows = file_rows(fmt, content, limits)
    header = _header(rows)
    out: list[tuple[int, dict[str, object]]] = []
    for line, raw in rows:
        cells = {h: _cell(v) for h, v in zip(header, raw, strict=False) if h}
        if any(v not in ("", None) for v in cells.values()):
            if len(out) == limits.max_rows:
                raise row_over_limit(line, "ROWS", limits.max_rows)
            out.append((line, cells))
    return out


def _header(rows: Iterator[tuple[int, list[object]]]) -> list[str]:
    """The header row's column names: the first non-empty row, after up to three title rows (one cell
    each, such as "附件1" or the plan's 文号 and title an export writes above its table)."""
    for skipped in range(_MAX_TITLE_ROWS + 1):
        first = next(rows, None)
        if first is None:
            raise UserError(
                ErrorCode.EMPTY_FILE, "文件为空 (the file has no rows)", ["input", "contentBase64"]
            )
        header = [_ALIASES.get(str(h or "").strip(), str(h or "").strip()) for h in first[1]]
        missing = [name for name in COLUMNS if name not in header]
        if missing and sum(1 for h in header if h) == 1 and skipped < _MAX_TITLE_ROWS:
            continue
        if missing:
            name = missing[0]
            raise UserError(
                ErrorCode.MISSING_COLUMN, f"缺少列 (missing column): {name}", ["input", "columns", name]
            )
        break
    return header


def parse_category(text: str) -> TaskCategory:
    key = text.strip()
    if key not in _BY_NAME:
        raise ValueError(key)
    return _BY_NAME[key]


def parse_origin(text: str) -> TaskOrigin:
    key = text.strip()
    if not key:
        return TaskOrigin.OTHER
    if key not in _ORIGIN_BY_NAME:
        raise ValueError(key)
    return _ORIGIN_BY_NAME[key]
