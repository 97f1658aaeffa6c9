"""The coherence review as data: sections of findings, and the load table behind the chart.

Language convention (the same in every format): section titles, column
labels and suggested actions are given in Romanian **and** English; the
description of each finding (what was found) is in English, with the
document's own Romanian text quoted where it helps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Finding:
    """One thing an analyst should look at: where it is, what it is, what to do."""

    plan: str  # plan id, e.g. 001-0c94d01ded17afb5
    code: str  # item code as normalised ("4.1.2.2"), the item id when it has none, "—" for the plan itself
    lines: str  # source lines, "145-160" (empty when unknown)
    title: str  # the item's title (Romanian, as normalised)
    issue: str  # what was found (English)
    action_en: str
    action_ro: str
    related: str = ""  # the other end: "002-…/2.1 (lines 41-41)", a target, an act…
    item: str = ""  # the item or plan IRI


@dataclass(frozen=True)
class LoadCell:
    """Items an institution is responsible for or partners in, in one year."""

    institution: str  # IRI
    label: str
    year: int
    responsible: int
    partner: int

    @property
    def total(self) -> int:
        return self.responsible + self.partner


@dataclass(frozen=True)
class Section:
    """One section of the review: a key (stable, used as sheet name and anchor), titles, findings."""

    key: str
    title_en: str
    title_ro: str
    description: str  # English: what the section checks and how
    findings: tuple[Finding, ...] = ()
    load: tuple[LoadCell, ...] = ()  # only the institutions' load section
    omitted: int = 0  # findings left out by the per-section cap of build_review
    note: str = ""  # set when the section stopped looking early (see build.uneven_legal_bases)

    @property
    def omitted_note(self) -> str:
        """What the renderers print under a cut table (empty when nothing was left out)."""
        parts = [self.note] if self.note else []
        if self.omitted:
            parts.append(f"Încă {self.omitted} constatări nu sunt afișate / {self.omitted} more findings not shown "
                         "(plankg review --max-findings 0 shows all).")
        return " ".join(parts)


@dataclass(frozen=True)
class PlanSummary:
    id: str
    title: str
    country: str
    period: str  # "2020-2025" or ""
    items: int


@dataclass(frozen=True)
class Review:
    """The whole review, ready for a renderer."""

    generated_at: datetime
    plans: tuple[PlanSummary, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    @property
    def finding_count(self) -> int:
        return sum(len(s.findings) + s.omitted for s in self.sections)


COLUMNS = (
    ("plan", "Plan / Plan"),
    ("code", "Cod / Code"),
    ("lines", "Rânduri / Lines"),
    ("title", "Element / Item"),
    ("issue", "Constatare / Finding"),
    ("related", "Legat de / Related"),
    ("action_ro", "Acțiune propusă (ro)"),
    ("action_en", "Suggested action (en)"),
)
"""The columns of a findings table, with their bilingual labels, in every format."""
