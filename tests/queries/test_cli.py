"""``plankg queries`` and ``plankg query`` through the real command line app (CliRunner)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from service.cli import _register_commands, app

HG270 = "https://w3id.org/plankg/eli/md/hg/2014/04/08/270"
P002 = "https://w3id.org/plankg/id/plan/002-e89f7127f5da514e"


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    _register_commands()
    return CliRunner()


@pytest.fixture()
def env(fixture_store_path: str) -> dict[str, str]:
    return {"PLANKG_STORE": fixture_store_path}


def test_queries_lists_every_named_query(cli: CliRunner, catalog) -> None:
    result = cli.invoke(app, ["queries", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [q["name"] for q in listed] == [q.name for q in catalog]
    citing = next(q for q in listed if q["name"] == "items-citing-act")
    assert citing["title_ro"] == "Elemente care citează un act normativ"
    assert citing["parameters"] == [
        {"name": "act", "type": "iri", "description": "Legal act IRI", "description_ro": "IRI-ul actului normativ",
         "default": HG270, "required": False}
    ]


def test_queries_as_csv_and_table(cli: CliRunner) -> None:
    result = cli.invoke(app, ["queries", "--format", "csv"])
    assert result.exit_code == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["items-citing-act"]["parameters"] == f"act:iri={HG270}"
    assert rows["items-due-in-year"]["parameters"] == "year:integer=2024, plan:iri?"
    table = cli.invoke(app, ["queries"])
    assert table.exit_code == 0 and "items-due-in-year" in table.stdout


def test_named_query_with_a_parameter_as_json(cli: CliRunner, env: dict[str, str]) -> None:
    result = cli.invoke(app, ["query", "items-citing-act", "--param", f"act={HG270}", "--format", "json"], env=env)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["code"], r["citation"]) for r in rows] == [("1.2.4.2", "Hot. Guvern 270"), (None, "HG nr. 270 din 08-04-2014")]
    assert rows[1]["plan"] == P002 and rows[1]["line"] == 24


def test_named_query_as_csv(cli: CliRunner, env: dict[str, str]) -> None:
    result = cli.invoke(app, ["query", "institution-items", "-p", "year=2023", "--format", "csv"], env=env)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["code"] for r in rows] == ["4.1.1.1", "1.2.4.2", "1.2.4.5"]
    assert {r["year"] for r in rows} == {"2023"}


def test_named_query_as_table(cli: CliRunner, env: dict[str, str]) -> None:
    result = cli.invoke(app, ["query", "plan-structure"], env=env)
    assert result.exit_code == 0
    assert "Plan structure with counts per level" in result.stdout
    assert "│ RO " in result.stdout and "2030" in result.stdout  # 004, Ialomița 2024-2030


def test_raw_sparql(cli: CliRunner, env: dict[str, str]) -> None:
    text = "PREFIX pk: <https://w3id.org/plankg/ontology#> SELECT (COUNT(?i) AS ?n) WHERE { ?i pk:inPlan ?p }"
    result = cli.invoke(app, ["query", text, "--format", "json"], env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 11}]


def test_raw_sparql_from_stdin_and_construct_as_ntriples(cli: CliRunner, env: dict[str, str]) -> None:
    text = "CONSTRUCT { ?i <http://purl.org/dc/terms/subject> ?t } WHERE { ?i <http://purl.org/dc/terms/subject> ?t }"
    result = cli.invoke(app, ["query", "-", "--format", "nt"], env=env, input=text)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-query"], "no named query called 'no-such-query'"),
        (["query", "items-citing-act", "-p", "act=https://w3id.org/x> } DROP ALL { <y"], "not an absolute http(s) IRI"),
        (["query", "institution-items", "-p", "year=two"], "not an integer"),
        (["query", "institution-items", "-p", "bogus=1"], "has no such parameter"),
        (["query", "institution-items", "-p", "year"], "NAME=VALUE"),
        (["query", "institution-items", "-p", "year=1", "-p", "year=2"], "given twice"),
        (["query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], "SERVICE"),
        (["query", "DROP ALL"], "read-only"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "-p", "a=1"], "named queries only"),
        (["query", "plan-structure", "--format", "ttl"], "CONSTRUCT and DESCRIBE"),
        (["query", "SELECT ?s WHERE { ?s ?p "], "malformed"),
    ],
)
def test_errors_go_to_stderr_with_a_non_zero_exit(cli: CliRunner, env: dict[str, str], args: list[str], message: str) -> None:
    result = cli.invoke(app, args, env=env)
    assert result.exit_code != 0
    assert message in result.stderr and result.stdout == ""
