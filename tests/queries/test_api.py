"""``GET /queries`` and ``GET /queries/{name}`` against the real app (``create_app``) on the sample graph."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.catalog import Catalog
from service.config import Settings
from service.store import Store

HG270 = "https://w3id.org/plankg/eli/md/hg/2014/04/08/270"
P001 = "https://w3id.org/plankg/id/plan/001-0c94d01ded17afb5"
P000 = "https://w3id.org/plankg/id/plan/000-c81970cad839fc42"


@pytest.fixture(scope="module")
def client(sample_store: Store) -> Iterator[TestClient]:
    app = create_app(store=sample_store, settings=Settings(store="memory:", max_rows=1000))
    with TestClient(app) as test_client:
        yield test_client


def test_list(client: TestClient, catalog: Catalog) -> None:
    response = client.get("/queries")
    assert response.status_code == 200
    listed = response.json()
    assert [q["name"] for q in listed] == [q.name for q in catalog]
    due = next(q for q in listed if q["name"] == "items-due-in-year")
    assert due["title"] == "Items due in a year" and due["title_ro"] == "Elemente cu termen într-un an"
    assert due["description_ro"].startswith("Elementele al căror termen acoperă anul")
    assert [(p["name"], p["type"], p["default"], p["required"]) for p in due["parameters"]] == [
        ("year", "integer", "2024", False),
        ("plan", "iri", None, False),
    ]
    assert due["url"].endswith("/queries/items-due-in-year")
    assert due["json"].endswith("/queries/items-due-in-year.json") and due["csv"].endswith("/queries/items-due-in-year.csv")


def test_run_as_json(client: TestClient) -> None:
    response = client.get("/queries/items-citing-act", params={"act": HG270})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["query"] == "items-citing-act" and body["parameters"] == {"act": HG270}
    assert body["columns"][:3] == ["act", "plan", "planTitle"] and body["truncated"] is False
    assert [r["code"] for r in body["rows"] if r["plan"] == P001] == ["1.2.1.5", "1.2.1.6", "1.2.4.2", "1.2.4.7"]


def test_defaults_apply(client: TestClient) -> None:
    body = client.get("/queries/institution-items.json", params={"year": "2023"}).json()
    assert body["parameters"]["institution"] == "https://w3id.org/plankg/id/institution/dgpdc"
    assert any(r["plan"] == P000 and r["code"] == "4.1.1.1" for r in body["rows"])


@pytest.mark.parametrize(
    ("path", "accept"),
    [("/queries/plan-structure.csv", None), ("/queries/plan-structure", "text/csv"), ("/queries/plan-structure", "text/*")],
)
def test_run_as_csv(client: TestClient, path: str, accept: str | None) -> None:
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = {r["plan"]: r for r in csv.DictReader(io.StringIO(response.text))}
    r000 = rows[P000]
    assert (r000["generalObjectives"], r000["specificObjectives"], r000["actions"], r000["activities"]) == ("1", "2", "8", "37")


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/json", "application/json"),
        ("*/*", "application/json"),
        ("image/png, text/csv;q=0.1", "text/csv"),
    ],
)
def test_content_negotiation(client: TestClient, accept: str, media: str) -> None:
    response = client.get("/queries/costs-per-plan", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_sparql_results_json(client: TestClient) -> None:
    body = client.get("/queries/costs-per-plan", headers={"Accept": "application/sparql-results+json"}).json()
    assert body["head"]["vars"][:3] == ["plan", "planTitle", "currency"]
    row = next(b for b in body["results"]["bindings"] if b["plan"]["value"].endswith("002-e89f7127f5da514e"))
    assert row["plan"]["type"] == "uri" and float(row["total"]["value"]) == 41500
    assert row["planTitle"]["xml:lang"] == "ro"


@pytest.mark.parametrize(
    ("path", "params", "headers", "status", "code"),
    [
        ("/queries/no-such-query", {}, {}, 404, "unknown-query"),
        ("/queries/no-such-query.csv", {}, {}, 404, "unknown-query"),
        ("/queries/institution-items", {"year": "20x"}, {}, 400, "bad-parameter"),
        ("/queries/items-citing-act", {"act": HG270 + "> } DROP ALL { <x:y"}, {}, 400, "bad-parameter"),
        ("/queries/items-citing-act", {"act": "file:///etc/passwd"}, {}, 400, "bad-parameter"),
        ("/queries/items-overdue", {"date": "2024-13-01"}, {}, 400, "bad-parameter"),
        ("/queries/items-citing-act", {"bogus": "1"}, {}, 400, "bad-parameter"),
        ("/queries/items-citing-act?act=a&act=b", {}, {}, 400, "bad-parameter"),
        ("/queries/items-citing-act", {}, {"Accept": "image/png"}, 406, "not-acceptable"),
    ],
)
def test_errors_in_the_one_shape(client: TestClient, path: str, params: dict, headers: dict, status: int, code: str) -> None:
    response = client.get(path, params=params or None, headers=headers)
    assert response.status_code == status
    assert response.json() == {"error": {"status": status, "code": code, "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"]


def test_string_injection_over_http(client: TestClient, sample_store: Store) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = sample_store.query(count).rows[0]["n"]
    response = client.get("/queries/items-naming-party.json", params={"text": 'MSPFM" } DROP ALL { "'})
    assert response.status_code == 200 and response.json()["rows"] == []
    assert sample_store.query(count).rows[0]["n"] == before
