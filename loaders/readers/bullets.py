"""Reader for tab-separated implementation-plan tables with HTML bullet lists (004).

The layout: a title line; for each direction of action (``Direcția de acțiune I: …``) a
header row (``Obiective specifice``, ``Măsuri``, ``Indicatori``, ``Termen de
realizare``, ``Responsabili``, ``Surse de finanțare``) and one line per measure. A
specific objective (``OS.I.1. …``) is printed in the first cell of its first measure
only; indicators are an HTML list, ``<ul …> ▪ a ▪ b`` (one indicator per bullet, or
per ``Numărul …`` where the bullets are missing). Page breaks split rows: a row with
no deadline continues the measure above it (``Locale pentru prevenirea…``), and a
first cell that is not a code continues the title of the specific objective
(``serviciilor sociale si a solidarității…``) while the rest of its row may start a
new measure.

Levels: direction of action → general objective; OS → specific objective; measure →
action (``OS.I.1-m1``, … : measures are not numbered). The indicators are the measures'
result indicators.
"""

from __future__ import annotations

import re

from loaders.documents import Document
from loaders.errors import DocumentError
from loaders.iri import slug
from loaders.model import IndicatorKind, Item, Level, Plan, SourceRef, Unparsed
from loaders.normalise.codes import parse_code
from loaders.normalise.deadlines import parse_deadline
from loaders.normalise.legal import LegalActs, find_implemented, find_legal_refs
from loaders.normalise.xrefs import find_cross_refs
from loaders.normalise.institutions import Gazetteer
from loaders.readers import _tabular as tab
from loaders.text import collapse

LAYOUT = "tab-separated table with HTML bullet lists of indicators and rows split by page breaks (004)"
SPECIFICITY = 1

_DIRECTION = re.compile(r"^\s*Direc[țt]ia\s+de\s+ac[țt]iune\s+(?P<code>[IVX]+)\s*[:.]\s*(?P<title>.*)$", re.IGNORECASE)


def matches(doc: Document) -> bool:
    """HTML lists inside tab-separated rows, under a header naming specific objectives and measures."""
    lists = sum(1 for line in doc.lines if "\t" in line and "<ul" in line)
    if lists < 3:  # cheap test first: the header test reads every tab-separated line
        return False
    return any("\t" in line and tab.is_header_row(tab.cells(line))
               and "objective" in tab.header_columns([tab.cells(line)]) for line in doc.lines)


class _Objective:
    """A direction of action or a specific objective being read."""

    def __init__(self, level: Level, code: str, printed: str, title: str, title_text: str, line: int,
                 parent: str | None) -> None:
        self.level, self.code, self.printed, self.parent = level, code, printed, parent
        self.titles, self.printed_titles, self.lines = [title], [title_text], [line]
        self.measures: list[tab.Draft] = []


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.gazetteer = Gazetteer.load()
        self.acts = LegalActs.load()
        self.consumed: list[SourceRef] = []
        self.unparsed: list[Unparsed] = []
        self.objectives: list[_Objective] = []
        self.columns: dict[str, int] = {}
        self.title_lines: list[tuple[int, str]] = []

    def current(self, level: Level) -> _Objective | None:
        return next((o for o in reversed(self.objectives) if o.level is level), None)

    def read_line(self, n: int, line: str) -> None:
        row = tab.cells(line)
        direction = _DIRECTION.match(line.replace("\t", " "))
        if direction is not None:
            self.objectives.append(_Objective(Level.GENERAL_OBJECTIVE, direction["code"].upper(),
                                              f"Direcția de acțiune {direction['code']}",
                                              collapse(direction["title"]), direction["title"].strip(), n, None))
        elif "\t" in line and tab.is_header_row(row):
            self.columns = tab.header_columns([row])
            self.consumed.append(self.doc.ref(n))
        elif "\t" in line and self.columns:
            self.read_row(n, row)
        elif not self.objectives:
            self.title_lines.append((n, line.strip()))
            self.consumed.append(self.doc.ref(n))
        else:
            self.unparsed.append(Unparsed(n, n, line.strip(), "text outside the table rows"))

    def read_row(self, n: int, row: list[str]) -> None:
        printed = tab.raw_cells(self.doc, n)
        lists = [i for i, c in enumerate(row) if "<ul" in c.lower()]
        offset = lists[0] - self.columns["indicators"] if lists and "indicators" in self.columns else 0
        at = {name: index + offset for name, index in self.columns.items()}
        first = row[at["objective"]] if 0 <= at.get("objective", -1) < len(row) else ""
        taken = {at["objective"]} if first else set()
        code = parse_code(first) if first else None
        general = self.current(Level.GENERAL_OBJECTIVE)
        if code is not None and code.code.startswith("OS."):
            self.objectives.append(_Objective(Level.SPECIFIC_OBJECTIVE, code.code, code.printed, collapse(code.rest),
                                              printed[at["objective"]][len(code.printed):].strip(), n,
                                              general.code if general else None))
        elif first:
            specific = self.current(Level.SPECIFIC_OBJECTIVE)
            if specific is None:
                self.unparsed.append(Unparsed(n, n, first, "first cell with no specific objective to continue"))
            else:
                specific.titles.append(first)
                specific.printed_titles.append(printed[at["objective"]])
                specific.lines.append(n)
        specific = self.current(Level.SPECIFIC_OBJECTIVE)
        fragments = [(i, c) for i, c in enumerate(row) if c and i not in taken]
        if not fragments:
            return
        deadline = any(tab.reads_as_deadline(c) for _, c in fragments)
        measure = row[at["title"]] if 0 <= at.get("title", -1) < len(row) else ""
        if specific is None:
            self.unparsed.append(Unparsed(n, n, " | ".join(c for _, c in fragments), "row before any specific objective"))
        elif measure and not measure[:1].islower() and (deadline or (code is not None and not specific.measures)):
            draft = tab.Draft(first_line=n, lines=[n])
            for index, text in fragments:
                name = tab.content_column(text) or self._column_at(at, index)
                if name is None or name in draft.fields:
                    draft.stray.append((n, index, text))
                else:
                    draft.put(name, index, text, n, printed[index])
            specific.measures.append(draft)
        elif specific.measures:
            specific.measures[-1].continue_with(fragments, n, self.gazetteer, at, printed)
        else:
            self.unparsed.append(Unparsed(n, n, " | ".join(c for _, c in fragments), "continuation with no measure above"))

    @staticmethod
    def _column_at(at: dict[str, int], index: int) -> str | None:
        return next((name for name, position in at.items() if position == index and name != "objective"), None)

    def items(self, country: str) -> tuple[Item, ...]:
        items: list[Item] = []
        order: dict[str | None, int] = {}
        for objective in self.objectives:
            order[objective.parent] = order.get(objective.parent, 0) + 1
            items.append(Item(
                id=objective.code, level=objective.level, code=objective.code, code_text=objective.printed,
                title=collapse(" ".join(objective.titles)), title_text=" ".join(objective.printed_titles).strip(),
                parent=objective.parent, order=order[objective.parent],
                source=tab.source_of(self.doc, objective.lines),
            ))
            for number, draft in enumerate(objective.measures, 1):
                items.append(self._measure(objective.code, number, draft, country))
        return tuple(items)

    def _measure(self, objective: str, number: int, draft: tab.Draft, country: str) -> Item:
        title = draft.text("title")
        responsible, partners = tab.parties(draft, self.gazetteer, country)
        deadline = draft.text("deadline")
        for line, index, text in draft.stray:
            self.unparsed.append(Unparsed(line, line, text, f"cell {index + 1} of a measure row fits no column"))
        return Item(
            id=f"{objective}-m{number}", level=Level.ACTION, code=None, code_text=None,
            title=title, title_text=draft.text_as_printed("title"), parent=objective, order=number,
            source=tab.source_of(self.doc, draft.lines),
            deadline=parse_deadline(deadline) if deadline else None,
            responsible=responsible, partners=partners,
            indicators=tab.indicators(draft, self.doc, IndicatorKind.RESULT),
            funding=tab.funding(draft), legal_refs=find_legal_refs(title, self.acts),
            cross_refs=find_cross_refs(title),
        )


def read(doc: Document) -> Plan:
    """The plan of a 004-layout document."""
    reader = _Reader(doc)
    for n, line in enumerate(doc.lines, 1):
        if line.strip():
            reader.read_line(n, line)
    if not reader.columns:
        raise DocumentError(doc.name, "no header row naming specific objectives, measures and indicators")
    title = collapse(" ".join(text for _, text in reader.title_lines))
    named = [p for o in reader.objectives for d in o.measures for side in tab.parties(d, reader.gazetteer, None)
             for p in side]
    country = tab.country_of(named, reader.gazetteer, "RO")
    return Plan(
        id=slug(doc.name.rsplit(".", 1)[0]),
        title=title, title_text=" ".join(text for _, text in reader.title_lines),
        kind="implementation-plan", country=country, source=doc.whole, period=tab.period_in(title),
        legal_basis=find_legal_refs(title, reader.acts), implements=find_implemented(title, reader.acts),
        items=reader.items(country), unparsed=tuple(reader.unparsed), consumed=tuple(reader.consumed),
    )
