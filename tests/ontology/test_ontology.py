"""The ontology parses, is OWL 2 DL-clean, consistent under HermiT and covers the contract."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import owlready2
import pytest
import rdflib
from rdflib import OWL, RDF

from loaders.reference import REFERENCE_FILES, ontology_dir, reference_graph

ROOT = Path(__file__).resolve().parents[2]
PK = "https://w3id.org/plankg/ontology#"
ONTOLOGY_FILE = ontology_dir() / "plankg.ttl"
# docs/MODEL.md names these only to say they are not used (footnotes are plain skos:note).
NOT_USED = {"Note", "noteKind"}
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE)


def _declared(graph: rdflib.Graph) -> set[str]:
    kinds = (OWL.Class, *PROPERTY_KINDS, OWL.NamedIndividual)
    return {str(s)[len(PK):] for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(PK)}


def test_every_reference_file_parses() -> None:
    for name in REFERENCE_FILES:
        assert len(rdflib.Graph().parse(ontology_dir() / name)) > 0, name


def test_header(ontology: rdflib.Graph) -> None:
    header = rdflib.URIRef("https://w3id.org/plankg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    assert ontology.value(header, OWL.versionIRI) is not None
    assert ontology.value(header, rdflib.DCTERMS.license) is not None
    assert str(ontology.value(header, rdflib.DCTERMS.creator)) == "plankg"


def test_no_iri_is_two_kinds_of_property(ontology: rdflib.Graph) -> None:
    """OWL 2 DL forbids punning between object, datatype and annotation properties."""
    kinds: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
    for kind in PROPERTY_KINDS:
        for prop in ontology.subjects(RDF.type, kind):
            kinds.setdefault(prop, set()).add(kind)
    assert {str(p): k for p, k in kinds.items() if len(k) > 1} == {}


@pytest.mark.parametrize("source", ["docs/MODEL.md", "loaders/rdf.py", "ontology/institutions.ttl", "ontology/legal-acts.ttl"])
def test_every_term_used_is_declared(source: str, ontology: rdflib.Graph) -> None:
    """Terms written as ``pk:Name`` (docs, Turtle) or ``PK.Name``/``T.Name`` (the RDF writer) exist."""
    text = (ROOT / source).read_text(encoding="utf-8")
    used = set(re.findall(r"\bpk:([A-Za-z][A-Za-z0-9]*)", text))
    if source.endswith(".py"):
        used |= set(re.findall(r"\b(?:PK|T)\.([A-Za-z][A-Za-z0-9]*)\b", text))
    assert used, source
    assert sorted(used - _declared(ontology) - NOT_USED) == []


def test_model_classes_are_in_the_ontology(ontology: rdflib.Graph) -> None:
    expected = {
        "Plan", "ActionPlan", "ImplementationPlan", "Strategy", "Programme", "LegalAct", "Law",
        "GovernmentDecision", "MinisterialOrder", "CouncilDecision", "PlanItem", "GeneralObjective",
        "SpecificObjective", "Action", "Activity", "Indicator", "ImpactIndicator", "ResultIndicator",
        "MonitoringIndicator", "Target", "Participation", "Deadline", "Semester", "MonetaryAmount",
        "Funding", "Citation", "CrossReference", "ItemLink", "SourceDocument", "Institution", "Ministry",
        "MunicipalDirectorate", "CountyDirectorate", "SectorUnit", "Council", "LocalAuthority", "Police",
        "NGO", "InternationalOrganisation", "ResearchInstitution", "ReligiousUnit", "ServiceProvider",
        "Committee", "GenericActor",
    }
    classes = {str(c)[len(PK):] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(PK)}
    assert sorted(expected - classes) == []


@pytest.mark.parametrize(
    ("term", "parent"),
    [
        ("Institution", "http://www.w3.org/ns/org#Organization"),
        ("Ministry", "http://data.europa.eu/m8g/PublicOrganisation"),
        ("LegalAct", "http://data.europa.eu/eli/ontology#LegalResource"),
        ("Deadline", "http://www.w3.org/2006/time#TemporalEntity"),
        ("MonetaryAmount", "https://schema.org/MonetaryAmount"),
        ("SourceDocument", "http://www.w3.org/ns/prov#Entity"),
        ("source", "http://www.w3.org/ns/prov#wasDerivedFrom"),
        ("citesAct", "http://data.europa.eu/eli/ontology#cites"),
        ("parent", "http://purl.org/dc/terms/isPartOf"),
    ],
)
def test_alignment(term: str, parent: str, ontology: rdflib.Graph) -> None:
    node = rdflib.URIRef(PK + term)
    supers = set(ontology.objects(node, rdflib.RDFS.subClassOf)) | set(ontology.objects(node, rdflib.RDFS.subPropertyOf))
    assert rdflib.URIRef(parent) in supers


def _reason(graph: rdflib.Graph) -> owlready2.World:
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plankg.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


def test_ontology_and_reference_data_are_consistent_under_hermit() -> None:
    """The ontology with every reference file: HermiT finds it consistent, no class unsatisfiable."""
    world = _reason(reference_graph())
    assert list(world.inconsistent_classes()) == []


def test_hermit_detects_an_inconsistency() -> None:
    """The reasoning test can fail: an item that is both an activity and an action (disjoint)."""
    graph = rdflib.Graph().parse(ONTOLOGY_FILE)
    item = rdflib.URIRef("https://w3id.org/plankg/id/plan/t/item/1.1")
    graph.add((item, RDF.type, rdflib.URIRef(PK + "Activity")))
    graph.add((item, RDF.type, rdflib.URIRef(PK + "Action")))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(graph)
