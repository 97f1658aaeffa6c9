"""``PUT /plans/{plan_id}/document`` and ``DELETE /plans/{plan_id}`` over real HTTP.

The apps are the real :func:`service.app.create_app` served by uvicorn
(``live_server``) around one real embedded store in a temporary folder, loaded
with the five sample plans. Three apps share that store: one with a token
(the writes under test), one with a 2000-byte upload limit, one without a
token (writes disabled). Tests that change a plan put it back as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
import httpx
import pytest
from fastapi import FastAPI

from loaders import iri
from service.app import create_app
from service.config import Settings
from service.loading import load_paths
from service.store import Store, open_store

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
TOKEN = "s3cret-upload-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
P000, P001, P003 = "000-c81970cad839fc42", "001-0c94d01ded17afb5", "003-21bc908ee7e690f7"
ORIGINAL_001 = (PLANS / "001_0c94d01ded17afb5.txt").read_bytes()
ORIGINAL_003 = (PLANS / "003_21bc908ee7e690f7.txt").read_bytes()
OLD_TITLE = "1.2.4.5 Cooperarea cu autoritățile centrale de specialitate"
NEW_TITLE = "1.2.4.5 Colaborarea cu autoritățile centrale de specialitate"
EDITED_001 = ORIGINAL_001.replace(OLD_TITLE.encode(), NEW_TITLE.encode())


@dataclass(frozen=True)
class Servers:
    store: Store
    url: str  # token TOKEN, default limits
    small_url: str  # token TOKEN, max_upload_bytes=2000
    disabled_url: str  # no token: writes disabled


@pytest.fixture(scope="module")
def servers(live_server: Callable[[FastAPI], str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    store = open_store(f"embedded:{tmp_path_factory.mktemp('upload')}/store")
    report = load_paths([PLANS], store, validate=False)
    assert report.ok, [(f.path, f.reason) for f in report.failed]

    def app(settings: Settings) -> str:
        return live_server(create_app(store=store, settings=settings))

    yield Servers(
        store,
        app(Settings(store="memory:", query_workers=1, token=TOKEN)),
        app(Settings(store="memory:", query_workers=1, token=TOKEN, max_upload_bytes=2000)),
        app(Settings(store="memory:", query_workers=1)),
    )
    store.close()


@pytest.fixture(scope="module")
def client(servers: Servers) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=servers.url, timeout=120) as http:
        yield http


def put(client: httpx.Client, plan_id: str, body: bytes, *, name: str | None = None, headers: dict | None = None) -> httpx.Response:
    params = {"name": name} if name else None
    return client.put(f"/plans/{plan_id}/document", content=body, params=params, headers=headers or {**AUTH, **TEXT})


def error(response: httpx.Response, status: int, code: str) -> str:
    """The message of an error response, after checking its status and the one error shape."""
    assert response.status_code == status, response.text[:500]
    body = response.json()["error"]
    assert (body["status"], body["code"]) == (status, code), body
    return str(body["message"])


def plan_state(store: Store, plan_id: str) -> tuple[set[str], str | None]:
    """Every quad of a plan's graph (as N-Triples lines) and its recorded build key."""
    graph = store.graph(iri.plan_graph(plan_id))
    lines = set(graph.serialize(format="nt").splitlines())
    return lines, store.graph_hashes().get(iri.plan_graph(plan_id))


def sparql_titles(client: httpx.Client, plan_id: str, fragment: str) -> list[str]:
    """Titles of plan ``plan_id`` containing ``fragment``, through the ``/sparql`` endpoint (a query worker)."""
    query = (
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        f"SELECT ?t WHERE {{ GRAPH <{iri.plan_graph(plan_id)}> {{ ?i dcterms:title ?t "
        f'FILTER(CONTAINS(STR(?t), "{fragment}")) }} }}'
    )
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text[:500]
    return [b["t"]["value"] for b in response.json()["results"]["bindings"]]


@pytest.mark.parametrize(
    ("authorization", "status", "code"),
    [
        (None, 401, "unauthorized"),
        ("Basic dXNlcjpwYXNz", 401, "unauthorized"),
        ("Bearer", 401, "unauthorized"),
        ("Token s3cret-upload-token", 401, "unauthorized"),
        ("Bearer not-the-token", 403, "forbidden"),
        (f"Bearer {TOKEN}x", 403, "forbidden"),
    ],
)
def test_writes_need_the_bearer_token(servers: Servers, client: httpx.Client, authorization: str | None, status: int, code: str) -> None:
    before = plan_state(servers.store, P001)
    headers = {**TEXT, **({"Authorization": authorization} if authorization is not None else {})}
    error(put(client, P001, EDITED_001, headers=headers), status, code)
    auth_only = {"Authorization": authorization} if authorization is not None else {}
    error(client.delete(f"/plans/{P001}", headers=auth_only), status, code)
    assert plan_state(servers.store, P001) == before


def test_a_missing_token_is_challenged(client: httpx.Client) -> None:
    response = put(client, P001, EDITED_001, headers=TEXT)
    assert response.headers["www-authenticate"] == "Bearer"


def test_writes_are_disabled_without_a_configured_token(servers: Servers) -> None:
    with httpx.Client(base_url=servers.disabled_url, timeout=60) as http:
        assert "PLANKG_TOKEN" in error(put(http, P001, EDITED_001), 403, "writes-disabled")
        error(http.delete(f"/plans/{P001}", headers=AUTH), 403, "writes-disabled")
        assert http.get(f"/plans/{P001}").status_code == 200


@pytest.mark.parametrize(
    "content_type",
    [None, "application/json", "application/rdf+xml", "text/turtle", "text/plain; charset=iso-8859-2", "multipart/form-data; boundary=x"],
)
def test_other_content_types_are_415(servers: Servers, client: httpx.Client, content_type: str | None) -> None:
    before = plan_state(servers.store, P001)
    headers = {**AUTH, **({"Content-Type": content_type} if content_type else {})}
    error(put(client, P001, EDITED_001, headers=headers), 415, "unsupported-media-type")
    assert plan_state(servers.store, P001) == before


def test_text_plain_without_a_charset_is_read_as_utf_8(client: httpx.Client) -> None:
    response = put(client, P001, ORIGINAL_001, headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 200 and response.json()["status"] == "unchanged", response.text[:500]


def test_a_declared_length_over_the_limit_is_413_before_reading(servers: Servers) -> None:
    assert len(ORIGINAL_003) > 2000
    with httpx.Client(base_url=servers.small_url, timeout=60) as http:
        message = error(put(http, P003, ORIGINAL_003), 413, "too-large")
        assert message == f"the upload declares {len(ORIGINAL_003)} bytes (Content-Length); the limit is 2000"


def test_a_chunked_body_over_the_limit_is_413_while_reading(servers: Servers) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: httpx sends it chunked
        for start in range(0, len(ORIGINAL_003), 500):
            yield ORIGINAL_003[start:start + 500]

    before = plan_state(servers.store, P003)
    with httpx.Client(base_url=servers.small_url, timeout=60) as http:
        response = http.put(f"/plans/{P003}/document", content=chunks(), headers={**AUTH, **TEXT})
        assert "content-length" not in response.request.headers
        assert error(response, 413, "too-large") == "the upload is more than 2000 bytes; the limit is 2000"
    assert plan_state(servers.store, P003) == before


def test_a_body_under_the_limit_passes_the_size_check(servers: Servers) -> None:
    with httpx.Client(base_url=servers.small_url, timeout=60) as http:
        message = error(put(http, P003, "doar un rând\n".encode()), 422, "bad-document")
        assert "unknown layout" in message


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<rdf:RDF>&lol2;</rdf:RDF>\n',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n<!entity x SYSTEM "file:///etc/passwd">\n',
        "07.07.2021\n\nPlanul de acțiuni\n<! DOCTYPE html>\n".encode(),
    ],
)
def test_xml_with_doctype_or_entity_is_refused(servers: Servers, client: httpx.Client, body: bytes) -> None:
    before = plan_state(servers.store, P001)
    assert "DOCTYPE" in error(put(client, P001, body), 400, "xml-dtd-refused")
    assert plan_state(servers.store, P001) == before


@pytest.mark.parametrize(
    ("plan_id", "name"),
    [
        (P001, "000_c81970cad839fc42.txt"),
        (P000, "001_0c94d01ded17afb5.txt"),
        ("001", "001_0c94d01ded17afb5.txt"),
    ],
)
def test_the_url_plan_id_must_be_the_one_the_file_name_yields(servers: Servers, client: httpx.Client, plan_id: str, name: str) -> None:
    before = plan_state(servers.store, P001), plan_state(servers.store, P000)
    message = error(put(client, plan_id, ORIGINAL_001, name=name), 409, "plan-id-mismatch")
    assert name in message and plan_id in message
    assert (plan_state(servers.store, P001), plan_state(servers.store, P000)) == before


def test_the_original_file_name_maps_to_its_plan_and_the_same_bytes_are_unchanged(client: httpx.Client) -> None:
    body = (PLANS / "000_c81970cad839fc42.txt").read_bytes()
    response = put(client, P000, body, name="000_c81970cad839fc42.txt")
    assert response.status_code == 200, response.text[:500]
    report = response.json()
    assert (report["plan_id"], report["status"], report["file"]) == (P000, "unchanged", "000_c81970cad839fc42.txt")
    assert report["items"] == 48 and report["triples"] > 1000


def test_replacing_001_with_an_edited_copy_is_seen_by_rest_and_sparql(servers: Servers, client: httpx.Client) -> None:
    assert EDITED_001 != ORIGINAL_001
    assert sparql_titles(client, P001, "Cooperarea cu autoritățile centrale")  # workers hold the old state first
    try:
        response = put(client, P001, EDITED_001, name="001_0c94d01ded17afb5.txt")
        assert response.status_code == 200, response.text[:500]
        report = response.json()
        assert (report["plan_id"], report["status"], report["items"]) == (P001, "replaced", 52)
        assert report["violations"] == 0 and report["triples"] > 1000
        item = client.get(f"/items/{P001}/1.2.4.5").json()
        assert item["title"].startswith("Colaborarea cu autoritățile centrale")
        assert item["source"]["file"] == "001_0c94d01ded17afb5.txt"
        assert sparql_titles(client, P001, "Colaborarea cu autoritățile centrale")
        assert not sparql_titles(client, P001, "Cooperarea cu autoritățile centrale")

        again = put(client, P001, EDITED_001, name="001_0c94d01ded17afb5.txt")
        assert again.status_code == 200 and again.json()["status"] == "unchanged", again.text[:500]
        assert again.json()["items"] == 52
    finally:
        restored = put(client, P001, ORIGINAL_001)  # default name: {plan_id}.txt, the same plan id
        assert restored.status_code == 200 and restored.json()["status"] == "replaced", restored.text[:500]
    assert client.get(f"/items/{P001}/1.2.4.5").json()["title"].startswith("Cooperarea cu autoritățile centrale")
    assert sparql_titles(client, P001, "Cooperarea cu autoritățile centrale")


@pytest.mark.parametrize(
    ("plan_id", "body", "reason"),
    [
        (P003, ORIGINAL_003.replace(b"nr. f din 10 ianuarie 2024\n", b""), "nr. … din"),
        (P003, ORIGINAL_003.replace(b" ORDIN\n", b"HOTARARE\n"), "unknown layout"),
        (P001, b"\xff\xfe" + "Planul de acțiuni".encode("utf-16-le"), "not UTF-8 text (byte 0)"),
        (P001, b"Planul de ac\x00tiuni\n", "NUL bytes"),
        (P001, "Planul de acțiuni în vederea implementării Strategiei municipale\n".encode(), "unknown layout"),
        (P001, b"", "unknown layout"),
    ],
)
def test_a_broken_document_is_422_and_the_store_keeps_every_quad(
    servers: Servers, client: httpx.Client, plan_id: str, body: bytes, reason: str
) -> None:
    before = plan_state(servers.store, plan_id)
    hashes = servers.store.graph_hashes()
    message = error(put(client, plan_id, body), 422, "bad-document")
    assert reason in message and message.startswith(f"{plan_id}.txt: ")
    assert plan_state(servers.store, plan_id) == before
    assert servers.store.graph_hashes() == hashes


def test_a_new_plan_is_201_and_delete_drops_it(servers: Servers, client: httpx.Client) -> None:
    new_id, body = "900-copie-002", (PLANS / "002_e89f7127f5da514e.txt").read_bytes()
    assert client.get(f"/plans/{new_id}").status_code == 404
    error(client.delete(f"/plans/{new_id}", headers=AUTH), 404, "not-found")
    try:
        response = put(client, new_id, body, name="900_copie_002.txt")
        assert response.status_code == 201, response.text[:500]
        report = response.json()
        assert (report["plan_id"], report["status"], report["file"]) == (new_id, "created", "900_copie_002.txt")
        original = client.get("/plans/002-e89f7127f5da514e").json()
        copy = client.get(f"/plans/{new_id}").json()
        assert copy["title"] == original["title"] and copy["source"]["file"] == "900_copie_002.txt"
        assert new_id in [p["id"] for p in client.get("/plans").json()["plans"]]
        assert sparql_titles(client, new_id, original["title"][:20])
    finally:
        deleted = client.delete(f"/plans/{new_id}", headers=AUTH)
    assert deleted.status_code == 200 and deleted.json() == {"plan_id": new_id, "status": "deleted"}, deleted.text[:500]
    error(client.get(f"/plans/{new_id}"), 404, "not-found")
    assert iri.plan_graph(new_id) not in servers.store.graphs()
    assert not sparql_titles(client, new_id, "")
    error(client.delete(f"/plans/{new_id}", headers=AUTH), 404, "not-found")
