"""Turning step outputs into the results JSON and ``BENCHMARKS.md``.

:func:`assemble` shapes the raw step outputs into the schema of issue 6
(``size``, ``triples``, ``ingest``, ``queries``, ``shacl``, ``http``,
``memory_mb``, plus ``machine``, ``targets``, ``crossplan`` and ``bounds``);
:func:`write_markdown` renders every ``size-*.json`` of a results directory
as tables, followed by the hand-written analysis in ``bench/analysis.md``.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import statistics
import subprocess
from pathlib import Path
from typing import Any

ANALYSIS = Path(__file__).resolve().parent / "analysis.md"
LIBRARIES = ("pyoxigraph", "rdflib", "pyshacl", "fastapi", "uvicorn", "httpx")
TARGETS = {"selective_ms": 100.0, "aggregation_ms": 1000.0, "rdflib_ratio": 20.0, "http_overhead_ms": 5.0,
           "ingest_triples_per_s": 50_000.0, "validate_plan_s": 1.0}


def machine() -> dict[str, Any]:
    """Cores, memory, CPU model, Python and library versions of this machine."""
    cpu = "unknown"
    mem_mb = None
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                   if l.startswith("model name"))
        kb = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
        mem_mb = kb // 1024
    except (OSError, StopIteration):
        pass
    versions = {}
    for lib in LIBRARIES:
        try:
            versions[lib] = importlib.metadata.version(lib)
        except importlib.metadata.PackageNotFoundError:
            versions[lib] = None
    return {"cores": os.cpu_count(), "memory_mb": mem_mb, "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "libraries": versions}


def code_version() -> dict[str, Any]:
    """The commit measured and the files of the measured code that differed from it (others work in parallel)."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    changed = [line[3:] for line in git("status", "--porcelain", "--", "loaders", "service", "queries", "shapes",
                                        "ontology").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip() or None, "uncommitted": changed}


def query_kinds() -> dict[str, str]:
    """``selective`` for named queries narrowed to one entity, else ``corpus`` (whole-corpus).

    A query is selective when a required IRI or text parameter (an institution,
    an act, a name) is bound by its default; with only optional filters left
    empty it runs over the whole corpus, and the target for it is that of an
    aggregation (1 s), not of a selective query (100 ms).
    """
    try:
        from service.catalog import Catalog

        return {q.name: "selective" if any(p.required and p.default and p.type.value in ("iri", "string")
                                            for p in q.parameters) else "corpus"
                for q in Catalog.load()}
    except Exception:  # noqa: BLE001 - the catalog is someone else's module; the report still renders
        return {}


def _ms(entry: dict[str, Any] | None) -> float | None:
    return entry.get("median_ms") if entry else None


def assemble(size: int, seed: int, scale: float, steps: dict[str, Any], bounds: dict[str, Any]) -> dict[str, Any]:
    """The results document of one run."""
    ingest, raw, emb = steps["ingest"], steps["raw_load"], steps["embedded"].get("queries", {})
    rdf, http, shacl = steps["rdflib"], steps["http"], steps["shacl"]
    kinds = query_kinds()
    queries: dict[str, Any] = {}
    for name, e in emb.items():
        if name.startswith("_"):
            continue
        r = rdf.get("queries", {}).get(name, {})
        h = http.get("queries", {}).get(name, {})
        entry: dict[str, Any] = {"kind": kinds.get(name, "selective"), "rows": e.get("rows"),
                                 "embedded_ms": _ms(e), "embedded_p95_ms": e.get("p95_ms"),
                                 "rdflib_ms": _ms(r), "rdflib_p95_ms": r.get("p95_ms"),
                                 "http_ms": _ms(h), "http_p95_ms": h.get("p95_ms")}
        if "error" in e:
            entry["embedded_error"] = e["error"]
        if e.get("timed_out"):
            entry["embedded_timeout_s"] = e["timeout_s"]
        if r.get("timed_out"):
            entry["rdflib_timeout_s"] = r["timeout_s"]
        if "rows" in r and e.get("rows") is not None and r["rows"] != e["rows"]:
            entry["rdflib_rows"] = r["rows"]  # not the same answer: the ratio compares different work
        if "error" in r:
            entry["rdflib_error"] = r["error"]
        if h.get("status", 200) != 200:
            entry["http_status"] = h["status"]
        if entry["embedded_ms"]:
            if entry["rdflib_ms"]:
                entry["rdflib_ratio"] = round(entry["rdflib_ms"] / entry["embedded_ms"], 1)
            elif r.get("timed_out"):
                entry["rdflib_ratio_at_least"] = round(r["timeout_s"] * 1000 / entry["embedded_ms"], 1)
            if entry["http_ms"] is not None:
                entry["http_overhead_ms"] = round(entry["http_ms"] - entry["embedded_ms"], 3)
        queries[name] = entry
    per_plan = ingest.get("validate_per_plan_s") or {}
    emb_ask, http_ask = _ms(emb.get("_ask")), _ms(http.get("ask"))
    overheads = [q["http_overhead_ms"] for q in queries.values() if "http_overhead_ms" in q]
    results: dict[str, Any] = {
        "size": size, "seed": seed, "scale": scale,
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(), "code": code_version(),
        "plans": ingest.get("plans"), "triples": ingest.get("triples"),
        "ingest": {
            "triples_per_s": ingest.get("triples_per_s"), "plans_per_s": ingest.get("plans_per_s"),
            "triples_per_s_without_validation": ingest.get("triples_per_s_without_validation"),
            "seconds": ingest.get("seconds"), "measured_seconds": ingest.get("measured_seconds"),
            "validated_plans": ingest.get("validated_plans"), "stages_s": ingest.get("stages_s"),
            "failed_plans": ingest.get("failed"), "failures": ingest.get("failures"),
            "raw_load_triples_per_s": raw.get("memory", {}).get("triples_per_s"),
            "raw_load_disk_triples_per_s": raw.get("disk", {}).get("triples_per_s"),
            "raw_load_quads": raw.get("memory", {}).get("quads"),
            "reference_triples": ingest.get("reference_triples"),
            **({"error": ingest["error"]} if "error" in ingest else {}),
        },
        "store_quads": steps.get("export", {}).get("quads"),  # what the queries ran over (with links)
        "queries": queries,
        "rdflib": {"load": rdf.get("load"), **({"error": rdf["error"]} if "error" in rdf else {})},
        "shacl": {
            "validated_during_ingest": ingest.get("validated"), "violations": ingest.get("violations"),
            "per_plan_median_s": per_plan.get("median_s"), "per_plan_p95_s": per_plan.get("p95_s"),
            "per_plan_max_s": per_plan.get("max_s"), "per_plan_total_s": per_plan.get("total_s"),
            "whole": shacl.get("whole", shacl.get("error", shacl)),
        },
        "http": {
            "ask_ms": http_ask, "embedded_ask_ms": emb_ask,
            "overhead_ms": round(http_ask - emb_ask, 3) if http_ask is not None and emb_ask is not None else None,
            "median_query_overhead_ms": round(statistics.median(overheads), 3) if overheads else None,
            "startup_s": http.get("startup_s"),
            "load": http.get("load"), **({"error": http["error"]} if "error" in http else {}),
        },
        "crossplan": {k: v for k, v in steps["crossplan"].items() if k not in ("peak_rss_mb", "wall_s")},
        "memory_mb": {
            "ingest": ingest.get("peak_rss_mb"), "raw_load": raw.get("peak_rss_mb"),
            "embedded_queries": steps["embedded"].get("peak_rss_mb"), "rdflib": rdf.get("peak_rss_mb"),
            "export": steps.get("export", {}).get("peak_rss_mb"),
            "http_server": (http.get("peak_mb") or {}).get("server"),
            "http_query_workers": (http.get("peak_mb") or {}).get("workers"),
            "shacl_whole": shacl.get("peak_rss_mb"), "crossplan": steps["crossplan"].get("peak_rss_mb"),
        },
        "bounds": bounds,
    }
    results["targets"] = targets(results)
    return results


def targets(results: dict[str, Any]) -> dict[str, Any]:
    """Each target of issue 6 with the measured value and whether it is met (``None``: not measured)."""
    out: dict[str, Any] = {}
    for name, q in results["queries"].items():
        limit = TARGETS["selective_ms" if q["kind"] == "selective" else "aggregation_ms"]
        measured = q.get("embedded_ms") or (q["embedded_timeout_s"] * 1000 if q.get("embedded_timeout_s") else None)
        out[f"query:{name}"] = _check(measured, limit, below=True)
        ratio = None if q.get("rdflib_rows") is not None else q.get("rdflib_ratio") or q.get("rdflib_ratio_at_least")
        out[f"rdflib-ratio:{name}"] = _check(ratio, TARGETS["rdflib_ratio"], below=False)
    out["http_overhead_ms"] = _check(results["http"]["overhead_ms"], TARGETS["http_overhead_ms"], below=True)
    out["ingest_triples_per_s"] = _check(results["ingest"]["triples_per_s"], TARGETS["ingest_triples_per_s"],
                                         below=False)
    out["validate_plan_s"] = _check(results["shacl"]["per_plan_p95_s"], TARGETS["validate_plan_s"], below=True)
    return out


def _check(value: float | None, limit: float, *, below: bool) -> dict[str, Any]:
    met = None if value is None else (value <= limit if below else value >= limit)
    return {"value": value, "target": limit, "met": met}


def _fmt(value: Any, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)):
        text = f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"
        return f"{text}{unit}"
    return str(value)


def _rdflib_cell(q: dict[str, Any]) -> str:
    if q.get("rdflib_timeout_s"):
        return f"> {q['rdflib_timeout_s']:g} s"
    if q.get("rdflib_error"):
        return "error"
    return _fmt(q.get("rdflib_ms"))


def _ratio_cell(q: dict[str, Any]) -> str:
    if q.get("rdflib_rows") is not None:
        return f"({q['rdflib_rows']:,} rows ≠)"
    if q.get("rdflib_ratio") is not None:
        return f"{q['rdflib_ratio']:,.0f}×"
    if q.get("rdflib_ratio_at_least") is not None:
        return f"> {q['rdflib_ratio_at_least']:,.0f}×"
    return "–"


def _whole(shacl: dict[str, Any]) -> str:
    whole = shacl.get("whole")
    if isinstance(whole, dict):
        return f"> {whole['timeout_s']:g} s" if whole.get("timed_out") else _fmt(whole.get("seconds"), " s", 2)
    return str(whole)


def _load_cell(load: dict[str, Any] | None, key: str) -> str:
    part = (load or {}).get(key) or {}
    if "requests_per_s" not in part:
        return "–"
    return f"{part['requests_per_s']:,.0f} req/s, p95 {part['p95_ms']:,.0f} ms"


def render(all_results: list[dict[str, Any]]) -> str:
    """The Markdown of ``BENCHMARKS.md`` for runs of several sizes (sorted by size)."""
    runs = sorted(all_results, key=lambda r: r["size"])
    latest = max(runs, key=lambda r: r["date"])
    m = latest["machine"]
    lines = [
        "# Benchmarks", "",
        "Generated by `make bench SIZE=N` (`python -m bench.run --size N`, see `docs/bench.md`) from",
        "`bench/results/size-*.json`; the analysis at the end is `bench/analysis.md`. Medians over repeated runs",
        "after warm-up; these machines are noisy, so read ratios and orders of magnitude, not the last digit.", "",
        f"Machine: {m['cores']} cores, {_fmt(m['memory_mb'], ' MB', 0)} RAM, {m['cpu']}; Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["libraries"].items()) + ".", "",
        "## Overview", "",
        "| plans | triples | run on | ingest triples/s (plans/s) | raw bulk load triples/s (memory / disk) "
        "| SHACL per plan median (p95) | SHACL whole graph | HTTP overhead (ASK) | peak memory ingest / queries / rdflib |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        i, s, mem = r["ingest"], r["shacl"], r["memory_mb"]
        lines.append(
            f"| {r['size']} | {_fmt(r['triples'])} | {r['date'][:10]} | {_fmt(i['triples_per_s'], '', 0)} "
            f"({_fmt(i['plans_per_s'])}) | {_fmt(i['raw_load_triples_per_s'], '', 0)} / "
            f"{_fmt(i['raw_load_disk_triples_per_s'], '', 0)} | {_fmt(s['per_plan_median_s'], ' s', 3)} "
            f"({_fmt(s['per_plan_p95_s'], ' s', 3)}) | {_whole(s)} | {_fmt(r['http']['overhead_ms'], ' ms', 2)} | "
            f"{_fmt(mem['ingest'], '', 0)} / {_fmt(mem['embedded_queries'], '', 0)} / {_fmt(mem['rdflib'], '', 0)} MB |")
    for r in reversed(runs):
        code = r.get("code") or {}
        lines += ["", f"## {r['size']} plans, {_fmt(r['triples'])} triples ({r['date']})", "",
                  f"Queries ran over {_fmt(r.get('store_quads'))} quads: the plan graphs, the reference data and "
                  "the links graph the cross-plan step wrote (rdflib held the same quads).", "",
                  f"Code measured: commit `{code.get('commit')}`"
                  + (f" with uncommitted changes to {', '.join(f'`{c}`' for c in code['uncommitted'])}"
                     if code.get("uncommitted") else "") + ".", "",
                  "| named query | kind | rows | embedded median (p95) ms | rdflib median ms | rdflib / embedded "
                  "| HTTP median (p95) ms | HTTP − embedded ms |",
                  "|---|---|---:|---:|---:|---:|---:|---:|"]
        for name, q in sorted(r["queries"].items()):
            emb = "error" if q.get("embedded_error") else f"> {q['embedded_timeout_s']:g} s" \
                if q.get("embedded_timeout_s") else f"{_fmt(q['embedded_ms'], '', 2)} ({_fmt(q['embedded_p95_ms'], '', 2)})"
            lines.append(f"| `{name}` | {q['kind']} | {_fmt(q['rows'])} | {emb} | {_rdflib_cell(q)} | "
                         f"{_ratio_cell(q)} | {_fmt(q['http_ms'], '', 2)} ({_fmt(q['http_p95_ms'], '', 2)}) | "
                         f"{_fmt(q.get('http_overhead_ms'), '', 2)} |")
        h, load = r["http"], r["http"].get("load")
        lines += ["", f"HTTP under {((load or {}).get('cheap') or {}).get('clients', '–')} concurrent clients: "
                  f"cheap query (ASK) {_load_cell(load, 'cheap')}; typical named query "
                  f"(`{((load or {}).get('typical') or {}).get('query', '–')}`) {_load_cell(load, 'typical')}.",
                  f"rdflib load of the same N-Quads: {r['rdflib'].get('load')}. Stages of ingest (s): "
                  f"{r['ingest'].get('stages_s')}. Cross-plan steps: {r['crossplan']}.",
                  f"Peak memory (MB): {r['memory_mb']}."]
        missed = [k for k, t in r["targets"].items() if t["met"] is False]
        lines += ["", f"Targets missed at this size: {', '.join(f'`{k}`' for k in missed) or 'none'}."]
    if len(runs) > 1:
        lines += growth(runs)
    lines += ["", "## Bounds", "", "The run bounds rdflib and SHACL so that `make bench SIZE=1000` ends in about half "
              "an hour (values of the latest run):", "", "```", json.dumps(latest["bounds"], indent=1), "```"]
    if ANALYSIS.exists():
        lines += ["", ANALYSIS.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"


def _exponent(small: float | None, large: float | None, n_small: float, n_large: float) -> str:
    """How cost grows with size between two runs: 1.0 is linear, 2.0 quadratic."""
    if not small or not large or n_large <= n_small:
        return "–"
    return f"{math.log(large / small) / math.log(n_large / n_small):.2f}"


def growth(runs: list[dict[str, Any]]) -> list[str]:
    """Time per run size and the growth exponent between the two largest sizes (1.0 = linear)."""
    small, large = runs[-2], runs[-1]
    n0, n1 = small["triples"] or 0, large["triples"] or 0
    q0, q1 = small.get("store_quads") or n0, large.get("store_quads") or n1  # what the queries ran over
    sizes = " | ".join(f"{r['size']} plans" for r in runs)
    lines = ["", "## Growth", "",
             f"Embedded median (ms) by corpus size, and the exponent *k* of time ∝ size^k between the "
             f"{small['size']}- and {large['size']}-plan runs (1.0 = linear; small times are dominated by "
             "fixed costs, so *k* < 1 there means nothing). Size is plan triples for ingest and the store's quads "
             "(plans, reference, links) for the queries.", "",
             f"| step or query | {sizes} | k |", "|---|" + "---:|" * (len(runs) + 1)]
    ingest = [r["ingest"]["seconds"] for r in runs]
    lines.append(f"| ingest (s) | {' | '.join(_fmt(v, '', 2) for v in ingest)} | "
                 f"{_exponent(ingest[-2], ingest[-1], n0, n1)} |")
    for name in sorted(large["queries"]):
        values = [r["queries"].get(name, {}).get("embedded_ms") for r in runs]
        lines.append(f"| `{name}` | {' | '.join(_fmt(v, '', 2) for v in values)} | "
                     f"{_exponent(values[-2], values[-1], q0, q1)} |")
    return lines


def write_markdown(results_dir: Path, path: Path) -> None:
    """Render every ``size-*.json`` in ``results_dir`` into ``path``."""
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(results_dir.glob("size-*.json"))]
    if runs:
        path.write_text(render(runs), encoding="utf-8")


def summary(results: dict[str, Any]) -> str:
    """A few lines for the terminal."""
    i = results["ingest"]
    lines = [f"size {results['size']}: {results['triples']} triples, ingest {i['triples_per_s']} triples/s "
             f"(raw load {i['raw_load_triples_per_s']}), wall {results.get('wall_s')} s"]
    for name, q in sorted(results["queries"].items()):
        lines.append(f"  {name:32} embedded {_fmt(q['embedded_ms'], ' ms', 2):>12}  rdflib {_rdflib_cell(q):>12}"
                     f"  http {_fmt(q['http_ms'], ' ms', 2):>12}")
    return "\n".join(lines)
