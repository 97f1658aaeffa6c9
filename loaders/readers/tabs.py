"""Reader for tab-separated action-plan tables whose cells shift and whose rows continue (002).

The layout: a preamble (issuer, approval block, title), a header row naming the columns
(``Nr.``, ``Acțiuni``, ``Termene de realizare``, cost and funding, ``Responsabili``,
``Parteneri``, ``Indicatori de monitorizare``) with a sub-header, then one line per row:

- objectives on a line of their own (``Obiectiv general 1.``, ``Obiectiv specific: 1.``,
  ``Obiectivul specific nr. 2.1.``);
- actions numbered ``1.``, ``2.`` … within their specific objective — or not numbered at
  all, with their first cells shifted left (specific objective 2.2);
- rows that only continue the row above after a page break (``și a standardelor
  internaționale în acest sens``; responsible units added at the end of the table).

A row is placed by its content: a deadline, an amount in lei and a funding source anchor
it to the header's columns; the title is the text before them; the institutions and
indicators follow at the header's positions shifted by the same amount.
"""

from __future__ import annotations

import re

from loaders.documents import Document
from loaders.errors import DocumentError
from loaders.iri import slug
from loaders.model import IndicatorKind, Item, Level, Note, Plan, Role, SourceRef, Unparsed
from loaders.normalise.codes import parse_code
from loaders.normalise.deadlines import parse_deadline
from loaders.normalise.institutions import Gazetteer, parse_parties
from loaders.normalise.legal import LegalActs, find_implemented, find_legal_refs
from loaders.normalise.money import parse_money
from loaders.normalise.xrefs import find_cross_refs
from loaders.readers import _tabular as tab
from loaders.text import collapse, fold

LAYOUT = "tab-separated table: one row per line, shifted cells, rows continued after page breaks (002)"
SPECIFICITY = 1

_NUMBER = re.compile(r"^(\d{1,2})\.?$")
_RULE = re.compile(r"^[\s\t-]*$")
_PILLAR = re.compile(r"^\((?P<label>[^)]*)\)\s*:\s*(?P<title>.*)$")
_ANCHORS = ("deadline", "cost", "funding")


def matches(doc: Document) -> bool:
    """A header row naming the action columns, several rows of tab-separated cells, no HTML lists."""
    if any("<ul" in line for line in doc.lines):
        return False
    header = _header_line(doc)
    if header is None:
        return False
    rows = sum(1 for line in doc.lines[header:] if line.count("\t") >= 3)
    return rows >= 5


def _header_line(doc: Document) -> int | None:
    """The 1-based number of the first header row that names titles, responsible and deadlines."""
    for number, line in enumerate(doc.lines, 1):
        if line.count("\t") < 3:
            continue
        row = tab.cells(line)
        columns = tab.header_columns([row])
        if tab.is_header_row(row) and {"title", "responsible", "deadline"} <= columns.keys():
            return number
    return None


class _Reader:
    """One pass over the document, building drafts; :meth:`plan` freezes them."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.gazetteer = Gazetteer.load()
        self.acts = LegalActs.load()
        self.consumed: list[SourceRef] = []
        self.unparsed: list[Unparsed] = []
        self.notes: list[Note] = []
        self.objectives: list[tuple[Level, str, str, int, str | None]] = []  # level, code, printed line, line, parent
        self.actions: list[tuple[str, tab.Draft, str | None]] = []  # (objective code, draft, printed number)
        self.columns: dict[str, int] = {}
        self.titles: dict[str, str] = {}  # objective code -> title as printed after the code

    # ------------------------------------------------------------------ preamble
    def read_preamble(self, header: int) -> tuple[str, str, list[int]]:
        """Issuer, approval and title lines before the header; returns (title, issuer text, issuer lines)."""
        lines = [(n, self.doc.line(n).strip()) for n in range(1, header) if self.doc.line(n).strip()]
        title_at = next((i for i, (_, text) in enumerate(lines) if fold(text).startswith("plan")), len(lines))
        approval_at = next((i for i, (_, text) in enumerate(lines) if fold(text).startswith("aprob")), title_at)
        issuer = lines[:approval_at]
        approval = lines[approval_at:title_at]
        title = lines[title_at:]
        if approval:
            self.notes.append(Note(" ".join(text for _, text in approval), "approval"))
        for n, _ in lines:
            self.consumed.append(self.doc.ref(n))
        return (collapse(" ".join(text for _, text in title)),
                collapse(" ".join(text for _, text in issuer)), [n for n, _ in issuer])

    # ------------------------------------------------------------------ table
    def read_table(self, header: int) -> None:
        header_rows = [tab.cells(self.doc.line(header))]
        self.consumed.append(self.doc.ref(header))
        number = header + 1
        while number <= len(self.doc.lines):
            row = tab.cells(self.doc.line(number))
            if any(row) and not (tab.is_header_row(row, needed=1)
                                 and not any(tab.content_column(c) for c in row)):
                break
            if any(row):  # a sub-header: "Cost implementare", "Sursa de finanțare"
                header_rows.append(row)
                self.consumed.append(self.doc.ref(number))
            number += 1
        self.columns = tab.header_columns(header_rows)
        ended = False
        for n in range(number, len(self.doc.lines) + 1):
            line = self.doc.line(n)
            if not line.strip():
                continue
            if ended:
                self.read_trailer(n, line.strip())
            elif "-" in line and _RULE.match(line):
                self.consumed.append(self.doc.ref(n))
                ended = True
            else:
                self.read_row(n, tab.cells(line))

    def read_trailer(self, n: int, text: str) -> None:
        if fold(text).startswith("ex"):
            self.notes.append(Note(text, "executor"))
            self.consumed.append(self.doc.ref(n))
        else:
            self.unparsed.append(Unparsed(n, n, text, "text after the end of the table"))

    def read_row(self, n: int, row: list[str]) -> None:
        filled = [(i, c) for i, c in enumerate(row) if c]
        code = parse_code(filled[0][1]) if len(filled) == 1 else None
        if code is not None and code.label in {"general", "specific"}:
            self.read_objective(n, code.label, code.code, code.printed, code.rest)
            return
        anchors = {name: i for i, c in filled for name in [tab.content_column(c)] if name}
        number = next((m.group(1) for i, c in filled[:1] if i <= 1 for m in [_NUMBER.match(c)] if m), None)
        first_anchor = min(anchors.values(), default=len(row))
        title = next(((i, c) for i, c in filled if i < first_anchor and not _NUMBER.match(c)), None)
        starts = number is not None or (title is not None and title[1][:1].isupper() and bool(anchors))
        if starts and self.objectives:
            self.start_action(n, row, anchors, number, title)
        elif self.actions:
            self.actions[-1][1].continue_with(filled, n, self.gazetteer, self.columns, tab.raw_cells(self.doc, n))
        else:
            self.unparsed.append(Unparsed(n, n, " | ".join(c for _, c in filled), "row before any objective"))

    def read_objective(self, n: int, label: str, code: str, printed: str, rest: str) -> None:
        level = Level.GENERAL_OBJECTIVE if label == "general" else Level.SPECIFIC_OBJECTIVE
        parent = None
        if level is Level.SPECIFIC_OBJECTIVE:
            general = [c for lv, c, *_ in self.objectives if lv is Level.GENERAL_OBJECTIVE]
            parent = general[-1] if general else None
            if parent is not None and "." not in code:
                code = f"{parent}.{code}"  # "Obiectiv specific: 1." under general objective 1
        self.objectives.append((level, code, printed, n, parent))
        self.titles[code] = rest

    def start_action(self, n: int, row: list[str], anchors: dict[str, int], number: str | None,
                     title: tuple[int, str] | None) -> None:
        draft = tab.Draft(first_line=n, lines=[n])
        printed = tab.raw_cells(self.doc, n)
        # the institutions and indicators sit right of the anchors: shift them as the nearest anchor is shifted
        known = [a for a in _ANCHORS if a in anchors and a in self.columns]
        nearest = max(known, key=lambda a: anchors[a], default=None)
        offset = anchors[nearest] - self.columns[nearest] if nearest else 0
        taken = set(anchors.values())
        for name, index in anchors.items():
            draft.put(name, index, row[index], n, printed[index])
        if title is not None:
            draft.put("title", title[0], title[1], n, printed[title[0]])
            taken.add(title[0])
        for name in ("responsible", "partners", "indicators"):
            index = self.columns.get(name, -1) + offset
            if name in self.columns and 0 <= index < len(row) and index not in taken and row[index]:
                draft.put(name, index, row[index], n, printed[index])
                taken.add(index)
        for index, text in enumerate(row):
            if text and index not in taken and not (number is not None and _NUMBER.match(text)):
                draft.stray.append((n, index, text))
        specific = [c for lv, c, *_ in self.objectives if lv is Level.SPECIFIC_OBJECTIVE]
        self.actions.append((specific[-1] if specific else self.objectives[-1][1], draft, number))

    # ------------------------------------------------------------------ freezing
    def items(self, country: str) -> tuple[Item, ...]:
        items: list[Item] = []
        order: dict[str | None, int] = {}
        for level, code, printed, n, parent in self.objectives:
            order[parent] = order.get(parent, 0) + 1
            items.append(self._objective(level, code, printed, n, parent, order[parent]))
            for objective, draft, number in self.actions:
                if objective == code and level is Level.SPECIFIC_OBJECTIVE:
                    order[code] = order.get(code, 0) + 1
                    items.append(self._action(code, draft, number, order[code], country))
        return tuple(items)

    def _objective(self, level: Level, code: str, printed: str, n: int, parent: str | None, order: int) -> Item:
        rest = self.titles[code]
        notes: tuple[Note, ...] = ()
        pillar = _PILLAR.match(rest)
        title = f"{pillar['title']} ({pillar['label']})" if pillar else rest.lstrip(":. ")
        if printed and code not in printed:
            notes = (Note(f"code printed as „{printed}”; completed with the general objective's number", "code"),)
        return Item(id=code, level=level, code=code, code_text=printed, title=collapse(title), title_text=rest,
                    parent=parent, order=order, source=self.doc.ref(n), notes=notes)

    def _action(self, objective: str, draft: tab.Draft, number: str | None, order: int, country: str) -> Item:
        title = draft.text("title")
        responsible, partners = tab.parties(draft, self.gazetteer, country)
        indicators = tab.indicators(draft, self.doc, IndicatorKind.MONITORING)
        legal = find_legal_refs(" ".join([title] + [i.text for i in indicators]), self.acts)
        deadline = draft.text("deadline")
        cost = draft.text("cost")
        for line, index, text in draft.stray:
            self.unparsed.append(Unparsed(line, line, text, f"cell {index + 1} of an action row fits no column"))
        return Item(
            id=f"{objective}-a{order}", level=Level.ACTION, code=None,
            code_text=f"{number}." if number else None, title=title,
            title_text=draft.text_as_printed("title"),
            parent=objective, order=order, source=tab.source_of(self.doc, draft.lines),
            deadline=parse_deadline(deadline) if deadline else None,
            responsible=responsible, partners=partners, indicators=indicators,
            cost=parse_money(cost, country) if cost else None, funding=tab.funding(draft),
            legal_refs=legal, cross_refs=find_cross_refs(title),
        )


def read(doc: Document) -> Plan:
    """The plan of a 002-layout document."""
    reader = _Reader(doc)
    header = _header_line(doc)
    if header is None:
        raise DocumentError(doc.name, "no header row naming the action columns (Acțiuni, Termene, Responsabili)")
    title, issuer_text, issuer_lines = reader.read_preamble(header)
    reader.read_table(header)
    issuers = parse_parties(issuer_text, Role.RESPONSIBLE, reader.gazetteer)
    resolved = [p for p in issuers if p.institution is not None]
    issuer = resolved[-1] if resolved else (issuers[-1] if issuers else None)
    country = tab.country_of(resolved, reader.gazetteer, "MD")
    items = reader.items(country)
    return Plan(
        id=slug(doc.name.rsplit(".", 1)[0]),
        title=title, title_text=title, kind="action-plan", country=country, source=doc.whole,
        issuer=issuer, period=tab.period_in(title),
        legal_basis=find_legal_refs(title, reader.acts),
        implements=find_implemented(title, reader.acts),
        items=items, unparsed=tuple(reader.unparsed), notes=tuple(reader.notes),
        consumed=tuple(reader.consumed),
    )
