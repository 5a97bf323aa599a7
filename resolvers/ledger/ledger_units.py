"""Naming units in a ledger (台账): a short name resolved within the plan's area first, collective names
(各乡镇, 各县区) expanded to that area's units, "…等部门" understood, vague names (有关部门) refused."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.plan import Plan
from models.unit import Unit, UnitKind, UnitLevel
from resolvers.access import Actor
from resolvers.error_codes import ErrorCode
from resolvers.ledger.ledger_rows import split_names

__all__ = ["UnitIndex", "UnitText", "plan_area", "unit_index"]

# Units that stand for an area (地区): a plan issued by a department belongs to its government's area.
AREA_KINDS = {UnitKind.GOVERNMENT, UnitKind.TOWNSHIP, UnitKind.PARK}
# "县发改局、县工信局等部门": the named units, and more not named.
_ETC = re.compile(r"等(?:有关|相关)?(?:部门|单位|各单位|部门单位)?$")
# Collective names, brackets removed: every township (乡、镇、街道) or every county-level government.
_TOWNSHIPS = {"各乡镇", "各乡镇街道", "各镇街", "各街镇", "各镇街道", "各镇", "各街道", "各乡镇办事处"}
_COUNTIES = {"各县区", "各区县", "各县市区", "各县区市", "各县市", "各区"}
_VAGUE = {"各有关部门", "有关部门", "各相关部门", "相关部门", "各部门", "各单位", "有关单位", "相关单位"}


def _bare(name: str) -> str:
    return re.sub(r"[（()）、]", "", name)


@dataclass
class UnitText:
    """A cell's units, and whether the cell said more than the units name (kept as text on the task)."""

    units: list[Unit] = field(default_factory=list)
    errors: list[tuple[ErrorCode, str]] = field(default_factory=list)  # (code, message)
    paraphrased: bool = False


@dataclass
class UnitIndex:
    """Active units by full and short name, and the plan's area (None: the whole tree)."""

    by_name: dict[str, list[Unit]]
    by_short: dict[str, list[Unit]]
    area: Unit | None
    in_area: list[Unit]

    def cell(self, text: str) -> UnitText:
        out = UnitText()
        for name in split_names(text):
            self._name(name, out)
        return out

    def _name(self, name: str, out: UnitText) -> None:
        bare = _bare(name)
        if bare in _TOWNSHIPS or bare in _COUNTIES:
            out.paraphrased = True
            self._collective(name, bare in _TOWNSHIPS, out)
        elif bare in _VAGUE:
            out.errors.append(
                (ErrorCode.VAGUE_UNIT, f"「{name}」不是单位名称 (not a unit name): 请逐一写出单位名称")
            )
        elif (etc := _ETC.search(name)) and etc.group():
            out.paraphrased = True
            if name[: etc.start()].strip():
                self._name(name[: etc.start()].strip(), out)
        else:
            self._one(name, out)

    def _one(self, name: str, out: UnitText) -> None:
        found = self.by_name.get(name) or self.by_short.get(name) or []
        inside = [u for u in found if self.area and u.path.startswith(self.area.path)]
        if len(found) == 1 or len(inside) == 1:
            out.units.append(found[0] if len(found) == 1 else inside[0])
        elif not found:
            out.errors.append((ErrorCode.UNKNOWN_UNIT, f"单位不存在 (unknown unit): {name}"))
        else:
            listed = "、".join(f"{u.name}（{u.code}）" for u in inside or found)
            out.errors.append(
                (
                    ErrorCode.AMBIGUOUS_UNIT,
                    f"「{name}」对应多个单位 (ambiguous unit name): {listed}，请写全称",
                )
            )

    def _collective(self, name: str, townships: bool, out: UnitText) -> None:
        if self.area is None:
            out.errors.append(
                (
                    ErrorCode.VAGUE_UNIT,
                    f"方案没有所属地区，无法确定「{name}」 (the plan has no area): 请逐一写出单位名称",
                )
            )
            return
        found = [u for u in self.in_area if _member(u, townships) and u.id != self.area.id]
        if not found:
            out.errors.append(
                (
                    ErrorCode.VAGUE_UNIT,
                    f"{self.area.name}下没有「{name}」所指的单位 (none in the area): 请逐一写出单位名称",
                )
            )
        out.units += found


def _member(unit: Unit, townships: bool) -> bool:
    if townships:
        return unit.kind is UnitKind.TOWNSHIP
    return unit.kind is UnitKind.GOVERNMENT and unit.level is UnitLevel.COUNTY


async def plan_area(plan: Plan, actor: Actor) -> Unit | None:
    """The area a plan's ledger names units in: the issuing unit's, else the importing actor's unit's;
    an area is the nearest government, township or park at or above that unit."""
    unit_id = plan.issuing_unit_id or actor.unit_id  # type: ignore[attr-defined]
    unit = await Unit.get_or_none(id=unit_id) if unit_id else None
    if unit is None:
        return None
    ids = [int(x) for x in unit.path.strip("/").split("/") if x]
    chain = {u.id: u for u in await Unit.filter(id__in=ids)}
    areas = [chain[i] for i in ids if i in chain and chain[i].kind in AREA_KINDS]
    return areas[-1] if areas else unit


async def unit_index(area: Unit | None) -> UnitIndex:
    by_name: dict[str, list[Unit]] = {}
    by_short: dict[str, list[Unit]] = {}
    for unit in await Unit.filter(active=True).order_by("code"):
        by_name.setdefault(unit.name, []).append(unit)
        if unit.short_name and unit.short_name != unit.name:
            by_short.setdefault(unit.short_name, []).append(unit)
    in_area = await Unit.filter(active=True, path__startswith=area.path).order_by("code") if area else []
    return UnitIndex(by_name, by_short, area, list(in_area))
