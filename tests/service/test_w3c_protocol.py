"""The W3C SPARQL 1.1 Protocol test manifest, replayed against /sparql over real HTTP.

Every query test of ``tests/service/w3c/sparql11-protocol/manifest.ttl`` (a copy of ``shared/w3c``) is sent as
written (method, path, headers, body and its character encoding) and checked
for the status class, the result format and the boolean it expects. Update
tests apply to an update endpoint; against this read-only endpoint their
first request must be refused with a 4xx, which is what this port checks.
The data graphs data1-3 (and data0, named by several cases) are loaded by
conftest.py under the IRIs the manifest gives them.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.query import Result

from tests.service.conftest import W3C_DIR

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    status_classes: frozenset[int]  # 2, 3, 4
    result_format: str | None  # boolean | tabular | RDF
    boolean: bool | None


def _cases() -> list[Case]:
    graph = rdflib.Graph().parse(W3C_DIR / "manifest.ttl", format="turtle", publicID=BASE)
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    cases = []
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        name = str(test).rsplit("#", 1)[-1]
        action = graph.value(test, MF.action)
        request = next(iter(Collection(graph, graph.value(action, HT.requests))))
        headers = tuple(
            (str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
            for h in (Collection(graph, graph.value(request, HT.headers)) if graph.value(request, HT.headers) else [])
        )
        body_node = graph.value(request, HT.body)
        body = None
        if body_node is not None:
            encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
            body = str(graph.value(body_node, CNT.chars)).encode(encoding)
        response = graph.value(request, HT.resp)
        statuses = frozenset(int(str(s).rsplit("StatusCode", 1)[-1][0]) for s in graph.objects(response, MF.expectedStatus))
        expected_boolean = graph.value(response, MF.expectedBoolean)
        result_format = graph.value(response, MF.expectedFormat)
        if "update" in name:  # an update endpoint's test: this endpoint is read-only
            statuses, result_format, expected_boolean = frozenset({4}), None, None
        cases.append(
            Case(
                name=name,
                method=str(graph.value(request, HT.methodName)),
                path=str(graph.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                headers=headers,
                body=body,
                status_classes=statuses,
                result_format=None if result_format is None else str(result_format),
                boolean=None if expected_boolean is None else bool(expected_boolean.toPython()),
            )
        )
    return cases


CASES = _cases()


def test_the_manifest_was_read() -> None:
    names = {case.name for case in CASES}
    assert len(CASES) == 34
    assert {"query_post_form", "query_multiple_dataset", "bad_query_non_utf8", "update_post_direct"} <= names


def _boolean(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    assert content_type == "application/sparql-results+xml", content_type
    return bool(Result.parse(io.BytesIO(body), format="xml").askAnswer)


RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
TABULAR_PARSERS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                   "text/csv": "csv", "text/tab-separated-values": "tsv"}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_w3c_protocol_case(sparql_server, case: Case) -> None:
    with httpx.Client(base_url=sparql_server.url, timeout=30) as client:
        response = client.request(case.method, case.path, headers=dict(case.headers), content=case.body)
    assert response.status_code // 100 in case.status_classes, (response.status_code, response.text[:300])
    content_type = response.headers.get("content-type", "").split(";")[0]
    if case.result_format == "boolean":
        answer = _boolean(content_type, response.content)
        if case.boolean is not None:
            assert answer is case.boolean
    elif case.result_format == "tabular":
        fmt = TABULAR_PARSERS[content_type]
        source = io.BytesIO(response.content) if fmt in ("json", "xml") else io.StringIO(response.text)
        assert Result.parse(source, format=fmt).type == "SELECT"
    elif case.result_format == "RDF":
        rdflib.Graph().parse(data=response.content, format=RDF_PARSERS[content_type])
    elif response.status_code >= 400:
        assert response.json()["error"]["status"] == response.status_code
