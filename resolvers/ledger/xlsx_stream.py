"""Streaming an XLSX's first worksheet with expat: (row, column, value) of each non-empty cell, and
nothing else kept in memory, whatever the sheet's <dimension> declares.

openpyxl still reads the small parts (the manifest, the workbook's sheet list, the date styles); its
read-only worksheet is not used: it scans every sheet lacking a <dimension> to its end while opening
the book, pads rows to the declared dimension, and builds objects per cell (~80 µs a cell)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO
from xml.parsers import expat

__all__ = ["Book", "Cell", "FixedNumber", "first_sheet_cells", "fixed_decimals", "shared_strings"]

Cell = tuple[int, int, object]
CHUNK = 64 * 1024


class _Refused(ValueError):
    """A construct no spreadsheet writes (a DTD: entity expansion)."""


def _refuse_dtd(*_: object) -> None:
    raise _Refused("DTD")


@dataclass
class _Text:
    """Collects the text of <t> elements (not inside phonetic runs <rPh>) of one <si> or <is>."""

    parts: list[str] = field(default_factory=list)
    collecting: bool = False
    phonetic: int = 0

    def start(self, name: str) -> None:
        if name == "rPh":
            self.phonetic += 1
        elif name == "t" and not self.phonetic:
            self.collecting = True

    def end(self, name: str) -> None:
        if name == "rPh":
            self.phonetic -= 1
        elif name == "t":
            self.collecting = False

    def take(self) -> str:
        text, self.parts = "".join(self.parts), []
        return text


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="|")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    return parser


def _feed(parser: expat.XMLParserType, source: IO[bytes]) -> Iterator[None]:
    """Parse the stream a chunk at a time, yielding after each chunk so the caller drains its output."""
    while chunk := source.read(CHUNK):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def shared_strings(source: IO[bytes]) -> list[str]:
    strings: list[str] = []
    text = _Text()
    parser = _parser()

    def start(name: str, _attrs: dict[str, str]) -> None:
        text.start(name.rpartition("|")[2])

    def end(name: str) -> None:
        local = name.rpartition("|")[2]
        text.end(local)
        if local == "si":
            strings.append(text.take().replace("x005F_", ""))

    def data(chunk: str) -> None:
        if text.collecting:
            text.parts.append(chunk)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    for _ in _feed(parser, source):
        pass
    return strings


def _column(ref: str) -> tuple[int, int]:
    """ "BC12" → (12, 55)."""
    letters = ref.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter.upper()) - 64
    return int(ref[len(letters) :]), column


# A number format showing a fixed count of decimals: 0.00, #,##0.000, 0.00_ (its first section).
_FIXED = re.compile(r"[#,]*0\.(0+)(?:_.|\\.|\s)*")


def fixed_decimals(format_code: str) -> int | None:
    """How many decimals a number format always shows (2 for 0.00); None for General and the rest."""
    m = _FIXED.fullmatch(format_code.split(";")[0])
    return len(m[1]) if m else None


class FixedNumber(float):
    """A number with the text its cell shows: 1.1 in a cell formatted 0.00 shows "1.10"."""

    text: str

    def __new__(cls, value: float, decimals: int) -> FixedNumber:
        number = super().__new__(cls, value)
        number.text = f"{value:.{decimals}f}"
        return number


@dataclass
class Book:
    """What a cell's value needs from the rest of the workbook."""

    strings: list[str]
    date_styles: set[int]
    duration_styles: set[int]
    epoch: datetime
    # Style index → decimals its number format always shows (see `fixed_decimals`).
    decimals: dict[int, int] = field(default_factory=dict)


def _number(book: Book, text: str, style: int) -> object:
    from openpyxl.utils.datetime import from_excel

    number = float(text) if ("." in text or "e" in text.lower()) else int(text)
    if style in book.decimals:
        return FixedNumber(number, book.decimals[style])
    if style not in book.date_styles:
        return number
    try:
        value: datetime | timedelta = from_excel(number, book.epoch, timedelta=style in book.duration_styles)
        return value
    except (OverflowError, ValueError):
        return "#VALUE!"


def _value(book: Book, kind: str, text: str, style: int) -> object:
    """As openpyxl reads a cell with data_only: the cached value of a formula, never the formula."""
    if not text:
        return None
    if kind == "n":
        return _number(book, text, style)
    if kind == "s":
        return book.strings[int(text)]
    if kind == "b":
        return text.strip() not in ("0", "")
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(text)
    return text  # inlineStr, str (a formula's text), e (an error such as #N/A)


class _SheetHandler:
    """Expat callbacks for a worksheet: each finished non-empty cell is appended to `cells`."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.cells: list[Cell] = []
        self.text = _Text()
        self.row = self.column = 0
        self.kind, self.style, self.in_value = "n", 0, False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition("|")[2]
        if local == "row":
            self.row = int(attrs["r"]) if "r" in attrs else self.row + 1
            self.column = 0
        elif local == "c":
            ref = attrs.get("r")
            self.row, self.column = _column(ref) if ref else (self.row, self.column + 1)
            self.kind, self.style = attrs.get("t", "n"), int(attrs.get("s", 0) or 0)
            self.text.parts = []
        elif local == "v":
            self.in_value = True
        else:
            self.text.start(local)

    def end(self, name: str) -> None:
        local = name.rpartition("|")[2]
        if local == "c":
            value = _value(self.book, self.kind, self.text.take(), self.style)
            if value not in (None, ""):
                self.cells.append((self.row, self.column, value))
        elif local == "v":
            self.in_value = False
        else:
            self.text.end(local)

    def data(self, chunk: str) -> None:
        if self.in_value or self.text.collecting:
            self.text.parts.append(chunk)


def first_sheet_cells(source: IO[bytes], book: Book) -> Iterator[Cell]:
    handler = _SheetHandler(book)
    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = handler.start, handler.end
    parser.CharacterDataHandler = handler.data
    for _ in _feed(parser, source):
        yield from handler.cells
        handler.cells.clear()
