"""A real plankg service over HTTP for the /sparql, safety and W3C protocol tests.

``live_server(app)`` serves any FastAPI app with uvicorn on a free 127.0.0.1
port in a thread and returns its base URL (stopped at the end of the session);
other test modules may use it for their own apps. ``sparql_server`` is the
service built by :func:`service.app.create_app` around an in-memory store
holding the synthetic plans of ``tests/store/plans.trig`` and the data graphs
of the W3C SPARQL 1.1 Protocol tests, with small limits so the safety tests
are quick: 3 s deadline, 20 rows, 4000 characters, depth 40, 2 workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import rdflib
from fastapi import FastAPI

from service.app import create_app
from service.config import Settings
from service.store import Store, open_store
from tests.servers import serving

ROOT = Path(__file__).resolve().parents[2]
PLANS_TRIG = ROOT / "tests" / "store" / "plans.trig"
W3C_DIR = Path(__file__).resolve().parent / "w3c" / "sparql11-protocol"  # a copy of shared/w3c, with its licence
W3C_DATA = "http://kasei.us/2009/09/sparql/data/"
SPARQL_SETTINGS = Settings(
    store="memory:", query_timeout=3.0, max_rows=20, max_query_length=4000, max_query_depth=40, query_workers=2
)


@pytest.fixture(scope="session")
def live_server() -> Iterator[Callable[[FastAPI], str]]:
    """Serve an app over real HTTP: ``url = live_server(app)``."""
    with ExitStack() as stack:
        yield lambda app: stack.enter_context(serving(app))


def _sparql_store() -> Store:
    store = open_store("memory:")
    dataset = rdflib.Dataset()
    dataset.parse(PLANS_TRIG, format="trig")
    graphs: dict[str, rdflib.Graph] = {}
    for graph in dataset.graphs():
        if len(graph):
            graphs[str(graph.identifier)] = rdflib.Graph() + graph
    for n in (1, 2, 3):
        graphs[f"{W3C_DATA}data{n}.rdf"] = rdflib.Graph().parse(W3C_DIR / f"data{n}.nt", format="nt")
    # the W3C cases name data0.rdf as a default graph; it is a graph of this store like the others
    graphs[f"{W3C_DATA}data0.rdf"] = rdflib.Graph().parse(
        data=f"<{W3C_DATA}data0.rdf> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Document> .", format="nt"
    )
    store.replace_graphs(graphs)
    return store


@dataclass(frozen=True)
class SparqlServer:
    url: str  # base URL; the endpoint is url + "/sparql"
    store: Store
    settings: Settings

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"


@pytest.fixture(scope="session")
def sparql_server(live_server: Callable[[FastAPI], str]) -> Iterator[SparqlServer]:
    store = _sparql_store()
    url = live_server(create_app(store=store, settings=SPARQL_SETTINGS))
    httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30).raise_for_status()  # workers warm
    yield SparqlServer(url, store, SPARQL_SETTINGS)


@pytest.fixture
def http(sparql_server: SparqlServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sparql_server.url, timeout=30) as client:
        yield client
