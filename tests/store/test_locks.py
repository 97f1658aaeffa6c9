"""The readers-writer lock that makes a mirror swap atomic for readers.

No timing: each case drives threads with events and waits (bounded) for the
lock's own state to show that a thread is blocked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from service.store.locks import ReadWriteLock


def wait_until(condition: Callable[[], bool]) -> None:
    """Poll until ``condition`` holds (fails the test if it never does)."""
    done = threading.Event()
    for _ in range(2000):
        if condition():
            return
        done.wait(0.005)
    raise AssertionError("the condition never held")


def test_readers_share_the_lock() -> None:
    lock = ReadWriteLock()
    inside = threading.Barrier(3)

    def read() -> None:
        with lock.reading():
            inside.wait(timeout=10)  # all three inside at once, or BrokenBarrierError

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    read()
    for t in threads:
        t.join()


def test_a_writer_waits_for_readers_and_new_readers_wait_for_it() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    release_reader = threading.Event()

    def first_reader() -> None:
        with lock.reading():
            order.append("read 1 in")
            release_reader.wait(timeout=10)
            order.append("read 1 out")

    def writer() -> None:
        with lock.writing():
            order.append("write")

    def second_reader() -> None:
        with lock.reading():
            order.append("read 2")

    r1 = threading.Thread(target=first_reader)
    r1.start()
    wait_until(lambda: order == ["read 1 in"])
    w = threading.Thread(target=writer)
    w.start()
    wait_until(lambda: lock._waiting_writers == 1)  # noqa: SLF001
    r2 = threading.Thread(target=second_reader)
    r2.start()
    wait_until(lambda: len(lock._cond._waiters) == 2)  # noqa: SLF001 - the writer and reader 2 both blocked
    assert order == ["read 1 in"]  # the writer waits for reader 1; reader 2 waits behind the writer
    release_reader.set()
    for t in (r1, w, r2):
        t.join()
    assert order == ["read 1 in", "read 1 out", "write", "read 2"]


def test_a_nested_read_does_not_deadlock_behind_a_waiting_writer() -> None:
    lock = ReadWriteLock()
    go_on = threading.Event()
    nested: list[bool] = []

    def reader() -> None:
        with lock.reading():
            go_on.wait(timeout=10)
            with lock.reading():  # a writer is waiting now
                nested.append(True)

    r = threading.Thread(target=reader)
    r.start()
    wait_until(lambda: lock._readers == 1)  # noqa: SLF001
    w = threading.Thread(target=lambda: lock.writing().__enter__() and None)
    w.daemon = True
    w.start()
    wait_until(lambda: lock._waiting_writers == 1)  # noqa: SLF001
    go_on.set()
    r.join(timeout=10)
    assert nested == [True] and not r.is_alive()


@pytest.mark.parametrize("outer", ["reading", "writing"])
def test_taking_it_for_writing_inside_itself_is_refused(outer: str) -> None:
    lock = ReadWriteLock()
    with getattr(lock, outer)():
        with pytest.raises(RuntimeError, match="cannot take it for writing"):
            with lock.writing():
                pass
    with lock.writing():  # and the lock is still usable
        pass
