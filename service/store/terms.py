"""Conversion between rdflib terms and pyoxigraph terms (both directions).

``xsd:string`` literals come back from pyoxigraph as plain rdflib literals
(no datatype), as every SPARQL results parser returns them, so the embedded
and remote stores give identical answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Identifier, Literal, URIRef

from loaders.errors import StoreError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(term: Identifier) -> OxTerm:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store the term {term!r}")


@lru_cache(maxsize=65_536)
def from_ox(term: object) -> Identifier:
    """A pyoxigraph term as an rdflib term (cached: building rdflib literals dominates result conversion)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"unsupported term in a result: {term!r}")


def graph_quads(graph: rdflib.Graph, graph_iri: str) -> Iterator[ox.Quad]:
    """The triples of ``graph`` as quads in the named graph ``graph_iri``."""
    name = ox.NamedNode(graph_iri)
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]


def nquads(quads: Iterable[ox.Quad]) -> str:
    """N-Quads text of ``quads`` (pyoxigraph's serializer: fast and exact)."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return data.decode("utf-8") if data is not None else ""


def ntriples(graph: rdflib.Graph) -> str:
    """N-Triples text of ``graph`` written by pyoxigraph (usable inside ``INSERT DATA``)."""
    return ntriples_bytes(graph).decode("utf-8")


def ntriples_bytes(graph: rdflib.Graph) -> bytes:
    """N-Triples of ``graph`` as UTF-8 bytes, what ``Store.load(..., to_graph=…)`` reads."""
    triples = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def iri_ref(value: str) -> str:
    """``<value>`` for a SPARQL text, after checking that ``value`` is an IRI (no injection through graph names)."""
    try:
        return str(ox.NamedNode(value))
    except ValueError as exc:
        raise StoreError(f"invalid graph IRI {value!r}: {exc}") from None
