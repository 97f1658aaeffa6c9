"""The benchmark: ``python -m bench.run --size N`` (``make bench SIZE=N``).

One run measures, side by side, on a synthetic corpus of N plans
(:mod:`bench.corpus`): ingest against pyoxigraph's raw bulk load, every named
query on the embedded store, on rdflib and through HTTP, SHACL validation,
the HTTP service under concurrent clients, the cross-plan steps, and the peak
memory of each step (each runs in its own process, see :mod:`bench.steps`).
Results go to ``bench/results/latest.json`` and ``bench/results/size-N.json``;
``BENCHMARKS.md`` is regenerated from every ``size-*.json`` present.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import report, service_bench
from bench.corpus import MANIFEST, generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "bench" / "corpus"


@dataclass(frozen=True)
class Bounds:
    """Repetitions and time bounds of one run (``--quick`` shrinks them for smoke tests)."""

    validate_sample: int = 40  # plans validated one by one during ingest (the rest at their mean cost)
    warmup: int = 2
    runs: int = 15
    query_budget_s: float = 30.0  # time for all runs of one query; slower queries get fewer runs
    embedded_timeout_s: float = 60.0  # one embedded query is stopped after this (recorded "> T s")
    rdflib_runs: int = 3
    rdflib_timeout_s: float = 20.0  # per query (all its runs)
    rdflib_slow_s: float = 5.0  # a run slower than this is not repeated
    rdflib_load_timeout_s: float = 900.0
    shacl_timeout_s: float = 120.0
    crossplan_timeout_s: float = 300.0  # each of similarity linking and review
    clients: int = 8
    requests_per_client: int = 50
    load_seconds: float = 20.0
    step_timeout_s: float = 3600.0

    @classmethod
    def quick(cls) -> "Bounds":
        return cls(validate_sample=2, warmup=1, query_budget_s=10.0, embedded_timeout_s=60.0, runs=3, rdflib_runs=1, rdflib_timeout_s=20.0, rdflib_load_timeout_s=120.0,
                   shacl_timeout_s=120.0, crossplan_timeout_s=120.0, clients=2, requests_per_client=5,
                   load_seconds=5.0, step_timeout_s=600.0)


def run_step(step: str, args: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run ``bench.steps STEP`` in a fresh process; its JSON, or why there is none."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{step}-") as tmp:
        args_path, out_path = Path(tmp) / "args.json", Path(tmp) / "out.json"
        args_path.write_text(json.dumps(args), encoding="utf-8")
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "bench.steps", step, str(args_path), str(out_path)],
                                  cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"timed_out": True, "timeout_s": timeout}
        wall = round(time.perf_counter() - start, 3)
        if proc.returncode != 0 or not out_path.exists():
            return {"error": (proc.stderr or proc.stdout)[-1500:], "wall_s": wall}
        result = json.loads(out_path.read_text(encoding="utf-8"))
        result["wall_s"] = wall
        return result


def run_resumable(step: str, args: dict[str, Any], per_query_s: float, timeout: float) -> dict[str, Any]:
    """Run a query step whose single queries may run too long to wait for.

    The step reports each query's start and end in a progress file; a query
    running longer than ``per_query_s`` is stopped by killing the process,
    recorded as timed out, and the step is started again with the queries
    measured so far skipped. (Oxigraph evaluates in native code, where no
    signal reaches it, so stopping the process is the only bound there is.)
    """
    results: dict[str, Any] = {}
    peak = 0.0
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix=f"bench-{step}-") as tmp:
        progress = Path(tmp) / "progress.jsonl"
        while time.monotonic() < deadline:
            progress.write_text("", encoding="utf-8")
            args_path, out_path = Path(tmp) / "args.json", Path(tmp) / "out.json"
            args_path.write_text(json.dumps({**args, "progress": str(progress), "skip": sorted(results)}),
                                 encoding="utf-8")
            proc = subprocess.Popen([sys.executable, "-m", "bench.steps", step, str(args_path), str(out_path)],
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            current: tuple[str, float] | None = None
            while proc.poll() is None:
                time.sleep(0.25)
                current = None
                for line in progress.read_text(encoding="utf-8").splitlines():
                    entry = json.loads(line)
                    peak = max(peak, entry.get("peak_rss_mb") or 0.0)
                    if "start" in entry:
                        current = (entry["start"], entry["t"])
                    else:
                        results[entry["done"]] = entry["result"]
                        current = None
                late = current is not None and time.time() - current[1] > per_query_s
                if late or time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    if current is not None:
                        results[current[0]] = {"timed_out": True, "timeout_s": per_query_s}
                    break
            else:
                _, err = proc.communicate()
                if proc.returncode != 0 or not out_path.exists():
                    return {"queries": results, "error": (err or "")[-1500:], "peak_rss_mb": peak or None}
                out = json.loads(out_path.read_text(encoding="utf-8"))
                results.update(out.get("queries", {}))
                return {"queries": results, "peak_rss_mb": max(peak, out.get("peak_rss_mb") or 0.0)}
    return {"queries": results, "timed_out": True, "peak_rss_mb": peak or None}


def corpus_dir(size: int, seed: int, scale: float, work: Path) -> Path:
    """The corpus for (size, seed, scale), generated unless an identical one is already there."""
    out = work / f"size-{size}-seed-{seed}"
    manifest = out / MANIFEST
    if manifest.exists():
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if (meta.get("size"), meta.get("seed"), meta.get("scale")) == (size, seed, scale):
            return out
    generate(size, seed, out, scale=scale)
    return out


def http_step(store: Path, names: list[str], embedded: dict[str, Any], bounds: Bounds) -> dict[str, Any]:
    """Named queries through HTTP one at a time, then the service under concurrent clients."""
    out: dict[str, Any] = {"queries": {}}
    try:
        with service_bench.serve(store, ROOT, query_timeout_s=bounds.embedded_timeout_s) as server:
            with httpx.Client(base_url=server.url, timeout=bounds.embedded_timeout_s + 30) as client:
                for name in names:
                    if "median_ms" not in embedded.get(name, {}):
                        out["queries"][name] = {"skipped": "no embedded time (timed out or failed)"}
                        continue
                    try:
                        timings, status = service_bench.latency(client, service_bench.query_path(name),
                                                                warmup=bounds.warmup, runs=bounds.runs,
                                                                budget_s=bounds.query_budget_s)
                        out["queries"][name] = {**timings.summary(), "status": status}
                    except httpx.HTTPError as exc:
                        out["queries"][name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
                timings, status = service_bench.latency(client, service_bench.ask_path(), warmup=bounds.warmup,
                                                        runs=bounds.runs, budget_s=bounds.query_budget_s)
                out["ask"] = {**timings.summary(), "status": status}
            typical = _typical_query(names, embedded)
            out["load"] = {
                "cheap": {"path": "/sparql ASK", **service_bench.load(
                    server.url, service_bench.ask_path(), clients=bounds.clients,
                    requests=bounds.requests_per_client, max_seconds=bounds.load_seconds)},
            }
            if typical:
                out["load"]["typical"] = {"query": typical, **service_bench.load(
                    server.url, service_bench.query_path(typical), clients=bounds.clients,
                    requests=bounds.requests_per_client, max_seconds=bounds.load_seconds)}
            out["peak_mb"] = server.peak_mb()
            out["startup_s"] = server.startup_s
    except RuntimeError as exc:
        out["error"] = str(exc)[-1500:]
    return out


def _typical_query(names: list[str], embedded: dict[str, Any]) -> str | None:
    """The named query whose embedded median is the median of all (a typical one)."""
    timed = sorted((q["median_ms"], n) for n, q in embedded.items() if n in names and "median_ms" in q)
    return timed[len(timed) // 2][1] if timed else None


def run(size: int, *, seed: int = 1, scale: float = 1.0, bounds: Bounds = Bounds(),
        out_dir: Path = RESULTS, work: Path = WORK, report_path: Path | None = None) -> dict[str, Any]:
    """Run every step on a corpus of ``size`` plans; write and return the results."""
    started = time.perf_counter()
    corpus = corpus_dir(size, seed, scale, work)
    run_dir = work / f"run-{size}"
    run_dir.mkdir(parents=True, exist_ok=True)
    store, nquads = run_dir / "store", run_dir / "corpus.nq"
    print(f"[bench] corpus: {corpus}", flush=True)
    steps: dict[str, Any] = {}
    steps["ingest"] = run_step("ingest", {"corpus": str(corpus), "store": str(store), "nquads": str(nquads),
                                          "validate_sample": bounds.validate_sample}, bounds.step_timeout_s)
    print(f"[bench] ingest: {_brief(steps['ingest'], 'triples_per_s')}", flush=True)
    steps["raw_load"] = run_step("raw_load", {"nquads": str(nquads), "disk": str(run_dir / "raw-disk")},
                                 bounds.step_timeout_s)
    # the cross-plan step writes the links graph, as `plankg load` does, before the queries read it
    steps["crossplan"] = run_step("crossplan", {"store": str(store), "timeout": bounds.crossplan_timeout_s},
                                  2 * bounds.crossplan_timeout_s + 120)
    print(f"[bench] crossplan: {steps['crossplan']}", flush=True)
    everything = run_dir / "store.nq"  # plans + reference + links: what the queries see
    steps["export"] = run_step("export", {"store": str(store), "nquads": str(everything)}, bounds.step_timeout_s)
    query_args = {"store": str(store), "nquads": str(everything if "quads" in steps["export"] else nquads),
                  "warmup": bounds.warmup, "runs": bounds.runs}
    steps["embedded"] = run_resumable("embedded", {**query_args, "budget_s": bounds.query_budget_s},
                                      bounds.embedded_timeout_s, bounds.step_timeout_s)
    print(f"[bench] embedded queries: {len(steps['embedded'].get('queries', {}))}", flush=True)
    steps["rdflib"] = run_step("rdflib", {**query_args, "runs": bounds.rdflib_runs, "warmup": 1 if size <= 100 else 0,
                                          "timeout": bounds.rdflib_timeout_s, "slow": bounds.rdflib_slow_s,
                                          "load_timeout": bounds.rdflib_load_timeout_s},
                               bounds.step_timeout_s)
    print(f"[bench] rdflib: load {steps['rdflib'].get('load')}", flush=True)
    names = [n for n in steps["embedded"].get("queries", {}) if not n.startswith("_")]
    steps["http"] = http_step(store, names, steps["embedded"].get("queries", {}), bounds)
    print("[bench] http done", flush=True)
    steps["shacl"] = run_step("shacl", {"nquads": str(nquads), "timeout": bounds.shacl_timeout_s},
                              bounds.step_timeout_s)
    results = report.assemble(size, seed, scale, steps, bounds.__dict__)
    results["wall_s"] = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=1, ensure_ascii=False) + "\n"
    (out_dir / "latest.json").write_text(text, encoding="utf-8")
    (out_dir / f"size-{size}.json").write_text(text, encoding="utf-8")
    report.write_markdown(out_dir, report_path or (ROOT / "BENCHMARKS.md" if out_dir == RESULTS
                                                   else out_dir / "BENCHMARKS.md"))
    return results


def _brief(result: dict[str, Any], key: str) -> str:
    if key in result:
        return str(result[key])
    return str(result.get("error", result)).strip().splitlines()[-1][:300]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10, help="number of plans (10, 100, 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="items per plan multiplier")
    parser.add_argument("--quick", action="store_true", help="few repetitions, short bounds (smoke runs)")
    parser.add_argument("--out-dir", type=Path, default=RESULTS, help="where the JSON results go")
    parser.add_argument("--work", type=Path, default=WORK, help="where corpora and stores go")
    parser.add_argument("--report-only", action="store_true",
                        help="only regenerate BENCHMARKS.md from the results already in --out-dir")
    args = parser.parse_args(argv)
    if args.report_only:
        report.write_markdown(args.out_dir, ROOT / "BENCHMARKS.md" if args.out_dir == RESULTS
                              else args.out_dir / "BENCHMARKS.md")
        return 0
    if args.size < 1:
        parser.error("--size must be at least 1")
    bounds = Bounds.quick() if args.quick else Bounds()
    results = run(args.size, seed=args.seed, scale=args.scale, bounds=bounds, out_dir=args.out_dir, work=args.work)
    print(report.summary(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
