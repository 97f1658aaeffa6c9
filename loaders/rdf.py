"""Model -> RDF: one plan as one graph, in the terms of ``docs/MODEL.md``.

:func:`to_graph` is a pure function of the :class:`~loaders.model.Plan` (and
the extraction time): the same plan always yields the same triples, so a
reloaded plan keeps its IRIs. Every IRI comes from :mod:`loaders.iri`.

It sits on the ingest path, so triples are collected in a list of plain
tuples and handed to the graph's store in one ``addN`` call; literals that
recur (small integers, roles, match methods) are built once.

>>> from loaders.model import Plan, SourceRef
>>> plan = Plan("x", "Plan", "Plan", "action-plan", "MD", SourceRef("x.txt", "ab", 1, 9))
>>> len(to_graph(plan, extracted_at=datetime(2024, 1, 1, tzinfo=timezone.utc))) > 0
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from loaders import iri
from loaders.model import (
    CrossRef,
    Deadline,
    Funding,
    Indicator,
    IndicatorKind,
    Item,
    LegalRef,
    Level,
    Money,
    Note,
    Party,
    Plan,
    Role,
    SourceRef,
)
from loaders.text import fold

PK = Namespace(iri.ONTOLOGY)
SCHEMA = Namespace("https://schema.org/")

Triple = tuple[URIRef, URIRef, URIRef | Literal]

PLAN_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "action-plan": (PK.ActionPlan,),
    "implementation-plan": (PK.ImplementationPlan,),
    "strategy": (PK.Strategy,),
    "programme": (PK.Programme,),
    # An order that sets actions (003) is a plan and a ministerial order.
    "order": (PK.Plan, PK.MinisterialOrder),
}

LEVEL_CLASSES: dict[Level, URIRef] = {
    Level.GENERAL_OBJECTIVE: PK.GeneralObjective,
    Level.SPECIFIC_OBJECTIVE: PK.SpecificObjective,
    Level.ACTION: PK.Action,
    Level.ACTIVITY: PK.Activity,
}

# Plan kinds whose top level is printed under another name (004).
LEVEL_LABELS: dict[tuple[str, Level], str] = {
    ("implementation-plan", Level.GENERAL_OBJECTIVE): "Direcția de acțiune",
}

INDICATOR_CLASSES: dict[IndicatorKind, URIRef] = {
    IndicatorKind.IMPACT: PK.ImpactIndicator,
    IndicatorKind.RESULT: PK.ResultIndicator,
    IndicatorKind.MONITORING: PK.MonitoringIndicator,
}

ROLE_TERMS: dict[Role, URIRef] = {Role.RESPONSIBLE: PK.ResponsibleRole, Role.PARTNER: PK.PartnerRole}
ROLE_SHORTCUTS: dict[Role, URIRef] = {Role.RESPONSIBLE: PK.responsible, Role.PARTNER: PK.partner}

class _Terms:
    """``pk:`` terms as plain attributes: a Namespace lookup mints a new URIRef on every access."""

    def __getattr__(self, name: str) -> URIRef:
        value = PK[name]
        setattr(self, name, value)
        return value


T = _Terms()
TYPE, TITLE, ISSUED, LABEL = RDF.type, DCTERMS.title, DCTERMS.issued, RDFS.label
NOTE, EDITORIAL_NOTE, GENERATED_AT = SKOS.note, SKOS.editorialNote, PROV.generatedAtTime
VALUE, CURRENCY = SCHEMA.value, SCHEMA.currency
_TRUE = Literal(True)


@lru_cache(maxsize=4096)
def _int(n: int) -> Literal:
    return Literal(n)


@lru_cache(maxsize=256)
def _plain(s: str) -> Literal:
    return Literal(s)


def _ro(s: str) -> Literal:
    return Literal(s, lang="ro")


def _decimal(d: Decimal) -> Literal:
    """An xsd:decimal in canonical form (``400000``, ``0.5``), as stores such as Oxigraph give it back.

    rdflib keeps ``Decimal("400000.0")`` as ``"400000.0"``, which compares unequal to the stored
    ``"400000"``; values stay equal either way.
    """
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD.decimal, normalize=False)



def to_graph(plan: Plan, *, extracted_at: datetime | None = None) -> Graph:
    """The plan as an rdflib graph (the content of its named graph).

    ``extracted_at`` is written as ``prov:generatedAtTime`` of the source
    document; when it is ``None`` the current UTC time is used, so pass it to
    get byte-identical output.
    """
    triples: list[Triple] = []
    _plan(plan, triples, extracted_at or datetime.now(timezone.utc))
    graph = Graph(store="SimpleMemory")
    graph.bind("pk", PK)
    graph.bind("pkid", iri.ID)
    graph.bind("pkeli", iri.BASE + "eli/")
    graph.bind("pkfund", iri.BASE + "funding/")
    graph.bind("pkrec", iri.BASE + "recurrence/")
    graph.bind("schema", SCHEMA)
    graph.bind("prov", PROV)
    # Straight into the store: every node here is minted by us, so Graph.addN's
    # per-node checks would only cost time (a third of the conversion).
    add = graph.store.add
    for triple in triples:
        add(triple, graph)
    return graph


def search_text(title: str, code: str | None = None) -> str:
    """The folded text ``/search`` matches against: code and title, lower case, no diacritics."""
    return fold(f"{code} {title}" if code else title)


def _plan(plan: Plan, out: list[Triple], extracted_at: datetime) -> None:
    node = URIRef(iri.plan(plan.id))
    add = out.append
    for cls in PLAN_CLASSES.get(plan.kind, (T.Plan,)):
        add((node, TYPE, cls))
    add((node, TITLE, _ro(plan.title)))
    add((node, T.titleAsPrinted, Literal(plan.title_text)))
    add((node, T.searchText, Literal(search_text(plan.title))))
    add((node, T.jurisdiction, _plain(plan.country)))
    if plan.date:
        add((node, ISSUED, Literal(plan.date, datatype=XSD.date)))
    if plan.issuer is not None and plan.issuer.institution:
        add((node, T.issuer, URIRef(iri.institution(plan.issuer.institution))))
    if plan.period is not None:
        add((node, T.periodStart, _int(plan.period[0])))
        add((node, T.periodEnd, _int(plan.period[1])))
    for key in plan.implements:
        add((node, T.implements, URIRef(iri.legal_act(key))))
    _citations(node, plan.legal_basis, out)
    _cross_refs(node, plan.cross_refs, out)
    _indicators(node, plan.indicators, plan.source, out)
    _notes(node, plan.notes, out)
    _source(node, plan.source, out)
    _source_document(plan.source, extracted_at, out)
    labels = {level: label for (kind, level), label in LEVEL_LABELS.items() if kind == plan.kind}
    for item in plan.items:
        _item(plan.id, node, item, labels.get(item.level), plan.period, out)


def _source(node: URIRef, ref: SourceRef, out: list[Triple]) -> None:
    out.append((node, T.source, URIRef(iri.source_document(ref.sha256))))
    out.append((node, T.firstLine, _int(ref.first_line)))
    out.append((node, T.lastLine, _int(ref.last_line)))


def _source_document(ref: SourceRef, extracted_at: datetime, out: list[Triple]) -> None:
    node = URIRef(iri.source_document(ref.sha256))
    out.append((node, TYPE, T.SourceDocument))
    out.append((node, T.fileName, Literal(ref.file)))
    out.append((node, T.sha256, Literal(ref.sha256)))
    out.append((node, GENERATED_AT, Literal(extracted_at.isoformat(), datatype=XSD.dateTime)))


def _item(plan_id: str, plan_node: URIRef, item: Item, level_label: str | None,
          period: tuple[int, int] | None, out: list[Triple]) -> None:
    node = URIRef(iri.item(plan_id, item.id))
    add = out.append
    add((node, TYPE, LEVEL_CLASSES[item.level]))
    add((node, T.inPlan, plan_node))
    if item.parent is not None:
        add((node, T.parent, URIRef(iri.item(plan_id, item.parent))))
    if item.code is not None:
        add((node, T.code, Literal(item.code)))
    if item.code_text is not None:
        add((node, T.codeAsPrinted, Literal(item.code_text)))
    if level_label is not None:
        add((node, T.levelLabel, _ro(level_label)))
    add((node, T.order, _int(item.order)))
    add((node, TITLE, _ro(item.title)))
    add((node, T.titleAsPrinted, Literal(item.title_text)))
    add((node, T.searchText, Literal(search_text(item.title, item.code))))
    if item.deadline is not None:
        _deadline(node, item.deadline, period, out)
    _participations(node, (*item.responsible, *item.partners), out)
    _indicators(node, item.indicators, item.source, out)
    if item.cost is not None:
        _cost(node, item.cost, out)
    _funding(node, item.funding, out)
    _citations(node, item.legal_refs, out)
    _cross_refs(node, item.cross_refs, out)
    _notes(node, item.notes, out)
    _source(node, item.source, out)


# A deadline printed as a period ("2023-25"), not as a list of years ("2023, 2025").
_PRINTED_PERIOD = re.compile(r"[0-9] *[-–] *[0-9]")


def covered_years(deadline: Deadline, period: tuple[int, int] | None) -> tuple[int, ...]:
    """Every year ``deadline`` covers (``pk:coversYear``), ascending, given the plan's ``period``.

    The years it names and the years of its semesters; every year of a bounded period
    when it recurs or is printed as a period (a list such as "2023, 2025" counts for the
    years it names only); an open-ended recurrence ("Din 2022 anual") up to the end of
    the plan's period, one with no year at all ("anual", "permanent") over that period.

        >>> covered_years(Deadline("2023-25", (2023, 2025), 2023, 2025), None)
        (2023, 2024, 2025)
        >>> covered_years(Deadline("2023, 2025", (2023, 2025), 2023, 2025), None)
        (2023, 2025)
    """
    years = set(deadline.years)
    years.update(s.year for s in deadline.semesters if s.year is not None)
    recurs = deadline.recurrence is not None
    if deadline.start is not None and deadline.end is not None:
        if recurs or _PRINTED_PERIOD.search(deadline.text):
            years.update(range(deadline.start, deadline.end + 1))
    elif recurs and deadline.start is not None and period is not None:
        years.update(range(deadline.start, period[1] + 1))
    elif recurs and deadline.start is None and not deadline.years and period is not None:
        years.update(range(period[0], period[1] + 1))
    return tuple(sorted(years))


def _deadline(owner: URIRef, deadline: Deadline, period: tuple[int, int] | None, out: list[Triple]) -> None:
    node = URIRef(iri.part(owner, "deadline"))
    add = out.append
    add((owner, T.deadline, node))
    add((node, TYPE, T.Deadline))
    add((node, T.text, Literal(deadline.text)))
    for year in deadline.years:
        add((node, T.year, _int(year)))
    if deadline.start is not None:
        add((node, T.startYear, _int(deadline.start)))
    if deadline.end is not None:
        add((node, T.endYear, _int(deadline.end)))
    for n, semester in enumerate(deadline.semesters, 1):
        sem = URIRef(iri.part(node, "semester", n))
        add((node, T.semester, sem))
        add((sem, TYPE, T.Semester))
        add((sem, T.semesterNumber, _int(semester.number)))
        if semester.year is not None:
            add((sem, T.year, _int(semester.year)))
    if deadline.recurrence is not None:
        add((node, T.recurrence, URIRef(iri.recurrence(deadline.recurrence.value))))
    if deadline.per_year is not None:
        add((node, T.perYear, _int(deadline.per_year)))
    for year in covered_years(deadline, period):
        add((node, T.coversYear, _int(year)))
    if deadline.updated:
        add((node, T.updated, _TRUE))


def _participations(owner: URIRef, parties: Iterable[Party], out: list[Triple]) -> None:
    add = out.append
    for n, party in enumerate(parties, 1):
        node = URIRef(iri.part(owner, "participation", n))
        add((owner, T.participation, node))
        add((node, TYPE, T.Participation))
        add((node, T.role, ROLE_TERMS[party.role]))
        add((node, T.text, Literal(party.text)))
        add((node, T.matchMethod, _plain(party.match.value)))
        if party.institution:
            institution = URIRef(iri.institution(party.institution))
            add((node, T.institution, institution))
            add((owner, ROLE_SHORTCUTS[party.role], institution))
        if party.score is not None:
            add((node, T.matchScore, Literal(float(party.score))))


def _indicators(owner: URIRef, indicators: Iterable[Indicator], fallback: SourceRef, out: list[Triple]) -> None:
    add = out.append
    for n, indicator in enumerate(indicators, 1):
        node = URIRef(iri.part(owner, "indicator", n))
        add((owner, T.indicator, node))
        add((node, TYPE, INDICATOR_CLASSES[indicator.kind]))
        add((node, T.text, Literal(indicator.text)))
        if indicator.code is not None:
            add((node, T.code, Literal(indicator.code)))
        if indicator.period is not None:
            add((node, T.period, _plain(indicator.period)))
        for k, target in enumerate(indicator.targets, 1):
            tnode = URIRef(iri.part(node, "target", k))
            add((node, T.target, tnode))
            add((tnode, TYPE, T.Target))
            add((tnode, T.text, Literal(target.text)))
            add((tnode, LABEL, Literal(target.label)))
            add((tnode, T.value, _decimal(target.value)))
        _source(node, indicator.source or fallback, out)


def _cost(owner: URIRef, money: Money, out: list[Triple]) -> None:
    node = URIRef(iri.part(owner, "cost"))
    out.append((owner, T.cost, node))
    out.append((node, TYPE, T.MonetaryAmount))
    out.append((node, T.text, Literal(money.text)))
    if money.amount is not None:
        out.append((node, VALUE, _decimal(money.amount)))
    if money.currency is not None:
        out.append((node, CURRENCY, _plain(money.currency)))


def _funding(owner: URIRef, funding: Iterable[Funding], out: list[Triple]) -> None:
    for n, source in enumerate(funding, 1):
        node = URIRef(iri.part(owner, "funding", n))
        out.append((owner, T.funding, node))
        out.append((node, TYPE, T.Funding))
        out.append((node, T.text, Literal(source.text)))
        if source.kind is not None:
            out.append((node, T.fundingKind, URIRef(iri.funding_kind(source.kind))))


def _citations(owner: URIRef, refs: Iterable[LegalRef], out: list[Triple]) -> None:
    for n, ref in enumerate(refs, 1):
        node = URIRef(iri.part(owner, "citation", n))
        out.append((owner, T.citation, node))
        out.append((node, TYPE, T.Citation))
        out.append((node, T.text, Literal(ref.text)))
        if ref.act is not None:
            act = URIRef(iri.legal_act(ref.act))
            out.append((node, T.citedAct, act))
            out.append((owner, T.citesAct, act))
        if ref.article is not None:
            out.append((node, T.article, Literal(ref.article)))


def _cross_refs(owner: URIRef, refs: Iterable[CrossRef], out: list[Triple]) -> None:
    for n, ref in enumerate(refs, 1):
        node = URIRef(iri.part(owner, "xref", n))
        out.append((owner, T.crossReference, node))
        out.append((node, TYPE, T.CrossReference))
        out.append((node, T.text, Literal(ref.text)))
        out.append((node, T.printedCode, Literal(ref.code)))


def _notes(owner: URIRef, notes: Iterable[Note], out: list[Triple]) -> None:
    """Footnotes are the document's words (``skos:note``@ro); other kinds are our flags (``skos:editorialNote``@en)."""
    for note in notes:
        if note.kind == "footnote":
            out.append((owner, NOTE, _ro(note.text)))
        else:
            out.append((owner, EDITORIAL_NOTE, Literal(note.text, lang="en")))
