"""What every router is built with: the store, the settings, the query pool."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib.term import Identifier

from service.config import Settings
from service.store.base import QueryResult, Store

if TYPE_CHECKING:
    from service.worker import QueryPool


@dataclass
class AppContext:
    """Shared state of one app instance (no module globals anywhere).

    ``store`` answers trusted, fixed queries in-process (REST resources, named
    queries). :meth:`run_untrusted` runs a query text that came from a client:
    it is checked by :mod:`service.safety` and run in a worker process that is
    killed at the deadline; the worker pool is started on first use.
    """

    store: Store
    settings: Settings
    _pool: QueryPool | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def pool(self) -> QueryPool:
        with self._lock:
            if self._pool is None:
                from service.worker import QueryPool

                self._pool = QueryPool(self.store, size=self.settings.query_workers)
            return self._pool

    def run_untrusted(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        base_iri: str | None = None,
    ) -> QueryResult:
        """Check then run a client's query with the configured deadline and row cap."""
        from service.safety import check_query

        check_query(sparql, self.settings, self.store, default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris)
        return self.pool.run(
            sparql,
            bindings=bindings,
            default_graph_uris=default_graph_uris,
            named_graph_uris=named_graph_uris,
            timeout=self.settings.query_timeout,
            max_rows=self.settings.max_rows,
            base_iri=base_iri,
        )

    def close(self) -> None:
        """Stop the worker pool (the store is closed by whoever opened it)."""
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
