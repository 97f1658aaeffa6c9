"""``/validate`` answers from a cache keyed on the store's content, over real HTTP.

A server of its own (this module replaces a plan graph, so it does not share
the session's REST server): plans 003 and 004 loaded into an in-memory
embedded store with :func:`service.loading.load_paths` (reference data and
links included). The ``Plankg-Cache`` header says whether an answer was
computed (``miss``) or served from the cache (``hit``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib.namespace import DCTERMS

from loaders import iri
from service.api.report_cache import ReportCache, content_key
from service.app import create_app
from service.config import Settings
from service.loading import load_paths
from service.store import Store, open_store
from tests.servers import serving

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
FILES = [PLANS / "003_21bc908ee7e690f7.txt", PLANS / "004_31818754cbf6239c.txt"]
P004 = "004-31818754cbf6239c"
# The first action of plan 004, line 7 of the document.
ACTION_TITLE = "Înființarea de centre respiro pentru copiii cu dizabilități"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[httpx.Client, Store]]:
    store = open_store("memory:")
    report = load_paths(FILES, store, validate=False)
    assert report.ok, [(f.path, f.reason) for f in report.failed]
    app = create_app(store=store, settings=Settings(store="memory:", query_workers=1))
    try:
        with serving(app) as url, httpx.Client(base_url=url, timeout=120) as client:
            yield client, store
    finally:
        store.close()


def _get(client: httpx.Client, path: str) -> tuple[str, dict]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.headers["Plankg-Cache"], response.json()


def test_a_repeated_call_is_served_from_the_cache_and_a_replacement_invalidates_it(served) -> None:
    client, store = served
    for path in ("/validate", f"/validate?plan={P004}"):
        first_state, first = _get(client, path)
        second_state, second = _get(client, path)
        assert (first_state, second_state) == ("miss", "hit"), path
        assert second == first
        assert first["counts"]["violation"] == 0, first["results"]

    # Plan 004 again, with the title of its first action removed: a violation the cache must not hide.
    graph_iri = iri.plan_graph(P004)
    edited = store.graph(graph_iri)
    titled = [s for s, o in edited.subject_objects(DCTERMS.title) if str(o) == ACTION_TITLE]
    assert len(titled) == 1
    edited.remove((titled[0], DCTERMS.title, None))
    store.replace_graph(graph_iri, edited, sha256="e" * 64)

    for path in (f"/validate?plan={P004}", "/validate"):
        state, answer = _get(client, path)
        assert state == "miss", path
        assert answer["conforms"] is False
        found = [(r["shape"], r["focus"]) for r in answer["results"] if r["severity"] == "Violation"]
        assert found == [("ItemTitleShape", str(titled[0]))], found
        assert _get(client, path)[0] == "hit"


def test_an_unknown_plan_is_still_404(served) -> None:
    client, _ = served
    assert client.get("/validate?plan=nope").status_code == 404


def test_content_key_follows_writes_and_hashes(tmp_path: Path) -> None:
    """The key changes with every write on a store with a generation, and with the plans' hashes."""
    store = open_store(f"embedded:{tmp_path / 'store'}")
    try:
        load_paths(FILES[1:], store, validate=False)
        names = [iri.plan_graph(P004)]
        key = content_key(store, names, iri.REFERENCE_GRAPH, P004)
        assert key is not None and key == content_key(store, names, iri.REFERENCE_GRAPH, P004)
        assert key != content_key(store, names, iri.REFERENCE_GRAPH, None)  # another question, another key
        store.replace_graph(iri.plan_graph(P004), store.graph(iri.plan_graph(P004)), sha256="f" * 64)
        changed = content_key(store, names, iri.REFERENCE_GRAPH, P004)
        assert changed != key and ("https://w3id.org/plankg/graph/plan/" + P004, "f" * 64) in changed[2]
    finally:
        store.close()


@pytest.mark.parametrize(
    "size, puts, kept",
    [
        (2, ["a", "b"], ["a", "b"]),
        (2, ["a", "b", "c"], ["b", "c"]),  # the least recently used goes first
        (1, ["a", "a"], ["a"]),
    ],
)
def test_report_cache_keeps_the_most_recent_answers(size: int, puts: list[str], kept: list[str]) -> None:
    cache = ReportCache(size=size)
    for name in puts:
        cache.put((name,), {"name": name})
    assert [k for k in "abc" if cache.get((k,)) is not None] == kept
