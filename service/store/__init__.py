"""Graph stores: :func:`open_store` turns a store spec into a :class:`Store`.

Specs (the value of ``PLANKG_STORE``):

- ``embedded:PATH`` — pyoxigraph on disk at ``PATH`` (created when missing);
- ``memory:`` — an in-memory embedded store (tests, throw-away runs);
- ``sparql:QUERY_URL[,UPDATE_URL]`` — any SPARQL 1.1 endpoint; without an
  update URL the store is read-only.
"""

from __future__ import annotations

from loaders.errors import StoreError
from service.store.base import META_GRAPH, QueryResult, Snapshot, Store

__all__ = ["META_GRAPH", "QueryResult", "Snapshot", "Store", "open_store"]


def open_store(spec: str) -> Store:
    """Open the store described by ``spec`` (see the module docstring)."""
    kind, _, rest = spec.partition(":")
    kind = kind.strip().lower()
    if kind == "memory":
        from service.store.embedded import EmbeddedStore

        return EmbeddedStore(None)
    if kind == "embedded":
        from service.store.embedded import EmbeddedStore

        if not rest.strip():
            raise StoreError(f"store spec {spec!r} needs a path: embedded:PATH")
        return EmbeddedStore(rest.strip())
    if kind == "sparql":
        from service.store.remote import RemoteStore

        urls = [u.strip() for u in rest.split(",") if u.strip()]
        if not urls or len(urls) > 2:
            raise StoreError(f"store spec {spec!r} must be sparql:QUERY_URL[,UPDATE_URL]")
        return RemoteStore(urls[0], urls[1] if len(urls) == 2 else None)
    raise StoreError(f"unknown store spec {spec!r}: expected embedded:PATH, memory: or sparql:QUERY_URL[,UPDATE_URL]")
