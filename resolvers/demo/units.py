"""Demo units: a Dongying-like city with its departments, districts and counties, towns and parks."""

from __future__ import annotations

from models.unit import UnitKind as K
from models.unit import UnitLevel as L
from resolvers.access import Scope
from resolvers.units.actions import CreateUnit, create_unit

__all__ = ["UNITS", "seed"]

# (code, name, short name, kind, level, parent code, liaison, phone)
UNITS: list[tuple[str, str, str | None, K, L, str | None, str | None, str | None]] = [
    ("DY", "东营市人民政府", "市政府", K.GOVERNMENT, L.CITY, None, "王晓东", "0546-8381001"),
    (
        "DY.DCS",
        "东营市委督查室（市营商环境专班）",
        "市督查室",
        K.SUPERVISION_OFFICE,
        L.CITY,
        "DY",
        "张作霞",
        "0546-8381010",
    ),
    (
        "DY.JW",
        "东营市纪委监委",
        "市纪委监委",
        K.DISCIPLINE_COMMISSION,
        L.CITY,
        "DY",
        "刘纪明",
        "0546-8381020",
    ),
    (
        "DY.RX",
        "东营市政务服务热线受理中心",
        "市热线中心",
        K.HOTLINE_CENTER,
        L.CITY,
        "DY",
        "李峰",
        "0546-12345",
    ),
    ("DY.SPJ", "东营市行政审批服务局", "市审批局", K.DEPARTMENT, L.CITY, "DY", "牟恒民", "0546-8381101"),
    (
        "DY.FGW",
        "东营市发展和改革委员会",
        "市发展改革委",
        K.DEPARTMENT,
        L.CITY,
        "DY",
        "孙立新",
        "0546-8381102",
    ),
    ("DY.SJJ", "东营市市场监督管理局", "市市场监管局", K.DEPARTMENT, L.CITY, "DY", "赵敏", "0546-8381103"),
    (
        "DY.ZRJ",
        "东营市自然资源和规划局",
        "市自然资源规划局",
        K.DEPARTMENT,
        L.CITY,
        "DY",
        "钱海涛",
        "0546-8381104",
    ),
    (
        "DY.ZJJ",
        "东营市住房和城乡建设局",
        "市住房城乡建设局",
        K.DEPARTMENT,
        L.CITY,
        "DY",
        "周建国",
        "0546-8381105",
    ),
    (
        "DY.RSJ",
        "东营市人力资源和社会保障局",
        "市人社局",
        K.DEPARTMENT,
        L.CITY,
        "DY",
        "朱凤鸾",
        "0546-8381106",
    ),
    ("DY.SWJ", "国家税务总局东营市税务局", "市税务局", K.DEPARTMENT, L.CITY, "DY", "吴涛", "0546-8381107"),
    ("DY.SFJ", "东营市司法局", "市司法局", K.DEPARTMENT, L.CITY, "DY", "郑平", "0546-8381108"),
    ("DY.DYQ", "东营区人民政府", "东营区", K.GOVERNMENT, L.COUNTY, "DY", "陈刚", "0546-8201001"),
    (
        "DY.DYQ.XD",
        "东营区辛店街道办事处",
        "辛店街道",
        K.TOWNSHIP,
        L.TOWNSHIP,
        "DY.DYQ",
        "韩梅",
        "0546-8201101",
    ),
    (
        "DY.DYQ.WH",
        "东营区文汇街道办事处",
        "文汇街道",
        K.TOWNSHIP,
        L.TOWNSHIP,
        "DY.DYQ",
        "冯磊",
        "0546-8201102",
    ),
    ("DY.KLQ", "垦利区人民政府", "垦利区", K.GOVERNMENT, L.COUNTY, "DY", "许文", "0546-2521001"),
    (
        "DY.KLQ.KL",
        "垦利区垦利街道办事处",
        "垦利街道",
        K.TOWNSHIP,
        L.TOWNSHIP,
        "DY.KLQ",
        "何静",
        "0546-2521101",
    ),
    ("DY.HKQ", "河口区人民政府", "河口区", K.GOVERNMENT, L.COUNTY, "DY", "吕强", "0546-3651001"),
    ("DY.LJX", "利津县人民政府", "利津县", K.GOVERNMENT, L.COUNTY, "DY", "施红", "0546-5621001"),
    ("DY.GRX", "广饶县人民政府", "广饶县", K.GOVERNMENT, L.COUNTY, "DY", "张伟", "0546-6441001"),
    ("DY.GRX.DW", "广饶县大王镇人民政府", "大王镇", K.TOWNSHIP, L.TOWNSHIP, "DY.GRX", "孔亮", "0546-6441101"),
    (
        "DY.KFQ",
        "东营经济技术开发区管理委员会",
        "东营经济技术开发区",
        K.PARK,
        L.COUNTY,
        "DY",
        "曹阳",
        "0546-8061001",
    ),
    (
        "DY.GKQ",
        "东营港经济开发区管理委员会",
        "东营港经济开发区",
        K.PARK,
        L.COUNTY,
        "DY",
        "严峻",
        "0546-8061101",
    ),
]


async def seed(scope: Scope) -> None:
    for code, name, short, kind, level, parent, liaison, phone in UNITS:
        await create_unit(
            scope,
            CreateUnit(
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                level=level,
                parent_code=parent,
                liaison_name=liaison,
                liaison_phone=phone,
            ),
        )
