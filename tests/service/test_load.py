"""service.loading.load_paths and ``plankg load``: real documents, real embedded stores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from loaders import iri
from loaders.extract import extract
from loaders.rdf import to_graph
from service.cli import _register_commands, app
from service import loading
from service.loading import LoadReport, Status, build_key, collect_files, load_paths
from service.store import Store, open_store

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
DOC_001 = PLANS / "001_0c94d01ded17afb5.txt"
DOC_000 = PLANS / "000_c81970cad839fc42.txt"
PLAN_001 = "001-0c94d01ded17afb5"


def quads(store: Store) -> set[tuple]:
    """Every quad of every named graph, and the recorded hashes: the whole observable state."""
    state = {(g, s, p, o) for g in store.graphs() for s, p, o in store.graph(g)}
    return state | {("hash", g, h) for g, h in store.graph_hashes().items()}


@pytest.fixture()
def store() -> Store:
    opened = open_store("memory:")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def loaded() -> tuple[Store, LoadReport]:
    """A store with the five sample plans and the reference graph (SHACL off: tested separately)."""
    opened = open_store("memory:")
    report = load_paths([PLANS], opened, validate=False)
    yield opened, report
    opened.close()


def copy(src: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or src.name)
    shutil.copyfile(src, target)
    return target


def test_the_five_sample_plans_load_with_their_hashes(loaded: tuple[Store, LoadReport]) -> None:
    store, report = loaded
    assert report.ok, [(f.path, f.line, f.reason) for f in report.failed]
    assert [Path(f.path).name for f in report.files] == sorted(p.name for p in PLANS.glob("*.txt"))
    assert all(f.status is Status.LOADED and f.items > 0 and f.triples > 0 for f in report.files)
    assert report.reference is Status.LOADED
    hashes = store.graph_hashes()
    for doc in PLANS.glob("*.txt"):
        plan = extract(doc)
        assert hashes[iri.plan_graph(plan.id)] == build_key(plan.source.sha256)
    assert iri.REFERENCE_GRAPH in store.graphs()


def test_a_second_load_skips_every_unchanged_file(loaded: tuple[Store, LoadReport]) -> None:
    store, first = loaded
    before = quads(store)
    again = load_paths([PLANS], store, validate=False)
    assert [f.status for f in again.files] == [Status.UNCHANGED] * len(first.files)
    assert again.reference is Status.UNCHANGED
    # the summary of an unchanged file still says what the store holds
    assert [(f.plan_id, f.items, f.triples) for f in again.files] == [(f.plan_id, f.items, f.triples) for f in first.files]
    assert quads(store) == before


@pytest.mark.parametrize(
    ("case", "content"),
    [
        ("not a plan at all", "Lista de cumpărături\n\tpâine\n\tlapte\n"),
        ("not UTF-8 text", "Direcţia generală".encode("cp1250")),
        ("binary", b"\x00\x01\x02PK\x03\x04"),
        ("empty file", ""),
    ],
)
def test_a_file_that_fails_to_parse_is_reported_and_leaves_the_store_as_it_was(
    case: str, content: str | bytes, store: Store, tmp_path: Path
) -> None:
    load_paths([copy(DOC_001, tmp_path / "good"), copy(DOC_000, tmp_path / "good")], store, validate=False)
    before = quads(store)
    broken = tmp_path / "bad" / "005_broken.txt"
    broken.parent.mkdir()
    broken.write_bytes(content.encode() if isinstance(content, str) else content)
    report = load_paths([broken], store, validate=False)
    (failed,) = report.files
    assert failed.status is Status.FAILED, case
    assert failed.path == str(broken) and failed.reason, case
    assert quads(store) == before, case


def test_a_broken_new_version_of_a_loaded_plan_keeps_the_old_graph(store: Store, tmp_path: Path) -> None:
    path = copy(DOC_001, tmp_path)
    load_paths([path], store, validate=False)
    before = quads(store)
    path.write_text("Acest fișier nu mai este un plan.\n", encoding="utf-8")
    report = load_paths([path], store, validate=False)
    assert report.files[0].status is Status.FAILED
    assert quads(store) == before


def test_a_changed_file_replaces_its_plan_graph_completely(store: Store, tmp_path: Path) -> None:
    path = copy(DOC_001, tmp_path)
    load_paths([path], store, validate=False, reference=False)
    old_item = URIRef(iri.item(PLAN_001, "1.2.4.5"))
    assert (old_item, None, None) in store.graph(iri.plan_graph(PLAN_001))
    shutil.copyfile(DOC_000, path)  # the same file name (plan id), another document's bytes
    report = load_paths([path], store, validate=False, reference=False)
    assert report.files[0].status is Status.LOADED
    held = store.graph(iri.plan_graph(PLAN_001))
    fresh = to_graph(extract(path))
    prov = URIRef("http://www.w3.org/ns/prov#generatedAtTime")
    # exactly the triples of a fresh conversion (but the extraction time): nothing of the old plan is left
    assert {t for t in held if t[1] != prov} == {t for t in fresh if t[1] != prov}
    assert (old_item, None, None) not in held
    assert len(list(held.triples((None, prov, None)))) == 1
    assert store.graph_hashes()[iri.plan_graph(PLAN_001)] == build_key(extract(path).source.sha256)


def test_a_new_loader_rebuilds_unchanged_files(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Upgrading plankg (its readers or reference data) rebuilds plans on the next plain load."""
    path = copy(DOC_000, tmp_path)
    load_paths([path], store, validate=False, reference=False)
    assert load_paths([path], store, validate=False, reference=False).files[0].status is Status.UNCHANGED
    upgraded = "0" * 64
    monkeypatch.setattr(loading, "loader_fingerprint", lambda: upgraded)
    assert load_paths([path], store, validate=False, reference=False).files[0].status is Status.LOADED
    assert store.graph_hashes()[iri.plan_graph(iri.slug(path.stem))] == build_key(extract(path).source.sha256, upgraded)
    assert load_paths([path], store, validate=False, reference=False).files[0].status is Status.UNCHANGED


def test_force_reloads_unchanged_files(store: Store, tmp_path: Path) -> None:
    path = copy(DOC_000, tmp_path)
    load_paths([path], store, validate=False, reference=False)
    assert load_paths([path], store, validate=False, reference=False).files[0].status is Status.UNCHANGED
    assert load_paths([path], store, validate=False, reference=False, force=True).files[0].status is Status.LOADED


def test_a_missing_path_is_reported(store: Store, tmp_path: Path) -> None:
    report = load_paths([tmp_path / "nowhere.txt"], store, validate=False, reference=False)
    assert report.files[0].status is Status.FAILED and report.files[0].reason == "no such file"
    assert store.graphs() == []


def test_folders_are_walked_recursively_sorted_txt_only_once_each(tmp_path: Path) -> None:
    b = copy(DOC_000, tmp_path / "b")
    a = copy(DOC_001, tmp_path / "a" / "deeper")
    (tmp_path / "a" / "notes.md").write_text("# not a plan\n")
    assert collect_files([tmp_path, b]) == [a, b]


def test_progress_is_reported_per_file_and_at_the_end(store: Store, tmp_path: Path) -> None:
    copy(DOC_001, tmp_path)
    copy(DOC_000, tmp_path)
    calls: list[tuple[int, int, str]] = []
    load_paths([tmp_path], store, validate=False, reference=False, progress=lambda *a: calls.append(a))
    assert calls == [(0, 2, DOC_000.name), (1, 2, DOC_001.name), (2, 2, "")]


def test_shacl_findings_are_reported_but_the_plan_is_loaded(store: Store, tmp_path: Path) -> None:
    """004's "Valorizarea voluntarilor…" measure has no responsible and no funding: SHACL says so, the plan loads."""
    path = copy(PLANS / "004_31818754cbf6239c.txt", tmp_path)
    report = load_paths([path], store)
    (loaded_file,) = report.files
    assert loaded_file.status is Status.LOADED
    assert loaded_file.violations + loaded_file.warnings > 0
    assert loaded_file.reason and loaded_file.reason.split()[0] in ("Violation", "Warning")
    assert iri.plan_graph(loaded_file.plan_id) in store.graphs()


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    _register_commands()
    return CliRunner()


def test_plankg_load_prints_a_summary_and_fails_on_a_broken_file(cli: CliRunner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PLANKG_STORE", f"embedded:{tmp_path / 'store'}")
    good = copy(DOC_001, tmp_path / "docs")
    first = cli.invoke(app, ["load", str(good), "--format", "json", "--no-validate"])
    assert first.exit_code == 0, first.output
    (row,) = json.loads(first.stdout)
    assert (row["plan"], row["status"]) == (PLAN_001, "loaded") and row["items"] > 0
    again = cli.invoke(app, ["load", str(good), "--format", "json", "--no-validate"])
    assert json.loads(again.stdout)[0]["status"] == "unchanged"
    broken = tmp_path / "docs" / "zzz.txt"
    broken.write_text("nimic de citit aici\n", encoding="utf-8")
    failed = cli.invoke(app, ["load", str(tmp_path / "docs"), "--format", "csv", "--no-validate"])
    assert failed.exit_code == 1
    assert "zzz.txt" in failed.stdout and ",failed," in failed.stdout
    assert "1 file(s) failed" in failed.stderr


def test_the_cross_plan_step_runs_once_after_a_load_that_changed_something(loaded: tuple[Store, LoadReport]) -> None:
    store, first = loaded
    assert first.crossplan_refreshed
    assert iri.LINKS_GRAPH in store.graphs()
    assert not load_paths([PLANS], store, validate=False).crossplan_refreshed  # nothing changed: not run
