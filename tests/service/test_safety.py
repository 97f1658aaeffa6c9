"""What /sparql refuses before running anything, and the limits it enforces while running.

The server of conftest.py has a 3 s deadline, 20 rows, 4000 characters and depth 40.
"""

from __future__ import annotations

import threading

import httpx
import pytest

from service.config import Settings
from service.errors import ApiError
from service.safety import bearer, check_token, check_upload, decode_escapes

P000 = "https://w3id.org/plankg/graph/plan/000-c81970cad839fc42"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?q ?r ?t }"


# (case, query params) — refused with 400 query-refused before execution.
REFUSED = [
    ("SERVICE", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}),
    ("SERVICE SILENT in lower case", {"query": "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }"}),
    ("SERVICE written with a \\u escape", {"query": "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }"}),
    ("LOAD", {"query": "LOAD <http://example.org/data.ttl>"}),
    ("FROM a web IRI", {"query": "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }"}),
    ("FROM a local file", {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}),
    ("FROM NAMED outside the store", {"query": "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }"}),
    ("FROM with a prefixed name", {"query": "PREFIX ex: <http://example.org/> SELECT * FROM ex:data WHERE { ?s ?p ?o }"}),
    ("default-graph-uri outside the store", {"query": "ASK {}", "default-graph-uri": "http://example.org/data.ttl"}),
    ("named-graph-uri outside the store", {"query": "ASK {}", "named-graph-uri": "file:///etc/passwd"}),
    ("too long", {"query": "ASK {}" + " " * 4000}),
    ("nested too deep", {"query": "SELECT * WHERE " + "{" * 41 + "}" * 41}),
    ("nested 5000 levels (would abort pyoxigraph)", {"query": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"}),
    ("INSERT DATA", {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}),
    ("CLEAR ALL", {"query": "CLEAR ALL"}),
]


@pytest.mark.parametrize(("case", "params"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_before_execution(http: httpx.Client, case: str, params: dict) -> None:
    response = http.post("/sparql", data=params)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "query-refused"


def test_the_service_survives_the_deep_query(http: httpx.Client) -> None:
    http.get("/sparql", params={"query": "SELECT * WHERE {" + "{" * 3000 + "}" * 3000 + "}"})
    assert http.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT ?code FROM <{P000}> WHERE {{ ?i <https://w3id.org/plankg/ontology#code> ?code }}",
        'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/> FROM <file:///etc/passwd>" }',
        "SELECT * WHERE { ?s <http://example.org/LOAD> ?o } # SERVICE in a comment",
    ],
)
def test_what_only_looks_dangerous_is_allowed(http: httpx.Client, query: str) -> None:
    assert http.get("/sparql", params={"query": query}).status_code == 200


def test_deadline_stops_the_query_and_others_are_not_held_up(http: httpx.Client, sparql_server) -> None:
    outcome: dict[str, httpx.Response] = {}

    def slow() -> None:
        with httpx.Client(base_url=sparql_server.url, timeout=60) as client:
            outcome["slow"] = client.get("/sparql", params={"query": CARTESIAN})

    runaway = threading.Thread(target=slow)
    runaway.start()
    answered_meanwhile = []
    for _ in range(5):
        response = http.get("/sparql", params={"query": 'ASK { ?i <https://w3id.org/plankg/ontology#code> "4.1.1" }'})
        answered_meanwhile.append((response.status_code, response.json().get("boolean"), runaway.is_alive()))
    runaway.join()
    assert answered_meanwhile[0] == (200, True, True)  # answered while the cartesian product was running
    assert all(status == 200 and value is True for status, value, _ in answered_meanwhile)
    slow_response = outcome["slow"]
    assert slow_response.status_code == 503
    assert slow_response.json()["error"]["code"] == "query-timeout"
    assert "within 3 s" in slow_response.json()["error"]["message"]
    # the killed worker was replaced: the pool still answers queries
    for _ in range(3):
        assert http.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_decode_escapes() -> None:
    assert decode_escapes("\\u0053ERVICE \\U00000041") == "SERVICE A"


SETTINGS = Settings(store="memory:", token="s3cret", max_upload_bytes=1000)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY a "aaaa">]><rdf:RDF/>', 400),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><!ENTITY lol "lol"></rdf:RDF>', 400),
        (b"<!doctype html>", 400),
        (b"@prefix pk: <https://w3id.org/plankg/ontology#> .\n" + b"#" * 1000, 413),
    ],
)
def test_uploads_with_dtds_or_too_large_are_refused(body: bytes, status: int) -> None:
    with pytest.raises(ApiError) as refused:
        check_upload(body, SETTINGS)
    assert refused.value.status == status


def test_a_plain_upload_is_accepted() -> None:
    check_upload('<https://w3id.org/plankg/id/plan/x> <http://purl.org/dc/terms/title> "Planul de acțiuni"@ro .'.encode(), SETTINGS)


@pytest.mark.parametrize(
    ("authorization", "settings", "status"),
    [
        (None, SETTINGS, 401),
        ("Bearer wrong", SETTINGS, 401),
        ("Basic s3cret", SETTINGS, 401),
        ("Bearer s3cret", Settings(store="memory:"), 403),  # no token configured: writes are off
    ],
)
def test_writes_need_the_token(authorization: str | None, settings: Settings, status: int) -> None:
    with pytest.raises(ApiError) as refused:
        check_token(bearer(authorization), settings)
    assert refused.value.status == status


def test_the_right_token_is_accepted() -> None:
    check_token(bearer("Bearer s3cret"), SETTINGS)
