"""Clue sources the seeds name (12345, enterprise ratings, monitoring points, reports) and the four kinds of
misconduct (不作为、慢作为、假作为、乱作为): recorded at transfer, filtered on, confidential."""

from __future__ import annotations

from typing import Any

TRANSFER = """
mutation($input: TransferClueInput!) {
  transferClue(input: $input) { clue { id serial source conduct } userErrors { code field } }
}
"""
CLUES = """
query($f: ClueFilter) { disciplineClues(filter: $f) { totalCount nodes { serial source conduct } } }
"""


async def _transfer(gql: Any, source: str, conduct: str | None = None) -> dict:
    body: dict[str, Any] = {
        "source": source,
        "summary": "惠企政策兑现拖延，企业多次反映未果",
        "receivedOn": "2026-11-24",
        "unitCodes": ["DY.DYQ"],
    }
    if conduct is not None:
        body["conduct"] = conduct
    return (await gql.ok(TRANSFER, {"input": body}, as_="INSPECTOR"))["clue"]


async def _serials(gql: Any, **f: Any) -> list[str]:
    return sorted(
        n["serial"] for n in (await gql(CLUES, {"f": f}, as_="INSPECTOR"))["disciplineClues"]["nodes"]
    )


async def test_sources_and_conduct_are_recorded_and_filtered(gql) -> None:  # type: ignore[no-untyped-def]
    rating = await _transfer(gql, "ENTERPRISE_RATING", "SLOW_ACTION")
    point = await _transfer(gql, "MONITORING_POINT", "INACTION")
    hotline = await _transfer(gql, "HOTLINE_12345", "ARBITRARY_ACTION")
    report = await _transfer(gql, "ENTERPRISE_REPORT", "SHAM_ACTION")
    plain = await _transfer(gql, "LETTER")
    assert (rating["source"], rating["conduct"]) == ("ENTERPRISE_RATING", "SLOW_ACTION")
    assert plain["conduct"] is None
    assert await _serials(gql, conduct=["INACTION", "SLOW_ACTION"]) == sorted(
        [rating["serial"], point["serial"]]
    )
    assert await _serials(gql, source=["HOTLINE_12345", "ENTERPRISE_REPORT"]) == sorted(
        [hotline["serial"], report["serial"]]
    )
    assert await _serials(gql, source=["MONITORING_POINT"], conduct=["SLOW_ACTION"]) == []
    assert len(await _serials(gql)) == 5


async def test_others_cannot_transfer_or_read(gql) -> None:  # type: ignore[no-untyped-def]
    await _transfer(gql, "MONITORING_POINT", "INACTION")
    for role in ("SUPERVISOR", "UNIT_OPERATOR", "HOTLINE", "VIEWER"):
        error = await gql.error(CLUES, {"f": {"conduct": ["INACTION"]}}, as_=role)
        assert error["extensions"]["code"] == "FORBIDDEN"
        body = {"input": {"source": "MONITORING_POINT", "summary": "x", "receivedOn": "2026-11-24"}}
        assert (await gql.error(TRANSFER, body, as_=role))["extensions"]["code"] == "FORBIDDEN"
