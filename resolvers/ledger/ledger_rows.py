"""Reading a ledger file (台账, CSV or XLSX) into checked rows: columns, unit names, date forms, categories."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from models.task import TaskCategory, TaskOrigin
from models.unit import Unit
from resolvers.errors import UserError
from resolvers.ledger.ledger_files import ImportLimits, file_rows, row_over_limit

__all__ = [
    "CATEGORY_NAMES",
    "COLUMNS",
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
_SPLIT = re.compile(r"[、，,;；\n]+")
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
    errors: list[UserError] = field(default_factory=list)


def split_names(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text or "") if p.strip()]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(value: object) -> date | None:
    """2024年12月底, 2024年12月, 2024年底, 2024-12-31, 2024年12月31日; 长期坚持/持续推进 = None. ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text or text in _NO_DATE:
        return None
    if m := _YMD.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _YM.match(text):
        return _month_end(int(m[1]), int(m[2]))
    if m := _Y.match(text):
        return date(int(m[1]), 12, 31)
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
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's 1.0 in 序号 means "1"
    if isinstance(value, int | float):
        return str(value)
    return value.strip() if isinstance(value, str) else ("" if value is None else value)


def read_table(fmt: str, content: bytes, limits: ImportLimits) -> list[tuple[int, dict[str, object]]]:
    """(row number, {column: cell}) for each non-empty data row; the first non-empty row is the header.
    MISSING_COLUMN when a required column is absent; TOO_MANY_ROWS as soon as the limit is passed."""
    rows = file_rows(fmt, content, limits)
    first = next(rows, None)
    if first is None:
        raise UserError("EMPTY_FILE", "文件为空 (the file has no rows)", ["input", "contentBase64"])
    header = [_ALIASES.get(str(h or "").strip(), str(h or "").strip()) for h in first[1]]
    for name in COLUMNS:
        if name not in header:
            raise UserError("MISSING_COLUMN", f"缺少列 (missing column): {name}", ["input", "columns", name])
    out: list[tuple[int, dict[str, object]]] = []
    for line, raw in rows:
        cells = {h: _cell(v) for h, v in zip(header, raw, strict=False) if h}
        if any(v not in ("", None) for v in cells.values()):
            if len(out) == limits.max_rows:
                raise row_over_limit(line, "ROWS", limits.max_rows)
            out.append((line, cells))
    return out


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
