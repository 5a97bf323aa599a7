"""Unit enums with their Chinese terms."""

from models.unit import UnitKind, UnitLevel
from schema.enums import described_enum

__all__ = ["UnitKindEnum", "UnitLevelEnum"]

UnitKindEnum = described_enum(
    UnitKind,
    "单位类型 (kind of unit)",
    {
        "GOVERNMENT": "人民政府 (people's government: city, county, township)",
        "DEPARTMENT": "政府部门 (government department)",
        "TOWNSHIP": "乡镇/街道 (township or street office)",
        "PARK": "园区/开发区 (industrial park or development zone)",
        "SUPERVISION_OFFICE": "督查室/营商环境专班 (supervision office)",
        "DISCIPLINE_COMMISSION": "纪委监委 (discipline inspection and supervision commission)",
        "HOTLINE_CENTER": "热线受理中心 (12345 hotline centre)",
        "OTHER": "其他 (other)",
    },
)

UnitLevelEnum = described_enum(
    UnitLevel,
    "行政层级 (administrative level)",
    {
        "PROVINCE": "省级 (province)",
        "CITY": "市级 (city)",
        "COUNTY": "县级 (county, county-level city, district)",
        "TOWNSHIP": "乡镇级 (township, street)",
        "VILLAGE": "村/社区 (village, community)",
    },
)
