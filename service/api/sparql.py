"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint.

- ``GET /sparql?query=…``, ``POST`` form-encoded (``query=…``) and ``POST``
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``
  (repeatable) set the dataset and take precedence over ``FROM`` in the query.
- Content negotiation: SELECT as SPARQL JSON (default), XML, CSV, TSV; ASK as
  JSON or XML; CONSTRUCT / DESCRIBE as Turtle (default), N-Triples, N-Quads,
  JSON-LD, RDF/XML. 406 when none is acceptable.
- Errors: 400 malformed or refused query, repeated ``query``; 403 updates
  (this endpoint is read-only); 405 other methods; 413 a body too large; 415
  an unsupported content type or charset; 503 past the deadline or busy.
- ``GET /sparql`` without a query: the SPARQL service description (Turtle or
  another RDF format by negotiation).
- Results cut at the row cap carry the header ``Plankg-Truncated: true`` (and
  ``"plankg:truncated": true`` in SPARQL JSON).

Queries are checked by :mod:`service.safety` and run by the worker pool
(:meth:`AppContext.run_untrusted`) with the configured deadline.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import rdflib
from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib.namespace import RDF
from starlette.concurrency import run_in_threadpool

from service.context import AppContext
from service.errors import ApiError
from service.safety import check_query
from service.store import formats
from service.store.base import QueryResult

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = "http://www.w3.org/ns/formats/"
_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "N-Quads", "JSON-LD", "RDF_XML")
TRUNCATED_HEADER = "Plankg-Truncated"


def _offered(form: str) -> tuple[str, ...]:
    if form == "select":
        return formats.SELECT_TYPES
    if form == "ask":
        return formats.ASK_TYPES
    return formats.GRAPH_TYPES


def _media(content_type: str | None) -> tuple[str, str | None]:
    """``(media type, charset)`` of a Content-Type header."""
    if not content_type:
        return "", None
    fields = [f.strip() for f in content_type.split(";")]
    charset = None
    for field in fields[1:]:
        name, _, value = field.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return fields[0].lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise ApiError(415, "unsupported-charset", f"the request must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad-encoding", "the request body is not valid UTF-8") from None


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too-large", f"the request body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too-large", f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _service_description(endpoint: str, graphs: list[str]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.bind("sd", SD)
    service = rdflib.URIRef(endpoint + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, rdflib.URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in _RESULT_FORMATS:
        graph.add((service, SD.resultFormat, rdflib.URIRef(FORMATS_NS + name)))
    dataset = rdflib.BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = rdflib.BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for graph_iri in graphs:
        named = rdflib.BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, rdflib.URIRef(graph_iri)))
    return graph


def _respond(result: QueryResult, media_type: str) -> Response:
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers[TRUNCATED_HEADER] = "true"
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    return Response(formats.serialize(result, media_type), media_type=content_type, headers=headers)


def build_router(ctx: AppContext) -> APIRouter:
    router = APIRouter(tags=["sparql"])
    settings = ctx.settings
    body_limit = settings.max_query_length * 3 + 65_536  # percent-encoding triples a character at most

    def answer(request: Request, query: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
        form = check_query(query, settings, ctx.store, default_graph_uris=default_graphs, named_graph_uris=named_graphs)
        media_type = formats.negotiate(request.headers.get("accept"), _offered(form))
        if media_type is None:
            offered = ", ".join(_offered(form))
            raise ApiError(406, "not-acceptable", f"a {form.upper()} result can be sent as {offered}; the request accepts none of them")
        result = ctx.run_untrusted(
            query, default_graph_uris=default_graphs, named_graph_uris=named_graphs, base_iri=str(request.url_for("sparql_get"))
        )
        return _respond(result, media_type)

    def dispatch(request: Request, params: list[tuple[str, str]]) -> Response:
        names = [name for name, _ in params]
        if "update" in names:
            raise ApiError(403, "read-only", "this endpoint is read-only: SPARQL updates are refused")
        queries = [value for name, value in params if name == "query"]
        if len(queries) > 1:
            raise ApiError(400, "repeated-query", "the request gives the query parameter more than once")
        default_graphs = [value for name, value in params if name == "default-graph-uri"]
        named_graphs = [value for name, value in params if name == "named-graph-uri"]
        if not queries:
            return describe(request)
        return answer(request, queries[0], default_graphs, named_graphs)

    def describe(request: Request) -> Response:
        offered = formats.GRAPH_TYPES
        media_type = formats.negotiate(request.headers.get("accept"), offered)
        if media_type is None:
            raise ApiError(406, "not-acceptable", "the service description can be sent as " + ", ".join(offered))
        description = _service_description(str(request.url_for("sparql_get")), ctx.store.graphs())
        return _respond(QueryResult("graph", triples=tuple(description)), media_type)

    @router.get(
        "/sparql",
        name="sparql_get",
        summary="SPARQL 1.1 query (GET); without a query: the service description",
        responses={200: {"content": {t: {} for t in (*formats.SELECT_TYPES, *formats.GRAPH_TYPES)}}},
    )
    async def sparql_get(request: Request) -> Response:
        params = parse_qsl(request.url.query, keep_blank_values=True)
        return await run_in_threadpool(dispatch, request, params)

    @router.post(
        "/sparql",
        name="sparql_post",
        summary="SPARQL 1.1 query (POST form-encoded or application/sparql-query)",
        responses={200: {"content": {t: {} for t in (*formats.SELECT_TYPES, *formats.GRAPH_TYPES)}}},
    )
    async def sparql_post(request: Request) -> Response:
        media_type, charset = _media(request.headers.get("content-type"))
        url_params = parse_qsl(request.url.query, keep_blank_values=True)
        if media_type == "application/sparql-update":
            raise ApiError(403, "read-only", "this endpoint is read-only: SPARQL updates are refused")
        if media_type == "application/x-www-form-urlencoded":
            text = _decode(await _read_body(request, body_limit), charset)
            try:
                form = parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
            except UnicodeDecodeError:
                raise ApiError(400, "bad-encoding", "the form is not valid UTF-8") from None
            params = url_params + form
            if not any(name in ("query", "update") for name, _ in params):
                raise ApiError(400, "missing-query", "the form has no query parameter")
        elif media_type == "application/sparql-query":
            query = _decode(await _read_body(request, body_limit), charset)
            if any(name in ("query", "update") for name, _ in url_params):
                raise ApiError(400, "repeated-query", "a query sent as the body cannot also be given as a parameter")
            params = [*url_params, ("query", query)]
        else:
            shown = media_type or "none"
            raise ApiError(
                415, "unsupported-media-type",
                f"POST a query as application/x-www-form-urlencoded or application/sparql-query (content type: {shown})",
            )
        return await run_in_threadpool(dispatch, request, params)

    @router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH", "OPTIONS"], include_in_schema=False)
    def sparql_other(request: Request) -> Response:
        raise ApiError(405, "method-not-allowed", f"{request.method} is not allowed on /sparql: use GET or POST",
                       {"Allow": "GET, POST"})

    return router
