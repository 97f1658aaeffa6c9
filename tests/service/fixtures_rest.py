"""A real plankg server over HTTP with the five sample plans loaded (for the REST tests).

Imported by ``test_rest.py`` (its fixtures: ``rest_server``, ``rest``). The store is
an in-memory embedded store loaded with :func:`service.loading.load_paths`
(without SHACL, which the ``/validate`` test runs itself); the app is the real
:func:`service.app.create_app` served by uvicorn on a free 127.0.0.1 port in a
thread, stopped at the end of the session.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from service.app import create_app
from service.config import Settings
from service.loading import LoadReport, load_paths
from service.store import Store, open_store
from tests.servers import serving

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"


@dataclass(frozen=True)
class RestServer:
    base_url: str
    store: Store
    report: LoadReport


@pytest.fixture(scope="session")
def rest_server() -> Iterator[RestServer]:
    store = open_store("memory:")
    report = load_paths([PLANS], store, validate=False)
    assert report.ok, [(f.path, f.reason) for f in report.failed]
    app = create_app(store=store, settings=Settings(store="memory:", query_workers=1))
    try:
        with serving(app) as url:
            yield RestServer(url, store, report)
    finally:
        store.close()


@pytest.fixture(scope="session")
def rest(rest_server: RestServer) -> Iterator[httpx.Client]:
    """An HTTP client on the running server."""
    with httpx.Client(base_url=rest_server.base_url, timeout=60) as client:
        yield client
