"""A real plankg server over HTTP with the five sample plans loaded (for the REST tests).

Imported by ``test_rest.py`` (its fixtures: ``rest_server``, ``rest``). The store is
an in-memory embedded store loaded with :func:`service.loading.load_paths`
(without SHACL, which the ``/validate`` test runs itself); the app is the real
:func:`service.app.create_app` served by uvicorn on a free 127.0.0.1 port in a
thread, stopped at the end of the session.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from service.app import create_app
from service.config import Settings
from service.loading import LoadReport, load_paths
from service.store import Store, open_store

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"


@dataclass(frozen=True)
class RestServer:
    base_url: str
    store: Store
    report: LoadReport


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def rest_server() -> Iterator[RestServer]:
    store = open_store("memory:")
    report = load_paths([PLANS], store, validate=False)
    assert report.ok, [(f.path, f.reason) for f in report.failed]
    app = create_app(store=store, settings=Settings(store="memory:", query_workers=1))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # readiness wait, not a timed assertion
        if not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield RestServer(f"http://127.0.0.1:{port}", store, report)
    finally:
        server.should_exit = True
        thread.join()
        store.close()


@pytest.fixture(scope="session")
def rest(rest_server: RestServer) -> Iterator[httpx.Client]:
    """An HTTP client on the running server."""
    with httpx.Client(base_url=rest_server.base_url, timeout=60) as client:
        yield client
