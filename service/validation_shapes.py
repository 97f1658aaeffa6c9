"""The shapes graph split for :func:`service.validation.validate`, and pySHACL run with it.

The plan shapes check plan data (with the reference index); the reference shapes
(those targeting only :data:`REFERENCE_CLASSES`) check reference data; the
shapes whose SHACL-SPARQL constraints :mod:`service.validation_sparql` runs
are left without targets in the plan half. Each half is loaded into pySHACL
once and reused, so its shapes and constraints are parsed once per process.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import rdflib
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator
from rdflib import URIRef
from rdflib.namespace import SH, SKOS

from loaders import iri
from service import validation_sparql

PK = rdflib.Namespace(iri.ONTOLOGY)
_SHAPES_KEPT = 4  # shapes graphs whose split is remembered
_EMPTY = rdflib.Graph()


# Classes whose instances live in the reference data (institutions, legal acts,
# concepts). Shapes targeting only these classes check the reference data once
# (:func:`service.validation.validate`) and, per call, only the nodes ``data`` describes.
REFERENCE_CLASSES: frozenset[URIRef] = frozenset({
    PK.Institution, PK.GenericActor, PK.LegalAct, PK.Law, PK.GovernmentDecision, SKOS.Concept,
})
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


class SplitShapes:
    """A shapes graph split by target into plan shapes and reference shapes, each loaded once.

    Both halves are copies of the same shapes files with the targets of the
    other half removed, so every shape keeps its constraints and messages;
    pyshacl's parsed shapes and prepared SPARQL constraints are reused across calls.
    """

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        reference = {
            shape for shape in graph.subjects(SH.targetClass, None)
            if set(graph.objects(shape, SH.targetClass)) <= REFERENCE_CLASSES
            and all(graph.value(shape, target) is None for target in _TARGETS[1:])
        }
        self.reference_names = frozenset(reference)
        sparql = validation_sparql.handled(graph)
        self.checks = validation_sparql.constraints(graph)
        self.plan = ShapesGraph(_without_targets(graph, keep=lambda s: s not in reference and s not in sparql))
        self.reference = ShapesGraph(_without_targets(graph, keep=lambda s: s in reference))
        self.whole = ShapesGraph(_without_targets(graph, keep=lambda s: True))  # a copy: pyshacl adds to it


def _without_targets(graph: rdflib.Graph, keep: Callable[[rdflib.term.Node], bool]) -> rdflib.Graph:
    """A copy of ``graph`` without the targets of the shapes ``keep`` rejects (they then check nothing)."""
    copy = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=False)
    for s, p, o in graph:
        if p in _TARGETS and not keep(s):
            continue
        copy.add((s, p, o))
    return copy


_SHAPES: OrderedDict[int, SplitShapes] = OrderedDict()  # id of a shapes graph -> its split (last few)


def split_shapes(graph: rdflib.Graph) -> SplitShapes:
    """The split of ``graph``, made on first use; a shapes graph must not change once used."""
    cached = _SHAPES.get(id(graph))
    if cached is None or cached.graph is not graph:
        cached = _SHAPES[id(graph)] = SplitShapes(graph)
        while len(_SHAPES) > _SHAPES_KEPT:
            _SHAPES.popitem(last=False)
    return cached


def run_pyshacl(data: rdflib.Graph, shapes: ShapesGraph) -> rdflib.Graph:
    """pyshacl over ``data`` (in place, no inference) with an already loaded shapes graph."""
    validator = Validator(
        DataGraph.from_rdflib(data),
        shacl_graph=_EMPTY,
        options={"inference": "none", "inplace": True, "allow_warnings": True, "advanced": False},
    )
    validator.shacl_graph = shapes  # reuse the parsed shapes and prepared SPARQL queries
    _, results, _ = validator.run()
    return results
