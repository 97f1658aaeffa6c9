"""Query worker processes: a hard deadline for queries that came from clients.

Neither pyoxigraph nor rdflib can be interrupted inside a query, so a client's
query runs in a separate process that is killed (SIGKILL) when its deadline
passes; the caller gets :class:`~service.errors.QueryTimeout` (503) and a new
worker takes the dead one's place. A small pool of workers means one runaway
query (a cartesian product) does not hold up the others; when every worker
is busy until the deadline the caller gets :class:`~service.errors.ServiceBusy`.

Workers read a :class:`~service.store.base.Snapshot` of the store (an N-Quads
dump loaded in memory, a read-only pyoxigraph directory or the remote
endpoint) and reopen it when its generation changes, so they see every write.
A worker that crashes (pyoxigraph aborts the process on pathological input)
is replaced and the query is answered with a 400.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib.term import Identifier

from loaders.errors import PlankgError, QueryError, StoreError
from service.errors import QueryRefused, QueryTimeout, ServiceBusy
from service.store.base import QueryResult, Snapshot, Store

log = logging.getLogger("plankg.worker")

_ERRORS: dict[str, type[PlankgError]] = {
    "QueryError": QueryError,
    "QueryRefused": QueryRefused,
    "QueryTimeout": QueryTimeout,
    "StoreError": StoreError,
}


@dataclass(frozen=True)
class _Request:
    snapshot: Snapshot
    sparql: str
    bindings: dict[str, Identifier]
    default_graph_uris: tuple[str, ...]
    named_graph_uris: tuple[str, ...]
    max_rows: int | None
    base_iri: str | None


def _open(snapshot: Snapshot) -> Any:
    import pyoxigraph as ox

    if snapshot.kind == "nquads":
        store = ox.Store()
        try:
            store.bulk_load(path=snapshot.location, format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"the store changed while the query started; try again ({exc})") from None
        return store
    if snapshot.kind == "oxigraph":
        return ox.Store.read_only(snapshot.location)
    from service.store import open_store

    return open_store(snapshot.location)


def _answer(store: Any, request: _Request) -> QueryResult:
    import pyoxigraph as ox

    from service.store.embedded import run_query

    options: dict[str, Any] = dict(
        bindings=request.bindings or None,
        default_graph_uris=request.default_graph_uris,
        named_graph_uris=request.named_graph_uris,
        max_rows=request.max_rows,
    )
    if isinstance(store, ox.Store):
        return run_query(store, request.sparql, base_iri=request.base_iri, **options)
    text = f"BASE <{request.base_iri}>\n{request.sparql}" if request.base_iri else request.sparql
    return store.query(text, **options)


def serve(conn_in: Connection, conn_out: Connection) -> None:
    """Worker main loop: answer requests until the pipe closes."""
    current: Snapshot | None = None
    store: Any = None
    while True:
        try:
            request: _Request = conn_in.recv()
        except (EOFError, OSError):
            return
        try:
            if request.snapshot != current:
                store, current = None, None
                store, current = _open(request.snapshot), request.snapshot
            reply: tuple[str, Any] = ("ok", _answer(store, request))
        except PlankgError as exc:
            reply = ("error", (type(exc).__name__, str(exc)))
        except Exception as exc:  # anything else is a bug: report it without internals
            reply = ("error", ("internal", f"{type(exc).__name__}"))
        try:
            conn_out.send(reply)
        except (OSError, ValueError):
            return


def main() -> None:
    """Entry point of a worker process (``python -m service.worker``): requests on stdin, replies on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    reply_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints of libraries must not corrupt the reply stream
    serve(Connection(0, writable=False), Connection(reply_fd, readable=False))


class _Worker:
    def __init__(self) -> None:
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=root,
            start_new_session=True,  # Ctrl-C on the service does not reach workers; the pool stops them
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.replies = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.requests.close()
        self.replies.close()


class QueryPool:
    """``size`` worker processes answering queries on snapshots of ``store``."""

    def __init__(self, store: Store, *, size: int = 2) -> None:
        self._store = store
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> None:
        with self._lock:
            if self._closed:
                return
            worker = _Worker()
            self._all.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        self._spawn()

    def run(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        timeout: float,
        max_rows: int | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Answer ``sparql`` in a worker; kill the worker if it is not done in ``timeout`` seconds."""
        if self._closed:
            raise StoreError("the query pool is closed")
        deadline = time.monotonic() + timeout
        request = _Request(
            self._store.snapshot(), sparql, dict(bindings or {}), tuple(default_graph_uris), tuple(named_graph_uris), max_rows, base_iri
        )
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise ServiceBusy(f"every query worker was busy for {timeout:g} s; try again later") from None
        try:
            worker.requests.send(request)
            ready = worker.replies.poll(max(0.0, deadline - time.monotonic()))
            status, payload = worker.replies.recv() if ready else ("timeout", None)
        except (EOFError, OSError):
            log.warning("a query worker died during a query; replacing it")
            self._retire(worker)
            raise QueryError("the query crashed the query engine; simplify it") from None
        if status == "timeout":
            self._retire(worker)
            raise QueryTimeout(f"the query did not finish within {timeout:g} s and was stopped; narrow it or add a LIMIT")
        self._idle.put(worker)
        if status == "ok":
            return payload
        name, message = payload
        if name == "internal":
            log.error("query worker failed with %s", message)
            raise StoreError("the query engine failed")
        raise _ERRORS.get(name, QueryError)(message)

    def close(self) -> None:
        """Kill every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


if __name__ == "__main__":
    main()
