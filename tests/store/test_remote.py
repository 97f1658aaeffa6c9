"""Remote store behaviour beyond the contract: whole-call deadlines and which calls are retried.

The failing and slow endpoints are real HTTP servers on 127.0.0.1 (a few
lines of http.server), so the store is exercised through real sockets.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import rdflib

from loaders.errors import StoreError
from service.errors import QueryTimeout
from service.store.remote import RemoteStore


class _Endpoint:
    """A tiny endpoint that answers every request with ``status`` after ``delay`` seconds, counting requests."""

    def __init__(self, status: int, delay: float = 0.0, trickle: bool = False) -> None:
        self.requests: list[str] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("content-length", 0))
                self.rfile.read(length)
                endpoint.requests.append(self.path)
                if trickle:  # a slow server that keeps every socket read short
                    self.send_response(200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.end_headers()
                    for _ in range(40):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.25)
                    return
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"failure")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def failing() -> Iterator[_Endpoint]:
    endpoint = _Endpoint(500)
    yield endpoint
    endpoint.close()


@pytest.fixture
def trickling() -> Iterator[_Endpoint]:
    endpoint = _Endpoint(200, trickle=True)
    yield endpoint
    endpoint.close()


def test_queries_are_retried_on_server_errors(failing: _Endpoint) -> None:
    store = RemoteStore(failing.url + "/query", failing.url + "/update", timeout=20, retries=2)
    with pytest.raises(StoreError):
        store.query("ASK {}")
    assert failing.requests == ["/query"] * 3


def test_updates_are_never_retried(failing: _Endpoint) -> None:
    store = RemoteStore(failing.url + "/query", failing.url + "/update", timeout=20, retries=2)
    with pytest.raises(StoreError):
        store.replace_graph("https://w3id.org/plankg/graph/plan/x", rdflib.Graph())
    assert failing.requests == ["/update"]


def test_the_deadline_covers_the_whole_call_not_each_read(trickling: _Endpoint) -> None:
    # the server sends a byte every 0.25 s for 10 s: no single read times out,
    # only a deadline on the whole call stops it
    store = RemoteStore(trickling.url + "/query", timeout=30, retries=2)
    with pytest.raises(QueryTimeout, match="within 1 s"):
        store.query("ASK {}", timeout=1)
    assert trickling.requests == ["/query"]  # a timeout is not retried


def test_a_store_without_update_url_is_read_only(failing: _Endpoint) -> None:
    store = RemoteStore(failing.url + "/query")
    with pytest.raises(StoreError, match="read-only"):
        store.drop_graph("https://w3id.org/plankg/graph/plan/x")
    assert failing.requests == []


def test_oxigraph_answers_after_a_timeout_elsewhere(oxigraph_server: str) -> None:
    store = RemoteStore(f"{oxigraph_server}/query", f"{oxigraph_server}/update")
    assert store.query("ASK {}", timeout=5).boolean is True


def test_query_workers_over_a_remote_store(oxigraph_server: str) -> None:
    from service.worker import QueryPool

    store = RemoteStore(f"{oxigraph_server}/query", f"{oxigraph_server}/update")
    store.replace_graph(
        "https://w3id.org/plankg/graph/plan/remote-pool",
        rdflib.Graph().parse(data='<https://w3id.org/plankg/id/x> <https://w3id.org/plankg/ontology#code> "4.1.1" .', format="nt"),
    )
    pool = QueryPool(store, size=1)
    try:
        result = pool.run('ASK { ?s <https://w3id.org/plankg/ontology#code> "4.1.1" }', timeout=30)
        assert result.boolean is True
    finally:
        pool.close()
        store.drop_graph("https://w3id.org/plankg/graph/plan/remote-pool")
