"""Schedule files for `python main.py calendar load`: JSON and CSV, and malformed files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from resolvers.calendar.actions import CalendarEntry
from resolvers.calendar.files import read_schedule
from resolvers.errors import UserError

JSON = """{"year": 2027, "source": "国办发明电〔2026〕7号", "days": [
  {"date": "2027-01-01", "isWorkday": false, "name": "元旦"},
  {"date": "2027-02-06", "is_workday": true}
]}"""
CSV = "date,is_workday,name\n2027-01-01,false,元旦\n2027-02-06,true,\n"


@pytest.mark.parametrize(
    ("name", "text", "source"), [("s.json", JSON, "国办发明电〔2026〕7号"), ("s.csv", CSV, "s.csv")]
)
def test_read_schedule(tmp_path: Path, name: str, text: str, source: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    cmd = read_schedule(path)
    assert (cmd.year, cmd.source) == (2027, source)
    assert cmd.days == [
        CalendarEntry(date(2027, 1, 1), False, "元旦"),
        CalendarEntry(date(2027, 2, 6), True, None),
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("s.json", "{not json"),
        ("s.json", '{"days": [{"date": "2027-13-01", "isWorkday": false}]}'),
        ("s.csv", "date,is_workday,name\n2027-01-01,maybe,元旦\n"),
        ("s.csv", "date,name\n2027-01-01,元旦\n"),
        ("s.txt", "2027-01-01"),
    ],
)
def test_malformed_files_are_refused(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as refused:
        read_schedule(path)
    assert refused.value.code == "INVALID_FILE"
