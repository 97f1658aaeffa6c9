"""/sparql over real HTTP: each method, each result format (parsed as its Content-Type says), each error status."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
import rdflib
from rdflib.query import Result

PREFIXES = "PREFIX pk: <https://w3id.org/plankg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
SELECT_CODES = PREFIXES + "SELECT ?code ?title WHERE { ?i a pk:Activity ; pk:code ?code ; dcterms:title ?title } ORDER BY ?code"
CONSTRUCT_CODES = PREFIXES + "CONSTRUCT { ?i pk:code ?code } WHERE { ?i a pk:Activity ; pk:code ?code }"
CODES = ["1.1.1.3", "4.1.1.1", "4.1.1.2"]
TITLE_4112 = "Identificarea potențialilor parteneri din comunitate și din afară și încheierea acordurilor de parteneriat."


def _select_codes(media_type: str, body: bytes) -> list[str]:
    """The ?code column of a SELECT answer, read with a parser of ``media_type``."""
    if media_type == "application/sparql-results+json":
        data = json.loads(body)
        return [b["code"]["value"] for b in data["results"]["bindings"]]
    if media_type == "application/sparql-results+xml":
        return [str(row.code) for row in Result.parse(io.BytesIO(body), format="xml")]
    if media_type == "text/csv":
        return [row["code"] for row in csv.DictReader(io.StringIO(body.decode("utf-8")))]
    if media_type == "text/tab-separated-values":
        return [str(row.code) for row in Result.parse(io.StringIO(body.decode("utf-8")), format="tsv")]
    raise AssertionError(media_type)


REQUESTS = {
    "GET ?query=": lambda c, q, h: c.get("/sparql", params={"query": q}, headers=h),
    "POST form": lambda c, q, h: c.post("/sparql", data={"query": q}, headers=h),
    "POST application/sparql-query": lambda c, q, h: c.post(
        "/sparql", content=q.encode(), headers={**h, "Content-Type": "application/sparql-query"}
    ),
}
SELECT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]


@pytest.mark.parametrize("method", REQUESTS)
@pytest.mark.parametrize("media_type", SELECT_TYPES)
def test_select_in_every_format_by_every_method(http: httpx.Client, method: str, media_type: str) -> None:
    response = REQUESTS[method](http, SELECT_CODES, {"Accept": media_type})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert _select_codes(media_type, response.content) == CODES


def test_select_keeps_romanian_text_and_language(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": SELECT_CODES})
    bindings = response.json()["results"]["bindings"]
    assert bindings[2]["title"] == {"type": "literal", "value": TITLE_4112, "xml:lang": "ro"}


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "application/sparql-results+xml"])
@pytest.mark.parametrize(("query", "expected"), [("ASK { ?i a pk:Activity }", True), ("ASK { ?i pk:code \"0.0\" }", False)])
def test_ask(http: httpx.Client, media_type: str, query: str, expected: bool) -> None:
    response = http.get("/sparql", params={"query": PREFIXES + query}, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    fmt = "json" if media_type.endswith("json") else "xml"
    assert Result.parse(io.BytesIO(response.content), format=fmt).askAnswer is expected


GRAPH_TYPES = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
]


@pytest.mark.parametrize("method", REQUESTS)
@pytest.mark.parametrize(("media_type", "rdflib_format"), GRAPH_TYPES)
def test_construct_in_every_rdf_format(http: httpx.Client, method: str, media_type: str, rdflib_format: str) -> None:
    response = REQUESTS[method](http, CONSTRUCT_CODES, {"Accept": media_type})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert sorted(str(o) for o in graph.objects()) == CODES


def test_construct_as_nquads(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": CONSTRUCT_CODES}, headers={"Accept": "application/n-quads"})
    assert response.headers["content-type"] == "application/n-quads"
    dataset = rdflib.Dataset()
    dataset.parse(data=response.content, format="nquads")
    assert sorted(str(o) for _, _, o, _ in dataset.quads()) == CODES


def test_describe_defaults_to_turtle(http: httpx.Client) -> None:
    item = "https://w3id.org/plankg/id/plan/000-c81970cad839fc42/item/4.1.1.2"
    response = http.get("/sparql", params={"query": f"DESCRIBE <{item}>"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    assert (rdflib.URIRef(item), rdflib.URIRef("https://w3id.org/plankg/ontology#code"), rdflib.Literal("4.1.1.2")) in graph


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_content_negotiation_honours_quality_and_wildcards(http: httpx.Client, accept: str, expected: str) -> None:
    response = http.get("/sparql", params={"query": SELECT_CODES}, headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == expected


def test_protocol_dataset_parameters(http: httpx.Client) -> None:
    query = PREFIXES + "SELECT ?code WHERE { ?i pk:code ?code } ORDER BY ?code"
    graph_001 = "https://w3id.org/plankg/graph/plan/001-0c94d01ded17afb5"
    response = http.get("/sparql", params={"query": query, "default-graph-uri": graph_001})
    assert [b["code"]["value"] for b in response.json()["results"]["bindings"]] == ["1.1.1.3"]


def test_service_description(http: httpx.Client, sparql_server) -> None:
    response = http.get("/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(sparql_server.endpoint)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph
    names = {str(o) for o in graph.objects(predicate=sd.name)}
    assert "https://w3id.org/plankg/graph/plan/000-c81970cad839fc42" in names


def test_row_cap_is_signalled(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert response.headers["plankg-truncated"] == "true"
    body = response.json()
    assert len(body["results"]["bindings"]) == 20 and body["plankg:truncated"] is True
    small = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "plankg-truncated" not in small.headers and "plankg:truncated" not in small.json()


# (case, request, status, code) — every error answers in the one shape.
ERRORS = [
    ("malformed query", dict(method="GET", params={"query": "SELECT ?x WHERE {"}), 400, "bad-query"),
    ("repeated query", dict(method="GET", params=[("query", "ASK {}"), ("query", "ASK {}")]), 400, "repeated-query"),
    ("query in body and URL", dict(method="POST", url="/sparql?query=ASK%20%7B%7D", content=b"ASK {}",
                                   headers={"Content-Type": "application/sparql-query"}), 400, "repeated-query"),
    ("form without query", dict(method="POST", data={"q": "ASK {}"}), 400, "missing-query"),
    ("update parameter", dict(method="POST", data={"update": "DROP ALL"}), 403, "read-only"),
    ("update body", dict(method="POST", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}), 403, "read-only"),
    ("update text as a query", dict(method="GET", params={"query": "INSERT DATA { <a:b> <a:c> 1 }"}), 400, "query-refused"),
    ("PUT", dict(method="PUT", content=b"ASK {}"), 405, "method-not-allowed"),
    ("DELETE", dict(method="DELETE"), 405, "method-not-allowed"),
    ("ASK as CSV", dict(method="GET", params={"query": "ASK {}"}, headers={"Accept": "text/csv"}), 406, "not-acceptable"),
    ("CONSTRUCT as SPARQL JSON", dict(method="GET", params={"query": CONSTRUCT_CODES},
                                      headers={"Accept": "application/sparql-results+json"}), 406, "not-acceptable"),
    ("SELECT as Turtle", dict(method="GET", params={"query": SELECT_CODES}, headers={"Accept": "text/turtle"}), 406, "not-acceptable"),
    ("text/plain body", dict(method="POST", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415, "unsupported-media-type"),
    ("no content type", dict(method="POST", content=b"ASK {}"), 415, "unsupported-media-type"),
    ("UTF-16 query", dict(method="POST", content="ASK {}".encode("utf-16"),
                          headers={"Content-Type": "application/sparql-query; charset=UTF-16"}), 415, "unsupported-charset"),
    ("invalid UTF-8", dict(method="POST", content=b"ASK { ?s ?p \"\xff\" }",
                           headers={"Content-Type": "application/sparql-query"}), 400, "bad-encoding"),
    ("body too large", dict(method="POST", content=b"#" * 80_000, headers={"Content-Type": "application/sparql-query"}), 413, "too-large"),
]


@pytest.mark.parametrize(("case", "request_", "status", "code"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(http: httpx.Client, case: str, request_: dict, status: int, code: str) -> None:
    options = dict(request_)
    response = http.request(options.pop("method"), options.pop("url", "/sparql"), **options)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": {"status": status, "code": code, "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"]


def test_malformed_query_message_is_readable(http: httpx.Client) -> None:
    message = http.get("/sparql", params={"query": "SELECT ?x WHERE {"}).json()["error"]["message"]
    assert message.startswith("malformed query") and len(message) < 300


def test_405_names_the_allowed_methods(http: httpx.Client) -> None:
    response = http.put("/sparql")
    assert set(m.strip() for m in response.headers["allow"].split(",")) == {"GET", "POST"}


def test_openapi_documents_the_endpoint(http: httpx.Client) -> None:
    assert "/sparql" in http.get("/openapi.json").json()["paths"]
    assert http.get("/docs").status_code == 200
