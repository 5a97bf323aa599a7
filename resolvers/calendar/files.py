"""Reading a published year's schedule from a JSON or CSV file (for `python main.py calendar load`).

JSON: {"year": 2027, "source": "国办发明电〔2026〕…号", "days": [{"date": "2027-01-01", "isWorkday": false,
"name": "元旦"}, …]} (`is_workday` is accepted too; `year` and `source` are optional).
CSV: a header `date,is_workday,name`, one exception per row; is_workday is true/false (or 1/0).
Without a `year`, the year is that of the dates.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

from resolvers.calendar.actions import CalendarEntry, LoadCalendar
from resolvers.error_codes import ErrorCode
from resolvers.errors import UserError

__all__ = ["read_schedule"]

TRUE = {"true", "1", "yes", "y", "是", "上班"}
FALSE = {"false", "0", "no", "n", "否", "放假"}


def _flag(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE | FALSE:
        return text in TRUE
    raise UserError(
        ErrorCode.INVALID_FILE, f"{where}: is_workday 应为 true/false (expected true or false): {value!r}"
    )


def _entry(row: dict[str, Any], where: str) -> CalendarEntry:
    try:
        day = date.fromisoformat(str(row["date"]).strip())
    except (KeyError, ValueError) as exc:
        raise UserError(
            ErrorCode.INVALID_FILE, f"{where}: 日期无效 (invalid or missing date): {exc}"
        ) from exc
    flag = row.get("isWorkday", row.get("is_workday"))
    if flag is None:
        raise UserError(ErrorCode.INVALID_FILE, f"{where}: 缺少 is_workday (missing is_workday)")
    name = row.get("name")
    return CalendarEntry(day, _flag(flag, where), str(name).strip() if name else None)


def _rows(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(ErrorCode.INVALID_FILE, f"JSON 格式错误 (invalid JSON): {exc}") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("days"), list):
            raise UserError(
                ErrorCode.INVALID_FILE, 'JSON 须为 {"year", "days": [...]} (expected an object with days)'
            )
        return doc, doc["days"]
    if path.suffix.lower() == ".csv":
        return {}, list(csv.DictReader(text.splitlines()))
    raise UserError(ErrorCode.INVALID_FILE, f"仅支持 .json 或 .csv (only .json or .csv files): {path.name}")


def read_schedule(path: Path) -> LoadCalendar:
    """The `LoadCalendar` command a schedule file describes; malformed files raise INVALID_FILE."""
    meta, rows = _rows(path)
    entries = [_entry(row, f"{path.name} #{i + 1}") for i, row in enumerate(rows)]
    year = meta.get("year") or (entries[0].date.year if entries else 0)
    source = str(meta.get("source") or path.name)
    return LoadCalendar(year=int(year), days=entries, source=source)
