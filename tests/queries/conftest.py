"""Fixtures of the named-query tests: the catalog, the sample graph and a hand-made graph.

- ``sample_store``: the five documents of ``data/plans`` loaded into an
  in-memory embedded store by ``load_paths`` (once per session);
- ``fixture_store``: ``fixture.trig``, a small graph in the shape of
  docs/MODEL.md that also holds what the cross-plan step writes (resolved
  cross-references, similarity links, themes);
- ``fixture_store_path``: the same graph in an on-disk embedded store, for
  commands that open the store named by ``PLANKG_STORE``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from service.catalog import Catalog
from service.store import Store, open_store
from tests.servers import running_oxigraph

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixture.trig"


def fixture_graphs() -> dict[str, rdflib.Graph]:
    """The named graphs of ``fixture.trig``, by graph IRI."""
    dataset = rdflib.Dataset()
    dataset.parse(FIXTURE, format="trig")
    graphs: dict[str, rdflib.Graph] = {}
    for graph in dataset.graphs():
        if str(graph.identifier).startswith("https://w3id.org/plankg/graph/"):
            copy = rdflib.Graph()
            for triple in graph:
                copy.add(triple)
            graphs[str(graph.identifier)] = copy
    return graphs


@pytest.fixture()
def fixture_graph_set() -> dict[str, rdflib.Graph]:
    """A fresh copy of the graphs of ``fixture.trig``."""
    return fixture_graphs()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(scope="session")
def sample_store(plans_dir: Path) -> Iterator[Store]:
    from service.loading import load_paths

    store = open_store("memory:")
    load_paths([plans_dir], store, validate=False)
    yield store
    store.close()


@pytest.fixture(scope="session")
def fixture_store() -> Iterator[Store]:
    store = open_store("memory:")
    store.replace_graphs(fixture_graphs())
    yield store
    store.close()


@pytest.fixture(scope="session")
def fixture_store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store spec (``embedded:PATH``) of an on-disk store holding the fixture graph."""
    path = tmp_path_factory.mktemp("fixture-store")
    store = open_store(f"embedded:{path}")
    store.replace_graphs(fixture_graphs())
    store.close()
    return f"embedded:{path}"


@pytest.fixture(scope="session")
def oxigraph_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real Oxigraph server on a free 127.0.0.1 port (``/query``, ``/update``), stopped at the end."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph-queries")) as base:
        yield base


@pytest.fixture(scope="session")
def remote_sample_store(oxigraph_base: str, sample_store: Store) -> Iterator[Store]:
    """The sample graph and the hand-made links, in a real Oxigraph server behind the remote store."""
    store = open_store(f"sparql:{oxigraph_base}/query,{oxigraph_base}/update")
    graphs = {iri: sample_store.graph(iri) for iri in sample_store.graphs()}
    store.replace_graphs(graphs)
    yield store
    store.close()
