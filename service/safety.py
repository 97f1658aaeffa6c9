"""What a client's query or upload must not do, checked before anything runs.

- :func:`check_query`: length and bracket depth limits (checked on the raw
  text, before any parser: pyoxigraph aborts the process on queries nested
  about 3000 levels deep), read-only (no update forms), no ``SERVICE`` or
  ``LOAD`` (they make the engine fetch URLs), and ``FROM`` / ``FROM NAMED`` /
  ``default-graph-uri`` / ``named-graph-uri`` only with graphs the store holds
  (rdflib fetches unknown dataset IRIs from the web or the file system).
  SPARQL allows ``\\uXXXX`` escapes anywhere in a query and parsers decode them
  before parsing, so the checks run on the decoded text.
- :func:`check_upload`: size limit and no XML ``<!DOCTYPE`` / ``<!ENTITY``
  (entity expansion blows up both RDF/XML parsers); :func:`check_token` for
  write endpoints.

Deadlines and row caps are enforced when the query runs (:mod:`service.worker`).
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Sequence

from service.config import Settings
from service.errors import ApiError, QueryRefused
from service.store.base import META_GRAPH, Store
from service.store.sparqltext import dataset_iris, keywords, nesting_depth, query_form

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_FORBIDDEN = {
    "SERVICE": "SERVICE would make the service call another endpoint",
    "LOAD": "LOAD would make the service fetch a document",
}
_XML_DECLS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def decode_escapes(sparql: str) -> str:
    """The query text with ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes decoded, as a SPARQL parser sees it."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(replace, sparql)


def check_query(
    sparql: str,
    settings: Settings,
    store: Store,
    *,
    default_graph_uris: Sequence[str] = (),
    named_graph_uris: Sequence[str] = (),
) -> str:
    """Refuse (``QueryRefused``) what a client's query must not do; return its form.

    The form is ``select``, ``ask``, ``construct`` or ``describe``.
    """
    if len(sparql) > settings.max_query_length:
        raise QueryRefused(f"the query is {len(sparql)} characters long; the limit is {settings.max_query_length}")
    depth = nesting_depth(sparql)
    if depth > settings.max_query_depth:
        raise QueryRefused(f"the query nests brackets {depth} levels deep; the limit is {settings.max_query_depth}")
    text = decode_escapes(sparql)
    if text != sparql and nesting_depth(text) > settings.max_query_depth:
        raise QueryRefused(f"the query nests brackets more than {settings.max_query_depth} levels deep")
    form = query_form(text)
    if form == "update":
        raise QueryRefused("this endpoint is read-only: SPARQL updates are refused")
    if form is None:
        raise QueryRefused("malformed query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    words = keywords(text)
    for word, reason in _FORBIDDEN.items():
        if word in words:
            raise QueryRefused(f"{word} is not allowed: {reason}")
    from_default, from_named = dataset_iris(text)
    requested = [*from_default, *from_named, *default_graph_uris, *named_graph_uris]
    if requested:
        known = set(store.graphs()) | {META_GRAPH}
        outside = sorted({iri for iri in requested if iri not in known})
        if outside:
            raise QueryRefused(
                "only graphs held by this store can make up a query's dataset; not held: " + ", ".join(outside[:5])
            )
    return form


def check_token(presented: str | None, settings: Settings) -> None:
    """Allow a write only with the configured bearer token (writes are off when none is set)."""
    if settings.token is None:
        raise ApiError(403, "writes-disabled", "writes are disabled on this service (no PLANKG_TOKEN set)")
    if presented is None or not hmac.compare_digest(presented.encode(), settings.token.encode()):
        raise ApiError(401, "unauthorized", "a valid bearer token is required", {"WWW-Authenticate": "Bearer"})


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def check_upload(body: bytes, settings: Settings) -> None:
    """Refuse an upload that is too large or carries XML DTD declarations."""
    if len(body) > settings.max_upload_bytes:
        raise ApiError(413, "too-large", f"the upload is {len(body)} bytes; the limit is {settings.max_upload_bytes}")
    if _XML_DECLS.search(body):
        raise ApiError(400, "xml-dtd-refused", "XML with <!DOCTYPE or <!ENTITY declarations is refused")
