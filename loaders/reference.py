"""The reference data: ontology, SKOS schemes, themes, institutions and legal acts.

One function parses every reference file into one graph; the loader stores it
in the reference named graph (:data:`loaders.iri.REFERENCE_GRAPH`) and the
validator merges what the shapes need of it (:func:`shared_reference_graph`)
with the plan graphs so that shapes can check that every institution and
legal act a plan uses exists.

The files are parsed once per process and again only when one of them changes
(path, modification time and size); :func:`reference_graph` hands out a copy
that the caller may change, :func:`shared_reference_graph` the cached graph
itself, which nobody may change.

>>> from loaders.reference import reference_graph
>>> len(reference_graph()) > 1000
True
"""

from __future__ import annotations

from pathlib import Path

import rdflib

from loaders.errors import ReferenceDataError

# Every file of the reference graph, in load order (the ontology first).
REFERENCE_FILES: tuple[str, ...] = (
    "plankg.ttl",
    "schemes.ttl",
    "themes.ttl",
    "institutions.ttl",
    "legal-acts.ttl",
)


def ontology_dir() -> Path:
    """The directory holding the ontology and the reference data (``ontology/``)."""
    return Path(__file__).resolve().parent.parent / "ontology"


# Files' identity (path, mtime_ns, size) -> the graph parsed from them.
_CACHE: dict[tuple[tuple[str, int, int], ...], rdflib.Graph] = {}


def reference_graph(directory: Path | None = None) -> rdflib.Graph:
    """Every file of :data:`REFERENCE_FILES` from ``directory`` in one new graph.

    The caller owns the returned graph. Raises :class:`ReferenceDataError`
    naming the file when one is missing or is not valid Turtle.
    """
    copy = rdflib.Graph()
    shared = shared_reference_graph(directory)
    for prefix, namespace in shared.namespaces():
        copy.bind(prefix, namespace, override=False)
    for triple in shared:
        copy.add(triple)
    return copy


def shared_reference_graph(directory: Path | None = None) -> rdflib.Graph:
    """The cached reference graph: parsed once, re-parsed when a file changes. Do not modify it.

    Raises :class:`ReferenceDataError` like :func:`reference_graph`.
    """
    base = directory if directory is not None else ontology_dir()
    paths = [base / name for name in REFERENCE_FILES]
    for path in paths:
        if not path.is_file():
            raise ReferenceDataError(f"{path}: reference file missing")
    key = tuple((str(path.resolve()), path.stat().st_mtime_ns, path.stat().st_size) for path in paths)
    graph = _CACHE.get(key)
    if graph is None:
        graph = _parse(paths)
        stale = [old for old in _CACHE if {entry[0] for entry in old} == {entry[0] for entry in key}]
        for old in stale:
            del _CACHE[old]
        _CACHE[key] = graph
    return graph


def _parse(paths: list[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except (SyntaxError, ValueError) as exc:  # BadSyntax is a SyntaxError
            raise ReferenceDataError(f"{path}: not valid Turtle: {exc}") from exc
    return graph
