"""The fast validation path gives what plain pySHACL gives over plan + full reference graph.

``validate`` validates the reference data once, each plan against its own graph
plus a reference index, and runs the shapes' SPARQL constraints in pyoxigraph.
These tests compare it with one plain ``pyshacl.validate`` run of every shape
over the data merged with the whole reference graph (the meaning of the
shapes), on the fixtures whose shapes take the fast paths, and check the
reference-graph cache.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyshacl
import pytest
import rdflib

from loaders.reference import REFERENCE_FILES, ontology_dir, reference_graph, shared_reference_graph
from service import validation_sparql
from service.validation import REFERENCE_CLASSES, _findings, shapes_graph, validate

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "_base.ttl"
SH = rdflib.namespace.SH


def _fast_path_shapes() -> set[str]:
    """Local names of the shapes run by pyoxigraph or checked on reference data once."""
    shapes = shapes_graph()
    names = {str(s) for s in validation_sparql.handled(shapes)}
    names |= {str(s) for s in shapes.subjects(SH.targetClass, None)
              if set(shapes.objects(s, SH.targetClass)) <= REFERENCE_CLASSES}
    return {name.rsplit("#", 1)[-1] for name in names}


CASES = sorted(p for p in FIXTURES.glob("*/*.ttl") if p.parent.name in _fast_path_shapes())


def _plain(data: rdflib.Graph) -> list[tuple[str, str, str, str | None, str, str]]:
    merged = rdflib.Graph()
    for triple in data:
        merged.add(triple)
    for triple in reference_graph():
        merged.add(triple)
    _, results, _ = pyshacl.validate(merged, shacl_graph=shapes_graph(), inference="none",
                                     allow_warnings=True, advanced=False, inplace=True)
    return sorted((f.severity, f.shape, f.focus, f.value, f.message_en, f.message_ro)
                  for f in _findings(results, merged, shapes_graph()))


def test_fast_paths_have_cases() -> None:
    assert {"LeafResponsibleShape", "ItemCodePatternShape", "ConceptShape", "InstitutionCountryShape"} \
        <= {p.parent.name for p in CASES}


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_same_findings_as_plain_pyshacl(path: Path) -> None:
    data = rdflib.Graph().parse(BASE).parse(path)
    fast = sorted((f.severity, f.shape, f.focus, f.value, f.message_en, f.message_ro) for f in validate(data).results)
    assert fast == _plain(data)


def test_report_graph_holds_every_result_in_one_report() -> None:
    data = rdflib.Graph().parse(BASE).parse(FIXTURES / "ItemCodePatternShape" / "invalid.ttl")
    report = validate(data)
    graph = report.graph
    reports = list(graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert graph.value(reports[0], SH.conforms).toPython() is report.conforms is False
    assert len(list(graph.objects(reports[0], SH.result))) == len(report.results)


def test_validate_does_not_change_its_inputs() -> None:
    data = rdflib.Graph().parse(BASE)
    before_data, before_reference = len(data), len(shared_reference_graph())
    validate(data)
    assert (len(data), len(shared_reference_graph())) == (before_data, before_reference)


def test_reference_graph_is_a_fresh_copy_of_the_cached_graph() -> None:
    first = reference_graph()
    first.add((rdflib.URIRef("urn:x"), rdflib.RDF.type, rdflib.URIRef("urn:y")))
    assert len(reference_graph()) == len(shared_reference_graph()) == len(first) - 1
    assert shared_reference_graph() is shared_reference_graph()


def test_reference_cache_reparses_a_changed_file(tmp_path: Path) -> None:
    for name in REFERENCE_FILES:
        shutil.copy(ontology_dir() / name, tmp_path / name)
    before = shared_reference_graph(tmp_path)
    acts = tmp_path / "legal-acts.ttl"
    acts.write_text(acts.read_text(encoding="utf-8") + "\n<urn:test:act> a <urn:test:Kind> .\n", encoding="utf-8")
    stat = acts.stat()
    os.utime(acts, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    after = shared_reference_graph(tmp_path)
    assert after is not before
    assert len(after) == len(before) + 1
