"""Small measuring helpers shared by the benchmark steps: repeated timings, percentiles, memory."""

from __future__ import annotations

import resource
import signal
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timings:
    """Wall-clock times of repeated runs, in milliseconds."""

    samples_ms: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.samples_ms, 95)

    def summary(self) -> dict[str, float | int]:
        return {"median_ms": round(self.median_ms, 3), "p95_ms": round(self.p95_ms, 3),
                "min_ms": round(min(self.samples_ms), 3), "runs": len(self.samples_ms)}


def percentile(values: tuple[float, ...] | list[float], pct: float) -> float:
    """The ``pct`` percentile by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def repeat(fn: Callable[[], Any], *, warmup: int, runs: int) -> tuple[Timings, Any]:
    """Call ``fn`` ``warmup`` times untimed, then ``runs`` times timed; return timings and the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return Timings(tuple(samples)), result


class Timeout(Exception):
    """Raised inside a step when its time bound (``SIGALRM``) is reached."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block with :class:`Timeout` after ``seconds`` (main thread, POSIX only).

    rdflib and pySHACL evaluate in pure Python, so the signal handler runs
    between bytecodes and stops them without losing the loaded data.
    """
    if not seconds:
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise Timeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def process_peak_mb(pid: int) -> float | None:
    """Peak resident memory (``VmHWM``) of another live process, in MB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def adaptive_repeat(fn: Callable[[], Any], *, warmup: int, runs: int, budget_s: float) -> tuple[Timings, Any]:
    """Like :func:`repeat`, but a slow query gets fewer runs: about ``budget_s`` seconds in all.

    The first call is timed; when it is slow, it counts as the only warm-up and
    the number of timed runs drops to what fits the budget (at least one).
    """
    start = time.perf_counter()
    result = fn()
    first = time.perf_counter() - start
    if first * (warmup + runs) <= budget_s:
        timings, result = repeat(fn, warmup=max(0, warmup - 1), runs=runs)
        return timings, result
    fitting = int(budget_s / first) if first > 0 else runs
    if fitting < 1:
        return Timings((first * 1000,)), result
    return repeat(fn, warmup=0, runs=min(runs, fitting))
