"""A readers-writer lock: many readers at once, or one writer alone.

The embedded store's readers take it shared around every read of the
in-memory mirror, and a write takes it exclusively only while it swaps a
graph in the mirror, so readers see a whole old graph or a whole new one.

- A writer waiting stops new readers from entering (writers are not starved
  by a steady stream of reads).
- A thread that already reads (or writes) may read again without waiting, so
  a read nested inside another read never deadlocks behind a waiting writer.

>>> lock = ReadWriteLock()
>>> with lock.reading():
...     with lock.reading():
...         pass
>>> with lock.writing():
...     with lock.reading():
...         pass
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadWriteLock:
    """Shared reading, exclusive writing; see the module docstring for the rules."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer: int | None = None  # ident of the thread writing
        self._waiting_writers = 0
        self._local = threading.local()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the lock shared for the ``with`` block."""
        depth: int = getattr(self._local, "depth", 0)
        enter = depth == 0 and self._writer != threading.get_ident()
        if enter:
            with self._cond:
                while self._writer is not None or self._waiting_writers:
                    self._cond.wait()
                self._readers += 1
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if enter:
                with self._cond:
                    self._readers -= 1
                    if self._readers == 0:
                        self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the lock exclusively for the ``with`` block (not re-entrant)."""
        me = threading.get_ident()
        if self._writer == me or getattr(self._local, "depth", 0):
            raise RuntimeError("a thread that holds the lock cannot take it for writing again")
        with self._cond:
            self._waiting_writers += 1
            try:
                while self._writer is not None or self._readers:
                    self._cond.wait()
            finally:
                self._waiting_writers -= 1
            self._writer = me
        try:
            yield
        finally:
            with self._cond:
                self._writer = None
                self._cond.notify_all()
