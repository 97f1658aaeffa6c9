"""The reference data: ontology, SKOS schemes, themes, institutions and legal acts.

One function parses every reference file into one graph; the loader stores it
in the reference named graph (:data:`loaders.iri.REFERENCE_GRAPH`) and the
validator merges it with the plan graphs so that shapes can check that every
institution and legal act a plan uses exists.

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


def reference_graph(directory: Path | None = None) -> rdflib.Graph:
    """Parse every file of :data:`REFERENCE_FILES` from ``directory`` into one graph.

    Raises :class:`ReferenceDataError` naming the file when one is missing or
    is not valid Turtle.
    """
    base = directory if directory is not None else ontology_dir()
    graph = rdflib.Graph()
    for name in REFERENCE_FILES:
        path = base / name
        if not path.is_file():
            raise ReferenceDataError(f"{path}: reference file missing")
        try:
            graph.parse(path, format="turtle")
        except (SyntaxError, ValueError) as exc:  # BadSyntax is a SyntaxError
            raise ReferenceDataError(f"{path}: not valid Turtle: {exc}") from exc
    return graph
