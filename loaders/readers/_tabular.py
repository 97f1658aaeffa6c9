"""Shared steps of the tab-separated table readers (:mod:`.tabs` for 002, :mod:`.bullets` for 004).

A row is one line, its cells separated by tabs; but cells shift columns and rows are
split by page breaks, so a cell's meaning is read from its content first — a deadline
(:func:`is_deadline`), an amount in lei, funding sources, a list of institutions — and
from the header's column positions only where the content says nothing. A row that
continues the row above has its fragments joined to the cells they fit best
(:meth:`Draft.continue_with`).
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass, field

from loaders.documents import Document
from loaders.model import Funding, Indicator, IndicatorKind, Party, Role, SourceRef
from loaders.normalise.codes import parse_code
from loaders.normalise.deadlines import is_deadline, parse_deadline
from loaders.normalise.indicators import parse_indicator
from loaders.normalise.institutions import Gazetteer, parse_parties
from loaders.normalise.money import parse_funding, parse_money
from loaders.text import collapse, fold

# Column names, from the words of a header cell (folded). Checked in order.
_HEADER_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code", re.compile(r"^nr\.?$")),
    ("objective", re.compile(r"obiective?\s+specific")),
    ("funding", re.compile(r"finantare")),
    ("cost", re.compile(r"\bcost")),
    ("deadline", re.compile(r"\btermen")),
    ("responsible", re.compile(r"responsabil")),
    ("partners", re.compile(r"partener")),
    ("indicators", re.compile(r"indicator")),
    ("title", re.compile(r"\b(?:actiun|masur)")),
)
# Column names are short ("Costuri aferente implementării", "Autoritatea/ Instituția responsabilă").
_HEADER_MAX_WORDS = 6
PARTY_COLUMNS = ("responsible", "partners")
_CURRENCY_WORD = re.compile(r"\b(?:lei|mdl|ron|euro)\b")
_BULLET = "▪"
_LIST_TAG = re.compile(r"</?(?:ul|li)\b[^>]*>", re.IGNORECASE)
# A new indicator starts at a capitalised count word when no bullets separate them.
_COUNT_START = re.compile(r"(?<=\S)\s+(?=(?:Nr\.?|Număr(?:ul)?|Numar(?:ul)?)[\s.])")


def cells(line: str) -> list[str]:
    """The cells of a tab-separated line, trimmed (empty cells kept, so positions are kept)."""
    return [collapse(cell) for cell in line.split("\t")]


def raw_cells(doc: Document, number: int) -> list[str]:
    """The cells of line ``number`` as printed in the file (before normalisation)."""
    return [" ".join(cell.split()) for cell in doc.raw_lines[number - 1].split("\t")]


@functools.lru_cache(maxsize=4096)
def column_of(header_cell: str) -> str | None:
    """The column a header cell names (``Termene de realizare`` → ``deadline``), or None.

    Memoised: readers ask it of every cell of candidate header rows, and headers repeat.
    """
    folded = fold(collapse(header_cell))
    if not folded or len(folded.split()) > _HEADER_MAX_WORDS or parse_code(header_cell) is not None:
        return None  # a title that happens to say "Acțiune …" or "indicatori" names no column
    for name, pattern in _HEADER_WORDS:
        if pattern.search(folded):
            return name
    return None


def header_columns(rows: list[list[str]]) -> dict[str, int]:
    """Column name → index from one or more header rows; a later row refines an earlier one."""
    by_index: dict[int, str] = {}
    for row in rows:
        for index, cell in enumerate(row):
            name = column_of(cell)
            if name is not None:
                by_index[index] = name
    columns: dict[str, int] = {}
    for index in sorted(by_index):
        columns.setdefault(by_index[index], index)
    return columns


def is_header_row(row: list[str], *, needed: int = 4) -> bool:
    """A row naming at least ``needed`` columns, each cell of it a column name or empty."""
    named = [column_of(cell) for cell in row if cell]
    return len(named) >= min(needed, len(row)) and all(named) and len(set(named)) >= min(needed, len(named))


def reads_as_money(text: str) -> bool:
    return bool(text) and _CURRENCY_WORD.search(fold(text)) is not None and parse_money(text, None) is not None


def reads_as_funding(text: str) -> bool:
    sources = parse_funding(text) if text else ()
    return bool(sources) and all(source.kind is not None for source in sources)


def reads_as_deadline(text: str) -> bool:
    """A deadline with a year, a semester or a recurrence: a month alone is no deadline ("MAI" is a ministry)."""
    if not text or not is_deadline(text):
        return False
    deadline = parse_deadline(text)
    return bool(deadline.years or deadline.semesters or deadline.recurrence)


def content_column(text: str) -> str | None:
    """The column a cell's content alone says it belongs to: deadline, cost or funding."""
    if reads_as_deadline(text):
        return "deadline"
    if reads_as_money(text):
        return "cost"
    if reads_as_funding(text):
        return "funding"
    return None


def unresolved(text: str, gazetteer: Gazetteer) -> int:
    """How many names of ``text`` the gazetteer does not know."""
    return sum(1 for p in parse_parties(text, Role.RESPONSIBLE, gazetteer) if p.institution is None)


def split_indicators(text: str) -> list[str]:
    """One text per indicator: bullets (``▪``), semicolons, or capitalised ``Nr.``/``Numărul`` starts."""
    body = collapse(_LIST_TAG.sub(" ", text))
    chunks = body.split(_BULLET) if _BULLET in body else body.split(";")
    parts = [piece for chunk in chunks for piece in _COUNT_START.split(chunk)]
    return [part.strip(" ;") for part in parts if part.strip(" ;.")]


@dataclass
class Field:
    """One cell of an item, possibly gathered from several lines."""

    index: int  # column position of its first fragment
    parts: list[str]
    lines: list[int]
    printed: list[str]  # the same fragments as printed in the file

    @property
    def text(self) -> str:
        return collapse(" ".join(self.parts))

    @property
    def text_as_printed(self) -> str:
        return " ".join(self.printed).strip()


@dataclass
class Draft:
    """An item being read: its fields by column name and the lines it was read from."""

    first_line: int
    fields: dict[str, Field] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    stray: list[tuple[int, int, str]] = field(default_factory=list)  # (line, index, text) no column took

    def put(self, column: str, index: int, text: str, line: int, printed: str | None = None) -> None:
        if not text:
            return
        if column in self.fields:
            cell = self.fields[column]
            cell.parts.append(text)
            cell.lines.append(line)
            cell.printed.append(printed or text)
        else:
            self.fields[column] = Field(index, [text], [line], [printed or text])

    def text(self, column: str) -> str:
        return self.fields[column].text if column in self.fields else ""

    def text_as_printed(self, column: str) -> str:
        return self.fields[column].text_as_printed if column in self.fields else ""

    def continue_with(self, fragments: list[tuple[int, str]], line: int, gazetteer: Gazetteer,
                      columns: dict[str, int], printed: list[str] | None = None) -> None:
        """Join each fragment of a continuation row to the field it fits best.

        Candidates are the fields at the fragment's position or next to it (cells
        shift by one). A fragment fits a list of institutions when it completes an
        unknown name there or is itself known names; a deadline, amount or funding
        cell when it reads as one; a text when it starts in lower case (a sentence
        going on). Ties go to the nearer field.
        """
        self.lines.append(line)
        for index, text in fragments:
            best: tuple[int, int, str] | None = None
            candidates = {name: f.index for name, f in self.fields.items()}
            for name, header_index in columns.items():
                candidates.setdefault(name, header_index)
            for name, position in candidates.items():
                distance = abs(position - index)
                if distance > 1 or name in {"code", "objective"}:
                    continue
                rank = (self._fit(name, text, gazetteer), -distance, name)
                if rank[0] > 0 and (best is None or rank[:2] > best[:2]):
                    best = rank
            if best is None:
                self.stray.append((line, index, text))
            else:
                self.put(best[2], index, text, line, printed[index] if printed and index < len(printed) else None)

    def _fit(self, column: str, fragment: str, gazetteer: Gazetteer) -> int:
        base = self.text(column)
        if column in PARTY_COLUMNS:
            alone = unresolved(fragment, gazetteer)
            if base and unresolved(f"{base} {fragment}", gazetteer) < unresolved(base, gazetteer) + alone:
                return 3  # completes a name cut by the page break
            return 2 if alone == 0 else 0
        if column == "deadline":
            return 2 if reads_as_deadline(fragment) else 0
        if column == "cost":
            return 2 if reads_as_money(fragment) else 0
        if column == "funding":
            return 2 if reads_as_funding(fragment) else 0
        if not base:
            return 1
        return 2 if fragment[:1].islower() else 1


def parties(draft: Draft, gazetteer: Gazetteer, country: str | None) -> tuple[tuple[Party, ...], tuple[Party, ...]]:
    """(responsible, partners) of a draft; ``în parteneriat cu`` in the responsible cell adds partners."""
    named = parse_parties(draft.text("responsible"), Role.RESPONSIBLE, gazetteer, country=country)
    named += parse_parties(draft.text("partners"), Role.PARTNER, gazetteer, country=country)
    return (tuple(p for p in named if p.role is Role.RESPONSIBLE),
            tuple(p for p in named if p.role is Role.PARTNER))


def indicators(draft: Draft, doc: Document, kind: IndicatorKind) -> tuple[Indicator, ...]:
    """The draft's indicators, one per bullet or list entry, each with the lines of its cell."""
    cell = draft.fields.get("indicators")
    if cell is None:
        return ()
    source = doc.ref(min(cell.lines), max(cell.lines))
    return tuple(parse_indicator(text, kind, source=source) for text in split_indicators(cell.text))


def funding(draft: Draft) -> tuple[Funding, ...]:
    return parse_funding(draft.text("funding"))


def country_of(found: list[Party], gazetteer: Gazetteer, default: str) -> str:
    """The country most resolved single-country institutions belong to; ``default`` when none."""
    votes: dict[str, int] = {}
    for party in found:
        if party.institution is None:
            continue
        countries = gazetteer.entry(party.institution).countries
        if len(countries) == 1:
            (country,) = countries
            votes[country] = votes.get(country, 0) + 1
    return max(sorted(votes), key=lambda c: votes[c]) if votes else default


def source_of(doc: Document, lines: list[int]) -> SourceRef:
    return doc.ref(min(lines), max(lines))


_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")


def period_in(text: str) -> tuple[int, int] | None:
    """The period a title names: ``pentru anii 2024-2028`` → (2024, 2028)."""
    found = _PERIOD.findall(text)
    if not found:
        return None
    start, end = found[-1]
    return int(start), int(end)
