"""`calendar show` and `calendar load`: administrators load a newly published year from a file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from models.calendar import CalendarDay
from tests.cli.conftest import Cli

SCHEDULE = {
    "source": "国办发明电〔2026〕X号",
    "days": [
        {"date": "2027-01-01", "isWorkday": False, "name": "元旦"},
        {"date": "2027-02-08", "isWorkday": False, "name": "春节"},
        {"date": "2027-02-20", "isWorkday": True},
    ],
}
# A make-up working day on a Tuesday: refused, and the loaded year stays as it was.
BAD_CSV = "date,is_workday,name\n2027-01-01,false,元旦\n2027-01-05,true,调休\n"


async def test_calendar_show_and_load(cli: Cli, app: object, spare_year: int, tmp_path: Path) -> None:
    before = cli("calendar", "show", str(spare_year))
    assert (before.returncode, before.stdout) == (
        0,
        f"{spare_year}: NOT LOADED (weekends only, provisional)\n",
    )

    schedule = tmp_path / "2027.json"
    schedule.write_text(json.dumps(SCHEDULE, ensure_ascii=False), encoding="utf-8")
    loaded = cli("calendar", "load", str(schedule))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout == "loaded 2027: 3 exceptions from 国办发明电〔2026〕X号\n"

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    refused = cli("calendar", "load", str(bad))
    assert refused.returncode == 2
    assert refused.stderr.startswith("error [MAKEUP_NOT_ON_WEEKEND]: "), refused.stderr
    assert await CalendarDay.filter(date__gte=date(spare_year, 1, 1)).count() == 3

    shown = cli("calendar", "show", str(spare_year))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "2027: loaded",
        "2027-01-01 Fri 放假 元旦",
        "2027-02-08 Mon 放假 春节",
        "2027-02-20 Sat 上班 调休上班",
    ]


# 元旦 as a notice writes it: "1月1日至3日放假，共3天" (01-02 and 01-03 are a weekend).
NOTICE_CSV = "date,is_workday,name\n2027-01-01,false,元旦\n2027-01-02,false,元旦\n2027-01-03,false,元旦\n"


async def test_calendar_load_counts_weekend_holidays_it_does_not_store(
    cli: Cli, app: object, spare_year: int, tmp_path: Path
) -> None:
    notice = tmp_path / "notice.csv"
    notice.write_text(NOTICE_CSV, encoding="utf-8")
    loaded = cli("calendar", "load", str(notice))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("loaded 2027: 1 exceptions from ")
    assert loaded.stdout.endswith(" (2 weekend holidays not stored)\n")
    assert await CalendarDay.filter(date__gte=date(spare_year, 1, 1)).count() == 1
