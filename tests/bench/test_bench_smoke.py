"""The benchmark keeps working: a deterministic corpus the real readers parse, and one quick run.

No timing is asserted anywhere: these tests check shapes and counts only.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from bench import run as bench_run
from bench.corpus import MANIFEST, generate
from bench.layouts import expected_items, render
from bench.steps import validation_sample
from bench.synth import LAYOUTS, PlanMaker, shift_years
from bench.timing import percentile
from bench.vocab import SAMPLES, Vocabulary
from loaders.documents import document_from_bytes
from loaders.extract import extract, extract_document
from loaders.text import collapse

SIZE = 12  # enough plans for every layout with seed 1 (checked below)
_XREF = re.compile(r"\s*\((?:activitatea\s+)?\d+(?:\.\d+)+\)$")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.from_samples()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(SIZE, 1, out, vocab=vocab)
    return out


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_same_seed_gives_the_same_bytes(tmp_path: Path, vocab: Vocabulary, corpus: Path) -> None:
    generate(SIZE, 1, tmp_path / "again", vocab=vocab)
    assert _files(tmp_path / "again") == _files(corpus)


def test_another_seed_gives_other_documents(tmp_path: Path, vocab: Vocabulary, corpus: Path) -> None:
    generate(SIZE, 2, tmp_path / "other", vocab=vocab)
    first, other = _files(corpus), _files(tmp_path / "other")
    assert set(first) != set(other)  # file names carry seeded hashes
    assert sorted(v for k, v in first.items() if k != MANIFEST) != sorted(v for k, v in other.items() if k != MANIFEST)


def test_the_corpus_has_every_layout(corpus: Path) -> None:
    manifest = json.loads((corpus / MANIFEST).read_text(encoding="utf-8"))
    assert {f["layout"] for f in manifest["files"]} == set(LAYOUTS)
    assert len(list(corpus.glob("*.txt"))) == SIZE


def test_every_generated_document_parses_into_the_items_it_was_made_of(corpus: Path) -> None:
    manifest = json.loads((corpus / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        plan = extract(corpus / entry["file"])
        found = Counter(item.level.value for item in plan.items)
        assert {level: found.get(level, 0) for level in entry["counts"]} == entry["counts"], entry["file"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_titles_survive_the_reader(vocab: Vocabulary, layout: str) -> None:
    maker = PlanMaker(vocab, seed=3, size=20)
    plan = next(p for p in (maker.make(i) for i in range(40)) if p.layout == layout)
    parsed = extract_document(document_from_bytes(f"{plan.stem}.txt", render(plan).encode("utf-8")))
    titles = {collapse(item.title) for item in parsed.items}
    for item in expected_items(plan):
        assert _XREF.sub("", collapse(item.title)) in titles, item.title


def test_vocabulary_comes_from_the_samples(vocab: Vocabulary) -> None:
    text = collapse(" ".join(p.read_text(encoding="utf-8") for p in SAMPLES.glob("*.txt")))
    for head in vocab.heads:
        assert head in text, head
    for deadline in vocab.deadlines + vocab.deadlines_tabs:
        assert deadline in text, deadline
    assert all(pool for pool in (vocab.bodies, vocab.objectives, vocab.indicators, vocab.bullets,
                                 vocab.parties_md, vocab.parties_ro, vocab.funding_ro, vocab.acts))


@pytest.mark.parametrize(("printed", "shift", "expected"), [
    ("2023, 2025", 1, "2024, 2026"),  # a list of years (000)
    ("2021-22", 2, "2023-24"),  # an interval with a short end (000)
    ("Semestrul II, 2024 - 2028", -1, "Semestrul II, 2023 - 2027"),  # 002
    ("Din 2022 anual", 0, "Din 2022 anual"),
    ("permanent", 3, "permanent"),
])
def test_deadline_years_move_together(printed: str, shift: int, expected: str) -> None:
    assert shift_years(printed, shift) == expected


@pytest.mark.parametrize(("plans", "limit", "expected"), [
    (5, 40, {0, 1, 2, 3, 4}),  # small corpora: every plan validated
    (100, 3, {0, 50, 99}),  # large ones: spread evenly, first and last included
    (4, None, {0, 1, 2, 3}),
])
def test_validation_sample(plans: int, limit: int | None, expected: set[int]) -> None:
    assert validation_sample(plans, limit) == expected


@pytest.mark.parametrize(("values", "pct", "expected"), [
    ([3.0, 1.0, 2.0], 50, 2.0),
    ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
    ([float(v) for v in range(1, 101)], 95, 95.05),
])
def test_percentile(values: list[float], pct: float, expected: float) -> None:
    assert percentile(values, pct) == pytest.approx(expected)


def test_quick_run_writes_results_in_the_issue_schema(tmp_path: Path) -> None:
    out = tmp_path / "results"
    results = bench_run.run(2, bounds=bench_run.Bounds.quick(), out_dir=out, work=tmp_path / "work")
    saved = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert saved == json.loads((out / "size-2.json").read_text(encoding="utf-8"))
    assert saved["size"] == 2 and results["plans"] == 2 and results["triples"] > 0
    assert {"ingest", "queries", "shacl", "http", "memory_mb", "machine", "targets"} <= set(saved)
    assert saved["ingest"]["triples_per_s"] > 0 and saved["ingest"]["raw_load_triples_per_s"] > 0
    assert saved["store_quads"] > saved["triples"]  # queries ran over plans + reference + links
    assert saved["queries"], "no named query was measured"
    for name, query in saved["queries"].items():
        assert query["embedded_ms"] is not None, (name, query)
        assert query["http_ms"] is not None and query.get("http_status", 200) == 200, (name, query)
        assert query["rdflib_ms"] is not None or "rdflib_timeout_s" in query or "rdflib_error" in query, name
    assert saved["http"]["load"]["cheap"]["requests"] > 0
    assert saved["memory_mb"]["ingest"] > 0
    markdown = (out / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert "| 2 |" in markdown and saved["machine"]["cpu"] in markdown
