"""The on-disk half of the embedded store: each graph written as a new version, committed by a pointer.

Layout of the pyoxigraph (RocksDB) directory:

- the triples of a plan graph ``G`` live in a *version graph*
  ``https://w3id.org/plankg/graph/version/{random hex}``, never reused;
- :data:`VERSIONS_GRAPH` holds ``<G> pk:currentVersion <version graph>``, one per graph;
- :data:`~service.store.base.META_GRAPH` holds ``<G> pk:sourceSha256 "hex"`` as before;
- a graph ``G`` stored under its own name with no pointer was written before
  versions existed: it is read as it is, and becomes garbage once replaced.

A write loads each new version (pyoxigraph's bulk loader for big graphs: no
transaction, several times faster; a transactional load for small ones),
then commits every pointer and hash of the write in one small SPARQL Update
request, which is one transaction. Killed before that commit, the store
reopens with the old pointers (the new versions are orphans); after it, with
the new ones. Old versions and orphans are garbage: a background thread
deletes them in chunks of :data:`CHUNK` quads, taking the disk lock per chunk
so writes wait at most one chunk; garbage left at exit is found and collected
at the next open. Readers never see the disk: the embedded store answers from
its in-memory mirror, which :meth:`VersionedDisk.load_into` fills at open
with the current versions under their graphs' names.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections import deque
from collections.abc import Iterator, Mapping

import pyoxigraph as ox
import rdflib

from loaders import iri
from loaders.errors import StoreError
from service.store.base import META_GRAPH, SOURCE_SHA256
from service.store.terms import iri_ref

VERSIONS_GRAPH = iri.GRAPH + "versions"
"""On disk only: ``<graph IRI> pk:currentVersion <version graph>``."""

CURRENT_VERSION = iri.term("currentVersion")
VERSION_PREFIX = iri.GRAPH + "version/"

BULK_BYTES = 2_000_000
"""Versions of at least this many bytes of N-Triples (about 20 000 triples) go through the bulk loader.

Measured on this machine: the bulk loader costs ~0.04-0.12 s per call
whatever the size, a transactional load ~8 ms per 1 000 triples but
~0.5 s per 30 000 (bulk: 0.3 s); they cross between 10 000 and 30 000.
"""

CHUNK = 10_000
"""Quads deleted per garbage-collection transaction (~0.15 s each)."""

NT = ox.RdfFormat.N_TRIPLES
log = logging.getLogger(__name__)


def commit_request(versions: Mapping[str, str | None], hashes: Mapping[str, str], *, drop: tuple[str, ...] = ()) -> str:
    """One update: point each graph at its version (``None``: no pointer, the graph is gone), record hashes.

    ``drop`` names graphs stored under their own name (written before
    versions) to delete in the same transaction.
    """
    meta, versions_graph = iri_ref(META_GRAPH), iri_ref(VERSIONS_GRAPH)
    sha, current = iri_ref(SOURCE_SHA256), iri_ref(CURRENT_VERSION)
    parts = [f"DROP SILENT GRAPH {iri_ref(g)}" for g in drop]
    inserts: list[str] = []
    for graph_iri, version in versions.items():
        name = iri_ref(graph_iri)
        parts.append(f"DELETE WHERE {{ GRAPH {versions_graph} {{ {name} {current} ?v }} }}")
        parts.append(f"DELETE WHERE {{ GRAPH {meta} {{ {name} {sha} ?h }} }}")
        if version is not None:
            inserts.append(f"GRAPH {versions_graph} {{ {name} {current} {iri_ref(version)} }}")
        if graph_iri in hashes:
            inserts.append(f"GRAPH {meta} {{ {name} {sha} {rdflib.Literal(hashes[graph_iri]).n3()} }}")
    if inserts:
        parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
    return " ;\n".join(parts)


def chunk_delete_request(graph_name: str) -> str:
    """Delete at most :data:`CHUNK` quads of one garbage graph (one small transaction)."""
    g = iri_ref(graph_name)
    return f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }} LIMIT {CHUNK} }} }}"


def classify(store: ox.Store) -> tuple[dict[str, str], list[str]]:
    """The graphs of a versioned directory: graph IRI -> name its triples are stored under, and the garbage."""
    pointers: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(CURRENT_VERSION), None, ox.NamedNode(VERSIONS_GRAPH)):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            pointers[quad.subject.value] = quad.object.value
    targets = set(pointers.values())
    current = dict(pointers)
    garbage: list[str] = []
    for name in store.named_graphs():
        if not isinstance(name, ox.NamedNode) or name.value in (META_GRAPH, VERSIONS_GRAPH):
            continue
        value = name.value
        if value.startswith(VERSION_PREFIX):
            if value not in targets:
                garbage.append(value)  # an orphan: killed before its commit, or replaced
        elif value in pointers:
            garbage.append(value)  # written before versions, replaced since
        else:
            current[value] = value  # written before versions, still current
    return current, garbage


def current_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of the current state under its graph's own name (meta graph and default graph included).

    For tools that read an embedded store's directory with pyoxigraph directly
    (``ox.Store.read_only(path)``): the raw quads hold version graph names,
    pointers and garbage.
    """
    current, _ = classify(store)
    for graph_iri, stored in current.items():
        name = ox.NamedNode(graph_iri)
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(stored)):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, name)
    yield from store.quads_for_pattern(None, None, None, ox.NamedNode(META_GRAPH))
    yield from store.quads_for_pattern(None, None, None, ox.DefaultGraph())


class VersionedDisk:
    """A pyoxigraph directory written in versions (see the module docstring).

    Every method that touches the disk holds ``lock``; the caller serialises
    writes (one ``write`` / ``drop`` at a time).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        try:
            self.store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc} (is another plankg process using it?)") from None
        self.lock = threading.Lock()
        self._current: dict[str, str] = {}  # graph IRI -> name its triples are stored under
        self._garbage: deque[str] = deque()
        self._small: set[str] = set()  # versions written here below BULK_BYTES: deleted in one transaction
        self._collector: threading.Thread | None = None
        self._stop = threading.Event()
        self._scan()

    # -- open ------------------------------------------------------------------

    def _scan(self) -> None:
        """Read the pointers; every graph that is neither current nor bookkeeping is garbage."""
        self._current, garbage = classify(self.store)
        self._garbage.extend(garbage)

    def load_into(self, mirror: ox.Store) -> None:
        """Copy the current state into ``mirror``: each current version under its graph's name, the hashes, the default graph."""
        with self.lock:
            for graph_iri, stored in self._current.items():
                data = self.store.dump(format=NT, from_graph=ox.NamedNode(stored))
                if data:
                    mirror.bulk_load(data, format=NT, to_graph=ox.NamedNode(graph_iri))
            mirror.extend(self.store.quads_for_pattern(None, None, None, ox.NamedNode(META_GRAPH)))
            default = self.store.dump(format=NT, from_graph=ox.DefaultGraph())
            if default:
                mirror.bulk_load(default, format=NT, to_graph=ox.DefaultGraph())
            if self._garbage:
                self._start_collector()

    # -- writes ----------------------------------------------------------------

    def write(self, payloads: Mapping[str, bytes], hashes: Mapping[str, str]) -> list[str]:
        """Store each graph's N-Triples as a new version, then commit pointers and hashes in one transaction.

        Returns the names the replaced graphs were stored under: garbage to
        hand to :meth:`discard` (after the caller's own work, so the
        collector does not compete with it).
        """
        with self.lock:
            versions = {g: VERSION_PREFIX + uuid.uuid4().hex for g in payloads}
            written: list[str] = []
            try:
                for graph_iri, data in payloads.items():
                    written.append(versions[graph_iri])
                    if len(data) >= BULK_BYTES:
                        self.store.bulk_load(data, format=NT, to_graph=ox.NamedNode(versions[graph_iri]))
                    else:
                        self._small.add(versions[graph_iri])
                        if data:
                            self.store.load(data, format=NT, to_graph=ox.NamedNode(versions[graph_iri]))
                self.store.update(commit_request(versions, hashes))
            except (OSError, SyntaxError, ValueError) as exc:
                self._garbage.extend(written)
                self._start_collector()
                raise StoreError(f"the store failed to write: {exc}") from None
            old = [self._current[g] for g in payloads if g in self._current]
            self._current.update(versions)
            return old

    def drop(self, graph_iri: str) -> list[str]:
        """Remove the pointer and hash of ``graph_iri`` in one transaction; returns its garbage (see :meth:`write`)."""
        with self.lock:
            name = ox.NamedNode(graph_iri)
            # Triples under the graph's own name (written before versions) would
            # read as current once the pointer is gone: delete them in the same transaction.
            own = (graph_iri,) if self.store.contains_named_graph(name) else ()
            try:
                self.store.update(commit_request({graph_iri: None}, {}, drop=own))
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"the store failed to write: {exc}") from None
            if graph_iri in own and graph_iri in self._garbage:
                self._garbage.remove(graph_iri)
            stored = self._current.pop(graph_iri, None)
            return [stored] if stored is not None and stored != graph_iri else []

    # -- garbage ---------------------------------------------------------------

    def discard(self, names: list[str]) -> None:
        """Queue stored graphs that are no longer current for deletion in the background."""
        if names:
            with self.lock:
                self._garbage.extend(names)
                self._start_collector()

    def _start_collector(self) -> None:
        if self._stop.is_set() or (self._collector is not None and self._collector.is_alive()):
            return
        self._collector = threading.Thread(target=self._collect, name="plankg-store-gc", daemon=True)
        self._collector.start()

    def _collect(self) -> None:
        """Delete garbage graphs a chunk at a time until none is left or the store closes."""
        while not self._stop.is_set():
            with self.lock:
                if not self._garbage:
                    self._collector = None
                    return
                name = self._garbage[0]
                try:
                    if self._delete_chunk(name):
                        self._garbage.popleft()
                except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
                    log.warning("could not delete the old graph %s (left for the next open): %s", name, exc)
                    self._garbage.popleft()

    def _delete_chunk(self, name: str) -> bool:
        """Delete up to one chunk of ``name`` (a small version at once); true when the graph is gone."""
        node = ox.NamedNode(name)
        if name in self._small:
            self.store.remove_graph(node)
            self._small.discard(name)
            return True
        if next(iter(self.store.quads_for_pattern(None, None, None, node)), None) is not None:
            self.store.update(chunk_delete_request(name))
            if next(iter(self.store.quads_for_pattern(None, None, None, node)), None) is not None:
                return False
        self.store.remove_graph(node)
        return True

    def wait_for_garbage(self) -> None:
        """Block until the collector has deleted every garbage graph."""
        with self.lock:
            collector = self._collector
        if collector is not None:
            collector.join()

    # -- life cycle ------------------------------------------------------------

    def close(self) -> None:
        """Stop the collector after its current chunk (the rest is collected at the next open) and flush."""
        self._stop.set()
        collector = self._collector
        if collector is not None:
            collector.join()
        with self.lock:
            self.store.flush()
