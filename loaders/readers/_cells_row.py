"""The cells of one activity row of a cell-per-line table → the activity's fields.

A row prints, after the activity: deadline, responsible, partners, result
indicator, (the action's and the objective's indicators, merged), total cost,
municipal budget, state budget, other sources and donations, uncovered. Cells
shift and merged cells vanish, so each cell is first read for what it says:

- a deadline (:func:`loaders.normalise.deadlines.is_deadline`);
- an amount in lei, with the funding source printed under it;
- a funding source (``Fondul de retribuire``, ``Buget mun``);
- an indicator (``Anual: …``, ``Nr. …``, a numeric target);
- a list of institutions (most names found in the gazetteer).

Its position relative to the deadline (the anchor) only decides what content
cannot: a name list in the responsible or the partners column, a plain text
in the indicator column. A cell nothing explains is kept as a note.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from loaders.documents import Document
from loaders.model import Deadline, Funding, Indicator, IndicatorKind, LegalRef, Match, Money, Note, Party, Role
from loaders.normalise.deadlines import is_deadline, parse_deadline
from loaders.normalise.indicators import parse_indicator
from loaders.normalise.institutions import Gazetteer, parse_parties
from loaders.normalise.legal import LegalActs, find_implemented, find_legal_refs
from loaders.normalise.money import parse_funding, parse_money
from loaders.text import collapse, fold

# Relative columns, counted from the deadline (1).
_RESPONSIBLE, _PARTNERS, _INDICATOR = 2, 3, 4
_ACTION_INDICATOR, _OBJECTIVE_INDICATOR = 5, 6
# The funding columns of the header: 8-1 .. 8-4.
_FUNDING_COLUMNS = {8: "municipal-budget", 9: "state-budget", 10: "donations", 11: "uncovered"}

_AMOUNT = re.compile(r"(?i)\d[\d\s.,]*\s*(?:mii|mil\.?|milioane)?\s*(?:lei|mdl|ron)\b")
_INDICATOR_SIGNS = re.compile(r"^(?:anual|semestrial|trimestrial)\s*:|\bnr\b|\bnumar")


@dataclass(frozen=True)
class RowCell:
    """A non-empty cell of an activity's row: its position after the activity and its lines."""

    offset: int
    lines: list[tuple[int, str]]

    @property
    def text(self) -> str:
        return collapse(" ".join(t for _, t in self.lines))

    @property
    def first(self) -> int:
        return self.lines[0][0]

    @property
    def last(self) -> int:
        return self.lines[-1][0]


@dataclass(frozen=True)
class ActivityFields:
    deadline: Deadline | None
    responsible: tuple[Party, ...]
    partners: tuple[Party, ...]
    indicators: tuple[Indicator, ...]
    cost: Money | None
    funding: tuple[Funding, ...]
    notes: tuple[Note, ...]
    action_indicators: tuple[Indicator, ...]  # uncoded text in the action's indicator column
    objective_indicators: tuple[Indicator, ...]  # uncoded text in the objective's indicator column


@functools.cache
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


@functools.cache
def _acts() -> LegalActs:
    return LegalActs.load()


def legal_refs_in(text: str) -> tuple[LegalRef, ...]:
    """The legal references of an item's text, resolved against legal-acts.ttl."""
    return find_legal_refs(text, _acts())


def plan_legal_basis(text: str) -> tuple[tuple[LegalRef, ...], tuple[str, ...]]:
    """The legal basis a plan's footnote cites and the keys of the strategies it implements."""
    return find_legal_refs(text, _acts()), find_implemented(text, _acts())


def _is_parties(text: str, country: str) -> bool:
    parties = parse_parties(text, Role.RESPONSIBLE, _gazetteer(), country=country)
    known = [p for p in parties if p.match is not Match.UNRESOLVED]
    return bool(parties) and len(known) * 2 >= len(parties)


def _classify(cell: RowCell, country: str) -> str:
    text = cell.text
    if is_deadline(text):
        return "deadline"
    if _AMOUNT.search(text):
        return "money"
    funding = parse_funding(text)
    if funding and all(f.kind for f in funding):
        return "funding"
    if _INDICATOR_SIGNS.search(fold(text)):
        return "indicator"
    if _is_parties(text, country):
        return "parties"
    return "text"


def _money_cell(cell: RowCell, country: str) -> tuple[Money | None, tuple[Funding, ...]]:
    """An amount and the sources printed with it: ``400,0 mii lei.`` / ``Buget municipal``."""
    amount_lines = [t for _, t in cell.lines if _AMOUNT.search(t)]
    other_lines = [t for _, t in cell.lines if not _AMOUNT.search(t)]
    money = parse_money(collapse(" ".join(amount_lines)), country)
    funding = parse_funding(collapse(" ".join(other_lines))) if other_lines else ()
    return money, tuple(funding)


def _place(region: list[tuple[int, RowCell, str]], notes: list[Note]) -> dict[int, RowCell]:
    """Columns for the name and indicator cells of a row: content first, position to break ties.

    The activity's indicator is the cell that reads like one, else the last plain text
    after the names (columns 3-4); the name cells left are responsible then partners —
    a single one goes to the column it is nearest to; plain text in the action's or the
    objective's indicator column (5, 6) is an uncoded indicator of that item.
    """
    slots: dict[int, RowCell] = {}
    signed = [c for col, c, k in region if k == "indicator" and col <= _ACTION_INDICATOR]
    plain = [c for col, c, k in region if k == "text" and _PARTNERS <= col <= _INDICATOR]
    if signed:
        slots[_INDICATOR] = signed[0]
    elif plain:
        slots[_INDICATOR] = plain[-1]
    rest = [(col, c) for col, c, _ in region if c is not slots.get(_INDICATOR)]
    for col, cell in [(col, c) for col, c in rest if col in (_ACTION_INDICATOR, _OBJECTIVE_INDICATOR)]:
        if col not in slots:
            slots[col] = cell
            rest.remove((col, cell))
    free = [_RESPONSIBLE, _PARTNERS]
    if len(rest) >= len(free):
        slots.update(zip(free, (c for _, c in rest)))
        for _, cell in rest[len(free):]:
            notes.append(Note(f"cell not placed (column {cell.offset}): {cell.text}", "unclassified-cell"))
    else:
        for col, cell in rest:
            target = min(free, key=lambda c: abs(c - col))
            free.remove(target)
            slots[target] = cell
    return slots


def fill_activity(row: list[RowCell], doc: Document, country: str) -> ActivityFields:
    """The fields of an activity from the non-empty cells of its row."""
    kinds = [(cell, _classify(cell, country)) for cell in row]
    deadline_cell = next((c for c, k in kinds if k == "deadline"), None)
    anchor = deadline_cell.offset if deadline_cell is not None else 1

    cost: Money | None = None
    funding: list[Funding] = []
    notes: list[Note] = []
    region: list[tuple[int, RowCell, str]] = []  # (column, cell, kind): names and indicators
    for cell, kind in kinds:
        column = cell.offset - anchor + 1
        if cell is deadline_cell:
            continue
        if kind == "money" and cost is None:
            cost, printed = _money_cell(cell, country)
            funding.extend(printed)
            if not printed and column in _FUNDING_COLUMNS:
                funding.append(Funding(cell.text, _FUNDING_COLUMNS[column]))
        elif kind == "funding":
            funding.extend(parse_funding(cell.text))
        elif kind in ("parties", "indicator", "text") and column > 0:
            region.append((column, cell, kind))
        else:
            notes.append(Note(f"cell not understood (column {cell.offset}): {cell.text}", "unclassified-cell"))
    slots = _place(region, notes)
    def parties(column: int, role: Role) -> tuple[Party, ...]:
        cell = slots.get(column)
        return parse_parties(cell.text, role, _gazetteer(), country=country) if cell else ()

    named = parties(_RESPONSIBLE, Role.RESPONSIBLE)  # "X în parteneriat cu Y" names partners too
    responsible = tuple(p for p in named if p.role is Role.RESPONSIBLE)
    partners = tuple(p for p in named if p.role is Role.PARTNER) + parties(_PARTNERS, Role.PARTNER)

    def indicators(column: int) -> tuple[Indicator, ...]:
        cell = slots.get(column)
        if cell is None:
            return ()
        return (parse_indicator(cell.text, IndicatorKind.RESULT, source=doc.ref(cell.first, cell.last)),)

    return ActivityFields(
        deadline=parse_deadline(deadline_cell.text) if deadline_cell is not None else None,
        responsible=responsible,
        partners=partners,
        indicators=indicators(_INDICATOR),
        cost=cost,
        funding=tuple(funding),
        notes=tuple(notes),
        action_indicators=indicators(_ACTION_INDICATOR),
        objective_indicators=indicators(_OBJECTIVE_INDICATOR),
    )
