"""pk:coversYear: the years a deadline covers, written at load time for the queries by year."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from loaders import iri
from loaders.extract import extract
from loaders.normalise.deadlines import parse_deadline
from loaders.rdf import PK, covered_years, to_graph

PERIOD_001 = (2020, 2025)  # 001: Programul ... 2020-2025

# (printed deadline, plan period, years covered)
CASES = [
    ("2023", PERIOD_001, (2023,)),
    ("2023-25", PERIOD_001, (2023, 2024, 2025)),  # a period printed as one
    ("2023, 2025", PERIOD_001, (2023, 2025)),  # a list: the years it names only
    ("Semestrul II, 2024", PERIOD_001, (2024,)),
    ("Din 2022 anual", PERIOD_001, (2022, 2023, 2024, 2025)),  # open-ended: to the plan's end
    ("Din 2022 anual", None, (2022,)),  # no plan period: only the year it names
    ("anual", PERIOD_001, (2020, 2021, 2022, 2023, 2024, 2025)),  # over the plan's period
    ("permanent", (2024, 2028), (2024, 2025, 2026, 2027, 2028)),
    ("Semestrul I anual 2024-2028", PERIOD_001, (2024, 2025, 2026, 2027, 2028)),  # past the plan's end: as printed
    ("2022 și anual", PERIOD_001, (2022, 2023, 2024, 2025)),
    ("După necesitate", PERIOD_001, (2020, 2021, 2022, 2023, 2024, 2025)),  # a recurrence with no year
    ("Semestrul I, 2024, 2027", (2024, 2028), (2024, 2027)),
    ("Semestrul II, 2024 - 2028", (2024, 2028), (2024, 2025, 2026, 2027, 2028)),
]


@pytest.mark.parametrize(("printed", "period", "expected"), CASES)
def test_covered_years(printed: str, period: tuple[int, int] | None, expected: tuple[int, ...]) -> None:
    assert covered_years(parse_deadline(printed), period) == expected


SAMPLE_000 = Path(__file__).resolve().parents[2] / "data" / "plans" / "000_c81970cad839fc42.txt"

# 000 (period 2020-2025): item, printed deadline, pk:coversYear in the graph
SAMPLE_CASES = [
    ("4.1.1.1", "2023, 2025", (2023, 2025)),
    ("3.1.1.1", "2022 și anual", (2022, 2023, 2024, 2025)),
    ("4.1.1.2", "anual", (2020, 2021, 2022, 2023, 2024, 2025)),
    ("4.1.3.3", "2021-22", (2021, 2022)),
    ("4.1.3.4", "2022 și actualizat", (2022,)),
]


@pytest.fixture(scope="module")
def graph_000() -> Graph:
    return to_graph(extract(SAMPLE_000))


@pytest.mark.parametrize(("item", "printed", "expected"), SAMPLE_CASES)
def test_to_graph_writes_covers_year(graph_000: Graph, item: str, printed: str, expected: tuple[int, ...]) -> None:
    deadline = URIRef(iri.part(iri.item("000-c81970cad839fc42", item), "deadline"))
    assert str(graph_000.value(deadline, PK.text)) == printed
    years = sorted(graph_000.objects(deadline, PK.coversYear), key=int)
    assert years == [Literal(y, datatype=XSD.integer) for y in expected]
