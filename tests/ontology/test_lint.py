"""Ontology and reference-data hygiene: lint queries that must return no rows.

Each ``lint/<name>.rq`` runs over the reference graph (ontology, schemes,
themes, institutions, legal acts) and must return nothing; each has a bad
example ``lint/bad/<name>.ttl`` on which it must return rows, so a query that
cannot fail is caught too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from loaders.reference import reference_graph

LINT = Path(__file__).parent / "lint"
QUERIES = sorted(LINT.glob("*.rq"))


@pytest.fixture(scope="module")
def reference() -> rdflib.Graph:
    return reference_graph()


def _rows(graph: rdflib.Graph, query: Path) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in graph.query(query.read_text(encoding="utf-8"))]


def test_there_are_lint_queries() -> None:
    names = {q.stem for q in QUERIES}
    assert {"term-without-label", "term-without-definition", "term-without-alignment",
            "institution-without-kind-or-country"} <= names


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_reference_data_passes_lint(query: Path, reference: rdflib.Graph) -> None:
    assert _rows(reference, query) == []


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_lint_query_catches_its_bad_example(query: Path) -> None:
    bad = LINT / "bad" / f"{query.stem}.ttl"
    assert bad.is_file(), f"{query.name} needs a bad example {bad}"
    assert _rows(rdflib.Graph().parse(bad), query) != []
