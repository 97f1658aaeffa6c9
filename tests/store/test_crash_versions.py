"""SIGKILL during big replacements: the bulk-loaded versions and their garbage collection are crash-safe.

Like ``test_crash.py``, with a graph big enough for the bulk loader (which is
not transactional: only the pointer commit is) and kills landing while old
versions are being deleted in the background. After each kill the reopened
store holds exactly one whole version with its own hash; at the end, once the
garbage is collected, the disk holds exactly one version graph (orphans of
killed writes do not leak).
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox

from service.store.embedded import EmbeddedStore
from service.store.terms import ntriples_bytes
from service.store.versions import BULK_BYTES, VERSION_PREFIX
from tests.store.crash_writer import GRAPH, version_graph
from tests.store.test_crash import run_writer_and_kill

SIZE = 40_000
COUNT_BY_VERSION = """
SELECT ?v (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/plankg/graph/plan/crash-test> { ?s ?p ?v } } GROUP BY ?v
"""


def test_sigkill_during_bulk_replacements_leaves_one_whole_version(tmp_path: Path) -> None:
    assert len(ntriples_bytes(version_graph(1, SIZE))) >= BULK_BYTES  # the bulk loader path is the one tested
    rng = random.Random(20261123)
    store_dir = tmp_path / "store"
    for _ in range(4):
        last_reported = run_writer_and_kill(store_dir, rng.uniform(0.1, 2.5), SIZE)
        with EmbeddedStore(store_dir) as store:
            rows = store.query(COUNT_BY_VERSION).rows
            assert len(rows) == 1, f"a mix of versions: {rows}"
            version, count = int(rows[0]["v"]), int(rows[0]["n"])
            assert count == SIZE
            assert version in (last_reported, last_reported + 1)
            assert store.graph_hashes()[GRAPH] == f"{version:064x}"
            assert store.graphs() == [GRAPH]
    with EmbeddedStore(store_dir) as store:
        store._disk.wait_for_garbage()  # noqa: SLF001 - collect what the killed writers left
    raw = ox.Store(str(store_dir))
    try:
        versions = [g.value for g in raw.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(VERSION_PREFIX)]
    finally:
        del raw
    assert len(versions) == 1, versions
