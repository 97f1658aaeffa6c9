"""SHACL-SPARQL constraints see ``$this`` everywhere in their body (pre-binding), also inside UNION branches.

Regression: validating plan 004 together with the links graph reported 003's unresolved
reference to "3.2" as a warning of 004, because a ``BIND ($this AS ?value)`` inside a
UNION branch was evaluated with ``$this`` unbound and matched every plan.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, URIRef

from loaders import iri
from service.loading import load_paths
from service.store import open_store
from service.validation import validate
from service.validation_sparql import prebound
from tests.conftest import DOC_003, DOC_004

P003 = "003-21bc908ee7e690f7"
P004 = "004-31818754cbf6239c"
PLAN = URIRef("https://w3id.org/plankg/id/plan/x")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT $this ?value WHERE { { ?value pk:inPlan $this . } UNION { BIND ($this AS ?value) } }",
            f"SELECT  ?value WHERE {{ {{ ?value pk:inPlan <{PLAN}> . }} UNION {{ BIND (<{PLAN}> AS ?value) }} }}",
        ),
        ("SELECT $this WHERE { FILTER NOT EXISTS { $this pk:source ?s } }", f"SELECT *  WHERE {{ FILTER NOT EXISTS {{ <{PLAN}> pk:source ?s }} }}"),
        ("SELECT DISTINCT ?this WHERE { ?this a ?c }", f"SELECT DISTINCT *  WHERE {{ <{PLAN}> a ?c }}"),
        ("SELECT $this ?thisOne WHERE { ?thisOne pk:parent $this }", f"SELECT  ?thisOne WHERE {{ ?thisOne pk:parent <{PLAN}> }}"),
        (
            "SELECT $this ?value (COUNT(?x) AS ?n) WHERE { ?value pk:inPlan $this ; pk:x ?x } GROUP BY $this ?value",
            f"SELECT  ?value (COUNT(?x) AS ?n) WHERE {{ ?value pk:inPlan <{PLAN}> ; pk:x ?x }} GROUP BY ?value",
        ),
        ("SELECT $this WHERE { $this pk:x ?x } GROUP BY $this", f"SELECT *  WHERE {{ <{PLAN}> pk:x ?x }} "),
    ],
)
def test_prebound(query: str, expected: str) -> None:
    assert prebound(query, PLAN) == expected


def test_a_blank_node_is_left_to_substitution() -> None:
    assert prebound("SELECT $this WHERE { $this a ?c }", BNode()) is None


def _cross_reference_findings(plan_id: str, store) -> list[str]:
    data = Graph()
    for graph_iri in (iri.plan_graph(plan_id), iri.LINKS_GRAPH):
        for triple in store.graph(graph_iri):
            data.add(triple)
    return [f.plan_id for f in validate(data).results if f.shape.endswith("CrossReferenceStatusShape")]


def test_a_plan_is_not_given_another_plans_unresolved_reference() -> None:
    store = open_store("memory:")
    assert load_paths([DOC_003, DOC_004], store, validate=False).ok
    assert _cross_reference_findings(P003, store) == [P003]  # "3.2" of the PNPC, not loaded
    assert _cross_reference_findings(P004, store) == []
    store.close()
