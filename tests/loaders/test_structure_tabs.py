"""Structure of 002 and 004 as issue 2 states it: the figures every reader change must keep."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.documents import read_document
from loaders.layout import detect, unaccounted_lines
from loaders.model import Level, Match, Plan, Role
from loaders.readers import bullets, tabs
from tests.conftest import DOC_002, DOC_004


@pytest.fixture(scope="module")
def plan_002() -> Plan:
    return tabs.read(read_document(DOC_002))


@pytest.fixture(scope="module")
def plan_004() -> Plan:
    return bullets.read(read_document(DOC_004))


def _children(plan: Plan, parent: str) -> list[str]:
    return [it.id for it in plan.items if it.parent == parent]


# ---------------------------------------------------------------------------- 002


def test_002_is_read_by_the_tabs_reader() -> None:
    assert detect(read_document(DOC_002)) is tabs


def test_002_plan_fields(plan_002: Plan) -> None:
    assert plan_002.id == "002-e89f7127f5da514e"
    assert plan_002.title == ("Plan de acțiuni privind implementarea Programului pentru prevenirea și combaterea "
                              "traficului de ființe umane pentru anii 2024-2028")
    assert (plan_002.kind, plan_002.country, plan_002.period) == ("action-plan", "MD", (2024, 2028))
    assert plan_002.issuer is not None and plan_002.issuer.institution == "dgpdc"
    assert plan_002.implements == ("md/programme/2024/prevenirea-combaterea-traficului",)
    assert [n.kind for n in plan_002.notes] == ["approval", "executor"]


def test_002_objectives(plan_002: Plan) -> None:
    general = plan_002.by_level(Level.GENERAL_OBJECTIVE)
    specific = plan_002.by_level(Level.SPECIFIC_OBJECTIVE)
    assert [g.id for g in general] == ["1", "2"]
    assert [(s.id, s.parent) for s in specific] == [("1.1", "1"), ("1.2", "1"), ("1.3", "1"), ("2.1", "2"), ("2.2", "2")]
    assert specific[0].code_text == "Obiectiv specific: 1."
    assert general[1].title.startswith("Populația și agenții economici privați")


def test_002_actions_per_specific_objective(plan_002: Plan) -> None:
    counts = [len(_children(plan_002, s.id)) for s in plan_002.by_level(Level.SPECIFIC_OBJECTIVE)]
    assert counts == [3, 2, 3, 6, 7]
    assert len(plan_002.by_level(Level.ACTION)) == 21
    assert _children(plan_002, "2.2")[0] == "2.2-a1"


def test_002_costs_total(plan_002: Plan) -> None:
    costs = [it.cost for it in plan_002.items if it.cost is not None]
    assert sum(c.amount for c in costs) == Decimal(41500)
    assert {c.currency for c in costs} == {"MDL"}


def test_002_legal_references(plan_002: Plan) -> None:
    refs = {(r.act, r.article) for it in plan_002.items for r in it.legal_refs}
    assert refs == {("md/hg/2014/04/08/270", "40"), ("md/law/2005/10/20/241", None)}
    assert [r.act for r in plan_002.item("1.1-a1").legal_refs] == ["md/hg/2014/04/08/270"]
    assert [r.act for r in plan_002.item("1.2-a1").legal_refs] == ["md/law/2005/10/20/241"]


def test_002_typo_resolves_to_sector_units(plan_002: Plan) -> None:
    first = plan_002.item("1.1-a1").responsible[0]
    assert (first.text, first.institution) == ("DGPPDC din sectoroare", "dpdc-sector")
    assert first.match in {Match.ALIAS, Match.FUZZY}


# (item, title ending, responsible keys, partner keys, deadline text, indicator count)
ROWS_002 = [
    # "și a standardelor internaționale în acest sens" continues the title; "combaterea TFU" the partner
    ("1.2-a1", "și a standardelor internaționale în acest sens", ["dgpdc", "dpdc-sector"], ["cnctfu"],
     "Semestrul I, 2024, 2027", 1),
    # the continuation row adds a responsible group and the end of the indicator (art. 40)
    ("1.1-a1", "potențiale victime ale violenței, neglijării, exploatării și traficului",
     ["dpdc-sector", "managerii-serviciilor-sociale"], ["institutii-educationale-sociale-medicale-drept"],
     "Semestrul II, 2024 - 2028", 1),
    # the partner's name is cut by the page break and finished in the indicators' column
    ("2.1-a4", "Comisiei municipale pentru prevenirea și combaterea traficului de ființe umane",
     ["dgpdc", "dpdc-sector"], ["comisia-municipala-tfu"], "semestrial", 1),
    # 2.2: no number and the first cells shifted left
    ("2.2-a3", "cunoașterea și respectarea drepturilor copilului", ["dpdc-sector", "managerii-serviciilor-sociale"],
     ["ong"], None, 2),
    ("2.2-a4", "în domeniul protecției dreptului copilului", ["dgpdc", "dpdc-sector"], ["ong"],
     "Semestrul II, 2024; 2026", 1),
    # the last row adds responsible units to the row above
    ("2.2-a7", "prestatorii serviciilor de transport public",
     ["dgpdc-smepsmc", "dpdc-sector", "managerii-serviciilor-sociale"], ["rte"], "Semestrul II, 2024; 2026; 2028", 1),
    ("2.2-a6", "în organele de ocrotire a normelor de drept", ["dgpdc", "dgpdc-saj"], ["dp-chisinau"],
     "Semestrul II, 2024; 2026; 2028", 3),
]


@pytest.mark.parametrize(("item_id", "ending", "responsible", "partners", "deadline", "indicators"), ROWS_002,
                         ids=[r[0] for r in ROWS_002])
def test_002_rows(plan_002: Plan, item_id: str, ending: str, responsible: list[str], partners: list[str],
                  deadline: str | None, indicators: int) -> None:
    item = plan_002.item(item_id)
    assert item.title.endswith(ending)
    assert [p.institution for p in item.responsible][-len(responsible):] == responsible
    assert [p.institution for p in item.partners] == partners
    assert (item.deadline.text if item.deadline else None) == deadline
    assert len(item.indicators) == indicators
    assert [f.kind for f in item.funding] in (["allocated-budget"], [])


def test_002_nothing_lost(plan_002: Plan) -> None:
    assert unaccounted_lines(read_document(DOC_002), plan_002) == []
    assert plan_002.unparsed == ()


# ---------------------------------------------------------------------------- 004


def test_004_is_read_by_the_bullets_reader() -> None:
    assert detect(read_document(DOC_004)) is bullets


def test_004_plan_fields(plan_004: Plan) -> None:
    assert plan_004.title == "PLANUL DE IMPLEMENTARE A SJDSS IALOMIȚA 2024-2030"
    assert (plan_004.kind, plan_004.country, plan_004.period) == ("implementation-plan", "RO", (2024, 2030))
    assert plan_004.implements == ("ro/strategy/2024/ialomita-sjdss",)


def test_004_directions_and_objectives(plan_004: Plan) -> None:
    assert [g.id for g in plan_004.by_level(Level.GENERAL_OBJECTIVE)] == ["I", "II", "III"]
    specific = [s.id for s in plan_004.by_level(Level.SPECIFIC_OBJECTIVE)]
    assert specific == ["OS.I.1", "OS.I.2", "OS.I.3", "OS.I.4", "OS.II.1", "OS.II.2", "OS.II.3", "OS.II.4",
                        "OS.II.5", "OS.III.1", "OS.III.2", "OS.III.3", "OS.III.4"]


def test_004_measures_per_specific_objective(plan_004: Plan) -> None:
    counts = [len(_children(plan_004, s.id)) for s in plan_004.by_level(Level.SPECIFIC_OBJECTIVE)]
    assert counts == [8, 4, 2, 2, 1, 6, 4, 7, 10, 4, 5, 3, 2]
    assert len(plan_004.by_level(Level.ACTION)) == 58


def test_004_page_break_continuations(plan_004: Plan) -> None:
    # "Locale pentru prevenirea…" continues the measure above it
    measure = plan_004.item("OS.I.3-m2")
    assert "Echipei Intersectoriale Locale pentru prevenirea" in measure.title
    assert [(p.institution, p.role) for p in measure.responsible + measure.partners] == [
        ("dgaspc-ialomita", Role.RESPONSIBLE), ("institutiile-membre-eil", Role.PARTNER)]
    assert [f.kind for f in measure.funding] == ["county-budget", "other"]
    # "serviciilor sociale si a solidarității…" finishes OS.III.3's title and starts a measure
    objective = plan_004.item("OS.III.3")
    assert objective.title.endswith("la nivel comunitar și județean")
    assert plan_004.item("OS.III.3-m2").title.startswith("Derularea de activități de voluntariat")
    # "dezvoltarea de alternative în comunitate" continues the measure cut after "și"
    assert plan_004.item("OS.II.5-m4").title.endswith("cu dizabilități și dezvoltarea de alternative în comunitate")


def test_004_indicators_split_per_bullet(plan_004: Plan) -> None:
    assert [i.text for i in plan_004.item("OS.I.2-m1").indicators] == [
        "Numărul de centre clasice închise",
        "Numărul de copii care beneficiază de protecție într-o casa de tip familial",
        "Numărul de case de tip familial nou înființate",
    ]
    # no bullets printed: one indicator per "Numărul …"
    assert len(plan_004.item("OS.II.4-m1").indicators) == 2
    # bullets above the page break, none below it
    assert len(plan_004.item("OS.II.3-m4").indicators) == 2
    assert all("<ul" not in i.text and "▪" not in i.text for it in plan_004.items for i in it.indicators)


def test_004_responsible_and_partners_split(plan_004: Plan) -> None:
    measure = plan_004.item("OS.II.5-m3")  # DGASPC UAT în parteneriat cu poliția și ONG
    assert [p.institution for p in measure.responsible] == ["dgaspc-ialomita", "uat"]
    assert [p.institution for p in measure.partners] == ["politia-ro", "ong"]
    assert all(p.institution for it in plan_004.items for p in it.responsible + it.partners)


def test_004_funding_split(plan_004: Plan) -> None:
    assert [f.kind for f in plan_004.item("OS.I.1-m2").funding] == ["county-budget", "local-budget", "external-funds"]


def test_004_measure_without_responsible_or_funding_is_kept(plan_004: Plan) -> None:
    measure = plan_004.item("OS.III.3-m3")
    assert measure.title.startswith("Valorizarea voluntarilor")
    assert (measure.responsible, measure.partners, measure.funding) == ((), (), ())
    assert measure.deadline is not None and measure.deadline.text == "Permanent"


def test_004_nothing_lost(plan_004: Plan) -> None:
    assert unaccounted_lines(read_document(DOC_004), plan_004) == []
    assert plan_004.unparsed == ()
