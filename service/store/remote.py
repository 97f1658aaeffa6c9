"""The remote store: any SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso…).

- Queries go through SPARQLWrapper; variables are bound with a ``VALUES``
  block written from the terms' ``n3()`` at the top of the WHERE group
  (:func:`~service.store.sparqltext.inject_values`), never by pasting values.
- Writes are SPARQL 1.1 Update requests: a graph replacement is ONE request
  (``DROP SILENT GRAPH`` + ``INSERT DATA``), which servers such as Oxigraph
  apply as one transaction.
- Every call has a total deadline: it runs in a thread and the caller stops
  waiting at the deadline (SPARQLWrapper's own timeout applies per socket read;
  it is set to the time left so the thread ends soon after too).
- Only idempotent calls (queries) are retried, on connection errors and 5xx;
  updates are never retried.

The endpoint's default graph must be the union of its named graphs, as in the
embedded store (Oxigraph: ``serve --union-default-graph``; Fuseki:
``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso do this by default).
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import httpx
import rdflib
from rdflib.term import BNode, Identifier, Literal, URIRef
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from loaders.errors import QueryError, StoreError
from service.errors import QueryTimeout
from service.store.base import META_GRAPH, SOURCE_SHA256, QueryResult, Snapshot
from service.store.sparqltext import dataset_iris, declares_dataset, inject_values, query_form
from service.store.terms import iri_ref, ntriples

T = TypeVar("T")
_SPARQL_DIR = Path(__file__).with_name("sparql")


def _internal_query(name: str) -> str:
    return (_SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


def replace_request(graphs: Mapping[str, rdflib.Graph], hashes: Mapping[str, str]) -> str:
    """One SPARQL Update request replacing ``graphs`` and their recorded hashes.

    One request is one transaction on Oxigraph (and on most servers), so
    readers never see a mix.
    """
    meta = iri_ref(META_GRAPH)
    sha = iri_ref(SOURCE_SHA256)
    parts: list[str] = []
    inserts: list[str] = []
    for graph_iri, graph in graphs.items():
        name = iri_ref(graph_iri)
        parts.append(f"DROP SILENT GRAPH {name}")
        parts.append(f"DELETE WHERE {{ GRAPH {meta} {{ {name} {sha} ?h }} }}")
        inserts.append(f"GRAPH {name} {{\n{ntriples(graph)}}}")
        if graph_iri in hashes:
            inserts.append(f"GRAPH {meta} {{ {name} {sha} {rdflib.Literal(hashes[graph_iri]).n3()} }}")
    if inserts:
        parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
    return " ;\n".join(parts)


def drop_request(graph_iri: str) -> str:
    name = iri_ref(graph_iri)
    return f"DROP SILENT GRAPH {name} ;\nDELETE WHERE {{ GRAPH {iri_ref(META_GRAPH)} {{ {name} {iri_ref(SOURCE_SHA256)} ?h }} }}"


class _Retryable(Exception):
    """A failure worth retrying an idempotent call for."""


def with_deadline(call: Callable[[], T], seconds: float, what: str) -> T:
    """Run ``call`` in a daemon thread; raise :class:`QueryTimeout` if it is not done in ``seconds``."""
    future: Future[T] = Future()

    def target() -> None:
        try:
            future.set_result(call())
        except BaseException as exc:  # handed to the caller below
            future.set_exception(exc)

    threading.Thread(target=target, name=f"plankg-remote-{what}", daemon=True).start()
    try:
        return future.result(timeout=seconds)
    except TimeoutError:
        raise QueryTimeout(f"the SPARQL endpoint did not answer the {what} within {seconds:g} s") from None


def term_from_json(value: Mapping[str, str]) -> Identifier:
    """A SPARQL JSON results term as an rdflib term."""
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(value["value"], datatype=URIRef(datatype))
        return Literal(value["value"])
    raise StoreError(f"unsupported term in the endpoint's answer: {value!r}")


class RemoteStore:
    """A store behind SPARQL 1.1 query (and optionally update) URLs."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        timeout: float = 60.0,
        retries: int = 2,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.timeout = timeout
        self.retries = retries

    # -- reads -----------------------------------------------------------------

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
        text = inject_values(sparql, bindings) if bindings else sparql
        form = query_form(text)
        if not default_graph_uris and not named_graph_uris and declares_dataset(text):
            # servers with a union default graph (Oxigraph's --union-default-graph)
            # ignore FROM; the same graphs given as protocol parameters are honoured
            default_graph_uris, named_graph_uris = dataset_iris(text)
        if form not in ("select", "ask", "construct", "describe"):
            raise QueryError("malformed query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        seconds = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + seconds
        attempt = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(f"the SPARQL endpoint did not answer the query within {seconds:g} s")
            try:
                result = with_deadline(
                    lambda: self._query_once(text, form, default_graph_uris, named_graph_uris, left), left, "query"
                )
                return _cap(result, max_rows)
            except QueryTimeout:
                raise QueryTimeout(f"the SPARQL endpoint did not answer the query within {seconds:g} s") from None
            except _Retryable as exc:
                attempt += 1
                if attempt > self.retries:
                    raise StoreError(f"the SPARQL endpoint {self.query_url} failed: {exc}") from None
                time.sleep(min(0.2 * attempt, max(0.0, deadline - time.monotonic())))

    def _query_once(
        self, text: str, form: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str], left: float
    ) -> QueryResult:
        client = SPARQLWrapper(self.query_url)
        client.setMethod(POST)
        client.setTimeout(max(1, int(left) + 1))
        client.setReturnFormat(JSON if form in ("select", "ask") else TURTLE)
        client.setOnlyConneg(True)
        for uri in default_graph_uris:
            client.addDefaultGraph(uri)
        for uri in named_graph_uris:
            client.addNamedGraph(uri)
        client.setQuery(text)
        # SPARQLWrapper guesses the form from the text and its comment stripping misses every
        # other line of a comment block: "institution-load" in a comment made it send a LOAD.
        client.queryType = form.upper()
        try:
            response = client.query()
            body = response.response.read()
        except QueryBadFormed as exc:
            raise QueryError(f"malformed query: {_short(exc)}") from None
        except (EndPointInternalError, EndPointNotFound) as exc:
            raise _Retryable(_short(exc)) from None
        except Unauthorized as exc:
            raise StoreError(f"the SPARQL endpoint refused access: {_short(exc)}") from None
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                raise _Retryable(f"HTTP {exc.code}") from None
            raise QueryError(f"the SPARQL endpoint answered HTTP {exc.code}") from None
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
            raise _Retryable(str(exc)) from None
        except SPARQLWrapperException as exc:
            raise StoreError(f"the SPARQL endpoint failed: {_short(exc)}") from None
        if form in ("select", "ask"):
            try:
                data = json.loads(body)
            except ValueError:
                raise StoreError("the SPARQL endpoint did not answer in SPARQL JSON results") from None
            if "boolean" in data:
                return QueryResult("ask", boolean=bool(data["boolean"]))
            names = tuple(data.get("head", {}).get("vars", ()))
            rows = tuple(
                {name: term_from_json(value) for name, value in binding.items()}
                for binding in data.get("results", {}).get("bindings", ())
            )
            return QueryResult("select", variables=names, rows=rows)
        graph = rdflib.Graph()
        try:
            graph.parse(data=body, format="turtle")
        except Exception as exc:  # rdflib raises many kinds for bad syntax
            raise StoreError(f"the SPARQL endpoint answered unreadable Turtle: {exc}") from None
        return QueryResult("graph", triples=tuple(graph))

    def graphs(self) -> list[str]:
        result = self.query(_internal_query("graphs"))
        return sorted(str(row["g"]) for row in result.rows if str(row["g"]) != META_GRAPH)

    def graph(self, graph_iri: str) -> rdflib.Graph:
        return self.query(_internal_query("graph"), bindings={"g": URIRef(graph_iri)}).to_graph()

    def graph_hashes(self) -> dict[str, str]:
        result = self.query(_internal_query("hashes"), bindings={"meta": URIRef(META_GRAPH)})
        return {str(row["graph"]): str(row["sha256"]) for row in result.rows}

    # -- writes (never retried) ---------------------------------------------------

    def replace_graph(self, graph_iri: str, graph: rdflib.Graph, *, sha256: str | None = None) -> None:
        self.replace_graphs({graph_iri: graph}, hashes={graph_iri: sha256} if sha256 else None)

    def replace_graphs(self, graphs: Mapping[str, rdflib.Graph], *, hashes: Mapping[str, str] | None = None) -> None:
        if graphs:
            self._update(replace_request(graphs, hashes or {}))

    def drop_graph(self, graph_iri: str) -> None:
        self._update(drop_request(graph_iri))

    def bulk_load(self, graphs: Mapping[str, rdflib.Graph], *, hashes: Mapping[str, str] | None = None) -> None:
        """One update request per graph (each atomic; the whole load is not)."""
        for graph_iri, graph in graphs.items():
            sha = (hashes or {}).get(graph_iri)
            self.replace_graph(graph_iri, graph, sha256=sha)

    def _update(self, update: str) -> None:
        if self.update_url is None:
            raise StoreError(f"the store {self.query_url} is read-only: give an update URL (sparql:QUERY_URL,UPDATE_URL)")
        url = self.update_url

        def post() -> None:
            try:
                response = httpx.post(
                    url,
                    content=update.encode("utf-8"),
                    headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                    timeout=self.timeout,
                )
            except httpx.HTTPError as exc:
                raise StoreError(f"the SPARQL endpoint {url} failed: {exc}") from None
            if response.status_code >= 300:
                raise StoreError(f"the SPARQL endpoint {url} refused the update: HTTP {response.status_code} {response.text[:300]}")

        try:
            with_deadline(post, self.timeout, "update")
        except QueryTimeout as exc:
            raise StoreError(f"{exc}; the update may or may not have been applied") from None

    # -- life cycle ----------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        spec = f"sparql:{self.query_url}" + (f",{self.update_url}" if self.update_url else "")
        return Snapshot("sparql", spec, 0)

    def close(self) -> None:
        """Nothing to release: every call opens its own connection."""


def _cap(result: QueryResult, max_rows: int | None) -> QueryResult:
    if max_rows is None:
        return result
    if result.kind == "select" and len(result.rows) > max_rows:
        return QueryResult("select", variables=result.variables, rows=result.rows[:max_rows], truncated=True)
    if result.kind == "graph" and len(result.triples) > max_rows:
        return QueryResult("graph", triples=result.triples[:max_rows], truncated=True)
    return result


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


__all__: list[str] = ["RemoteStore", "term_from_json", "with_deadline"]
