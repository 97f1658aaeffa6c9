"""Reader for cell-per-line tables (000, 001: the Chișinău child-rights action plan).

The layout: each table cell begins with a tab on its own line; the lines after
it that do not begin with a tab (blank lines included) continue that cell;
rows end with blank lines; a merged cell is printed only in its first row. The
specific objective, the action and their result indicators (``4.1.1. a)``,
``4.1.i)``) are merged cells, so they appear as text lines without a tab in
the middle of a row.

The meaning of a cell is read from its content — a code, a deadline, an
amount, a funding source, a list of institutions, an indicator — and its
position in the row is used only to break ties (see :mod:`._cells_row`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.documents import Document
from loaders.iri import slug
from loaders.model import Indicator, IndicatorKind, Item, Level, Note, Plan, SourceRef, Unparsed
from loaders.normalise.codes import Code, CodeKind, parent_code, parse_code, split_footnotes, strip_artefacts
from loaders.normalise.indicators import parse_indicator
from loaders.normalise.xrefs import find_cross_refs, strip_cross_refs
from loaders.readers._cells_row import ActivityFields, RowCell, fill_activity, legal_refs_in, plan_legal_basis
from loaders.text import collapse, fold

LAYOUT = "cell-per-line table: one tab-led cell per line, blank lines between rows (000, 001)"
SPECIFICITY = 1

_ACTIVITY_LINE = re.compile(r"^\t(?:\[bookmark:[^\]]*\])?\d+\.\d+\.\d+\.\d+\.?\s")
_DATE = re.compile(r"^\s*(\d{2})\.(\d{2})\.(\d{4})\s*$")
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_HEADER_WORDS = re.compile(
    r"obiectiv|actiun|subactiun|activitat|termen|periodicitat|autoritat|institutia|parteneri|indicator"
    r"|finantare|buget|total|surse|donatii|acoperit|excel|format"
)
_COLUMN_NUMBER = re.compile(r"^\d+(?:-\d+)?\.?(?:\s+total)?$")
_IMPACT_HEADING = re.compile(r"(?i)^indicatori\s+de\s+impact")


def matches(doc: Document) -> bool:
    """Cells one per line: many lines are a tab and one cell, none holds two tab-separated cells."""
    tabbed = [line for line in doc.lines if line.startswith("\t")]
    if len(tabbed) < 20:
        return False
    multi = sum(1 for line in tabbed if "\t" in line[1:].rstrip("\t"))
    return multi * 20 < len(tabbed) and any(_ACTIVITY_LINE.match(line) for line in doc.lines)


@dataclass
class _Segment:
    """Consecutive non-empty lines of one cell: (line number, text without artefacts)."""

    lines: list[tuple[int, str]]
    code: Code | None = None

    @property
    def first(self) -> int:
        return self.lines[0][0]

    @property
    def last(self) -> int:
        return self.lines[-1][0]

    @property
    def text(self) -> str:
        return " ".join(t.strip() for _, t in self.lines).strip()


@dataclass
class _Cell:
    start: int  # line of the tab (or of the first line before any tab)
    segments: list[_Segment] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.segments


def _structural(code: Code | None) -> bool:
    if code is None:
        return False
    if code.kind is not CodeKind.ITEM:
        return True
    return code.label == "general" or 2 <= code.depth <= 4


def _cells(doc: Document, begin: int) -> list[_Cell]:
    """The cells from line ``begin`` on; a coded line inside a cell starts a new segment."""
    cells: list[_Cell] = []
    for n in range(begin, len(doc.lines) + 1):
        line = strip_artefacts(doc.line(n))
        if line.startswith("\t"):
            cells.append(_Cell(n))
            line = line[1:]
        elif not cells:
            cells.append(_Cell(n))
        if not line.strip():
            continue
        cell = cells[-1]
        code = parse_code(line)
        if cell.empty or _structural(code):
            cell.segments.append(_Segment([(n, line)], code if _structural(code) else None))
        else:
            cell.segments[-1].lines.append((n, line))
    return cells


@dataclass
class _Draft:
    level: Level
    code: str | None
    code_text: str | None
    title_text: str
    parent: "_Draft | None"
    first: int
    last: int
    indicators: list[Indicator] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    row: list[RowCell] = field(default_factory=list)
    children: list["_Draft"] = field(default_factory=list)


class _Builder:
    """Walks the cells of the table body and builds the item tree."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.roots: list[_Draft] = []
        self.current: dict[Level, _Draft | None] = {level: None for level in Level}
        self.unparsed: list[Unparsed] = []
        self.offset = 0  # cells since the current activity's own cell

    def add_item(self, level: Level, segment: _Segment) -> None:
        code = segment.code
        assert code is not None
        parent = self.current[list(Level)[level.depth - 1]] if level.depth else None
        # continuation lines complete the title; a general objective's "Indicatori de impact" heading does not
        more = [t.strip() for _, t in segment.lines[1:] if not _IMPACT_HEADING.match(t.strip())]
        title = " ".join([code.rest] + more).strip()
        draft = _Draft(level, code.code, code.printed, title, parent, segment.first, segment.last)
        if level is not Level.GENERAL_OBJECTIVE and parent is None:
            self.unparsed.append(self._gap(segment, f"{level.value} {code.code} with no parent above it"))
            return
        expected = parent_code(code.code)
        if parent is not None and parent.code is not None and expected != parent.code and level.depth > 1:
            draft.notes.append(Note(f"code {code.code} does not match parent {parent.code}", "code-mismatch"))
        (parent.children if parent is not None else self.roots).append(draft)
        self.current[level] = draft
        for deeper in list(Level)[level.depth + 1:]:
            self.current[deeper] = None
        self.offset = 0

    def add_indicator(self, segment: _Segment) -> None:
        code = segment.code
        assert code is not None
        level = {
            CodeKind.IMPACT: Level.GENERAL_OBJECTIVE,
            CodeKind.OBJECTIVE_RESULT: Level.SPECIFIC_OBJECTIVE,
            CodeKind.ACTION_RESULT: Level.ACTION,
        }[code.kind]
        kind = IndicatorKind.IMPACT if code.kind is CodeKind.IMPACT else IndicatorKind.RESULT
        owner = self._find(level, code.owner) or self.current[level]
        if owner is None:
            self.unparsed.append(self._gap(segment, f"indicator {code.code} with no {level.value} to belong to"))
            return
        if owner.code != code.owner:
            owner.notes.append(Note(f"indicator {code.code} printed under {owner.code}", "code-mismatch"))
        text = " ".join([code.rest] + [t.strip() for _, t in segment.lines[1:]]).strip()
        ref = self.doc.ref(segment.first, segment.last)
        owner.indicators.append(parse_indicator(text, kind, code=code.code, source=ref))

    def _find(self, level: Level, code: str | None) -> _Draft | None:
        stack = list(self.roots)
        while stack:
            draft = stack.pop()
            if draft.level is level and draft.code == code:
                return draft
            stack.extend(draft.children)
        return None

    def _gap(self, segment: _Segment, reason: str) -> Unparsed:
        return Unparsed(segment.first, segment.last, segment.text, reason)

    def add_cell(self, cell: _Cell) -> None:
        """A cell of the body: plain text goes to the current activity's row, coded lines make items."""
        activity = self.current[Level.ACTIVITY]
        plain = [line for segment in cell.segments if segment.code is None for line in segment.lines]
        coded = [segment for segment in cell.segments if segment.code is not None]
        if activity is not None and (plain or not coded):
            self.offset += 1
            if plain:
                activity.row.append(RowCell(self.offset, plain))
        elif plain:
            text = " ".join(t.strip() for _, t in plain)
            self.unparsed.append(Unparsed(plain[0][0], plain[-1][0], text, "cell outside any activity row"))
        for segment in coded:
            self.add_segment(segment)
        if coded and not plain and activity is not None and self.current[Level.ACTIVITY] is activity:
            self.offset += 1  # a merged indicator cell takes a column of the activity's row

    def add_segment(self, segment: _Segment) -> None:
        code = segment.code
        assert code is not None
        if code.kind is not CodeKind.ITEM:
            self.add_indicator(segment)
        elif code.label == "general":
            self.add_item(Level.GENERAL_OBJECTIVE, segment)
        else:
            self.add_item(list(Level)[code.depth - 1], segment)


def _plan_id(doc: Document) -> str:
    return slug(doc.name.rsplit(".", 1)[0])


def _freeze(doc: Document, builder: _Builder, country: str) -> tuple[Item, ...]:
    drafts: list[_Draft] = []

    def walk(siblings: list[_Draft]) -> None:
        for draft in siblings:
            drafts.append(draft)
            walk(draft.children)

    walk(builder.roots)
    fields_of: dict[int, ActivityFields] = {}
    for draft in drafts:
        if draft.level is Level.ACTIVITY:
            fields = fill_activity(draft.row, doc, country)
            fields_of[id(draft)] = fields
            action = draft.parent
            if action is not None:
                action.indicators.extend(fields.action_indicators)
                if action.parent is not None:
                    action.parent.indicators.extend(fields.objective_indicators)
    counts: dict[str | None, int] = {}
    for draft in drafts:
        counts[draft.code] = counts.get(draft.code, 0) + 1
    ids: dict[int, str] = {}
    items: list[Item] = []
    for draft in drafts:
        siblings = draft.parent.children if draft.parent is not None else builder.roots
        order = siblings.index(draft) + 1
        parent_id = ids[id(draft.parent)] if draft.parent is not None else None
        if draft.code is not None and counts[draft.code] == 1:
            item_id = draft.code
        else:
            item_id = f"{parent_id}-a{order}" if parent_id else f"a{order}"
        ids[id(draft)] = item_id
        title_text = draft.title_text
        title, notes = split_footnotes(title_text)
        fields = fields_of.get(id(draft))
        last = max([draft.last] + [c.lines[-1][0] for c in draft.row])
        legal = legal_refs_in(" ".join([title] + ([c.text for c in draft.row] if draft.row else [])))
        items.append(
            Item(
                id=item_id,
                level=draft.level,
                code=draft.code,
                code_text=draft.code_text,
                title=strip_cross_refs(collapse(title)),
                title_text=title_text,
                parent=parent_id,
                order=order,
                source=doc.ref(draft.first, last),
                deadline=fields.deadline if fields else None,
                responsible=fields.responsible if fields else (),
                partners=fields.partners if fields else (),
                indicators=tuple(draft.indicators) + (fields.indicators if fields else ()),
                cost=fields.cost if fields else None,
                funding=fields.funding if fields else (),
                legal_refs=legal,
                cross_refs=find_cross_refs(title_text),
                notes=tuple(draft.notes) + notes + (fields.notes if fields else ()),
            )
        )
    return tuple(items)


def _country(doc: Document) -> str:
    """MD for the Moldovan plans (Chișinău, CMC, HG); RO when the text names a Romanian county body."""
    text = fold(" ".join(doc.lines))
    romanian = sum(text.count(w) for w in ("judet", "dgaspc", "romania"))
    moldovan = sum(text.count(w) for w in ("chisinau", "cmc", "dgpdc", "moldova"))
    return "RO" if romanian > moldovan else "MD"


def read(doc: Document) -> Plan:
    """The plan of a cell-per-line document."""
    first_tab = next((n for n, line in enumerate(doc.lines, 1) if line.startswith("\t")), len(doc.lines) + 1)
    consumed: list[SourceRef] = []
    unparsed: list[Unparsed] = []
    title_text, date = "", None
    for n in range(1, first_tab):
        line = doc.line(n)
        if not line.strip():
            continue
        m = _DATE.match(line)
        if m and date is None:
            date = f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
        elif not title_text:
            title_text = line.strip()
        else:
            unparsed.append(Unparsed(n, n, line.strip(), "text before the table after the title"))
            continue
        consumed.append(doc.ref(n))
    title, plan_notes = split_footnotes(title_text)
    country = _country(doc)

    builder = _Builder(doc)
    in_body = False
    for cell in _cells(doc, first_tab):
        if not in_body and cell.segments and cell.segments[0].code is not None:
            in_body = True
        if in_body:
            builder.add_cell(cell)
            continue
        for n, line in (pair for segment in cell.segments for pair in segment.lines):
            text = fold(line.strip())
            if _HEADER_WORDS.search(text) or _COLUMN_NUMBER.match(text):
                consumed.append(doc.ref(n))
            else:
                unparsed.append(Unparsed(n, n, line.strip(), "text in the table header that is not a column name"))
    items = _freeze(doc, builder, country)
    period = _PERIOD.search(title)
    legal_basis, implements = plan_legal_basis(" ".join(n.text for n in plan_notes))
    return Plan(
        id=_plan_id(doc),
        title=collapse(title),
        title_text=title_text,
        kind="action-plan" if fold(title).startswith("planul de actiuni") else "plan",
        country=country,
        source=doc.whole,
        date=date,
        period=(int(period.group(1)), int(period.group(2))) if period else None,
        legal_basis=legal_basis,
        implements=implements,
        items=items,
        unparsed=tuple(unparsed + builder.unparsed),
        notes=plan_notes,
        consumed=tuple(consumed),
    )

