"""The embedded store's on-disk versions: pointers, garbage, stores written before versions existed.

Every test reopens the store from disk, so what is checked is what a later
process would read. Graphs are plan-shaped: a few items of plan 004 quoted
from ``data/plans/004_31818754cbf6239c.txt``, repeated to reach a size.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF

from loaders.errors import StoreError
from service.store.base import META_GRAPH
from service.store.embedded import EmbeddedStore
from service.store.remote import replace_request  # the single-request layout older embedded stores were written in
from service.store.versions import BULK_BYTES, VERSION_PREFIX, VERSIONS_GRAPH, current_quads
from service.store.terms import ntriples_bytes

PK = rdflib.Namespace("https://w3id.org/plankg/ontology#")
P004 = "https://w3id.org/plankg/graph/plan/004"
P003 = "https://w3id.org/plankg/graph/plan/003"
TITLES = [
    "Înființarea de centre respiro pentru copiii cu dizabilități",
    "Înființarea de centre de consiliere pentru copiii victime ale violenței",
    "Închiderea centrelor clasice pentru copii prin înființarea de noi case de tip familial",
]


def plan_graph(plan: str, items: int, edition: str) -> rdflib.Graph:
    """``items`` actions of ``plan``, each with a type, a title (marked with ``edition``), a code and a deadline."""
    graph = rdflib.Graph()
    for i in range(items):
        item = rdflib.URIRef(f"https://w3id.org/plankg/id/plan/{plan}/item/{i}")
        graph.add((item, RDF.type, PK.Action))
        graph.add((item, DCTERMS.title, rdflib.Literal(f"{TITLES[i % 3]} ({edition})", lang="ro")))
        graph.add((item, PK.code, rdflib.Literal(f"OS.I.{i}")))
        graph.add((item, PK.deadlineYear, rdflib.Literal(2025 + i % 6)))
    return graph


def disk_graphs(path: Path) -> set[str]:
    """The named graphs physically in the pyoxigraph directory (the store must be closed)."""
    raw = ox.Store(str(path))
    try:
        return {g.value for g in raw.named_graphs() if isinstance(g, ox.NamedNode)}
    finally:
        del raw


def same(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    return set(a) == set(b)


@pytest.mark.parametrize(
    "items",
    [
        pytest.param(10, id="small graph, transactional load"),
        pytest.param(BULK_BYTES // 500, id="big graph, bulk loader"),
    ],
)
def test_replace_reopen_and_old_versions_collected(tmp_path: Path, items: int) -> None:
    path = tmp_path / "store"
    first, second = plan_graph("004", items, "v1"), plan_graph("004", items, "v2")
    assert (len(ntriples_bytes(first)) >= BULK_BYTES) == (items > 10)
    with EmbeddedStore(path) as store:
        store.replace_graph(P004, first, sha256="a" * 64)
        store.replace_graph(P004, second, sha256="b" * 64)
        assert same(store.graph(P004), second)
        store._disk.wait_for_garbage()  # noqa: SLF001 - what a later open would find
    with EmbeddedStore(path) as store:
        assert same(store.graph(P004), second)
        assert store.graph_hashes() == {P004: "b" * 64}
        assert store.graphs() == [P004]
    on_disk = disk_graphs(path)
    versions = {g for g in on_disk if g.startswith(VERSION_PREFIX)}
    assert len(versions) == 1, on_disk  # the first version was deleted
    assert P004 not in on_disk  # triples live only under version names


def test_replace_graphs_commits_several_graphs_together(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        store.replace_graphs({P003: plan_graph("003", 5, "v1"), P004: plan_graph("004", 5, "v1")},
                             hashes={P003: "3" * 64, P004: "4" * 64})
        store.replace_graphs({P003: plan_graph("003", 7, "v2"), P004: plan_graph("004", 2, "v2")})
    with EmbeddedStore(path) as store:
        assert same(store.graph(P003), plan_graph("003", 7, "v2"))
        assert same(store.graph(P004), plan_graph("004", 2, "v2"))
        assert store.graph_hashes() == {}  # replaced without hashes: the old ones are gone


def test_orphan_versions_are_invisible_and_collected(tmp_path: Path) -> None:
    """A version written but never committed (a process killed before its pointer) is garbage."""
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        store.replace_graph(P004, plan_graph("004", 5, "committed"), sha256="c" * 64)
    raw = ox.Store(str(path))
    orphan = VERSION_PREFIX + "killed-before-commit"
    raw.load(ntriples_bytes(plan_graph("004", 5, "never committed")), format=ox.RdfFormat.N_TRIPLES,
             to_graph=ox.NamedNode(orphan))
    raw.flush()
    del raw
    with EmbeddedStore(path) as store:
        assert same(store.graph(P004), plan_graph("004", 5, "committed"))
        assert store.graphs() == [P004]
        store._disk.wait_for_garbage()  # noqa: SLF001
    assert orphan not in disk_graphs(path)


def test_drop_graph_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        store.replace_graph(P003, plan_graph("003", 3, "v1"), sha256="3" * 64)
        store.replace_graph(P004, plan_graph("004", 3, "v1"), sha256="4" * 64)
        store.drop_graph(P003)
        store.drop_graph("https://w3id.org/plankg/graph/plan/never-loaded")
    with EmbeddedStore(path) as store:
        assert store.graphs() == [P004]
        assert store.graph_hashes() == {P004: "4" * 64}


def test_a_store_written_before_versions_opens_and_migrates(tmp_path: Path) -> None:
    """Graphs stored under their own names (one update request each, the old layout) read as they are."""
    path = tmp_path / "store"
    raw = ox.Store(str(path))
    raw.update(replace_request({P003: plan_graph("003", 4, "old"), P004: plan_graph("004", 4, "old")},
                               {P003: "3" * 64, P004: "4" * 64}))
    raw.flush()
    del raw
    with EmbeddedStore(path) as store:
        assert store.graphs() == [P003, P004]
        assert same(store.graph(P004), plan_graph("004", 4, "old"))
        store.replace_graph(P004, plan_graph("004", 2, "new"), sha256="5" * 64)
        store.drop_graph(P003)
        store._disk.wait_for_garbage()  # noqa: SLF001
    with EmbeddedStore(path) as store:
        assert store.graphs() == [P004]  # the dropped old-layout graph does not come back
        assert same(store.graph(P004), plan_graph("004", 2, "new"))
        assert store.graph_hashes() == {P004: "5" * 64}
    assert {P003, P004}.isdisjoint(disk_graphs(path))  # the old-layout triples were deleted


def test_bookkeeping_graphs_stay_out_of_reads(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        store.replace_graph(P004, plan_graph("004", 3, "v1"), sha256="4" * 64)
    with EmbeddedStore(path) as store:
        assert store.graphs() == [P004]
        names = {str(r["g"]) for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows}
        assert names == {P004, META_GRAPH}
        assert VERSIONS_GRAPH not in names and not any(n.startswith(VERSION_PREFIX) for n in names)


@pytest.mark.parametrize("on_disk", [True, False], ids=["embedded", "memory"])
def test_readers_never_see_half_of_a_multi_graph_replacement(tmp_path: Path, on_disk: bool) -> None:
    """Both graphs of one replace_graphs are seen at the same edition by every read."""
    count = """SELECT ?g (SAMPLE(?t) AS ?title) (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <http://purl.org/dc/terms/title> ?t } }
               GROUP BY ?g"""
    editions = [f"e{k}" for k in range(6)]
    with EmbeddedStore(tmp_path / "store" if on_disk else None) as store:
        store.replace_graphs({P003: plan_graph("003", 300, "e0"), P004: plan_graph("004", 300, "e0")})
        seen: list[list[tuple[str, int]]] = []
        done = threading.Event()

        def read() -> None:
            while not done.is_set():
                rows = store.query(count).rows
                seen.append(sorted((str(r["title"]).rsplit("(", 1)[1], int(r["n"])) for r in rows))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            for edition in editions[1:]:
                store.replace_graphs({P003: plan_graph("003", 300, edition), P004: plan_graph("004", 300, edition)})
        finally:
            done.set()
            reader.join()
        assert seen
        for observation in seen:
            # both graphs, whole, at the same edition
            assert len(observation) == 2 and observation[0] == observation[1] and observation[0][1] == 300, observation


def test_current_quads_reads_a_closed_store_as_the_service_sees_it(tmp_path: Path) -> None:
    """Tools reading the directory with pyoxigraph (the benchmark's export) get graphs under their own names."""
    path = tmp_path / "store"
    raw = ox.Store(str(path))
    raw.update(replace_request({P003: plan_graph("003", 3, "old layout")}, {P003: "3" * 64}))
    del raw
    with EmbeddedStore(path) as store:
        store.replace_graph(P004, plan_graph("004", 3, "v1"), sha256="4" * 64)
        store.replace_graph(P004, plan_graph("004", 4, "v2"), sha256="5" * 64)
        seen = {(str(r["g"]), str(r["s"]), str(r["p"]), str(r["o"]))
                for r in store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows}
    read_only = ox.Store.read_only(str(path))
    exported = {(q.graph_name.value, q.subject.value, q.predicate.value, q.object.value) for q in current_quads(read_only)}
    assert exported == seen
    assert {g for g, *_ in exported} == {P003, P004, META_GRAPH}


@pytest.mark.parametrize(
    "graph_iri",
    [META_GRAPH, VERSIONS_GRAPH, VERSION_PREFIX + "0123abcd", "not an IRI"],
    ids=["hashes", "pointers", "a version", "not an IRI"],
)
@pytest.mark.parametrize("on_disk", [True, False], ids=["embedded", "memory"])
def test_bookkeeping_graphs_cannot_be_written(tmp_path: Path, graph_iri: str, on_disk: bool) -> None:
    with EmbeddedStore(tmp_path / "store" if on_disk else None) as store:
        store.replace_graph(P004, plan_graph("004", 2, "v1"), sha256="4" * 64)
        with pytest.raises(StoreError):
            store.replace_graph(graph_iri, plan_graph("004", 2, "intruder"))
        with pytest.raises(StoreError):
            store.drop_graph(graph_iri)
        assert store.graph_hashes() == {P004: "4" * 64}
        assert store.graphs() == [P004]
