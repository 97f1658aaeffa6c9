"""A small cache of ``/validate`` answers keyed on the content they were computed from.

pyshacl over every loaded plan takes seconds; the answer changes only when
the validated graphs change. The key (:func:`content_key`) is

- the store's ``generation`` when it has one (the embedded store: it changes
  on every write, so the key is exact), and
- the recorded source hash of every validated graph and of the reference
  graph (what a store without a generation — a remote endpoint — can tell).

A store without a generation holding a validated graph without a recorded
hash (the links graph) gives no key: those answers are not cached, since
nothing cheap would see the graph change. An answer is kept only when the key
read after computing it equals the key read before (no write in between).

>>> cache = ReportCache(size=1)
>>> cache.put(("k",), {"conforms": True})
>>> cache.get(("k",)), cache.get(("other",))
({'conforms': True}, None)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Any

from service.store.base import Store

Key = tuple[Hashable, ...]


def content_key(store: Store, graphs: Sequence[str], reference: str | None, scope: str | None) -> Key | None:
    """The content ``graphs`` (and ``reference``) are validated from, or None when it cannot be told cheaply.

    ``scope`` tells apart answers over the same graphs asked differently (the ``plan`` parameter).
    """
    generation = getattr(store, "generation", None)
    hashes = store.graph_hashes()
    named = [*graphs, *([reference] if reference else [])]
    if not isinstance(generation, int) and any(g not in hashes for g in named):
        return None
    return (scope, generation if isinstance(generation, int) else None, tuple((g, hashes.get(g)) for g in named))


class ReportCache:
    """The last ``size`` answers by key, least recently used dropped first; thread-safe."""

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._answers: OrderedDict[Key, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> dict[str, Any] | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key: Key, answer: dict[str, Any]) -> None:
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)
