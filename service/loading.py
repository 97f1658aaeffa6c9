"""Loading documents into the store: ``load_paths(paths, store)``.

:func:`load_document` runs the same steps for one document already in memory
(the upload endpoint, ``PUT /plans/{id}/document``); :func:`unload_plan`
drops one plan and refreshes the cross-plan links (``DELETE /plans/{id}``).

For each ``*.txt`` file named (folders are walked recursively, in sorted
order) :func:`load_paths`

1. reads the file and skips it when the store already holds a graph built
   from the same bytes by the same loader (:func:`build_key`: the file's
   sha256 and a fingerprint of the loaders' code and reference data, as
   recorded by ``store.graph_hashes()``) — unless ``force``; so upgrading
   plankg rebuilds every plan on the next load without ``--force``;
2. extracts its plan; **a parse error is fatal for that file only**: it is
   reported with file, line and reason and the store is not touched;
3. builds the plan's graph (:func:`loaders.rdf.to_graph`) and validates it
   with SHACL (:func:`service.validation.validate`); **violations and
   warnings are reported, not fatal** — the plan is loaded so that it can be
   inspected and fixed, and ``/validate`` shows the same report;
4. replaces the plan's named graph in one transaction, recording its build key
   (the document's own sha256 stays in the graph, on its ``pk:SourceDocument``).

Then it refreshes the reference graph (ontology, institutions, legal acts,
themes) when its content changed, and — when anything changed — runs the
cross-plan step (:func:`service.crossplan.refresh.refresh`: cross-reference
resolution, similarity links, themes) once, from the single call-site
:func:`_after_load`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import to_isomorphic

from loaders import iri
from loaders.documents import Document, read_document
from loaders.errors import DocumentError
from loaders.extract import extract_document
from loaders.rdf import to_graph
from service.sparql import query_text
from service.store.base import Store

Progress = Callable[[int, int, str], None]
"""``progress(done, total, current file name)``: called before each file and once at the end."""


class Status(str, Enum):
    LOADED = "loaded"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class FileReport:
    """What happened to one file."""

    path: str
    status: Status
    plan_id: str | None = None
    items: int = 0
    triples: int = 0
    violations: int = 0  # SHACL violations of the plan's graph (not fatal)
    warnings: int = 0  # SHACL warnings (e.g. a measure without a responsible)
    reason: str | None = None  # why it failed, or the first violation (else warning) of a loaded plan
    line: int | None = None  # where it failed, when known


@dataclass(frozen=True)
class LoadReport:
    """The outcome of one :func:`load_paths` call."""

    files: tuple[FileReport, ...]
    reference: Status | None = None  # loaded / unchanged; None when not requested
    crossplan_refreshed: bool = False

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failed

    @property
    def failed(self) -> tuple[FileReport, ...]:
        return tuple(f for f in self.files if f.status is Status.FAILED)

    @property
    def loaded(self) -> tuple[FileReport, ...]:
        return tuple(f for f in self.files if f.status is Status.LOADED)


@dataclass
class _Run:
    store: Store
    hashes: dict[str, str]
    force: bool
    validate: bool
    extracted_at: datetime
    seen: dict[str, str] = field(default_factory=dict)  # plan id -> file that loaded it in this run
    _reference: Graph | None = None

    @property
    def reference(self) -> Graph:
        """The reference graph, built once per run (validation and the reference refresh share it)."""
        if self._reference is None:
            from loaders.reference import reference_graph

            self._reference = reference_graph()
        return self._reference


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to load: each file as named, each folder's ``*.txt`` recursively, sorted, once each."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


def load_paths(
    paths: Sequence[str | Path],
    store: Store,
    *,
    progress: Progress | None = None,
    force: bool = False,
    validate: bool = True,
    reference: bool = True,
    extracted_at: datetime | None = None,
) -> LoadReport:
    """Load the documents at ``paths`` into ``store``; see the module docstring.

    ``force`` reloads files whose hash is unchanged (after a loader upgrade);
    ``validate=False`` skips SHACL (benchmarks); ``reference=False`` leaves
    the reference graph alone. Raises ``StoreError`` when the store fails —
    a document that cannot be parsed is reported, never raised.
    """
    files = collect_files(paths)
    run = _Run(store, store.graph_hashes(), force, validate, extracted_at or datetime.now(timezone.utc))
    reports: list[FileReport] = []
    for done, path in enumerate(files):
        if progress is not None:
            progress(done, len(files), path.name)
        reports.append(_load_file(path, run))
    if progress is not None:
        progress(len(files), len(files), "")
    reference_status = _load_reference(run) if reference else None
    changed = any(r.status is Status.LOADED for r in reports) or reference_status is Status.LOADED
    refreshed = _after_load(store) if changed else False
    return LoadReport(tuple(reports), reference_status, refreshed)


def load_document(
    doc: Document,
    store: Store,
    *,
    plan_id: str | None = None,
    force: bool = False,
    validate: bool = True,
    extracted_at: datetime | None = None,
) -> FileReport:
    """Load one document already in memory (an upload): the pipeline of :func:`load_paths` for one file.

    When ``plan_id`` is given, a document yielding another plan id fails
    (``plan_id`` of the report = the id it yields) and the store is untouched.
    The reference graph is left alone; the cross-plan step runs when the plan
    was loaded. Raises ``StoreError`` when the store fails.
    """
    run = _Run(store, store.graph_hashes(), force, validate, extracted_at or datetime.now(timezone.utc))
    report = _load_document(doc, doc.name, run, expected=plan_id)
    if report.status is Status.LOADED:
        _after_load(store)
    return report


def unload_plan(plan_id: str, store: Store) -> bool:
    """Drop plan ``plan_id``'s graph and refresh the cross-plan links; False when the store has no such plan."""
    graph_iri = iri.plan_graph(plan_id)
    if graph_iri not in set(store.graphs()):
        return False
    store.drop_graph(graph_iri)
    _after_load(store)
    return True


def _load_file(path: Path, run: _Run) -> FileReport:
    name = str(path)
    if not path.is_file():
        return FileReport(name, Status.FAILED, reason="no such file")
    try:
        doc = read_document(path)
    except DocumentError as exc:
        return FileReport(name, Status.FAILED, reason=exc.reason, line=exc.line)
    except Exception as exc:  # noqa: BLE001 - a reader bug fails this file, not the whole load
        return FileReport(name, Status.FAILED, reason=f"reader error: {type(exc).__name__}: {exc}")
    return _load_document(doc, name, run)


def _load_document(doc: Document, name: str, run: _Run, *, expected: str | None = None) -> FileReport:
    """Steps 1-4 of the module docstring for one document; ``name`` is how the report names it."""
    try:
        guessed_graph = iri.plan_graph(iri.slug(doc.name.rsplit(".", 1)[0]))
        if not run.force and run.hashes.get(guessed_graph) == build_key(doc.sha256):
            report = _unchanged(name, guessed_graph, run.store)
            if expected is None or report.plan_id == expected:
                return report
        plan = extract_document(doc)
    except DocumentError as exc:
        return FileReport(name, Status.FAILED, reason=exc.reason, line=exc.line)
    except Exception as exc:  # noqa: BLE001 - a reader bug fails this file, not the whole load
        return FileReport(name, Status.FAILED, reason=f"reader error: {type(exc).__name__}: {exc}")
    if expected is not None and plan.id != expected:
        return FileReport(name, Status.FAILED, plan.id, reason=f"the document yields plan {plan.id}, not {expected}")
    if plan.id in run.seen:
        return FileReport(name, Status.FAILED, plan.id, reason=f"plan id {plan.id} already loaded from {run.seen[plan.id]}")
    run.seen[plan.id] = name
    graph = to_graph(plan, extracted_at=run.extracted_at)
    violations, warnings, first = _validate(graph, run.reference) if run.validate else (0, 0, None)
    run.store.replace_graph(iri.plan_graph(plan.id), graph, sha256=build_key(doc.sha256))
    return FileReport(name, Status.LOADED, plan.id, len(plan.items), len(graph), violations, warnings, first)


_PROJECT = Path(__file__).resolve().parent.parent


@functools.cache
def loader_fingerprint() -> str:
    """A digest of what turns a document into a graph: the loaders' code and the reference data."""
    digest = hashlib.sha256()
    for path in sorted((_PROJECT / "loaders").rglob("*.py")) + sorted((_PROJECT / "ontology").glob("*.ttl")):
        digest.update(path.relative_to(_PROJECT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_key(source_sha256: str, fingerprint: str | None = None) -> str:
    """What a plan graph was built from: the document's bytes and the loader that read them."""
    return hashlib.sha256(f"{source_sha256} {fingerprint or loader_fingerprint()}".encode()).hexdigest()


def _unchanged(name: str, graph_iri: str, store: Store) -> FileReport:
    result = store.query(query_text("graph-counts"), bindings={"g": URIRef(graph_iri)})
    row = result.rows[0] if result.rows else {}
    return FileReport(
        name,
        Status.UNCHANGED,
        iri.plan_id_of_graph(graph_iri),
        int(row["items"].toPython()) if "items" in row else 0,
        int(row["triples"].toPython()) if "triples" in row else 0,
    )


def _validate(graph: Graph, reference: Graph) -> tuple[int, int, str | None]:
    """SHACL violations and warnings of one plan graph (with the reference data), and the first, located."""
    from service.validation import validate

    results = validate(graph, reference=reference).results
    violations = [f for f in results if f.severity == "Violation"]
    warnings = [f for f in results if f.severity == "Warning"]
    if not violations and not warnings:
        return 0, 0, None
    first = (violations or warnings)[0]
    where = first.item_code or first.focus.rsplit("/item/", 1)[-1]
    line = f" (line {first.first_line})" if first.first_line else ""
    return len(violations), len(warnings), f"{first.severity} {where}{line}: {first.message_en}"


def reference_digest(graph: Graph) -> str:
    """A digest of a graph's content that does not depend on blank node labels or order."""
    return format(to_isomorphic(graph).graph_digest(), "x")


def _load_reference(run: _Run) -> Status:
    graph = run.reference
    digest = reference_digest(graph)
    if not run.force and run.hashes.get(iri.REFERENCE_GRAPH) == digest:
        return Status.UNCHANGED
    run.store.replace_graph(iri.REFERENCE_GRAPH, graph, sha256=digest)
    return Status.LOADED


def _after_load(store: Store) -> bool:
    """The one call-site of the cross-plan refresh (the links graph is rebuilt from every plan)."""
    from service.crossplan.refresh import refresh

    refresh(store)
    return True
