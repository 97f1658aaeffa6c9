"""loaders.rdf.to_graph: hand-built plans (snippets quoted from the documents) -> the triples of docs/MODEL.md."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.namespace import XSD as _xsd_ns

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
    Match,
    Money,
    Note,
    Party,
    Plan,
    Recurrence,
    Role,
    Semester,
    SourceRef,
    Target,
)
from loaders.rdf import PK, SCHEMA, search_text, to_graph

# Plain constants: pytest's collection probes module attributes, and the XSD namespace warns on unknown names.
XSD_INTEGER, XSD_DECIMAL, XSD_DATE, XSD_DATETIME = _xsd_ns.integer, _xsd_ns.decimal, _xsd_ns.date, _xsd_ns.dateTime
del _xsd_ns

SHA = "3f" * 32
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
PLAN_ID = "001-0c94d01ded17afb5"


def src(first: int, last: int) -> SourceRef:
    return SourceRef("001_0c94d01ded17afb5.txt", SHA, first, last)


def node(path: str = "") -> URIRef:
    """An IRI under the plan: ``node("item/1.2.4.5/cost")``."""
    return URIRef(iri.plan(PLAN_ID) + (f"/{path}" if path else ""))


def item(item_id: str = "1.2.4.5", **fields: object) -> Item:
    base = Item(
        id=item_id,
        level=Level.ACTIVITY,
        code=item_id,
        code_text=f"{item_id}.",
        title="Crearea centrului pentru copiii victime/martori ai infracțiunilor",
        title_text="Crearea centrului pentru copiii victime/martori ai infracțiunilor",
        parent="1.2.4",
        order=5,
        source=src(512, 530),
    )
    return replace(base, **fields)


def plan(*items: Item, **fields: object) -> Plan:
    base = Plan(
        id=PLAN_ID,
        title="Planul de acțiuni privind implementarea Strategiei municipale pentru protecția drepturilor copilului",
        title_text="PLANUL DE ACȚIUNI privind implementarea Strategiei municipale",
        kind="action-plan",
        country="MD",
        source=src(1, 834),
        items=items,
    )
    return replace(base, **fields)


def dpdc(role: Role = Role.RESPONSIBLE) -> Party:
    return Party("DGPPDC din sectoroare", role, "dpdc-sector", Match.ALIAS)


INT = lambda n: Literal(n, datatype=XSD_INTEGER)  # noqa: E731
DEC = lambda s: Literal(Decimal(s), datatype=XSD_DECIMAL)  # noqa: E731
ACT_708 = URIRef(iri.legal_act("md/hg/2019/708"))

# (case, plan, triples that must be present, triples that must be absent)
CASES = [
    (
        "001 activity 1.2.4.5: item core, parent, order, provenance lines",
        plan(item()),
        [
            (node("item/1.2.4.5"), RDF.type, PK.Activity),
            (node("item/1.2.4.5"), PK.inPlan, node()),
            (node("item/1.2.4.5"), PK.parent, node("item/1.2.4")),
            (node("item/1.2.4.5"), PK.code, Literal("1.2.4.5")),
            (node("item/1.2.4.5"), PK.codeAsPrinted, Literal("1.2.4.5.")),
            (node("item/1.2.4.5"), PK.order, INT(5)),
            (node("item/1.2.4.5"), DCTERMS.title, Literal(item().title, lang="ro")),
            (node("item/1.2.4.5"), PK.source, URIRef(iri.source_document(SHA))),
            (node("item/1.2.4.5"), PK.firstLine, INT(512)),
            (node("item/1.2.4.5"), PK.lastLine, INT(530)),
        ],
        [(node("item/1.2.4.5"), PK.deadline, None), (node("item/1.2.4.5"), PK.cost, None)],
    ),
    (
        "001 1.2.4.5: '400,0 mii lei' from 'Buget municipal', citing 'HG 708/2019'",
        plan(
            item(
                cost=Money("400,0 mii lei", Decimal("400000"), "MDL"),
                funding=(Funding("Buget municipal", "municipal-budget"),),
                legal_refs=(LegalRef("HG 708/2019", "hg", "708", 2019, None, "md/hg/2019/708"),),
            )
        ),
        [
            (node("item/1.2.4.5"), PK.cost, node("item/1.2.4.5/cost")),
            (node("item/1.2.4.5/cost"), RDF.type, PK.MonetaryAmount),
            (node("item/1.2.4.5/cost"), PK.text, Literal("400,0 mii lei")),
            (node("item/1.2.4.5/cost"), SCHEMA.value, DEC("400000")),
            (node("item/1.2.4.5/cost"), SCHEMA.currency, Literal("MDL")),
            (node("item/1.2.4.5/funding/1"), PK.fundingKind, URIRef(iri.funding_kind("municipal-budget"))),
            (node("item/1.2.4.5/citation/1"), PK.text, Literal("HG 708/2019")),
            (node("item/1.2.4.5/citation/1"), PK.citedAct, ACT_708),
            (node("item/1.2.4.5"), PK.citesAct, ACT_708),
        ],
        [],
    ),
    (
        "002: 'HG nr. 270 din 08-04-2014 … art. 40' keeps the article; an unknown act has no shortcut",
        plan(
            item(
                legal_refs=(
                    LegalRef("HG nr. 270 din 08-04-2014", "hg", "270", 2014, "40", "md/hg/2014/04/08/270"),
                    LegalRef("Hot. Guvern 999", "hg", "999", None, None, None),
                )
            )
        ),
        [
            (node("item/1.2.4.5/citation/1"), PK.article, Literal("40")),
            (node("item/1.2.4.5"), PK.citesAct, URIRef(iri.legal_act("md/hg/2014/04/08/270"))),
            (node("item/1.2.4.5/citation/2"), PK.text, Literal("Hot. Guvern 999")),
        ],
        [(node("item/1.2.4.5/citation/2"), PK.citedAct, None), (node("item/1.2.4.5/citation/2"), PK.article, None)],
    ),
    (
        "'În limitele bugetului alocat': cost text without amount",
        plan(item(cost=Money("În limitele bugetului alocat", None, None))),
        [(node("item/1.2.4.5/cost"), PK.text, Literal("În limitele bugetului alocat"))],
        [(node("item/1.2.4.5/cost"), SCHEMA.value, None), (node("item/1.2.4.5/cost"), SCHEMA.currency, None)],
    ),
    (
        "002: 'DGPPDC din sectoroare' (alias) responsible, 'ONG' unresolved partner, a fuzzy partner",
        plan(
            item(
                responsible=(dpdc(),),
                partners=(
                    Party("ONG", Role.PARTNER),
                    Party("La Strda", Role.PARTNER, "la-strada", Match.FUZZY, 88.9),
                ),
            )
        ),
        [
            (node("item/1.2.4.5"), PK.participation, node("item/1.2.4.5/participation/1")),
            (node("item/1.2.4.5/participation/1"), PK.role, PK.ResponsibleRole),
            (node("item/1.2.4.5/participation/1"), PK.text, Literal("DGPPDC din sectoroare")),
            (node("item/1.2.4.5/participation/1"), PK.institution, URIRef(iri.institution("dpdc-sector"))),
            (node("item/1.2.4.5/participation/1"), PK.matchMethod, Literal("alias")),
            (node("item/1.2.4.5"), PK.responsible, URIRef(iri.institution("dpdc-sector"))),
            (node("item/1.2.4.5/participation/2"), PK.role, PK.PartnerRole),
            (node("item/1.2.4.5/participation/2"), PK.matchMethod, Literal("unresolved")),
            (node("item/1.2.4.5/participation/3"), PK.matchScore, Literal(88.9)),
            (node("item/1.2.4.5"), PK.partner, URIRef(iri.institution("la-strada"))),
        ],
        [
            (node("item/1.2.4.5/participation/2"), PK.institution, None),
            (node("item/1.2.4.5/participation/1"), PK.matchScore, None),
        ],
    ),
    (
        "deadline '2022 și anual': the year and the recurrence",
        plan(item(deadline=Deadline("2022 și anual", (2022,), 2022, None, recurrence=Recurrence.ANNUAL))),
        [
            (node("item/1.2.4.5"), PK.deadline, node("item/1.2.4.5/deadline")),
            (node("item/1.2.4.5/deadline"), RDF.type, PK.Deadline),
            (node("item/1.2.4.5/deadline"), PK.text, Literal("2022 și anual")),
            (node("item/1.2.4.5/deadline"), PK.year, INT(2022)),
            (node("item/1.2.4.5/deadline"), PK.startYear, INT(2022)),
            (node("item/1.2.4.5/deadline"), PK.recurrence, URIRef(iri.recurrence("annual"))),
        ],
        [(node("item/1.2.4.5/deadline"), PK.endYear, None), (node("item/1.2.4.5/deadline"), PK.updated, None)],
    ),
    (
        "deadline '2024; 2026; 2028': every year named, bounded period",
        plan(item(deadline=Deadline("2024; 2026; 2028", (2024, 2026, 2028), 2024, 2028))),
        [
            (node("item/1.2.4.5/deadline"), PK.year, INT(2024)),
            (node("item/1.2.4.5/deadline"), PK.year, INT(2026)),
            (node("item/1.2.4.5/deadline"), PK.year, INT(2028)),
            (node("item/1.2.4.5/deadline"), PK.endYear, INT(2028)),
        ],
        [],
    ),
    (
        "deadline 'Semestrul II, 2024': a semester node",
        plan(item(deadline=Deadline("Semestrul II, 2024", (2024,), 2024, 2024, (Semester(2, 2024),)))),
        [
            (node("item/1.2.4.5/deadline"), PK.semester, node("item/1.2.4.5/deadline/semester/1")),
            (node("item/1.2.4.5/deadline/semester/1"), RDF.type, PK.Semester),
            (node("item/1.2.4.5/deadline/semester/1"), PK.semesterNumber, INT(2)),
            (node("item/1.2.4.5/deadline/semester/1"), PK.year, INT(2024)),
        ],
        [],
    ),
    (
        "deadlines 'Periodic (2 ori de pe an)' and '2022 cu actualizarea anuală'",
        plan(
            item(deadline=Deadline("Periodic (2 ori de pe an)", recurrence=Recurrence.PERIODIC, per_year=2)),
            item("1.2.4.6", order=6, deadline=Deadline("2022 cu actualizarea anuală", (2022,), 2022, None, updated=True)),
        ),
        [
            (node("item/1.2.4.5/deadline"), PK.recurrence, URIRef(iri.recurrence("periodic"))),
            (node("item/1.2.4.5/deadline"), PK.perYear, INT(2)),
            (node("item/1.2.4.6/deadline"), PK.updated, Literal(True)),
        ],
        [(node("item/1.2.4.5/deadline"), PK.year, None)],
    ),
    (
        "indicator 'Anual: Nr. seminare-1, Nr. participanți – 30.' with its targets and own lines",
        plan(
            item(
                indicators=(
                    Indicator(
                        "Anual: Nr. seminare-1, Nr. participanți – 30.",
                        IndicatorKind.RESULT,
                        "1.1.1. a)",
                        (
                            Target("Nr. seminare-1", "Nr. seminare", Decimal(1)),
                            Target("Nr. participanți – 30", "Nr. participanți", Decimal(30)),
                        ),
                        "annual",
                        src(520, 522),
                    ),
                    Indicator("Rata copiilor victime ale violenței", IndicatorKind.IMPACT, "I.4.1"),
                )
            )
        ),
        [
            (node("item/1.2.4.5"), PK.indicator, node("item/1.2.4.5/indicator/1")),
            (node("item/1.2.4.5/indicator/1"), RDF.type, PK.ResultIndicator),
            (node("item/1.2.4.5/indicator/1"), PK.code, Literal("1.1.1. a)")),
            (node("item/1.2.4.5/indicator/1"), PK.period, Literal("annual")),
            (node("item/1.2.4.5/indicator/1"), PK.firstLine, INT(520)),
            (node("item/1.2.4.5/indicator/1/target/2"), RDF.type, PK.Target),
            (node("item/1.2.4.5/indicator/1/target/2"), RDFS.label, Literal("Nr. participanți")),
            (node("item/1.2.4.5/indicator/1/target/2"), PK.value, DEC("30")),
            (node("item/1.2.4.5/indicator/2"), RDF.type, PK.ImpactIndicator),
            (node("item/1.2.4.5/indicator/2"), PK.firstLine, INT(512)),  # no own lines: the item's
        ],
        [(node("item/1.2.4.5/indicator/2"), PK.period, None)],
    ),
    (
        "000: cross-reference '(1.1.2)' of 4.1.2.2, and the code-mismatch flag of 3.1.1.1",
        plan(
            item("4.1.2.2", parent="4.1.2", order=2, cross_refs=(CrossRef("(1.1.2)", "1.1.2"),)),
            item("3.1.1.1", parent="4.1.1", order=1, notes=(Note("code 3.1.1.1 does not match parent 4.1.1", "code-mismatch"),)),
        ),
        [
            (node("item/4.1.2.2"), PK.crossReference, node("item/4.1.2.2/xref/1")),
            (node("item/4.1.2.2/xref/1"), RDF.type, PK.CrossReference),
            (node("item/4.1.2.2/xref/1"), PK.text, Literal("(1.1.2)")),
            (node("item/4.1.2.2/xref/1"), PK.printedCode, Literal("1.1.2")),
            (node("item/3.1.1.1"), SKOS.editorialNote, Literal("code 3.1.1.1 does not match parent 4.1.1", lang="en")),
        ],
        [],
    ),
    (
        "plan: date 2021-07-07, period 2020-2025, legal basis HG 386/2020, footnote, source document",
        plan(
            date="2021-07-07",
            period=(2020, 2025),
            issuer=Party("Consiliul Municipal Chișinău", Role.RESPONSIBLE, "cmc", Match.EXACT),
            implements=("md/strategy/2020/chisinau-drepturile-copilului",),
            legal_basis=(LegalRef("HG nr.386/2020", "hg", "386", 2020, None, "md/hg/2020/386"),),
            notes=(Note("HG nr.386/2020 cu privire la aprobarea Regulamentului", "footnote"),),
        ),
        [
            (node(), RDF.type, PK.ActionPlan),
            (node(), DCTERMS.issued, Literal("2021-07-07", datatype=XSD_DATE)),
            (node(), PK.periodStart, INT(2020)),
            (node(), PK.periodEnd, INT(2025)),
            (node(), PK.jurisdiction, Literal("MD")),
            (node(), PK.issuer, URIRef(iri.institution("cmc"))),
            (node(), PK.implements, URIRef(iri.legal_act("md/strategy/2020/chisinau-drepturile-copilului"))),
            (node(), PK.citation, node("citation/1")),
            (node("citation/1"), PK.citedAct, URIRef(iri.legal_act("md/hg/2020/386"))),
            (node(), SKOS.note, Literal("HG nr.386/2020 cu privire la aprobarea Regulamentului", lang="ro")),
            (node(), PK.firstLine, INT(1)),
            (node(), PK.lastLine, INT(834)),
            (URIRef(iri.source_document(SHA)), RDF.type, PK.SourceDocument),
            (URIRef(iri.source_document(SHA)), PK.fileName, Literal("001_0c94d01ded17afb5.txt")),
            (URIRef(iri.source_document(SHA)), PK.sha256, Literal(SHA)),
            (URIRef(iri.source_document(SHA)), PROV.generatedAtTime, Literal("2024-05-01T12:00:00+00:00", datatype=XSD_DATETIME)),
        ],
        [],
    ),
    (
        "003: an order is a plan and a ministerial order; it serves objective 3.2 of PNPC",
        plan(kind="order", cross_refs=(CrossRef("obiectivul specific 3.2", "3.2"),)),
        [
            (node(), RDF.type, PK.Plan),
            (node(), RDF.type, PK.MinisterialOrder),
            (node("xref/1"), PK.printedCode, Literal("3.2")),
        ],
        [(node(), RDF.type, PK.ActionPlan)],
    ),
    (
        "004: a direction of action carries its printed level name; a measure without code",
        plan(
            item("I", level=Level.GENERAL_OBJECTIVE, code="I", parent=None, order=1, title="Direcția de acțiune I"),
            item("OS.I.1-m1", level=Level.ACTION, code=None, code_text=None, parent="OS.I.1", order=1),
            kind="implementation-plan",
            country="RO",
        ),
        [
            (node(), RDF.type, PK.ImplementationPlan),
            (node("item/I"), RDF.type, PK.GeneralObjective),
            (node("item/I"), PK.levelLabel, Literal("Direcția de acțiune", lang="ro")),
            (node("item/OS.I.1-m1"), RDF.type, PK.Action),
        ],
        [
            (node("item/I"), PK.parent, None),
            (node("item/OS.I.1-m1"), PK.code, None),
            (node("item/OS.I.1-m1"), PK.levelLabel, None),
        ],
    ),
]


@pytest.mark.parametrize(("case", "the_plan", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_to_graph_writes_the_model_shape(case: str, the_plan: Plan, present: list, absent: list) -> None:
    graph = to_graph(the_plan, extracted_at=WHEN)
    missing = [t for t in present if t not in graph]
    assert not missing, f"{case}: missing {missing}"
    unexpected = [(s, p, o) for s, p, o in absent if any(True for _ in graph.triples((s, p, o)))]
    assert not unexpected, f"{case}: unexpected {unexpected}"


def test_output_is_deterministic_given_the_extraction_time() -> None:
    the_plan = plan(item(responsible=(dpdc(),), deadline=Deadline("2023, 2025", (2023, 2025), 2023, 2025)))
    first, second = to_graph(the_plan, extracted_at=WHEN), to_graph(the_plan, extracted_at=WHEN)
    assert set(first) == set(second)


def test_extraction_time_defaults_to_now() -> None:
    before = datetime.now(timezone.utc)
    graph = to_graph(plan())
    (stamp,) = graph.objects(URIRef(iri.source_document(SHA)), PROV.generatedAtTime)
    assert stamp.toPython() >= before.replace(microsecond=0)


def test_every_item_and_indicator_points_to_its_source() -> None:
    the_plan = plan(item(indicators=(Indicator("Nr. seminare", IndicatorKind.RESULT),)), item("1.2.4.6", order=6))
    graph = to_graph(the_plan, extracted_at=WHEN)
    typed = {s for s, o in graph.subject_objects(RDF.type) if o in (PK.Activity, PK.ResultIndicator, PK.ActionPlan)}
    assert len(typed) == 4
    for subject in typed:
        assert (subject, PK.source, URIRef(iri.source_document(SHA))) in graph
        assert graph.value(subject, PK.firstLine) is not None and graph.value(subject, PK.lastLine) is not None


@pytest.mark.parametrize(
    ("title", "code", "expected"),
    [
        ("Asigurarea funcţionării mecanismului", None, "asigurarea functionarii mecanismului"),  # cedilla ţ
        ("Asigurarea funcționării mecanismului", None, "asigurarea functionarii mecanismului"),  # comma-below ț
        ("ŞEDINŢE de lucru cu DGASPC", "OS.I.1", "os.i.1 sedinte de lucru cu dgaspc"),
    ],
)
def test_search_text_folds_case_diacritics_and_cedillas(title: str, code: str | None, expected: str) -> None:
    assert search_text(title, code) == expected
    graph = to_graph(plan(item(title=title, code=code)), extracted_at=WHEN)
    assert (node("item/1.2.4.5"), PK.searchText, Literal(expected)) in graph


def test_items_never_share_nodes_so_triples_grow_linearly() -> None:
    """2000 items with the same content: each adds exactly the triples one item adds (no IRI collision)."""
    items = tuple(item(f"1.{n}", order=n, responsible=(dpdc(),)) for n in range(1, 2001))
    graph = to_graph(plan(*items), extracted_at=WHEN)
    per_item = len(to_graph(plan(items[0]), extracted_at=WHEN)) - len(to_graph(plan(), extracted_at=WHEN))
    assert len(graph) == len(to_graph(plan(), extracted_at=WHEN)) + 2000 * per_item


@pytest.mark.parametrize(
    ("amount", "lexical"),
    [("400000.0", "400000"), ("300000", "300000"), ("41500.50", "41500.5"), ("0.0", "0")],  # "400,0 mii lei"…
)
def test_amounts_are_written_in_canonical_decimal_form(amount: str, lexical: str) -> None:
    graph = to_graph(plan(item(cost=Money("400,0 mii lei", Decimal(amount), "MDL"))), extracted_at=WHEN)
    (value,) = graph.objects(node("item/1.2.4.5/cost"), SCHEMA.value)
    assert str(value) == lexical and value.datatype == XSD_DECIMAL
