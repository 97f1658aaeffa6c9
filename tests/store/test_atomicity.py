"""Readers see a plan's old graph or its new one, never a mix, while it is being replaced."""

from __future__ import annotations

import threading

import pytest
import rdflib

from service.store import Store

GRAPH = "https://w3id.org/plankg/graph/plan/atomic"
VERSION = rdflib.URIRef("https://w3id.org/plankg/ontology#version")
SIZE = 3000
COUNT_BY_VERSION = """
SELECT ?v (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/plankg/graph/plan/atomic> { ?s ?p ?v } } GROUP BY ?v
"""


def version_graph(k: int) -> rdflib.Graph:
    graph = rdflib.Graph()
    for i in range(SIZE):
        graph.add((rdflib.URIRef(f"https://w3id.org/plankg/id/atomic/{k % 2}/{i}"), VERSION, rdflib.Literal(str(k))))
    return graph


@pytest.mark.parametrize("store", ["embedded", "memory", "remote"], indirect=True)
def test_concurrent_readers_never_see_a_mix(store: Store) -> None:
    versions = [version_graph(k) for k in range(1, 9)]
    store.replace_graph(GRAPH, versions[0])
    seen: list[list[tuple[str, int]]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            rows = store.query(COUNT_BY_VERSION).rows
            seen.append(sorted((str(r["v"]), int(r["n"])) for r in rows))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for graph in versions[1:]:
            store.replace_graph(GRAPH, graph)
    finally:
        done.set()
        reader.join()
    assert seen, "the reader never ran"
    for observation in seen:
        assert len(observation) == 1 and observation[0][1] == SIZE, observation
    assert store.query(COUNT_BY_VERSION).rows[0]["v"] == rdflib.Literal("8")
