"""Theme classification by the keyword rules of ontology/themes.ttl."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.crossplan.conftest import P000, P001, P002, P004, item
from service.catalog import Catalog
from service.crossplan.corpus import Corpus
from service.crossplan.themes import Rule, RuleTable, classify
from service.store.base import Store

TH = "https://w3id.org/plankg/theme/"


@pytest.fixture(scope="module")
def rules(linked_store: Store) -> RuleTable:
    return RuleTable.from_store(linked_store)


# (title as printed in a sample plan, themes it must get, themes it must not get)
CASES = [
    # 001 1.1.3.4: "trafic" matches "traficului"
    ("Desfășurarea (periodică) a seminarelor de instruire cu tema: „Prevenirea și combaterea traficului de copii”",
     {"trafficking", "staff-training"}, {"disability"}),
    # 004 OS.I.1-m1: "respiro", "dizabilit"
    ("Înființarea de centre respiro pentru copiii cu dizabilități", {"disability"}, {"trafficking"}),
    # 004 OS.I.1-m7: the keyword of several words "centr de zi" matches "centre de zi"
    ("Înființarea de centre de zi pentru consiliere și sprijin pentru părinți și copii", {"day-centres", "family-support"}, set()),
    # 000 4.2.2.2: "centrelor de instruire" is not "centr de zi"
    ("Consolidarea centrelor de instruire prin echipamente, facilități de instruire la distanță", {"staff-training"},
     {"day-centres"}),
    # 000 4.1.3.6: "e-management" and "instruir" in one title: several themes
    ("Operaționalizarea modulului e-management a cazului de gestionare a cazurilor, serviciilor și prestațiilor în adopție, "
     "instruirea personalului", {"case-management-data", "staff-training", "alternative-care"}, set()),
]


@pytest.mark.parametrize(("title", "expected", "absent"), CASES, ids=[c[0][:40] for c in CASES])
def test_themes_of_a_title(rules: RuleTable, title: str, expected: set[str], absent: set[str]) -> None:
    found = {t.removeprefix(TH) for t in rules.themes_of(title)}
    assert expected <= found
    assert not (absent & found)


def test_a_keyword_is_a_prefix_of_a_word_not_a_substring() -> None:
    table = RuleTable([Rule(TH + "trafficking", ("trafic",))])
    assert table.themes_of("Combaterea traficului")
    assert not table.themes_of("Antitrafic")  # "antitrafic" is its own keyword in the scheme, not a match of "trafic"


def test_sample_items(corpus: Corpus, rules: RuleTable) -> None:
    themes = classify(corpus, rules)
    assert TH + "trafficking" in themes[item(P002, "2.1-a1")]  # "... prevenirea și combaterea TFU" ("tfu")
    assert TH + "volunteering" in themes[item(P004, "OS.III.3-m3")]  # "Valorizarea voluntarilor ..."
    assert TH + "intersectoral-cooperation" in themes[item(P001, "1.2")]


def test_moldovan_and_romanian_items_meet_under_one_theme(linked_store: Store) -> None:
    rows = Catalog.load().get("items-by-theme").run(linked_store, {"lang": "en"}).rows
    plans: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        plans[str(row["theme"])].add(str(row["plan"]))
    met = [t for t, p in plans.items() if P004 in p and p & {P000, P001, P002}]
    assert TH + "disability" in met or TH + "trafficking" in met
    assert len(met) >= 5
