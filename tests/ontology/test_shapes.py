"""Each SHACL shape against its fixtures: valid ones give no result, invalid ones exactly theirs.

Fixtures live in ``fixtures/<ShapeName>/valid*.ttl`` and ``invalid*.ttl`` and
are validated together with ``fixtures/_base.ttl`` (a small complete plan
modelled on 000) and the reference graph. An invalid fixture names, in its
header comments, the shape, the English message it must raise and the item
(or node) the result must be located at::

    # shape: ActivityParentShape
    # expect: The parent of an activity must be an action.
    # focus: https://w3id.org/plankg/id/plan/t-000/item/4.1.1.2
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import RDF
from rdflib.namespace import SH

from loaders.reference import reference_graph
from service.validation import SHAPES_NS, ValidationReport, shapes_graph, validate

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "_base.ttl"
VALID = sorted(FIXTURES.glob("*/valid*.ttl"))
INVALID = sorted(FIXTURES.glob("*/invalid*.ttl"))


@pytest.fixture(scope="module")
def reference() -> rdflib.Graph:
    return reference_graph()


def _check(path: Path, reference: rdflib.Graph) -> ValidationReport:
    data = rdflib.Graph().parse(BASE).parse(path)
    return validate(data, reference=reference)


def _header(path: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        for key in ("shape", "expect", "focus"):
            if line.startswith(f"# {key}: "):
                fields[key] = line[len(f"# {key}: "):]
    return fields


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def test_base_fixture_gives_no_result(reference: rdflib.Graph) -> None:
    report = validate(rdflib.Graph().parse(BASE), reference=reference)
    assert report.results == ()


@pytest.mark.parametrize("path", VALID, ids=_name)
def test_valid_fixture_gives_no_result(path: Path, reference: rdflib.Graph) -> None:
    report = _check(path, reference)
    assert report.conforms
    assert [(f.shape, f.message_en, f.focus) for f in report.results] == []


@pytest.mark.parametrize("path", INVALID, ids=_name)
def test_invalid_fixture_raises_exactly_its_shape(path: Path, reference: rdflib.Graph) -> None:
    header = _header(path)
    assert header.get("shape") == path.parent.name, f"{path}: header must name its shape"
    assert "expect" in header and "focus" in header, f"{path}: header must name message and focus"
    report = _check(path, reference)
    assert report.results, f"{path}: no result"
    assert {f.shape for f in report.results} == {header["shape"]}
    located = [f for f in report.results if header["focus"] in (f.item_iri, f.focus)]
    assert header["expect"] in [f.message_en for f in located], [(f.message_en, f.focus) for f in report.results]
    assert all(f.message_ro and f.message_ro != f.message_en for f in report.results)
    severity = {f.severity for f in report.results}
    assert report.conforms is (severity != {"Violation"})


def test_every_shape_has_valid_and_invalid_fixtures() -> None:
    graph = shapes_graph()
    named = {
        str(s)[len(SHAPES_NS):]
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(SHAPES_NS)
    }
    with_valid = {p.parent.name for p in VALID}
    with_invalid = {p.parent.name for p in INVALID}
    assert named - with_valid == set()
    assert named - with_invalid == set()
    assert (with_valid | with_invalid) - named == set(), "fixtures for a shape that does not exist"


def test_every_shape_has_severity_and_bilingual_messages() -> None:
    graph = shapes_graph()
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in graph.subjects(RDF.type, kind):
            if not str(shape).startswith(SHAPES_NS):
                continue
            assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape
            messages = set(graph.objects(shape, SH.message))
            for constraint in (*graph.objects(shape, SH.property), *graph.objects(shape, SH.sparql)):
                messages |= set(graph.objects(constraint, SH.message))
            assert {m.language for m in messages} >= {"ro", "en"}, shape


def test_reference_data_conforms(reference: rdflib.Graph) -> None:
    report = validate(rdflib.Graph(), reference=reference)
    assert [(f.shape, f.focus, f.message_en) for f in report.results] == []


def test_empty_reference_falls_back_to_the_files() -> None:
    """A store without its reference graph must not report every institution as missing."""
    report = validate(rdflib.Graph().parse(BASE), reference=rdflib.Graph())
    assert report.results == ()
