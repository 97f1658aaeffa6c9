"""Stores for the contract suite: embedded on disk, in memory, and remote (a real Oxigraph server).

The Oxigraph server is the ``oxigraph`` command of the PyPI package of that
name, started once per session on a free 127.0.0.1 port with
``--union-default-graph`` (the remote store's documented requirement) and
stopped at the end; each test starts from an empty server.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib

from service.store import Store, open_store

PLANS_TRIG = Path(__file__).with_name("plans.trig")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_command() -> str:
    beside_python = Path(sys.executable).with_name("oxigraph")
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    assert found, "the oxigraph server (PyPI package 'oxigraph', in the test extra) is not installed"
    return found


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
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [oxigraph_command(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, process.stderr.read() if process.stderr else "oxigraph exited"
            time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


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
