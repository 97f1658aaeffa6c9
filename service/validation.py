"""Validate plan graphs against the SHACL shapes of ``shapes/``.

The meaning is that of one pySHACL run of every shape over the given plan
graphs (and links graph, if given) merged with the reference graph (ontology +
schemes + themes + institutions + legal acts): the ontology's
``rdfs:subClassOf`` triples make ``sh:targetClass``/``sh:class`` see
subclasses without inference (``inference="none"``). It is computed faster:

* the reference data is validated alone once per content (cached);
* ``data`` is validated with the plan shapes over ``data`` plus a small
  reference index (class hierarchy, types, concept schemes), with the shapes
  loaded into pySHACL once;
* the shapes targeting reference classes check only the institutions, acts and
  concepts ``data`` itself describes;
* the SHACL-SPARQL constraints run in pyoxigraph (:mod:`service.validation_sparql`).

>>> report = validate(rdflib.Graph())
>>> report.conforms, len(report.results)
(True, 0)
"""

from __future__ import annotations

import re
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import RDFS, SH, SKOS

from loaders import iri
from loaders.reference import shared_reference_graph
from service import validation_sparql
from service.validation_shapes import REFERENCE_CLASSES, SplitShapes, run_pyshacl, split_shapes

PK = rdflib.Namespace(iri.ONTOLOGY)
SHAPES_NS = "https://w3id.org/plankg/shapes#"
SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")

_PLAN_PART = re.compile(r"^" + re.escape(iri.ID) + r"plan/(?P<plan>[^/]+)(?:/item/(?P<item>[^/]+))?")


def shapes_dir() -> Path:
    """The directory of the SHACL shapes (``shapes/``)."""
    return Path(__file__).resolve().parent.parent / "shapes"


@lru_cache(maxsize=1)
def _cached_shapes(directory: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted(Path(directory).glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def shapes_graph(directory: Path | None = None) -> rdflib.Graph:
    """Every ``*.ttl`` file of the shapes directory in one graph (parsed once)."""
    return _cached_shapes(str(directory or shapes_dir()))


@dataclass(frozen=True)
class Finding:
    """One validation result, located in its plan and source lines."""

    plan_id: str | None  # None for reference data
    severity: str  # Violation | Warning | Info
    item_iri: str | None  # the item the result is about (its part's owner), None for plans and reference data
    item_code: str | None
    message_ro: str
    message_en: str
    shape: str  # local name of the shape, e.g. "ActivityParentShape"
    source_file: str | None
    first_line: int | None
    last_line: int | None
    focus: str  # the node the shape was checked on (item, cost, participation, institution...)
    value: str | None = None  # the offending value, when the shape names one


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is false only when there are violations."""

    conforms: bool
    results: tuple[Finding, ...]
    graph: rdflib.Graph = field(repr=False, compare=False)  # the SHACL validation report graph

    def count(self, severity: str) -> int:
        return sum(1 for f in self.results if f.severity == severity)

    def grouped(self) -> dict[str | None, dict[str, list[Finding]]]:
        """Results by plan id (``None``: reference data), then by severity, in report order."""
        groups: dict[str | None, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        for finding in self.results:
            groups[finding.plan_id][finding.severity].append(finding)
        return {plan: dict(by_severity) for plan, by_severity in groups.items()}


# What the plan shapes read from the reference data: the class hierarchy, the
# types of institutions, acts, plans and concepts, and the schemes of concepts.
INDEX_PREDICATES: tuple[URIRef, ...] = (RDF.type, RDFS.subClassOf, SKOS.inScheme)


def _index(reference: rdflib.Graph) -> list[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]]:
    return [t for predicate in INDEX_PREDICATES for t in reference.triples((None, predicate, None))]


_REFERENCES_KEPT = 4  # reference graphs remembered (the files' graph, a store's copy...)
_BY_CONTENT: OrderedDict[tuple[int, frozenset], tuple[list, rdflib.Graph, tuple]] = OrderedDict()


def _content_key(reference: rdflib.Graph) -> tuple[int, frozenset]:
    """The reference graph's triples, blank nodes blurred (a store hands out new blank node ids per copy)."""
    blur = BNode("_")
    return len(reference), frozenset(
        tuple(blur if isinstance(term, BNode) else term for term in triple) for triple in reference
    )


def _reference_cache(reference: rdflib.Graph, shapes: SplitShapes) -> tuple[list, rdflib.Graph, tuple]:
    """(index, report graph, findings) of ``reference``: its index triples and its own validation
    with every shape, computed once per content and shapes."""
    key = (id(shapes), *_content_key(reference))
    entry = _BY_CONTENT.get(key)
    if entry is None:
        graph = rdflib.Graph()
        for triple in reference:
            graph.add(triple)
        results = run_pyshacl(graph, shapes.whole)
        entry = (_index(reference), results, _findings(results, graph, shapes.graph))
        _BY_CONTENT[key] = entry
        while len(_BY_CONTENT) > _REFERENCES_KEPT:
            _BY_CONTENT.popitem(last=False)
    _BY_CONTENT.move_to_end(key)
    return entry


def _plan_data(data: rdflib.Graph) -> rdflib.Graph:
    merged = rdflib.Graph()
    if isinstance(data, rdflib.ConjunctiveGraph):  # Dataset included: merge every named graph
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
    else:
        for triple in data:
            merged.add(triple)
    return merged


def _reference_data(plan: rdflib.Graph, reference: rdflib.Graph, index: list) -> rdflib.Graph | None:
    """The instances of reference classes that ``plan`` describes, with the class hierarchy and
    their triples from both graphs; ``None`` when ``plan`` describes none (the usual case)."""
    hierarchy = rdflib.Graph()
    for triple in index:
        if triple[1] == RDFS.subClassOf:
            hierarchy.add(triple)
    classes = set(REFERENCE_CLASSES)
    while True:  # every subclass of a reference class, transitively
        more = {c for r in classes for c in hierarchy.subjects(RDFS.subClassOf, r)} - classes
        if not more:
            break
        classes |= more
    subjects = {s for s, o in plan.subject_objects(RDF.type) if o in classes}
    if not subjects:
        return None
    for s in subjects:
        for graph in (plan, reference):
            for triple in graph.triples((s, None, None)):
                hierarchy.add(triple)
    return hierarchy


def validate(
    data: rdflib.Graph | rdflib.Dataset,
    *,
    reference: rdflib.Graph | None = None,
    shapes: rdflib.Graph | None = None,
) -> ValidationReport:
    """Validate ``data`` (plan graphs, links graph) against the shapes, with ``reference``.

    ``reference`` defaults to :func:`loaders.reference.shared_reference_graph`
    (also when it is empty, e.g. a store whose reference graph was never
    loaded: every institution and act would otherwise be reported missing);
    ``shapes`` to :func:`shapes_graph`. Neither is modified.

    The result is the one of validating ``data`` merged with ``reference``,
    computed faster: the reference data is validated once (cached per graph);
    ``data`` is validated with the plan shapes over ``data`` plus the
    reference index (:data:`INDEX_PREDICATES`), and with the reference shapes
    over the instances of :data:`REFERENCE_CLASSES` that ``data`` describes
    (with their reference triples). Results come sorted by plan, severity,
    source line and item code.
    """
    ref = reference if reference is not None and len(reference) > 0 else shared_reference_graph()
    split = split_shapes(shapes if shapes is not None else shapes_graph())
    index, ref_results, ref_findings = _reference_cache(ref, split)
    plan = _plan_data(data)
    if len(plan) == 0:
        conforms = not any(f.severity == "Violation" for f in ref_findings)
        return ValidationReport(conforms=conforms, results=ref_findings,
                                graph=_one_report(ref_results + rdflib.Graph(), conforms))
    extra = _reference_data(plan, ref, index)
    graph = plan
    for triple in index:
        graph.add(triple)
    results = run_pyshacl(graph, split.plan)
    validation_sparql.evaluate(graph, split.checks, results)
    if extra is not None:
        for triple in run_pyshacl(extra, split.reference):
            results.add(triple)
        for triple in extra:
            graph.add(triple)
    for triple in ref_results:
        results.add(triple)
    findings = _findings(results, graph, split.graph)
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationReport(conforms=conforms, results=findings, graph=_one_report(results, conforms))


def _one_report(results: rdflib.Graph, conforms: bool) -> rdflib.Graph:
    """The merged results of several runs as one ``sh:ValidationReport`` with every result."""
    for report in list(results.subjects(RDF.type, SH.ValidationReport)):
        results.remove((report, None, None))
    report = BNode()
    results.add((report, RDF.type, SH.ValidationReport))
    results.add((report, SH.conforms, Literal(conforms)))
    for result in list(results.subjects(RDF.type, SH.ValidationResult)):
        results.add((report, SH.result, result))
    return results


def _findings(results: rdflib.Graph, data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[Finding, ...]:
    seen: set[tuple[str, str, str]] = set()
    out: list[Finding] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        shape = _shape_name(results.value(result, SH.sourceShape), shapes)
        severity = str(results.value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        message_ro, message_en = _messages(results, result, shapes)
        value = results.value(result, SH.value)
        key = (str(focus), str(value), shape, message_en)
        if key in seen:
            continue
        seen.add(key)
        out.append(_locate(focus, data, severity, shape, message_ro, message_en, value))
    order = {name: n for n, name in enumerate(SEVERITIES)}
    out.sort(key=lambda f: (f.plan_id is None, f.plan_id or "", order.get(f.severity, 9),
                            f.first_line or 0, f.item_code or "", f.shape, f.focus))
    return tuple(out)


def _shape_name(shape: rdflib.term.Node | None, shapes: rdflib.Graph) -> str:
    """The local name of the shape; a blank (nested) shape is named by the named shape holding it."""
    seen: set[rdflib.term.Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        owner = next(shapes.subjects(None, shape), None)  # sh:property, sh:node, sh:not, rdf:first, rdf:rest...
        if owner is None:
            break
        shape = owner
    text = str(shape)
    return text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


def _messages(results: rdflib.Graph, result: rdflib.term.Node, shapes: rdflib.Graph) -> tuple[str, str]:
    """The Romanian and English messages of a result.

    pyshacl drops the language tag of SPARQL-constraint messages once it has
    filled in their ``{?var}`` placeholders, so untagged messages are matched
    back to the shape's tagged templates.
    """
    templates = _templates(results, result, shapes)
    by_lang: dict[str | None, str] = {}
    for message in results.objects(result, SH.resultMessage):
        if not isinstance(message, Literal):
            continue
        lang = message.language
        if lang is None:
            lang = next((tag for tag, pattern in templates if pattern.fullmatch(str(message))), None)
        by_lang.setdefault(lang, str(message))
    fallback = by_lang.get(None) or next(iter(by_lang.values()), "")
    return by_lang.get("ro", fallback), by_lang.get("en", fallback)


def _templates(results: rdflib.Graph, result: rdflib.term.Node,
               shapes: rdflib.Graph) -> list[tuple[str, re.Pattern[str]]]:
    """(language, pattern) for every tagged sh:message of the result's shape and constraint."""
    sources = [results.value(result, SH.sourceConstraint), results.value(result, SH.sourceShape)]
    out: list[tuple[str, re.Pattern[str]]] = []
    for source in sources:
        if source is None:
            continue
        for message in shapes.objects(source, SH.message):
            if isinstance(message, Literal) and message.language:
                parts = re.split(r"\{[?$]\w+\}", str(message))
                out.append((message.language, re.compile(".*?".join(re.escape(part) for part in parts), re.S)))
    return out


def _locate(focus: rdflib.term.Node, data: rdflib.Graph, severity: str, shape: str,
            message_ro: str, message_en: str, value: rdflib.term.Node | None) -> Finding:
    """Attach plan id, item, code and source lines to a result about ``focus``.

    Plan-level shapes (focus: a plan) report the offending item as the value:
    the finding is then located at that item.
    """
    if isinstance(value, URIRef) and _is_plan(focus) and _is_item(value):
        focus, value = value, None
    plan_id: str | None = None
    item: URIRef | None = None
    owner: rdflib.term.Node = focus
    match = _PLAN_PART.match(str(focus)) if isinstance(focus, URIRef) else None
    if match:
        plan_id = match.group("plan")
        if match.group("item"):
            item = URIRef(iri.item(plan_id, match.group("item")))
            owner = item
        else:
            owner = URIRef(iri.plan(plan_id))
    else:
        plan = data.value(focus, PK.inPlan)
        if plan is not None:
            item = focus if isinstance(focus, URIRef) else None
            plan_id = str(plan).rsplit("/", 1)[-1]
    source = data.value(owner, PK.source)
    file_name = data.value(source, PK.fileName) if source is not None else None
    first = data.value(owner, PK.firstLine)
    last = data.value(owner, PK.lastLine)
    code = data.value(item, PK.code) if item is not None else None
    return Finding(
        plan_id=plan_id,
        severity=severity,
        item_iri=str(item) if item is not None else None,
        item_code=str(code) if code is not None else None,
        message_ro=message_ro,
        message_en=message_en,
        shape=shape,
        source_file=str(file_name) if file_name is not None else None,
        first_line=_int(first),
        last_line=_int(last),
        focus=str(focus),
        value=str(value) if value is not None else None,
    )


def _is_plan(node: rdflib.term.Node) -> bool:
    match = _PLAN_PART.match(str(node)) if isinstance(node, URIRef) else None
    return match is not None and match.group("item") is None and match.end() == len(str(node))


def _is_item(node: rdflib.term.Node) -> bool:
    match = _PLAN_PART.match(str(node)) if isinstance(node, URIRef) else None
    return match is not None and match.group("item") is not None and match.end() == len(str(node))


def _int(node: rdflib.term.Node | None) -> int | None:
    if isinstance(node, Literal):
        try:
            return int(node.toPython())
        except (TypeError, ValueError):
            return None
    return None
