"""Evaluate the SHACL-SPARQL constraints of the shapes with pyoxigraph, in one pass over the data.

pySHACL re-parses every ``sh:select`` with rdflib's pyparsing grammar on every
validation and evaluates it with rdflib's SPARQL engine: together 0.6 s of a
0.9 s plan validation. Here the queries are read from the shapes graph (the
shapes files stay the single source of truth), their ``sh:prefixes``
declarations are resolved once, and each query runs in pyoxigraph with
``$this`` substituted by each focus node of its shape. The results are written
into a report graph exactly as pySHACL writes them (``sh:focusNode``,
``sh:value``, ``sh:resultSeverity``, ``sh:sourceShape``,
``sh:sourceConstraint``, ``sh:resultMessage`` with the ``{?var}``
placeholders filled in), so :mod:`service.validation` reads both the same way.

Supported, as used in ``shapes/``: named node shapes whose ``sh:sparql``
constraints are ``sh:select`` queries, targeted by ``sh:targetNode``,
``sh:targetClass`` (with subclasses), ``sh:targetSubjectsOf`` and
``sh:targetObjectsOf``. Other SPARQL shapes (property shapes, ``sh:ask``
validators) are left to pySHACL (:func:`handled` says which).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import SH

from service.store.terms import to_ox

_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a named node shape, ready to run."""

    shape: rdflib.term.Node
    constraint: rdflib.term.Node
    severity: URIRef
    query: str
    prefixes: dict[str, str]
    messages: tuple[Literal, ...]
    targets: tuple[tuple[URIRef, rdflib.term.Node], ...]  # (target predicate, object)


def handled(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    """The shapes whose SPARQL constraints :func:`constraints` takes over from pySHACL."""
    out: set[rdflib.term.Node] = set()
    for shape in set(shapes.subjects(SH.sparql, None)):
        if (shape, RDF.type, SH.NodeShape) not in shapes or shapes.value(shape, SH.path) is not None:
            continue
        sparql = list(shapes.objects(shape, SH.sparql))
        if all(shapes.value(c, SH.select) is not None for c in sparql) and \
                not any(shapes.value(shape, p) is not None for p in (SH.property, SH.node, SH["or"], SH["and"])):
            out.add(shape)
    return out


def constraints(shapes: rdflib.Graph) -> tuple[SparqlConstraint, ...]:
    """Every SPARQL constraint of the :func:`handled` shapes, in a stable order."""
    out: list[SparqlConstraint] = []
    for shape in sorted(handled(shapes), key=str):
        severity = shapes.value(shape, SH.severity) or SH.Violation
        targets = tuple(sorted(((p, o) for p in _TARGETS for o in shapes.objects(shape, p)), key=str))
        for constraint in sorted(shapes.objects(shape, SH.sparql), key=str):
            prefixes: dict[str, str] = {}
            for owner in shapes.objects(constraint, SH.prefixes):
                for declaration in shapes.objects(owner, SH.declare):
                    prefixes[str(shapes.value(declaration, SH.prefix))] = str(shapes.value(declaration, SH.namespace))
            messages = tuple(m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)) or \
                tuple(m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal))
            out.append(SparqlConstraint(shape, constraint, URIRef(severity), str(shapes.value(constraint, SH.select)),
                                        prefixes, messages, targets))
    return tuple(out)


def evaluate(data: rdflib.Graph, checks: tuple[SparqlConstraint, ...], report: rdflib.Graph) -> int:
    """Run ``checks`` over ``data``, add a ``sh:ValidationResult`` to ``report`` per solution; return the count."""
    if not checks:
        return 0
    store = ox.Store()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data)
    count = 0
    this = ox.Variable("this")
    for check in checks:
        for focus in _focus_nodes(data, check.targets):
            query = prebound(check.query, focus)
            if query is None:  # a blank node cannot be written into the text: substitute it
                solutions = store.query(check.query, prefixes=check.prefixes, substitutions={this: to_ox(focus)})
            else:
                solutions = store.query(query, prefixes=check.prefixes)
            for solution in solutions:
                _add_result(report, check, focus, solution)
                count += 1
    return count


_THIS = re.compile(r"[$?]this\b")
_SELECT = re.compile(r"\bSELECT(\s+(?:DISTINCT|REDUCED))?", re.IGNORECASE)
_GROUP_BY = re.compile(r"(\bGROUP\s+BY\s+)((?:[$?]\w+\s*)+)", re.IGNORECASE)


def _without_this(clause: re.Match[str]) -> str:
    """A GROUP BY of variables without ``$this`` (a constant once pre-bound), dropped when nothing is left."""
    rest = _THIS.sub("", clause.group(2)).lstrip()
    return clause.group(1) + rest if rest.strip() else rest


def prebound(query: str, focus: rdflib.term.Node) -> str | None:
    """``query`` with ``$this`` written as the focus IRI in its body (SHACL pre-binding), or None for a blank node.

    pyoxigraph's ``substitutions`` do not reach a ``BIND ($this AS ?x)`` inside a
    ``UNION`` branch (the branch is evaluated on its own, with ``$this`` unbound),
    so a constraint such as "this plan or its items" would match every plan's
    items. Writing the IRI into the text binds it everywhere. The projection
    drops ``$this`` (results are located at the focus node anyway).
    """
    if not isinstance(focus, URIRef):
        return None
    head, brace, body = query.partition("{")
    head = _THIS.sub("", head)
    if "?" not in head and "$" not in head and "*" not in head:
        head = _SELECT.sub(lambda m: m.group(0) + " *", head, count=1)
    body = _GROUP_BY.sub(_without_this, body)
    return head + brace + _THIS.sub(str(to_ox(focus)), body)


def _focus_nodes(data: rdflib.Graph, targets: tuple[tuple[URIRef, rdflib.term.Node], ...]) -> list[rdflib.term.Node]:
    nodes: set[rdflib.term.Node] = set()
    for predicate, value in targets:
        if predicate == SH.targetNode:
            nodes.add(value)
        elif predicate == SH.targetSubjectsOf:
            nodes.update(data.subjects(value, None))
        elif predicate == SH.targetObjectsOf:
            nodes.update(data.objects(None, value))
        elif predicate == SH.targetClass:
            for cls in data.transitive_subjects(RDFS.subClassOf, value):
                nodes.update(data.subjects(RDF.type, cls))
    return sorted(nodes, key=str)


def _add_result(report: rdflib.Graph, check: SparqlConstraint, focus: rdflib.term.Node,
                solution: ox.QuerySolution) -> None:
    result = BNode()
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.focusNode, focus))
    value = solution["value"]
    report.add((result, SH.value, _from_ox(value) if value is not None else focus))
    report.add((result, SH.resultSeverity, check.severity))
    report.add((result, SH.sourceShape, check.shape))
    report.add((result, SH.sourceConstraint, check.constraint))
    report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    for message in check.messages:
        text = _PLACEHOLDER.sub(lambda m: _text(solution[m.group(1)]), str(message))
        report.add((result, SH.resultMessage, Literal(text, lang=message.language)))


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    return "" if term is None else term.value


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
