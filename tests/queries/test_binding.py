"""Parameters are bound as RDF terms by the store, never pasted into the query text.

Injection attempts through a parameter find nothing and change nothing; IRIs
that would close the ``<…>`` are refused before any query runs; and every
named query gives the same answer on the embedded store (pyoxigraph
substitution) and on a real Oxigraph server behind the remote store (a
``VALUES`` block).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from service.catalog import Catalog, ParameterError, result_table
from service.store import Store, open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

INJECTIONS = [
    'DGPDC" } DROP ALL { "',
    "DGPDC' } DROP ALL { '",
    'DGPDC" . } ; DROP ALL ; SELECT * WHERE { "',
    '"} UNION { ?participation ?x ?y } #',
    'DGPDC"@ro || true || "',
    "DGPDC\\\" } DROP ALL { \\\"",
    "} DROP ALL {",
    '""" } INSERT DATA { <http://x> <http://y> <http://z> } { """',
]


@pytest.fixture()
def scratch_store(fixture_graph_set: dict) -> Iterator[Store]:
    """A fresh store for each test, so that a successful injection could not hide."""
    store = open_store("memory:")
    store.replace_graphs(fixture_graph_set)
    yield store
    store.close()


def _count(store: Store) -> int:
    return int(store.query(COUNT).rows[0]["n"])


@pytest.mark.parametrize("text", INJECTIONS)
def test_string_injection_finds_nothing_and_changes_nothing(catalog: Catalog, scratch_store: Store, text: str) -> None:
    before = _count(scratch_store)
    result = catalog.get("items-naming-party").run(scratch_store, {"text": text})
    assert result.rows == ()  # no party is printed like that: the value stayed one literal
    assert _count(scratch_store) == before


def test_the_same_parameter_finds_the_honest_value(catalog: Catalog, scratch_store: Store) -> None:
    rows = catalog.get("items-naming-party").run(scratch_store, {"text": "DGPPDC din sectoroare"}).rows
    assert [str(r["matchMethod"]) for r in rows] == ["alias"]


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        ("items-citing-act", "act", "https://w3id.org/plankg/eli/md/hg/2014/04/08/270> } DROP ALL { <http://x"),
        ("items-citing-act", "act", "https://w3id.org/plankg/eli/md/hg/2014 270"),
        ("institution-items", "institution", "https://w3id.org/plankg/id/institution/dgpdc>"),
        ("institution-items", "year", "2023 } DROP ALL {"),
        ("items-overdue", "date", '2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> } DROP ALL {'),
        ("items-by-theme", "lang", 'ro") || true || ("'),
        ("similar-items", "minScore", "0 } DROP ALL {"),
    ],
)
def test_malformed_values_are_refused_before_the_store(catalog: Catalog, scratch_store: Store, name: str, param: str, value: str) -> None:
    before = _count(scratch_store)
    with pytest.raises(ParameterError) as info:
        catalog.get(name).run(scratch_store, {param: value})
    assert info.value.parameter == param
    assert _count(scratch_store) == before


LISTS = {"sharedTerms": ", ", "citation": " | "}  # GROUP_CONCAT columns: SPARQL leaves their order open


def _answer(catalog: Catalog, store: Store, name: str, params: dict[str, str]) -> list[list[Any]]:
    columns, rows = result_table(catalog.get(name).run(store, params))
    for row in rows:
        for i, column in enumerate(columns):
            if column in LISTS and row[i] is not None:
                row[i] = sorted(row[i].split(LISTS[column]))
    return rows


PARITY = [
    ("items-citing-act", {}),
    ("items-citing-act", {"act": "https://w3id.org/plankg/eli/md/hg/2019/708"}),
    ("institution-items", {"year": "2023"}),
    ("institution-load", {}),
    ("institution-load", {"institution": "https://w3id.org/plankg/id/institution/dgpdc"}),
    ("items-due-in-year", {"year": "2025"}),
    ("items-due-in-year", {"year": "2024", "plan": "https://w3id.org/plankg/id/plan/002-e89f7127f5da514e"}),
    ("items-overdue", {"date": "2024-07-01"}),
    ("plan-structure", {}),
    ("costs-per-plan", {}),
    ("funding-by-source", {}),
    ("items-without-cost", {}),
    ("cross-references", {}),
    ("items-missing-fields", {"plan": "https://w3id.org/plankg/id/plan/004-31818754cbf6239c"}),
    ("acts-per-plan", {}),
    ("acts-not-cited-by-related", {}),
    ("items-naming-party", {"text": "MSPFM"}),
    ("items-by-theme", {"lang": "en"}),
    ("similar-items", {"minScore": "0.5"}),
    ("shared-responsibility", {}),
]


def test_parity_covers_every_query(catalog: Catalog) -> None:
    assert {name for name, _ in PARITY} == {q.name for q in catalog}


@pytest.mark.parametrize(("name", "params"), PARITY, ids=[f"{n}-{i}" for i, (n, _) in enumerate(PARITY)])
def test_embedded_and_remote_stores_agree(
    catalog: Catalog, sample_store: Store, remote_sample_store: Store, name: str, params: dict[str, str]
) -> None:
    embedded = _answer(catalog, sample_store, name, params)
    remote = _answer(catalog, remote_sample_store, name, params)
    assert remote == embedded  # same rows, same order
