"""The plan model: what a document says, as frozen dataclasses.

Every object carries the text as printed beside its normalised value and a
:class:`SourceRef` that points back to the lines it came from. The model is
the contract between the readers (document -> model) and the RDF writer
(model -> graph); nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


@dataclass(frozen=True)
class SourceRef:
    """Where an object was read: file name, its sha256 and a 1-based line range."""

    file: str
    sha256: str
    first_line: int
    last_line: int

    def span(self, other: "SourceRef") -> "SourceRef":
        """The smallest range covering this reference and ``other`` (same file)."""
        return SourceRef(
            self.file,
            self.sha256,
            min(self.first_line, other.first_line),
            max(self.last_line, other.last_line),
        )


class Level(str, Enum):
    """The levels of a plan, from the top. 004 calls the first one *direcția de acțiune*."""

    GENERAL_OBJECTIVE = "general_objective"
    SPECIFIC_OBJECTIVE = "specific_objective"
    ACTION = "action"
    ACTIVITY = "activity"

    @property
    def depth(self) -> int:
        return list(Level).index(self)


class Role(str, Enum):
    RESPONSIBLE = "responsible"
    PARTNER = "partner"


class Match(str, Enum):
    """How a printed institution name was resolved against the gazetteer."""

    EXACT = "exact"  # the preferred label or acronym
    ALIAS = "alias"  # a recorded variant (typos and former names included)
    FUZZY = "fuzzy"  # close to a label, not recorded: worth a human look
    UNRESOLVED = "unresolved"  # kept as text only


class Recurrence(str, Enum):
    ANNUAL = "annual"
    SEMESTRIAL = "semestrial"
    PERIODIC = "periodic"
    PERMANENT = "permanent"
    AS_NEEDED = "as-needed"


class IndicatorKind(str, Enum):
    IMPACT = "impact"
    RESULT = "result"
    MONITORING = "monitoring"


@dataclass(frozen=True)
class Semester:
    number: int  # 1 or 2
    year: int | None  # None where the semester recurs ("Semestrul II, anual")


@dataclass(frozen=True)
class Deadline:
    """A deadline as printed and what it means.

    ``years`` lists every year the text names; ``start``/``end`` bound the
    period it covers (equal for a single year, open-ended ``end=None`` for
    "Din 2022 anual"); ``recurrence`` and ``per_year`` say how often.
    """

    text: str
    years: tuple[int, ...] = ()
    start: int | None = None
    end: int | None = None
    semesters: tuple[Semester, ...] = ()
    recurrence: Recurrence | None = None
    per_year: int | None = None
    updated: bool = False  # "cu actualizarea anuală", "și actualizat"


@dataclass(frozen=True)
class Money:
    text: str
    amount: Decimal | None  # in currency units: "400,0 mii lei" -> 400000
    currency: str | None  # ISO 4217: MDL, RON


@dataclass(frozen=True)
class Funding:
    text: str
    kind: str | None  # a key of the funding-source scheme (ontology), None if unknown


@dataclass(frozen=True)
class Party:
    """An institution named as responsible or partner, as printed and as resolved."""

    text: str
    role: Role
    institution: str | None = None  # gazetteer key (local name of its IRI)
    match: Match = Match.UNRESOLVED
    score: float | None = None  # similarity for FUZZY matches, 0..100


@dataclass(frozen=True)
class LegalRef:
    text: str
    kind: str | None = None  # law, hg (government decision), order, council-decision, ...
    number: str | None = None
    year: int | None = None
    article: str | None = None
    act: str | None = None  # legal-act key (local name of its IRI) when known


@dataclass(frozen=True)
class CrossRef:
    """A code printed in parentheses that points to another item: ``(5.1.2)``."""

    text: str
    code: str


@dataclass(frozen=True)
class Target:
    """A numeric target printed in an indicator: ``Nr. participanți – 30``."""

    text: str
    label: str
    value: Decimal


@dataclass(frozen=True)
class Indicator:
    text: str
    kind: IndicatorKind
    code: str | None = None  # "I.4.1", "4.1.1. a)", "4.1.i)"
    targets: tuple[Target, ...] = ()
    period: str | None = None  # "annual" when printed "Anual:"
    source: SourceRef | None = None


@dataclass(frozen=True)
class Note:
    text: str
    kind: str  # footnote, code-mismatch, continuation, ocr-repair, ...


@dataclass(frozen=True)
class Item:
    id: str  # unique within the plan, URL-safe
    level: Level
    code: str | None  # normalised ("4.1.2.3", "OS.I.1"); None where none is printed
    code_text: str | None  # as printed ("4.1.2.3.", "Obiectiv specific: 1.")
    title: str  # normalised text
    title_text: str  # as printed
    parent: str | None  # id of the parent item
    order: int  # 1-based position among its siblings
    source: SourceRef
    deadline: Deadline | None = None
    responsible: tuple[Party, ...] = ()
    partners: tuple[Party, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    cost: Money | None = None
    funding: tuple[Funding, ...] = ()
    legal_refs: tuple[LegalRef, ...] = ()
    cross_refs: tuple[CrossRef, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Unparsed:
    """Source lines that no item or plan field took, with the reason."""

    first_line: int
    last_line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    title_text: str
    kind: str  # action-plan, implementation-plan, strategy, programme, order
    country: str  # MD, RO
    source: SourceRef  # the whole document
    issuer: Party | None = None
    date: str | None = None  # ISO date of the text's version
    period: tuple[int, int] | None = None
    legal_basis: tuple[LegalRef, ...] = ()
    implements: tuple[str, ...] = ()  # keys of acts/plans this plan implements
    items: tuple[Item, ...] = ()
    indicators: tuple[Indicator, ...] = ()  # plan-level indicators, if any
    cross_refs: tuple[CrossRef, ...] = ()  # e.g. the objective of another plan an order serves
    unparsed: tuple[Unparsed, ...] = ()
    notes: tuple[Note, ...] = ()
    # Lines read into plan-level fields or layout scaffolding (title, date, legal
    # basis, footnotes, column headers, column-number rows): see loaders/layout.py
    # "Nothing lost". Not written to RDF.
    consumed: tuple[SourceRef, ...] = ()

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def by_level(self, level: Level) -> list[Item]:
        return [it for it in self.items if it.level is level]
