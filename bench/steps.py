"""The measured steps, each run in its own process by :mod:`bench.run`.

    python -m bench.steps STEP ARGS.json RESULT.json

Running a step alone gives it a clean heap, so its peak memory (reported in
``memory_mb``) is its own, and a step that runs over its bound can be killed
without losing the others. Every step writes one JSON object to RESULT.json.

Steps: ``ingest`` (documents -> validated graphs -> embedded store, plus the
N-Quads dump), ``raw_load`` (pyoxigraph bulk load of that dump),
``embedded`` / ``rdflib`` (the named queries on each engine), ``shacl`` (the
whole graph at once), ``crossplan`` (similarity linking and coherence review).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.timing import Timeout, adaptive_repeat, peak_rss_mb, percentile, time_limit


def ingest(args: dict[str, Any]) -> dict[str, Any]:
    """Parse, build, validate and write every plan, stage by stage, as ``load_paths`` does."""
    from loaders import iri
    from loaders.documents import read_document
    from loaders.extract import extract_document
    from loaders.rdf import to_graph
    from service.store import open_store

    validate = _validator()
    store_dir, nquads = Path(args["store"]), Path(args["nquads"])
    shutil.rmtree(store_dir, ignore_errors=True)
    store = open_store(f"embedded:{store_dir}")
    stages: dict[str, float] = {"read": 0.0, "parse": 0.0, "build": 0.0, "validate": 0.0, "write": 0.0}
    per_plan_validate: list[float] = []
    failures: list[dict[str, str]] = []
    triples = plans = violations = 0
    paths = sorted(Path(args["corpus"]).glob("*.txt"))
    sample = validation_sample(len(paths), args.get("validate_sample"))
    started = time.perf_counter()
    with nquads.open("w", encoding="utf-8") as dump:
        for index, path in enumerate(paths):
            t0 = time.perf_counter()
            doc = read_document(path)
            t1 = time.perf_counter()
            try:
                plan = extract_document(doc)
            except Exception as exc:  # noqa: BLE001 - a reader failure is a result to report
                failures.append({"file": path.name, "error": f"{type(exc).__name__}: {exc}"})
                continue
            t2 = time.perf_counter()
            graph = to_graph(plan)
            t3 = time.perf_counter()
            if validate is not None and index in sample:
                violations += _violations(validate(graph))
            t4 = time.perf_counter()
            graph_iri = iri.plan_graph(plan.id)
            store.replace_graph(graph_iri, graph, sha256=doc.sha256)
            t5 = time.perf_counter()
            for key, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                stages[key] += dt
            if validate is not None and index in sample:
                per_plan_validate.append(t4 - t3)
            triples += len(graph)
            plans += 1
            _dump(dump, graph, graph_iri)
        elapsed = time.perf_counter() - started
        reference_s, reference_triples = _reference(store, dump, iri.REFERENCE_GRAPH)
    store.close()
    # Validation of the plans outside the sample is counted at the sample's mean cost.
    unvalidated = plans - len(per_plan_validate) if validate is not None else 0
    mean_validate = sum(per_plan_validate) / len(per_plan_validate) if per_plan_validate else 0.0
    end_to_end = elapsed + unvalidated * mean_validate
    without = elapsed - stages["validate"]
    return {
        "plans": plans, "triples": triples, "seconds": round(end_to_end, 3),
        "measured_seconds": round(elapsed, 3), "validated_plans": len(per_plan_validate),
        "triples_per_s": round(triples / end_to_end, 1) if end_to_end else None,
        "plans_per_s": round(plans / end_to_end, 2) if end_to_end else None,
        "triples_per_s_without_validation": round(triples / without, 1) if without > 0 else None,
        "stages_s": {k: round(v, 3) for k, v in stages.items()},
        "validated": validate is not None, "violations": violations,
        "validate_per_plan_s": _spread(per_plan_validate) if validate is not None else None,
        "reference_s": reference_s, "reference_triples": reference_triples,
        "failures": failures[:20], "failed": len(failures),
    }


def validation_sample(plans: int, limit: int | None) -> set[int]:
    """Indices of the plans to validate: all of them, or ``limit`` spread evenly over the corpus."""
    if limit is None or plans <= limit:
        return set(range(plans))
    return {round(j * (plans - 1) / max(1, limit - 1)) for j in range(limit)}


def _validator():  # noqa: ANN202 - returns service.validation.validate or None
    if importlib.util.find_spec("service.validation") is None:
        return None
    from service.validation import validate

    return validate


def _violations(report: Any) -> int:
    """SHACL violations in a ``service.validation.ValidationReport``."""
    return int(report.count("Violation"))


def _dump(out: Any, graph: Any, graph_iri: str) -> None:
    """Append ``graph`` to an N-Quads file, in the named graph ``graph_iri``."""
    suffix = f" <{graph_iri}> .\n"
    for line in graph.serialize(format="nt").splitlines():
        if line.endswith(" ."):
            out.write(line[:-2] + suffix)


def _reference(store: Any, dump: Any, graph_iri: str) -> tuple[float | None, int]:
    if importlib.util.find_spec("loaders.reference") is None:
        return None, 0
    from loaders.reference import reference_graph

    start = time.perf_counter()
    graph = reference_graph()
    store.replace_graph(graph_iri, graph)
    _dump(dump, graph, graph_iri)
    return round(time.perf_counter() - start, 3), len(graph)


def _spread(seconds: list[float]) -> dict[str, float] | None:
    if not seconds:
        return None
    return {"median_s": round(percentile(seconds, 50), 4), "p95_s": round(percentile(seconds, 95), 4),
            "max_s": round(max(seconds), 4), "total_s": round(sum(seconds), 3), "plans": len(seconds)}


def raw_load(args: dict[str, Any]) -> dict[str, Any]:
    """pyoxigraph's bulk loader on the same N-Quads, in memory and on disk: the physical reference."""
    import pyoxigraph as ox

    nquads, disk = Path(args["nquads"]), Path(args["disk"])
    out: dict[str, Any] = {}
    for where, make in (("memory", lambda: ox.Store()), ("disk", lambda: ox.Store(str(disk)))):
        shutil.rmtree(disk, ignore_errors=True)
        start = time.perf_counter()
        store = make()
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        if where == "disk":
            store.flush()
        elapsed = time.perf_counter() - start
        out[where] = {"quads": len(store), "seconds": round(elapsed, 3),
                      "triples_per_s": round(len(store) / elapsed, 1)}
        del store
    shutil.rmtree(disk, ignore_errors=True)
    return out


def export(args: dict[str, Any]) -> dict[str, Any]:
    """The whole store (plans, reference, links) as N-Quads, for the rdflib baseline to hold the same data."""
    import pyoxigraph as ox

    from service.store.base import META_GRAPH
    from service.store.versions import current_quads

    store = ox.Store.read_only(args["store"])
    meta = ox.NamedNode(META_GRAPH)
    count = [0]

    def wanted() -> Any:
        for quad in current_quads(store):  # graphs under their own names, not their on-disk versions
            if quad.graph_name != meta:
                count[0] += 1
                yield quad

    with open(args["nquads"], "wb") as out:
        ox.serialize(wanted(), out, format=ox.RdfFormat.N_QUADS)
    return {"quads": count[0]}


def _queries(args: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every named query with its default bindings: (name, SPARQL text, bindings)."""
    from service.catalog import Catalog

    catalog = Catalog.load(args.get("queries"))
    return [(q.name, q.sparql, q.bind({})) for q in catalog]


def embedded(args: dict[str, Any]) -> dict[str, Any]:
    """Every named query on the embedded store (as the service opens it): median and p95.

    Progress goes to the JSON-lines file ``progress`` as it happens (``start``
    before a query, ``done`` after), so that :mod:`bench.run` can stop a query
    that runs over its bound, record it, and resume with the next one
    (``skip`` lists the queries already measured).
    """
    from service.store import open_store

    store = open_store(f"embedded:{args['store']}")
    results: dict[str, Any] = {}
    skip = set(args.get("skip", ()))
    progress = Path(args["progress"]).open("a", encoding="utf-8") if args.get("progress") else None

    def note(**entry: Any) -> None:
        if progress is not None:
            progress.write(json.dumps({**entry, "t": time.time(), "peak_rss_mb": peak_rss_mb()}) + "\n")
            progress.flush()

    try:
        work = [(n, q, b) for n, q, b in _queries(args) if n not in skip]
        work.append(("_ask", "ASK { ?s ?p ?o }", {}))
        for name, sparql, bindings in work:
            note(start=name)
            try:
                timings, result = adaptive_repeat(lambda: store.query(sparql, bindings=bindings),
                                                  warmup=args["warmup"], runs=args["runs"],
                                                  budget_s=args.get("budget_s", 60.0))
                results[name] = {**timings.summary(), "rows": _size(result)}
            except Exception as exc:  # noqa: BLE001 - a failing query is a result to report
                results[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            note(done=name, result=results[name])
    finally:
        store.close()
        if progress is not None:
            progress.close()
    return {"queries": results}


def _size(result: Any) -> int:
    return len(result.rows) if result.kind == "select" else len(result.triples) if result.kind == "graph" else 1


def rdflib_engine(args: dict[str, Any]) -> dict[str, Any]:
    """The same queries on rdflib's engine over the same quads (``Dataset``, default graph = union).

    Loading is bounded by ``load_timeout`` s and each query run by ``timeout`` s;
    a query whose first timed run exceeds ``slow`` s is not repeated.
    """
    import rdflib

    out: dict[str, Any] = {"queries": {}}
    dataset = rdflib.Dataset(default_union=True)
    start = time.perf_counter()
    try:
        with time_limit(args["load_timeout"]):
            dataset.parse(args["nquads"], format="nquads")
    except Timeout:
        out["load"] = {"timed_out": True, "seconds": args["load_timeout"]}
        return out
    out["load"] = {"seconds": round(time.perf_counter() - start, 3), "quads": len(dataset)}
    for name, sparql, bindings in _queries(args):
        samples: list[float] = []
        try:
            with time_limit(args["timeout"]):
                for i in range(args["warmup"] + args["runs"]):
                    t0 = time.perf_counter()
                    rows = len(list(dataset.query(sparql, initBindings=bindings)))
                    if i >= args["warmup"] or time.perf_counter() - t0 > args["slow"]:
                        samples.append((time.perf_counter() - t0) * 1000)
                    if time.perf_counter() - t0 > args["slow"]:
                        break
            out["queries"][name] = {"median_ms": round(percentile(samples, 50), 3),
                                    "p95_ms": round(percentile(samples, 95), 3), "runs": len(samples), "rows": rows}
        except Timeout:
            out["queries"][name] = {"timed_out": True, "timeout_s": args["timeout"]}
        except Exception as exc:  # noqa: BLE001 - rdflib may not support what oxigraph does
            out["queries"][name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    return out


def shacl(args: dict[str, Any]) -> dict[str, Any]:
    """SHACL validation of the whole corpus graph at once (plan by plan is measured during ingest)."""
    validate = _validator()
    if validate is None:
        return {"whole": "not available (service/validation.py missing)"}
    graph = _merged_graph(args["nquads"])
    start = time.perf_counter()
    try:
        with time_limit(args["timeout"]):
            report = validate(graph)
    except Timeout:
        return {"whole": {"timed_out": True, "timeout_s": args["timeout"], "triples": len(graph)}}
    return {"whole": {"seconds": round(time.perf_counter() - start, 3), "triples": len(graph),
                      "violations": _violations(report)}}


def _merged_graph(nquads: str) -> Any:
    """The plan graphs of the dump as one rdflib graph (the reference data is added by ``validate``)."""
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(nquads, format="nquads")
    merged = rdflib.Graph()
    for context in dataset.contexts():
        if not str(context.identifier).endswith("/graph/reference"):
            for triple in context:
                merged.add(triple)
    return merged


def crossplan(args: dict[str, Any]) -> dict[str, Any]:
    """Similarity linking and the coherence review on the embedded store, when they exist."""
    out: dict[str, Any] = {}
    if importlib.util.find_spec("service.crossplan") is None:
        return {"similarity": "not available (service/crossplan missing)",
                "review": "not available (service/crossplan missing)"}
    from service.store import open_store

    store = open_store(f"embedded:{args['store']}")
    try:
        for key, module, function in (("similarity", "service.crossplan.refresh", "refresh"),
                                      ("review", "service.crossplan.review", "review")):
            if importlib.util.find_spec(module) is None:
                out[key] = f"not available ({module} missing)"
                continue
            fn = getattr(importlib.import_module(module), function, None)
            if fn is None:
                out[key] = f"not available ({module}.{function} missing)"
                continue
            start = time.perf_counter()
            try:
                with time_limit(args["timeout"]):
                    outcome = fn(store)
                out[key] = {"seconds": round(time.perf_counter() - start, 3), "outcome": _compact(outcome)}
            except Timeout:
                out[key] = {"timed_out": True, "timeout_s": args["timeout"]}
            except Exception as exc:  # noqa: BLE001
                out[key] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    finally:
        store.close()
    return out


def _compact(value: Any) -> Any:
    """A JSON-ready, short summary of what a cross-plan step returned."""
    if isinstance(value, dict):
        return {str(k): v if isinstance(v, (int, float, str)) else str(v)[:80] for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {k: v if isinstance(v, (int, float, str)) else str(v)[:80]
                for k, v in vars(value).items()}
    return str(value)[:300]


STEPS = {"ingest": ingest, "raw_load": raw_load, "export": export, "embedded": embedded, "rdflib": rdflib_engine,
         "shacl": shacl, "crossplan": crossplan}


def main(argv: list[str]) -> int:
    step, args_path, out_path = argv
    args = json.loads(Path(args_path).read_text(encoding="utf-8"))
    result = STEPS[step](args)
    result["peak_rss_mb"] = peak_rss_mb()
    Path(out_path).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
