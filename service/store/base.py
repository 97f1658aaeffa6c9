"""The ``Store`` protocol every graph store implements, and its results.

Two implementations: :mod:`service.store.embedded` (pyoxigraph, the default)
and :mod:`service.store.remote` (any SPARQL 1.1 endpoint). Both pass the same
contract suite (``tests/store/test_contract.py``). Conventions:

- one named graph per plan; the default graph of a query is the union of all
  named graphs;
- ``replace_graph`` / ``replace_graphs`` are one transaction: readers see the
  old graph(s) or the new ones, never a mix;
- the sha256 of the source a graph was built from is kept in the bookkeeping
  graph :data:`META_GRAPH` (``<graph> pk:sourceSha256 "hex"``) and returned by
  ``graph_hashes()``; :data:`META_GRAPH` is hidden from ``graphs()`` and from
  the union default graph;
- terms in and out are rdflib terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import rdflib
from rdflib.term import Identifier

from loaders import iri

META_GRAPH = iri.GRAPH + "meta"
"""Bookkeeping graph: ``<graph IRI> pk:sourceSha256 "hex"`` for every graph loaded with a hash."""

SOURCE_SHA256 = iri.term("sourceSha256")

Triple = tuple[Identifier, Identifier, Identifier]


@dataclass(frozen=True)
class QueryResult:
    """The answer to one query.

    ``kind`` is ``select`` (``variables`` + ``rows``, an unbound variable is
    absent from its row), ``ask`` (``boolean``) or ``graph`` (``triples``, for
    CONSTRUCT and DESCRIBE). ``truncated`` is true when rows or triples were
    cut at the row cap.
    """

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Identifier], ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = ()
    truncated: bool = False

    def to_graph(self) -> rdflib.Graph:
        """The triples of a ``graph`` result as an rdflib graph."""
        graph = rdflib.Graph()
        for triple in self.triples:
            graph.add(triple)
        return graph


@dataclass(frozen=True)
class Snapshot:
    """How a query worker process opens a read-only view of a store's current state.

    ``kind``: ``nquads`` (``location`` is an N-Quads file to load in memory),
    ``oxigraph`` (a pyoxigraph directory nobody writes, opened read-only) or
    ``sparql`` (``location`` is a ``sparql:`` store spec). ``generation``
    changes whenever the content changes, so workers know when to reopen.
    """

    kind: Literal["nquads", "oxigraph", "sparql"]
    location: str
    generation: int


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per plan."""

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query.

        ``bindings`` give values to variables (never pasted into the text);
        ``default_graph_uris`` / ``named_graph_uris`` restrict the dataset as the
        protocol's ``default-graph-uri`` / ``named-graph-uri`` do (empty: the
        union of all named graphs is the default graph, every named graph is
        available to ``GRAPH``); ``timeout`` is a deadline in seconds for the
        whole call; ``max_rows`` caps rows or triples (``truncated`` says so).
        Raises ``QueryError`` for a malformed query, ``QueryTimeout`` past the
        deadline, ``StoreError`` when the store fails.
        """
        ...

    def replace_graph(self, graph_iri: str, graph: rdflib.Graph, *, sha256: str | None = None) -> None:
        """Replace one named graph in one transaction (and record its source hash)."""
        ...

    def replace_graphs(self, graphs: Mapping[str, rdflib.Graph], *, hashes: Mapping[str, str] | None = None) -> None:
        """Replace several named graphs in one transaction."""
        ...

    def drop_graph(self, graph_iri: str) -> None:
        """Remove a named graph and its recorded hash (no error when absent)."""
        ...

    def graph_hashes(self) -> dict[str, str]:
        """Graph IRI -> sha256 of the source it was built from."""
        ...

    def graphs(self) -> list[str]:
        """The IRIs of the non-empty named graphs, sorted (the bookkeeping graph excluded)."""
        ...

    def graph(self, graph_iri: str) -> rdflib.Graph:
        """A copy of one named graph (empty when absent)."""
        ...

    def bulk_load(self, graphs: Mapping[str, rdflib.Graph], *, hashes: Mapping[str, str] | None = None) -> None:
        """Load many graphs fast, replacing any with the same IRI (not one transaction)."""
        ...

    def snapshot(self) -> Snapshot:
        """A read-only view of the current state for query worker processes."""
        ...

    def close(self) -> None:
        """Release files and connections; the store is unusable afterwards."""
        ...
