"""The HTTP service under measurement: a real uvicorn server on 127.0.0.1 and httpx clients.

The server is the project's app (``service.app:create_app``) started by
uvicorn in its own process on a free local port, over the embedded store the
ingest step wrote. Latency is measured one request at a time; load with a
fixed number of client threads, each sending a bounded number of requests
within a bounded time.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.timing import Timings, adaptive_repeat, percentile, process_peak_mb

HOST = "127.0.0.1"
ASK = "ASK { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running uvicorn process and its base URL."""

    process: subprocess.Popen[bytes]
    url: str
    startup_s: float = 0.0  # from launch to the first answer of GET /queries

    def peak_mb(self) -> dict[str, float | None]:
        """Peak RSS of the server process and of its query workers (children), in MB."""
        out: dict[str, float | None] = {"server": process_peak_mb(self.process.pid)}
        try:
            import psutil

            children = psutil.Process(self.process.pid).children(recursive=True)
            out["workers"] = sum(process_peak_mb(c.pid) or 0.0 for c in children) or None
        except Exception:  # noqa: BLE001 - psutil missing or the process gone
            out["workers"] = None
        return out


@contextmanager
def serve(store_dir: Path, root: Path, *, query_timeout_s: float, startup_s: float = 120.0) -> Iterator[Server]:
    """Run the service over ``embedded:store_dir`` until the block ends (row cap lifted, timeout set)."""
    port = free_port()
    env = dict(os.environ, PLANKG_STORE=f"embedded:{store_dir}", PLANKG_MAX_ROWS="1000000",
               PLANKG_QUERY_TIMEOUT=str(query_timeout_s))
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "service.app:create_app",
           "--host", HOST, "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server(process, f"http://{HOST}:{port}")
    started = time.perf_counter()
    try:
        _wait_ready(server, startup_s)
        server.startup_s = round(time.perf_counter() - started, 3)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(server: Server, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            err = server.process.stderr.read().decode(errors="replace")[-2000:] if server.process.stderr else ""
            raise RuntimeError(f"server exited with {server.process.returncode}: {err}")
        try:
            if httpx.get(f"{server.url}/queries", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready after {limit_s:g} s")


def query_path(name: str) -> str:
    return f"/queries/{name}.json"


def ask_path() -> str:
    return "/sparql?" + httpx.QueryParams({"query": ASK}).__str__()


def latency(client: httpx.Client, path: str, *, warmup: int, runs: int, budget_s: float) -> tuple[Timings, int]:
    """Timings of ``GET path`` one at a time (about ``budget_s`` in all); the status of the last response."""
    def call() -> int:
        response = client.get(path, headers={"Accept": "application/sparql-results+json, application/json"})
        response.read()
        return response.status_code

    timings, status = adaptive_repeat(call, warmup=warmup, runs=runs, budget_s=budget_s)
    return timings, int(status)


def load(url: str, path: str, *, clients: int, requests: int, max_seconds: float) -> dict[str, float | int]:
    """``clients`` threads each sending up to ``requests`` requests, all stopping at ``max_seconds``."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client_loop() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=max_seconds + 30) as client:
            for _ in range(requests):
                if time.monotonic() > deadline:
                    return
                start = time.perf_counter()
                try:
                    ok = client.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors += 0 if ok else 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client_loop) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    if not latencies:
        return {"clients": clients, "requests": 0, "errors": errors}
    return {"clients": clients, "requests": len(latencies), "errors": errors, "seconds": round(wall, 3),
            "requests_per_s": round(len(latencies) / wall, 2),
            "median_ms": round(percentile(latencies, 50), 3), "p95_ms": round(percentile(latencies, 95), 3)}
