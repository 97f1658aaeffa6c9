"""``plankg validate`` and ``plankg ontology-docs`` on a real store and the real ontology."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from rdflib import DCTERMS, URIRef
from typer.testing import CliRunner

from loaders import iri
from service.cli import _register_commands, app
from service.loading import load_paths
from service.store import open_store
from tests.conftest import DOC_000, DOC_002

PLAN_000 = "000-c81970cad839fc42"
PLAN_002 = "002-e89f7127f5da514e"


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    _register_commands()
    return CliRunner()


@pytest.fixture(scope="module")
def store_spec(tmp_path_factory: pytest.TempPathFactory) -> str:
    spec = f"embedded:{tmp_path_factory.mktemp('validate') / 'store'}"
    store = open_store(spec)
    try:
        load_paths([DOC_000, DOC_002], store, validate=False)
    finally:
        store.close()
    return spec


def test_text_report_groups_by_plan_and_severity(cli: CliRunner, store_spec: str, monkeypatch) -> None:
    monkeypatch.setenv("PLANKG_STORE", store_spec)
    result = cli.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"plan {PLAN_000} (000_c81970cad839fc42.txt)" in out and f"plan {PLAN_002}" in out
    # 000 prints activity 3.1.1.1 under action 4.1.1 (lines 211-215 of the document).
    assert "3.1.1.1 lines 211-215: The code 3.1.1.1 does not start with its parent's code 4.1.1. [CodePrefixShape]" in out
    # 002's third action of 2.2 has an empty deadline cell; it has no printed code, so its id is shown.
    assert "2.2-a3 line 54: No deadline. [LeafDeadlineShape]" in out
    assert out.rstrip().endswith("warning(s)") and "0 violation(s)" in out


def test_json_for_one_plan_in_romanian(cli: CliRunner, store_spec: str, monkeypatch) -> None:
    monkeypatch.setenv("PLANKG_STORE", store_spec)
    result = cli.invoke(app, ["validate", "--plan", PLAN_000, "--format", "json", "--lang", "ro"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {row["plan"] for row in rows} == {PLAN_000}
    prefix = next(row for row in rows if row["shape"] == "CodePrefixShape")
    assert prefix == prefix | {"severity": "Warning", "code": "3.1.1.1", "first_line": 211, "last_line": 215,
                               "file": "000_c81970cad839fc42.txt",
                               "message": "Codul 3.1.1.1 nu începe cu codul părintelui 4.1.1."}


def test_ttl_is_the_shacl_report(cli: CliRunner, store_spec: str, monkeypatch) -> None:
    monkeypatch.setenv("PLANKG_STORE", store_spec)
    result = cli.invoke(app, ["validate", "--plan", PLAN_002, "--format", "ttl"])
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert (None, rdflib.RDF.type, rdflib.namespace.SH.ValidationReport) in graph


def test_unknown_plan_is_an_error(cli: CliRunner, store_spec: str, monkeypatch) -> None:
    monkeypatch.setenv("PLANKG_STORE", store_spec)
    result = cli.invoke(app, ["validate", "--plan", "999-nothing"])
    assert result.exit_code == 2
    assert "plan '999-nothing' is not in the store" in result.stderr and PLAN_000 in result.stderr


def test_violation_gives_exit_status_1(cli: CliRunner, tmp_path: Path, monkeypatch) -> None:
    spec = f"embedded:{tmp_path / 'store'}"
    store = open_store(spec)
    try:
        load_paths([DOC_002], store, validate=False)
        graph = store.graph(iri.plan_graph(PLAN_002))
        item = URIRef(iri.item(PLAN_002, "1.2"))
        graph.remove((item, DCTERMS.title, None))
        store.replace_graph(iri.plan_graph(PLAN_002), graph)
    finally:
        store.close()
    monkeypatch.setenv("PLANKG_STORE", spec)
    result = cli.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "Violation (1)" in result.stdout
    assert "1.2 line" in result.stdout and "The item has no title. [ItemTitleShape]" in result.stdout


def test_ontology_docs_writes_html(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["ontology-docs", str(tmp_path / "docs")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    assert "plankg" in html and "GeneralObjective" in html
