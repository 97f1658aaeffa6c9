"""Helper process for test_crash.py: replace one large graph in a loop until killed.

Usage: ``python crash_writer.py STORE_DIR SIZE``. Version ``k`` of the graph has
SIZE triples ``<…/s/i> <…/version> "k"`` and the source hash ``k`` as 64 hex
digits; after each committed replacement the process prints ``k``.
"""

from __future__ import annotations

import sys

import rdflib

from service.store.embedded import EmbeddedStore

GRAPH = "https://w3id.org/plankg/graph/plan/crash-test"
VERSION = rdflib.URIRef("https://w3id.org/plankg/ontology#version")


def version_graph(k: int, size: int) -> rdflib.Graph:
    graph = rdflib.Graph()
    marker = rdflib.Literal(str(k))
    for i in range(size):
        graph.add((rdflib.URIRef(f"https://w3id.org/plankg/id/crash/s/{i}"), VERSION, marker))
    return graph


def main() -> None:
    path, size = sys.argv[1], int(sys.argv[2])
    store = EmbeddedStore(path)
    hashes = store.graph_hashes()
    k = int(hashes[GRAPH], 16) if GRAPH in hashes else 0
    while True:
        k += 1
        store.replace_graph(GRAPH, version_graph(k, size), sha256=f"{k:064x}")
        print(k, flush=True)


if __name__ == "__main__":
    main()
