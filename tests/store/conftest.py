"""Stores for the contract suite: embedded on disk, in memory, and remote (a real Oxigraph server).

The Oxigraph server is the ``oxigraph`` command of the PyPI package of that
name, started once per session on a free 127.0.0.1 port with
``--union-default-graph`` (the remote store's documented requirement) and
stopped at the end; each test starts from an empty server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib

from service.store import Store, open_store
from tests.servers import running_oxigraph

PLANS_TRIG = Path(__file__).with_name("plans.trig")


def load_plans() -> dict[str, rdflib.Graph]:
    """The plan graphs of plans.trig by graph IRI."""
    dataset = rdflib.Dataset()
    dataset.parse(PLANS_TRIG, format="trig")
    graphs = {}
    for graph in dataset.graphs():
        if len(graph):
            copy = rdflib.Graph()
            for triple in graph:
                copy.add(triple)
            graphs[str(graph.identifier)] = copy
    return graphs


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running Oxigraph server (``/query``, ``/update``)."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="session")
def plan_graphs() -> dict[str, rdflib.Graph]:
    return load_plans()


@pytest.fixture(params=["embedded", "memory", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind."""
    if request.param == "embedded":
        opened = open_store(f"embedded:{tmp_path / 'store'}")
    elif request.param == "memory":
        opened = open_store("memory:")
    else:
        base = request.getfixturevalue("oxigraph_server")
        httpx.post(f"{base}/update", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}).raise_for_status()
        opened = open_store(f"sparql:{base}/query,{base}/update")
    try:
        yield opened
    finally:
        opened.close()
