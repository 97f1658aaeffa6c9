"""The links graph is rebuilt from scratch whenever plans are added or replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import URIRef

from tests.crossplan.conftest import P001, P002, item
from loaders import iri
from service.crossplan.refresh import refresh
from service.loading import load_paths
from service.store import open_store
from service.store.base import Store

PK = "https://w3id.org/plankg/ontology#"
LINK = ("PREFIX pk: <https://w3id.org/plankg/ontology#> SELECT ?kind ?score WHERE { GRAPH <https://w3id.org/plankg/graph/links> "
        "{ ?link pk:linkSource ?a ; pk:linkTarget ?b ; pk:linkKind ?kind ; pk:score ?score } }")
TWIN = "Informarea, sensibilizarea și educarea societății asupra riscurilor de violență, exploatare și trafic în toate mediile"


def link_kinds(store: Store, a: str, b: str) -> set[str]:
    source, target = sorted((a, b))
    rows = store.query(LINK, bindings={"a": URIRef(source), "b": URIRef(target)}).rows
    return {str(r["kind"]).removeprefix(PK) for r in rows}


def test_replacing_a_plan_reruns_the_cross_plan_step(tmp_path: Path, plans_dir: Path) -> None:
    store = open_store("memory:")
    for name in ("001_0c94d01ded17afb5.txt", "002_e89f7127f5da514e.txt"):
        shutil.copy(plans_dir / name, tmp_path / name)
    assert load_paths([tmp_path], store, validate=False).crossplan_refreshed
    assert link_kinds(store, item(P001, "1.1"), item(P002, "2.1")) == {"SameText"}
    # 002 is reissued with its specific objective 2.1 reworded: the word-for-word twin is gone
    text = (tmp_path / "002_e89f7127f5da514e.txt").read_text(encoding="utf-8")
    assert text.count(TWIN) == 1
    (tmp_path / "002_e89f7127f5da514e.txt").write_text(
        text.replace(TWIN, "Organizarea cantinelor sociale pentru persoanele vârstnice"), encoding="utf-8")
    report = load_paths([tmp_path], store, validate=False)
    assert [f.status.value for f in report.files] == ["unchanged", "loaded"] and report.crossplan_refreshed
    assert link_kinds(store, item(P001, "1.1"), item(P002, "2.1")) == set()
    # the other shared text still links the two plans
    assert link_kinds(store, item(P001, "1.2"), item(P002, "1.1-a1")) == {"SameText"}
    store.close()


def test_unchanged_files_do_not_refresh(tmp_path: Path, plans_dir: Path) -> None:
    store = open_store("memory:")
    shutil.copy(plans_dir / "004_31818754cbf6239c.txt", tmp_path)
    assert load_paths([tmp_path], store, validate=False).crossplan_refreshed
    assert not load_paths([tmp_path], store, validate=False).crossplan_refreshed
    store.close()


def test_refresh_replaces_the_whole_links_graph(fresh_store: Store) -> None:
    before = fresh_store.graph(iri.LINKS_GRAPH)
    stale = URIRef("https://w3id.org/plankg/id/link/similar-text/stale")
    extra = before.__class__()
    for triple in before:
        extra.add(triple)
    extra.add((stale, URIRef(PK + "score"), URIRef(PK + "nothing")))
    fresh_store.replace_graph(iri.LINKS_GRAPH, extra)
    report = refresh(fresh_store)
    after = fresh_store.graph(iri.LINKS_GRAPH)
    assert (stale, None, None) not in after
    assert len(after) == len(before) == report.triples
    assert report.cross_references == {"Resolved": 1, "Mismatched": 1, "Unresolved": 12}
    assert report.links["SameText"] == 2


def test_links_graph_writes_the_model_terms(linked_store: Store) -> None:
    graph = linked_store.graph(iri.LINKS_GRAPH)
    predicates = {str(p).removeprefix(PK) for p in graph.predicates()}
    assert predicates == {
        "resolutionStatus", "resolvedTarget", "candidate", "evidence", "textOverlap",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "linkSource", "linkTarget", "linkKind", "score", "sharedTerm",
        "http://purl.org/dc/terms/subject",
    }
