"""``refresh(store)``: recompute the links graph from the plan graphs, in one transaction.

Called by :func:`service.loading.load_paths` (its single call-site
``_after_load``) whenever a plan or the reference data changed, and by
anyone who wants the derived data rebuilt. It reads the plans and the
reference data (:func:`~service.crossplan.corpus.read_corpus`), resolves
every cross-reference, classifies items under themes, links similar items,
builds the whole links graph ``https://w3id.org/plankg/graph/links`` in
memory with exactly the terms of ``docs/MODEL.md`` and replaces it with one
``store.replace_graph`` — readers see the old links or the new ones, never a
mix, and links to items of a replaced or removed plan cannot survive.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, XSD

from loaders import iri
from service.crossplan.corpus import Corpus, read_corpus
from service.crossplan.resolution import Resolution, TermWeights, resolve_all
from service.crossplan.similarity import Link, legal_basis_links, text_links
from service.crossplan.themes import RuleTable, classify
from service.store.base import Store

PK = Namespace(iri.ONTOLOGY)
LINK_SLUGS = {"SameText": "same-text", "SimilarText": "similar-text", "SameTheme": "same-theme",
              "SameLegalBasis": "same-legal-basis"}


@dataclass(frozen=True)
class RefreshReport:
    """What one refresh wrote: counts per kind and the seconds each step took."""

    items: int
    cross_references: dict[str, int] = field(default_factory=dict)  # status -> count
    links: dict[str, int] = field(default_factory=dict)  # link kind -> count
    themed_items: int = 0
    triples: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def build_links(corpus: Corpus, rules: RuleTable) -> tuple[Graph, RefreshReport]:
    """The links graph of ``corpus`` and a report of what it holds."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    resolutions = resolve_all(corpus, TermWeights.of(corpus))
    seconds["resolution"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    themes = classify(corpus, rules)
    seconds["themes"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    links = text_links(corpus, themes) + legal_basis_links(corpus)
    seconds["similarity"] = round(time.perf_counter() - start, 3)
    graph = Graph()
    graph.bind("pk", PK)
    graph.bind("dcterms", DCTERMS)
    for resolution in resolutions:
        _add_resolution(graph, resolution)
    for item, found in themes.items():
        for theme in found:
            graph.add((URIRef(item), DCTERMS.subject, URIRef(theme)))
    for link in links:
        _add_link(graph, link)
    statuses: dict[str, int] = {}
    for resolution in resolutions:
        statuses[resolution.status.value] = statuses.get(resolution.status.value, 0) + 1
    kinds: dict[str, int] = {}
    for link in links:
        kinds[link.kind] = kinds.get(link.kind, 0) + 1
    report = RefreshReport(len(corpus.items), statuses, kinds, len(themes), len(graph), seconds)
    return graph, report


def _add_resolution(graph: Graph, resolution: Resolution) -> None:
    node = URIRef(resolution.reference)
    graph.add((node, PK.resolutionStatus, PK[resolution.status.value]))
    if resolution.target:
        graph.add((node, PK.resolvedTarget, URIRef(resolution.target)))
    for candidate in resolution.candidates:
        graph.add((node, PK.candidate, URIRef(candidate)))
    graph.add((node, PK.evidence, Literal(resolution.evidence)))
    if resolution.overlap is not None:
        graph.add((node, PK.textOverlap, Literal(round(resolution.overlap, 3), datatype=XSD.double)))


def _add_link(graph: Graph, link: Link) -> None:
    node = URIRef(iri.link(link.source, link.target, LINK_SLUGS[link.kind]))
    graph.add((node, RDF.type, PK.ItemLink))
    graph.add((node, PK.linkSource, URIRef(link.source)))
    graph.add((node, PK.linkTarget, URIRef(link.target)))
    graph.add((node, PK.linkKind, PK[link.kind]))
    graph.add((node, PK.score, Literal(round(link.score, 4), datatype=XSD.double)))
    for term in link.shared:
        graph.add((node, PK.sharedTerm, Literal(term)))


def refresh(store: Store) -> RefreshReport:
    """Rebuild the links graph of ``store`` from its plan graphs and reference data, in one transaction."""
    start = time.perf_counter()
    corpus = read_corpus(store)
    rules = RuleTable.from_store(store)
    read_seconds = round(time.perf_counter() - start, 3)
    graph, report = build_links(corpus, rules)
    start = time.perf_counter()
    store.replace_graph(iri.LINKS_GRAPH, graph)
    report.seconds["read"] = read_seconds
    report.seconds["write"] = round(time.perf_counter() - start, 3)
    return report
