"""The query worker pool on its own: a crash or a runaway query costs one worker, never the service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib

from loaders.errors import QueryError
from service.errors import QueryTimeout
from service.store import open_store
from service.store.base import Store
from service.worker import QueryPool

GRAPH = "https://w3id.org/plankg/graph/plan/000-c81970cad839fc42"
ITEM = rdflib.URIRef("https://w3id.org/plankg/id/plan/000-c81970cad839fc42/item/4.1.1")
CODE = rdflib.URIRef("https://w3id.org/plankg/ontology#code")


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    opened = open_store("memory:")
    graph = rdflib.Graph()
    graph.add((ITEM, CODE, rdflib.Literal("4.1.1")))
    for i in range(40):
        graph.add((rdflib.URIRef(f"{ITEM}/{i}"), CODE, rdflib.Literal(f"4.1.1.{i}")))
    opened.replace_graph(GRAPH, graph)
    yield opened
    opened.close()


@pytest.fixture
def pool(store: Store) -> Iterator[QueryPool]:
    started = QueryPool(store, size=1)
    yield started
    started.close()


def test_a_query_that_crashes_the_engine_is_an_error_and_the_worker_is_replaced(pool: QueryPool) -> None:
    # pyoxigraph overflows its stack (SIGSEGV) on brackets nested this deep
    deep = "SELECT * WHERE {" + "{" * 20000 + "}" * 20000 + "}"
    with pytest.raises(QueryError, match="crashed the query engine"):
        pool.run(deep, timeout=30)
    assert pool.run("ASK { ?s ?p \"4.1.1\" }", timeout=30).boolean is True


def test_a_runaway_query_is_killed_at_the_deadline(pool: QueryPool) -> None:
    with pytest.raises(QueryTimeout, match="within 1 s"):
        pool.run("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?q ?r ?t }", timeout=1)
    assert pool.run("ASK { ?s ?p \"4.1.1\" }", timeout=30).boolean is True


def test_workers_see_writes(pool: QueryPool, store: Store) -> None:
    assert pool.run("ASK { ?s ?p \"9.9\" }", timeout=30).boolean is False
    extra = "https://w3id.org/plankg/graph/plan/extra"
    store.replace_graph(extra, rdflib.Graph().parse(data=f'<{ITEM}/x> <{CODE}> "9.9" .', format="nt"))
    try:
        assert pool.run("ASK { ?s ?p \"9.9\" }", timeout=30).boolean is True
    finally:
        store.drop_graph(extra)
    assert pool.run("ASK { ?s ?p \"9.9\" }", timeout=30).boolean is False


def test_bindings_and_row_cap_cross_the_process_boundary(pool: QueryPool) -> None:
    result = pool.run("SELECT ?s ?code WHERE { ?s ?p ?code }", bindings={"s": ITEM}, timeout=30)
    assert [row["code"] for row in result.rows] == [rdflib.Literal("4.1.1")]
    capped = pool.run("SELECT ?code WHERE { ?s ?p ?code }", timeout=30, max_rows=5)
    assert len(capped.rows) == 5 and capped.truncated
