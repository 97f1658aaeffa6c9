"""The extraction pipeline, its stable JSON (docs/extract-json.md) and ``plankg extract``."""

import json
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from loaders import iri
from loaders.errors import DocumentError, UnknownLayout
from loaders.extract import extract, plan_to_json
from service.cli import _register_commands, app

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
DOC_000 = PLANS / "000_c81970cad839fc42.txt"
DOC_001 = PLANS / "001_0c94d01ded17afb5.txt"
PK = rdflib.Namespace(iri.ONTOLOGY)

PLAN_KEYS = {
    "id", "title", "title_text", "kind", "issuer", "date", "period", "country", "legal_basis",
    "implements", "indicators", "cross_refs", "notes", "source",
}
ITEM_KEYS = {
    "id", "level", "code", "code_text", "title", "title_text", "parent", "order", "deadline", "responsible",
    "partners", "indicators", "cost", "funding", "legal_refs", "cross_refs", "notes", "source",
}


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    if not any(c.name == "extract" for c in app.registered_commands):
        _register_commands()
    return CliRunner()


@pytest.fixture(scope="module")
def json_001() -> dict:
    return plan_to_json(extract(DOC_001))


def test_json_shape(json_001: dict) -> None:
    assert set(json_001) == {"version", "plan", "items", "unparsed"}
    assert json_001["version"] == 1
    assert set(json_001["plan"]) == PLAN_KEYS
    for item in json_001["items"]:
        assert set(item) == ITEM_KEYS
    assert json_001["unparsed"] == []
    json.dumps(json_001)  # plain JSON values only


def test_json_plan(json_001: dict) -> None:
    plan = json_001["plan"]
    assert plan["id"] == "001-0c94d01ded17afb5"
    assert (plan["date"], plan["country"], plan["kind"]) == ("2021-07-07", "MD", "action-plan")
    assert plan["period"] == {"start": 2020, "end": 2025}
    assert [r["act"] for r in plan["legal_basis"]] == ["md/council-decision/2020/07/16/cmc", "md/hg/2020/386"]
    assert plan["source"]["file"] == DOC_001.name and plan["source"]["first_line"] == 1
    assert plan["source"]["last_line"] == 835


def test_json_keeps_the_printed_text_beside_normalised_values(json_001: dict) -> None:
    items = {it["id"]: it for it in json_001["items"]}
    costed = items["1.2.4.5"]
    assert costed["cost"] == {"text": "400,0 mii lei.", "amount": 400000, "currency": "MDL"}
    assert costed["funding"] == [{"text": "Buget municipal", "kind": "municipal-budget"}]
    assert costed["deadline"]["text"] == "2023" and costed["deadline"]["years"] == [2023]
    assert [(p["text"], p["institution"], p["role"]) for p in costed["partners"]] == [("MSPFM", "mmps", "partner")]
    assert [(r["text"], r["act"]) for r in costed["legal_refs"]] == [("HG 708/2019", "md/hg/2019/708")]
    assert costed["source"]["first_line"] == 780
    dated = items["1.2.4.6"]
    assert (dated["code"], dated["code_text"]) == ("1.2.4.6", "1.2.4.6.")
    assert dated["cross_refs"] == [{"text": "(2.2.1)", "code": "2.2.1"}]
    assert "(2.2.1)" in dated["title_text"] and "(2.2.1)" not in dated["title"]
    indicator = items["1.1.3.4"]["indicators"][0]
    assert indicator["period"] == "annual"
    assert indicator["targets"] == [
        {"text": "Nr. seminare-1", "label": "Nr. seminare", "value": 1},
        {"text": "Nr. participanți – 30", "label": "Nr. participanți", "value": 30},
    ]
    semiannual = items["1.1.1.2"]["deadline"]
    assert (semiannual["recurrence"], semiannual["per_year"]) == ("periodic", 2)


def test_json_flags_and_notes() -> None:
    items = {it["id"]: it for it in plan_to_json(extract(DOC_000))["items"]}
    assert items["3.1.1.1"]["parent"] == "4.1.1"
    assert items["3.1.1.1"]["notes"] == [{"text": "code 3.1.1.1 does not match parent 4.1.1", "kind": "code-mismatch"}]
    assert [i["code"] for i in items["4"]["indicators"]] == ["I.4.1", "I.4.2"]
    assert items["4"]["indicators"][0]["kind"] == "impact"


def test_cli_json(cli: CliRunner) -> None:
    result = cli.invoke(app, ["extract", str(DOC_000), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len([it for it in data["items"] if it["level"] == "activity"]) == 37


def test_cli_turtle(cli: CliRunner) -> None:
    result = cli.invoke(app, ["extract", str(DOC_001), "--format", "ttl"])
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(set(graph.subjects(rdflib.RDF.type, PK.Activity))) == 41
    assert len(set(graph.subjects(rdflib.RDF.type, PK.Action))) == 8


def test_cli_trig_puts_the_plan_in_its_named_graph(cli: CliRunner) -> None:
    result = cli.invoke(app, ["extract", str(DOC_000), "--format", "trig"])
    assert result.exit_code == 0, result.output
    dataset = rdflib.Dataset().parse(data=result.stdout, format="trig")
    graph = dataset.graph(rdflib.URIRef(iri.plan_graph("000-c81970cad839fc42")))
    assert len(set(graph.subjects(rdflib.RDF.type, PK.Activity))) == 37


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Lista de cump\xc4\x83r\xc4\x83turi\n", "unknown layout"),
        ("Protecţia".encode("cp1250"), "not UTF-8"),
    ],
)
def test_cli_errors_go_to_stderr_naming_the_file(cli: CliRunner, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "strange_plan.txt"
    path.write_bytes(content)
    result = cli.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "strange_plan.txt" in result.stderr and message in result.stderr


def test_extract_raises_document_errors(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("doar un rând\n", encoding="utf-8")
    with pytest.raises(UnknownLayout):
        extract(path)
    with pytest.raises(DocumentError):
        extract(tmp_path / "absent.txt")
