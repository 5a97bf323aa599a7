"""Crafting XLSX bytes by hand for the import tests: any worksheet XML, shared strings, a date style."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

__all__ = ["NS", "book", "cell", "row", "sheet", "zeros_member"]

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="{_PKG}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>
</Types>"""
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{_PKG}/relationships">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
_WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{NS}" xmlns:r="{_REL}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{_PKG}/relationships">
<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""
# Style 1 is number format 14 (a date), as Excel writes a date cell.
_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{NS}"><fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def cell(ref: str, value: object, shared: list[str] | None = None) -> str:
    """A cell: a number as is, a str inline (or by index into `shared` when given)."""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if shared is not None:
        shared.append(str(value))
        return f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row(number: int, cells: Iterable[str]) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def sheet(rows: Iterable[str], dimension: str | None = None) -> Iterator[bytes]:
    """The worksheet XML in pieces (so a huge one is never one string)."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    for text in rows:
        yield text.encode()
    yield b"</sheetData></worksheet>"


def zeros_member(size: int) -> Iterator[bytes]:
    """`size` bytes of spaces inside a worksheet's XML: a member that deflates about 1000:1."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'.encode()
    tail = b"</sheetData></worksheet>"
    yield head
    left = size - len(head) - len(tail)
    chunk = b" " * (1 << 20)
    while left > 0:
        yield chunk[: min(left, len(chunk))]
        left -= len(chunk)
    yield tail


def book(worksheet: Iterable[bytes], shared: list[str] | None = None) -> bytes:
    """A workbook whose first sheet is `worksheet`, streamed into the zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared or [])
        archive.writestr(
            "xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">{items}</sst>'
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for piece in worksheet:
                member.write(piece)
    return out.getvalue()
