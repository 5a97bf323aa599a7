"""Two counties that each have a 县发改局 (Feixian of seed 003, and Yinan), for the ledger unit tests."""

from __future__ import annotations

import base64
from datetime import date

from models.plan import Plan
from models.unit import UnitKind as K
from models.unit import UnitLevel as L
from resolvers.access import Scope
from resolvers.ledger import actions
from resolvers.units.actions import CreateUnit, create_unit
from tests.ledger.setup import gid

__all__ = ["IMPORT", "HEADER", "import_input", "plan_of", "seed_linyi"]

IMPORT = """
mutation($input: ImportTasksInput!) {
  importTasks(input: $input) {
    importedCount
    tasks { code description dueOn leadUnits { code } coUnits { code } }
    userErrors { field message code }
  }
}
"""
HEADER = "序号,任务/举措,牵头单位,责任单位,完成时限,分类\n"
# (code, name, short name, kind, level, parent code)
UNITS = [
    ("LY", "临沂市人民政府", "临沂市", K.GOVERNMENT, L.CITY, None),
    ("LY.FGW", "临沂市发展和改革委员会", "市发改委", K.DEPARTMENT, L.CITY, "LY"),
    ("FX", "费县人民政府", "费县", K.GOVERNMENT, L.COUNTY, "LY"),
    ("FX.YZB", "费县优化营商环境工作专班办公室", "县营转办", K.SUPERVISION_OFFICE, L.COUNTY, "FX"),
    ("FX.SPJ", "费县行政审批服务局", "县行政审批服务局", K.DEPARTMENT, L.COUNTY, "FX"),
    ("FX.FGJ", "费县发展和改革局", "县发改局", K.DEPARTMENT, L.COUNTY, "FX"),
    ("FX.GXJ", "费县工业和信息化局", "县工信局", K.DEPARTMENT, L.COUNTY, "FX"),
    ("FX.RSJ", "费县人力资源和社会保障局", "县人社局", K.DEPARTMENT, L.COUNTY, "FX"),
    ("FX.FC", "费县费城街道办事处", "费城街道", K.TOWNSHIP, L.TOWNSHIP, "FX"),
    ("FX.TY", "费县探沂镇人民政府", "探沂镇", K.TOWNSHIP, L.TOWNSHIP, "FX"),
    ("FX.ZT", "费县朱田镇人民政府", "朱田镇", K.TOWNSHIP, L.TOWNSHIP, "FX"),
    ("YN", "沂南县人民政府", "沂南县", K.GOVERNMENT, L.COUNTY, "LY"),
    ("YN.FGJ", "沂南县发展和改革局", "县发改局", K.DEPARTMENT, L.COUNTY, "YN"),
    ("YN.GXJ", "沂南县工业和信息化局", "县工信局", K.DEPARTMENT, L.COUNTY, "YN"),
    ("YN.JH", "沂南县界湖街道办事处", "界湖街道", K.TOWNSHIP, L.TOWNSHIP, "YN"),
]


async def seed_linyi(scope: Scope) -> None:
    for code, name, short, kind, level, parent in UNITS:
        await create_unit(scope, CreateUnit(code, name, kind, level, short, parent))


async def plan_of(scope: Scope, issuer: str | None, doc_number: str = "费政办字〔2023〕34号") -> Plan:
    """A plan issued by `issuer` (a unit code; None: no issuing unit)."""
    return await actions.create_plan(
        scope,
        actions.CreatePlan(
            title="费县优化营商环境“书记攻坚项目”暨“惠企精准服务、政策直达快享”工作方案",
            doc_number=doc_number,
            issuing_unit_code=issuer,
            issued_on=date(2023, 3, 1),
        ),
    )


def import_input(plan: Plan, content: bytes, fmt: str = "CSV") -> dict[str, object]:
    encoded = base64.b64encode(content).decode()
    return {"input": {"planId": gid(plan), "format": fmt, "contentBase64": encoded}}
