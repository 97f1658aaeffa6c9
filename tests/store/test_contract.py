"""The store contract: every Store gives the same answers (embedded on disk, memory, remote Oxigraph)."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from loaders.errors import QueryError
from service.store import META_GRAPH, Store, open_store

P000 = "https://w3id.org/plankg/graph/plan/000-c81970cad839fc42"
P001 = "https://w3id.org/plankg/graph/plan/001-0c94d01ded17afb5"
ITEM = "https://w3id.org/plankg/id/plan/000-c81970cad839fc42/item/"
PK = "https://w3id.org/plankg/ontology#"
PREFIXES = "PREFIX pk: <https://w3id.org/plankg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>\n"


NUMERIC = {XSD.decimal, XSD.double, XSD.float, XSD.integer}


def by_value(graph: rdflib.Graph) -> rdflib.Graph:
    """``graph`` with numbers compared by value: stores keep numeric literals in canonical form."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in NUMERIC:
            o = Literal(repr(float(o.toPython())), datatype=XSD.double)
        out.add((s, p, o))
    return out


def loaded(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> Store:
    store.replace_graphs(plan_graphs, hashes={P000: "aa" * 32, P001: "bb" * 32})
    return store


def rows(store: Store, sparql: str, **options: object) -> list[dict[str, object]]:
    result = store.query(PREFIXES + sparql, **options)  # type: ignore[arg-type]
    return sorted(result.rows, key=lambda row: sorted((k, str(v)) for k, v in row.items()))


# (case, query, expected rows) — the union default graph, GRAPH, OPTIONAL, literals of every kind.
SELECT_CASES = [
    (
        "activities of both plans through the union default graph",
        "SELECT ?code WHERE { ?item a pk:Activity ; pk:code ?code }",
        [{"code": Literal("1.1.1.3")}, {"code": Literal("4.1.1.1")}, {"code": Literal("4.1.1.2")}],
    ),
    (
        "GRAPH ?g finds the plan graph of each action",
        "SELECT ?g ?code WHERE { GRAPH ?g { ?item a pk:Action ; pk:code ?code } }",
        [{"g": URIRef(P000), "code": Literal("4.1.1")}],
    ),
    (
        "a Romanian title keeps its language tag and diacritics",
        "SELECT ?title WHERE { ?item pk:code \"4.1.1\" ; dcterms:title ?title }",
        [{"title": Literal("Cercetarea fenomenelor și nevoilor în domeniul protecției copilului în mun. Chișinău", lang="ro")}],
    ),
    (
        "typed literals: an integer year and a decimal amount (stored in canonical form: 400000.0 -> 400000)",
        "SELECT ?year ?value WHERE { ?item pk:deadline/pk:year ?year . ?other pk:cost/<http://schema.org/value> ?value }",
        [{"year": Literal("2022", datatype=XSD.integer), "value": Literal("400000", datatype=XSD.decimal)}],
    ),
    (
        "an unbound OPTIONAL variable is absent from its row",
        "SELECT ?code ?cost WHERE { ?item pk:parent ?parent ; pk:code ?code OPTIONAL { ?item pk:cost ?cost . FILTER(false) } }",
        [{"code": Literal("4.1.1.1")}, {"code": Literal("4.1.1.2")}],
    ),
    (
        "an aggregate over both plans",
        "SELECT ?plan (COUNT(?item) AS ?n) WHERE { ?item pk:inPlan ?plan } GROUP BY ?plan",
        [
            {"plan": URIRef("https://w3id.org/plankg/id/plan/000-c81970cad839fc42"), "n": Literal("3", datatype=XSD.integer)},
            {"plan": URIRef("https://w3id.org/plankg/id/plan/001-0c94d01ded17afb5"), "n": Literal("1", datatype=XSD.integer)},
        ],
    ),
]


@pytest.mark.parametrize(("case", "sparql", "expected"), SELECT_CASES, ids=[c[0] for c in SELECT_CASES])
def test_select(store: Store, plan_graphs: dict[str, rdflib.Graph], case: str, sparql: str, expected: list) -> None:
    loaded(store, plan_graphs)
    key = lambda row: sorted((k, str(v)) for k, v in row.items())  # noqa: E731
    assert rows(store, sparql) == sorted(expected, key=key)


def test_select_variables_in_projection_order(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    loaded(store, plan_graphs)
    result = store.query(PREFIXES + "SELECT ?title ?code WHERE { ?i pk:code ?code ; dcterms:title ?title }")
    assert result.kind == "select" and result.variables == ("title", "code") and len(result.rows) == 4


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("ASK { ?i pk:code \"4.1.1.2\" }", True),
        ("ASK { ?i pk:code \"9.9.9\" }", False),
    ],
)
def test_ask(store: Store, plan_graphs: dict[str, rdflib.Graph], sparql: str, expected: bool) -> None:
    result = loaded(store, plan_graphs).query(PREFIXES + sparql)
    assert (result.kind, result.boolean) == ("ask", expected)


def test_construct_returns_rdflib_triples(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    result = loaded(store, plan_graphs).query(
        PREFIXES + "CONSTRUCT { ?item pk:code ?code } WHERE { ?item a pk:Activity ; pk:code ?code }"
    )
    assert result.kind == "graph"
    assert set(result.triples) == {
        (URIRef(ITEM + "4.1.1.1"), URIRef(PK + "code"), Literal("4.1.1.1")),
        (URIRef(ITEM + "4.1.1.2"), URIRef(PK + "code"), Literal("4.1.1.2")),
        (URIRef("https://w3id.org/plankg/id/plan/001-0c94d01ded17afb5/item/1.1.1.3"), URIRef(PK + "code"), Literal("1.1.1.3")),
    }


# (case, bindings, expected codes): values are bound, never pasted into the query text.
BINDING_CASES = [
    ("a literal code", {"code": Literal("4.1.1.2")}, ["4.1.1.2"]),
    ("an item IRI", {"item": URIRef(ITEM + "4.1.1.1")}, ["4.1.1.1"]),
    ("a literal carrying SPARQL is only a literal", {"code": Literal('x" } ; DROP ALL ; { "')}, []),
    ("a literal closing an IRI is only a literal", {"code": Literal("> } } DELETE WHERE { ?s ?p ?o } #")}, []),
]


@pytest.mark.parametrize(("case", "bindings", "expected"), BINDING_CASES, ids=[c[0] for c in BINDING_CASES])
def test_bindings(store: Store, plan_graphs: dict[str, rdflib.Graph], case: str, bindings: dict, expected: list) -> None:
    loaded(store, plan_graphs)
    found = rows(store, "SELECT ?item ?code WHERE { ?item pk:code ?code }", bindings=bindings)
    assert sorted(str(row["code"]) for row in found) == expected
    assert store.graphs() == [P000, P001]  # nothing was dropped


def test_binding_a_variable_outside_the_projection(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    loaded(store, plan_graphs)
    found = rows(store, "SELECT ?code WHERE { ?item pk:parent ?parent ; pk:code ?code }", bindings={"parent": URIRef(ITEM + "4.1.1")})
    assert [str(r["code"]) for r in found] == ["4.1.1.1", "4.1.1.2"]


def test_protocol_dataset_restricts_the_default_and_named_graphs(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    loaded(store, plan_graphs)
    only_001 = rows(store, "SELECT ?code WHERE { ?i pk:code ?code }", default_graph_uris=[P001])
    assert only_001 == [{"code": Literal("1.1.1.3")}]
    named = rows(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graph_uris=[P000])
    assert named == [{"g": URIRef(P000)}]
    assert rows(store, "SELECT ?s WHERE { ?s ?p ?o }", named_graph_uris=[P000]) == []


def test_from_clause_sets_the_default_graph(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    loaded(store, plan_graphs)
    assert rows(store, f"SELECT ?code FROM <{P001}> WHERE {{ ?i pk:code ?code }}") == [{"code": Literal("1.1.1.3")}]


def test_graphs_hashes_and_copies(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    loaded(store, plan_graphs)
    assert store.graphs() == [P000, P001]
    assert store.graph_hashes() == {P000: "aa" * 32, P001: "bb" * 32}
    for iri, graph in plan_graphs.items():
        assert isomorphic(by_value(store.graph(iri)), by_value(graph))
    assert len(store.graph("https://w3id.org/plankg/graph/plan/absent")) == 0


def test_replace_graph_replaces_content_and_hash(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    loaded(store, plan_graphs)
    new = rdflib.Graph()
    new.add((URIRef(ITEM + "4.1.1.9"), URIRef(PK + "code"), Literal("4.1.1.9")))
    store.replace_graph(P000, new, sha256="cc" * 32)
    assert isomorphic(store.graph(P000), new)
    assert store.graph_hashes()[P000] == "cc" * 32
    store.replace_graph(P000, new)  # without a hash the old one is forgotten
    assert P000 not in store.graph_hashes()
    assert [str(r["code"]) for r in rows(store, "SELECT ?code WHERE { ?i pk:code ?code }")] == ["1.1.1.3", "4.1.1.9"]


def test_drop_graph(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    loaded(store, plan_graphs)
    store.drop_graph(P000)
    store.drop_graph("https://w3id.org/plankg/graph/plan/never-loaded")
    assert store.graphs() == [P001]
    assert store.graph_hashes() == {P001: "bb" * 32}


def test_bulk_load(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    store.replace_graph(P000, rdflib.Graph().parse(data=f"<{ITEM}old> <{PK}code> \"old\" .", format="nt"))
    store.bulk_load(plan_graphs, hashes={P000: "dd" * 32})
    assert store.graphs() == [P000, P001]
    assert store.graph_hashes() == {P000: "dd" * 32}
    assert isomorphic(by_value(store.graph(P000)), by_value(plan_graphs[P000]))


def test_meta_graph_is_hidden_from_graphs(store: Store, plan_graphs: dict[str, rdflib.Graph]) -> None:
    loaded(store, plan_graphs)
    assert META_GRAPH not in store.graphs()


@pytest.mark.parametrize("max_rows", [1, 2])
def test_row_cap_truncates_and_says_so(store: Store, plan_graphs: dict[str, rdflib.Graph], max_rows: int) -> None:
    loaded(store, plan_graphs)
    select = store.query(PREFIXES + "SELECT ?code WHERE { ?i pk:code ?code }", max_rows=max_rows)
    assert len(select.rows) == max_rows and select.truncated
    graph = store.query(PREFIXES + "CONSTRUCT { ?i pk:code ?c } WHERE { ?i pk:code ?c }", max_rows=max_rows)
    assert len(graph.triples) == max_rows and graph.truncated
    whole = store.query(PREFIXES + "SELECT ?code WHERE { ?i pk:code ?code }", max_rows=4)
    assert len(whole.rows) == 4 and not whole.truncated


@pytest.mark.parametrize("sparql", ["SELECT ?x WHERE {", "SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x <not an iri> ?o }"])
def test_malformed_query_is_a_query_error(store: Store, sparql: str) -> None:
    with pytest.raises(QueryError):
        store.query(sparql)


def test_stores_give_identical_answers(tmp_path, oxigraph_server: str, plan_graphs: dict[str, rdflib.Graph]) -> None:
    import httpx

    httpx.post(f"{oxigraph_server}/update", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    stores = [
        open_store(f"embedded:{tmp_path / 'store'}"),
        open_store("memory:"),
        open_store(f"sparql:{oxigraph_server}/query,{oxigraph_server}/update"),
    ]
    try:
        answers = []
        for store in stores:
            loaded(store, plan_graphs)
            answers.append([rows(store, sparql) for _, sparql, _ in SELECT_CASES])
        assert answers[0] == answers[1] == answers[2]
    finally:
        for store in stores:
            store.close()
