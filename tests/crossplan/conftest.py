"""Fixtures of the cross-plan tests: the five sample plans loaded (links refreshed), and a live server.

- ``linked_store``: ``data/plans`` loaded by ``load_paths`` into an in-memory
  store — which runs the cross-plan refresh — once per session; read only;
- ``corpus``: what the cross-plan step reads from it;
- ``fresh_store``: a new in-memory store with the five plans, for tests that change it;
- ``serve(app)``: serves a FastAPI app with uvicorn on a free 127.0.0.1 port, returns the base URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi import FastAPI

from service.crossplan.corpus import Corpus, read_corpus
from service.loading import load_paths
from service.store import Store, open_store
from tests.servers import serving

P000 = "https://w3id.org/plankg/id/plan/000-c81970cad839fc42"
P001 = "https://w3id.org/plankg/id/plan/001-0c94d01ded17afb5"
P002 = "https://w3id.org/plankg/id/plan/002-e89f7127f5da514e"
P003 = "https://w3id.org/plankg/id/plan/003-21bc908ee7e690f7"
P004 = "https://w3id.org/plankg/id/plan/004-31818754cbf6239c"


def item(plan: str, item_id: str) -> str:
    return f"{plan}/item/{item_id}"


@pytest.fixture(scope="session")
def linked_store(plans_dir: Path) -> Iterator[Store]:
    store = open_store("memory:")
    report = load_paths([plans_dir], store, validate=False)
    assert report.ok and report.crossplan_refreshed
    yield store
    store.close()


@pytest.fixture(scope="session")
def corpus(linked_store: Store) -> Corpus:
    return read_corpus(linked_store)


@pytest.fixture()
def fresh_store(plans_dir: Path) -> Iterator[Store]:
    store = open_store("memory:")
    load_paths([plans_dir], store, validate=False)
    yield store
    store.close()


@pytest.fixture()
def serve() -> Iterator[Callable[[FastAPI], str]]:
    """Serve an app over real HTTP for one test: ``url = serve(app)``."""
    with ExitStack() as stack:
        yield lambda app: stack.enter_context(serving(app))
