"""Structure of the cell-per-line plans 000 and 001: the exact figures of issue 2."""

from decimal import Decimal
from pathlib import Path

import pytest

from loaders.extract import extract
from loaders.layout import detect
from loaders.documents import read_document
from loaders.model import IndicatorKind, Level, Plan
from loaders.readers import cells

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
DOC_000 = PLANS / "000_c81970cad839fc42.txt"
DOC_001 = PLANS / "001_0c94d01ded17afb5.txt"


@pytest.fixture(scope="module")
def plan_000() -> Plan:
    return extract(DOC_000)


@pytest.fixture(scope="module")
def plan_001() -> Plan:
    return extract(DOC_001)


def codes(plan: Plan, level: Level) -> list[str | None]:
    return [it.code for it in plan.by_level(level)]


@pytest.mark.parametrize("path", [DOC_000, DOC_001])
def test_cell_layout_is_detected(path: Path) -> None:
    assert detect(read_document(path)) is cells


# ---------------------------------------------------------------- 000

def test_000_hierarchy(plan_000: Plan) -> None:
    assert codes(plan_000, Level.GENERAL_OBJECTIVE) == ["4"]
    assert codes(plan_000, Level.SPECIFIC_OBJECTIVE) == ["4.1", "4.2"]
    assert codes(plan_000, Level.ACTION) == ["4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.1.5", "4.2.1", "4.2.2", "4.2.3"]
    activities = plan_000.by_level(Level.ACTIVITY)
    assert len(activities) == 37
    assert plan_000.item("4.2.3.6").parent == "4.2.3"  # printed after a [bookmark: _GoBack] artefact
    for item in plan_000.items:
        if item.parent is not None:
            assert plan_000.item(item.parent).level.depth == item.level.depth - 1


def test_000_misplaced_activity_is_kept_and_flagged(plan_000: Plan) -> None:
    misplaced = plan_000.item("3.1.1.1")
    assert misplaced.parent == "4.1.1" and misplaced.level is Level.ACTIVITY
    assert [n.kind for n in misplaced.notes] == ["code-mismatch"]
    flagged = [it.id for it in plan_000.items if any(n.kind == "code-mismatch" for n in it.notes)]
    assert flagged == ["3.1.1.1"]


def test_000_cross_references(plan_000: Plan) -> None:
    found = {(it.id, x.code) for it in plan_000.items for x in it.cross_refs}
    assert found == {
        ("4.1.2.2", "1.1.2"),
        ("4.1.3.4", "4.1.2"),
        ("4.1.5.3", "3.2.1"),
        ("4.1.5.4", "3.2.2"),
        ("4.2.2.1", "2.2.3"),
    }


def test_000_plan_level(plan_000: Plan) -> None:
    assert plan_000.id == "000-c81970cad839fc42"
    assert plan_000.title.startswith("Planul de acțiuni în vederea implementării Strategiei municipale")
    assert "[footnoteRef" not in plan_000.title and "[footnoteRef:1]" in plan_000.title_text
    assert (plan_000.kind, plan_000.country, plan_000.period, plan_000.date) == ("action-plan", "MD", (2020, 2025), None)
    assert {r.act for r in plan_000.legal_basis} == {"md/hg/2020/386", "md/council-decision/2020/07/16/cmc"}
    assert plan_000.implements == ("md/strategy/2020/chisinau-drepturile-copilului",)
    assert [n.kind for n in plan_000.notes] == ["footnote"] and "HG nr.386/2020" in plan_000.notes[0].text


def test_000_indicators(plan_000: Plan) -> None:
    general = plan_000.item("4")
    assert [(i.code, i.kind) for i in general.indicators] == [
        ("I.4.1", IndicatorKind.IMPACT),
        ("I.4.2", IndicatorKind.IMPACT),
    ]
    assert general.title == "Consolidarea sistemului municipal de protecție a copilului"
    assert [i.code for i in plan_000.item("4.1").indicators] == ["4.1.i)"]
    assert [i.code for i in plan_000.item("4.2").indicators] == ["4.2.i)"]
    for action in plan_000.by_level(Level.ACTION):
        assert [i.code for i in action.indicators] == [f"{action.code}. a)"], action.code
        assert action.indicators[0].kind is IndicatorKind.RESULT
    # an activity's own indicator, with its target
    agreements = plan_000.item("4.1.1.2").indicators
    assert [(t.label, t.value) for t in agreements[0].targets] == [("nr. de acorduri încheiate", Decimal(3))]


@pytest.mark.parametrize(
    ("item_id", "deadline", "responsible", "partners"),
    [
        ("4.1.1.1", "2023, 2025", ["dgpdc", "dgets", "dgass"], []),
        ("4.1.1.3", "2023, 2025", ["dgpdc", "dgets"], ["asm", "usm"]),
        ("3.1.1.1", "2022 și anual", ["dgpdc"], ["p4ec"]),
        ("4.1.3.3", "2021-22", ["dgpdc", "dgets"], []),
        ("4.2.3.6", "2024-25", ["dgpdc"], []),
    ],
)
def test_000_activity_cells(plan_000: Plan, item_id: str, deadline: str, responsible: list[str], partners: list[str]) -> None:
    item = plan_000.item(item_id)
    assert item.deadline is not None and item.deadline.text == deadline
    assert [p.institution for p in item.responsible] == responsible
    assert [p.institution for p in item.partners] == partners


def test_000_payroll_fund(plan_000: Plan) -> None:
    assert [(f.text, f.kind) for f in plan_000.item("4.1.2.2").funding] == [("Fondul de retribuire", "payroll-fund")]


# ---------------------------------------------------------------- 001

def test_001_hierarchy(plan_001: Plan) -> None:
    assert codes(plan_001, Level.GENERAL_OBJECTIVE) == ["1"]
    assert codes(plan_001, Level.SPECIFIC_OBJECTIVE) == ["1.1", "1.2"]
    assert len(plan_001.by_level(Level.ACTION)) == 8
    assert len(plan_001.by_level(Level.ACTIVITY)) == 41
    assert not [it for it in plan_001.items if it.notes and any(n.kind == "code-mismatch" for n in it.notes)]


def test_001_cross_references(plan_001: Plan) -> None:
    found = {(it.id, x.code) for it in plan_001.items for x in it.cross_refs}
    assert found == {
        ("1.1.1.3", "1.2.5"),
        ("1.1.2.3", "5.2.1"),
        ("1.1.3.4", "2.4.3"),
        ("1.2.2.3", "5.1.1"),
        ("1.2.2.4", "5.1.2"),
        ("1.2.2.5", "5.1.3"),
        ("1.2.3.2", "2.2.3.1"),
        ("1.2.4.6", "2.2.1"),
    }


def test_001_legal_references(plan_001: Plan) -> None:
    citing = {act: sorted(it.id for it in plan_001.items if any(r.act == act for r in it.legal_refs))
              for act in ("md/hg/2014/04/08/270", "md/hg/2019/708")}
    assert citing == {
        "md/hg/2014/04/08/270": ["1.2.1.5", "1.2.1.6", "1.2.4.2", "1.2.4.7"],
        "md/hg/2019/708": ["1.2.4.5"],
    }


@pytest.mark.parametrize(("item_id", "amount"), [("1.2.4.5", Decimal(400000)), ("1.2.4.6", Decimal(300000))])
def test_001_costs(plan_001: Plan, item_id: str, amount: Decimal) -> None:
    item = plan_001.item(item_id)
    assert item.cost is not None and item.cost.amount == amount and item.cost.currency == "MDL"
    assert [f.kind for f in item.funding] == ["municipal-budget"]
    costed = [it.id for it in plan_001.items if it.cost is not None]
    assert costed == ["1.2.4.5", "1.2.4.6"]


def test_001_plan_level(plan_001: Plan) -> None:
    assert plan_001.date == "2021-07-07"
    assert (plan_001.kind, plan_001.country, plan_001.period) == ("action-plan", "MD", (2020, 2025))
    assert [i.code for i in plan_001.item("1").indicators] == ["I.1.1", "I.1.2", "I.1.3"]
    assert [i.code for i in plan_001.item("1.1").indicators] == ["1.1.i)"]
    assert [i.code for i in plan_001.item("1.1.3").indicators] == ["1.1.3. a)"]
    assert plan_001.item("1.1.3").indicators[0].text == "Program adaptată și aplicat în școli, centre de zi"


@pytest.mark.parametrize(
    ("item_id", "deadline", "responsible", "partners", "notes"),
    [
        # responsible printed over two lines: "DGPDC," / "DGETS, DGASS, IGP"
        ("1.1.1.1", "2022", ["dgpdc", "dgets", "dgass", "igp"], ["apscf"], []),
        ("1.1.1.2", "Periodic (2 ori de pe an)", ["comitetul-coordonator"], ["toate-directiile"], []),
        # the deadline is printed on the line after an empty cell
        ("1.2.1.1", "2022-23", ["dgpdc", "dgets", "dgass", "igp"], [], []),
        ("1.2.4.5", "2023", ["dgpdc", "cmc"], ["mmps"], []),
        # "[bookmark: _GoBack]DGPDC"
        ("1.2.4.7", "permanent", ["dgpdc"], ["coe"], []),
        # a footnote inside the activity's title
        ("1.2.4.1", "2021-22", ["toate-directiile"], [], ["footnote"]),
    ],
)
def test_001_activity_cells(plan_001: Plan, item_id, deadline, responsible, partners, notes) -> None:
    item = plan_001.item(item_id)
    assert item.deadline is not None and item.deadline.text == deadline
    assert [p.institution for p in item.responsible] == responsible
    assert [p.institution for p in item.partners] == partners
    assert [n.kind for n in item.notes] == notes
    assert "[bookmark" not in " ".join(p.text for p in item.responsible)
    assert "[footnoteRef" not in item.title


@pytest.mark.parametrize("path", [DOC_000, DOC_001])
def test_every_activity_has_a_deadline_a_responsible_and_an_indicator(path: Path) -> None:
    plan = extract(path)
    for item in plan.by_level(Level.ACTIVITY):
        assert item.deadline is not None and item.deadline.text, item.id
        assert item.responsible, item.id
        assert len(item.indicators) == 1, item.id
        assert not [n for n in item.notes if n.kind == "unclassified-cell"], item.id
    assert plan.unparsed == ()
