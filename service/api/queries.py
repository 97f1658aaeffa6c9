"""``GET /queries`` and ``GET /queries/{name}``: the named query library over HTTP.

- ``/queries`` lists every query of ``queries/``: name, titles and
  descriptions (en, ro), parameters, and the URLs of its results.
- ``/queries/{name}`` runs one, with its parameters taken from the query
  string (``?act=https://…&year=2024``), bound as RDF terms. The format comes
  from a ``.json`` / ``.csv`` suffix of the name, else from the ``Accept``
  header: ``application/json`` (the default), ``text/csv`` or
  ``application/sparql-results+json``; nothing acceptable is a 406.
- A bad parameter value (or an unknown or repeated parameter) is a 400, an
  unknown name a 404, both in the service's one error shape.

Named queries are trusted files, so they run in-process on the store with the
configured deadline and row cap (``truncated`` says when rows were cut).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import BNode, Literal
from rdflib.term import Identifier

from service.catalog import Catalog, NamedQuery, ParameterError, UnknownQuery, result_table
from service.context import AppContext
from service.errors import ApiError
from service.store.base import QueryResult

JSON = "application/json"
CSV = "text/csv"
SPARQL_JSON = "application/sparql-results+json"
SUFFIXES = {".json": JSON, ".csv": CSV}
OFFERED = (JSON, CSV, SPARQL_JSON)


def negotiate(accept: str | None) -> str:
    """The media type to answer with for an ``Accept`` header (JSON when absent or ``*/*``)."""
    if not accept or not accept.strip():
        return JSON
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*"):
            return JSON
        if media == "text/*":
            return CSV
        if media in OFFERED:
            return media
    raise ApiError(406, "not-acceptable", f"cannot answer in {accept!r}; offered: {', '.join(OFFERED)}")


def _query_values(request: Request) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise ApiError(400, "bad-parameter", f"parameter {key!r} given more than once")
        values[key] = value
    return values


def _urls(request: Request, query: NamedQuery) -> dict[str, str]:
    base = str(request.url_for("run_named_query", name=query.name))
    return {"url": base, "json": f"{base}.json", "csv": f"{base}.csv"}


def _sparql_json(result: QueryResult) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON of a select result."""

    def term(value: Identifier) -> dict[str, str]:
        if isinstance(value, Literal):
            out = {"type": "literal", "value": str(value)}
            if value.language:
                out["xml:lang"] = value.language
            elif value.datatype:
                out["datatype"] = str(value.datatype)
            return out
        if isinstance(value, BNode):
            return {"type": "bnode", "value": str(value)}
        return {"type": "uri", "value": str(value)}

    bindings = [{k: term(v) for k, v in row.items()} for row in result.rows]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _csv(columns: tuple[str, ...], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue()


def build_router(ctx: AppContext) -> APIRouter:
    """The ``/queries`` routes, over the catalog of ``queries/`` read once here."""
    catalog = Catalog.load()
    router = APIRouter(tags=["named queries"])

    @router.get("/queries", summary="List the named queries")
    def list_named_queries(request: Request) -> JSONResponse:
        """Every named query with its titles, descriptions, parameters and result URLs."""
        body = [{**q.describe(), **_urls(request, q)} for q in catalog]
        return JSONResponse(body)

    @router.get("/queries/{name}", name="run_named_query", summary="Run a named query")
    def run_named_query(name: str, request: Request) -> Response:
        """Run the query ``name`` (``.json``/``.csv`` suffix or ``Accept`` chooses the format).

        Parameters are query-string parameters named as in ``/queries``.
        """
        media = None
        for suffix, suffix_media in SUFFIXES.items():
            if name.endswith(suffix):
                name, media = name[: -len(suffix)], suffix_media
                break
        try:
            query = catalog.get(name)
        except UnknownQuery as exc:
            raise ApiError(404, "unknown-query", str(exc)) from exc
        if media is None:
            media = negotiate(request.headers.get("accept"))
        try:
            bindings = query.bind(_query_values(request))
        except ParameterError as exc:
            raise ApiError(400, "bad-parameter", str(exc)) from exc
        result = ctx.store.query(
            query.sparql, bindings=bindings, timeout=ctx.settings.query_timeout, max_rows=ctx.settings.max_rows
        )
        headers = {"X-Truncated": "true"} if result.truncated else {}
        if media == SPARQL_JSON:
            return JSONResponse(_sparql_json(result), media_type=SPARQL_JSON, headers=headers)
        columns, rows = result_table(result)
        if media == CSV:
            return Response(_csv(columns, rows), media_type="text/csv; charset=utf-8", headers=headers)
        body = {
            "query": query.name,
            "title": query.title,
            "parameters": {k: str(v) for k, v in bindings.items()},
            "columns": list(columns),
            "rows": [dict(zip(columns, row)) for row in rows],
            "truncated": result.truncated,
        }
        return JSONResponse(body, headers=headers)

    return router
