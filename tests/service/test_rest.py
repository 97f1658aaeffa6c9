"""REST resources over real HTTP, against the real app with the five sample plans loaded."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.service.fixtures_rest import rest, rest_server  # noqa: F401  (session fixtures: a running server)

P000, P001, P002, P003, P004 = (
    "000-c81970cad839fc42",
    "001-0c94d01ded17afb5",
    "002-e89f7127f5da514e",
    "003-21bc908ee7e690f7",
    "004-31818754cbf6239c",
)


def get(client: httpx.Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def walk(nodes: list[dict]) -> list[dict]:
    """Every node of an item tree, depth first."""
    out = []
    for node in nodes:
        out.append(node)
        out.extend(walk(node["children"]))
    return out


# (plan id, kind, country, period, counts per level) — the figures of issue 2
PLAN_FIGURES = [
    (P000, "action-plan", "MD", (2020, 2025), {"general_objective": 1, "specific_objective": 2, "action": 8, "activity": 37}),
    (P001, "action-plan", "MD", (2020, 2025), {"general_objective": 1, "specific_objective": 2, "action": 8, "activity": 41}),
    (P002, "action-plan", "MD", (2024, 2028), {"general_objective": 2, "specific_objective": 5, "action": 21, "activity": 0}),
    (P003, "order", "MD", None, {"general_objective": 0, "specific_objective": 0, "action": 6, "activity": 0}),
    (P004, "implementation-plan", "RO", (2024, 2030), {"general_objective": 3, "specific_objective": 13, "action": 58, "activity": 0}),
]


@pytest.fixture(scope="module")
def plans(rest: httpx.Client) -> dict[str, dict]:
    return {p["id"]: p for p in get(rest, "/plans")["plans"]}


@pytest.mark.parametrize(("plan_id", "kind", "country", "period", "counts"), PLAN_FIGURES, ids=[f[0][:3] for f in PLAN_FIGURES])
def test_plans_list_kind_country_period_and_counts(plans: dict, plan_id: str, kind: str, country: str, period, counts: dict) -> None:
    plan = plans[plan_id]
    assert (plan["kind"], plan["country"]) == (kind, country)
    if period is not None:
        assert (plan["period"]["start"], plan["period"]["end"]) == period
    assert {k: v for k, v in plan["items"].items() if k != "total"} == counts
    assert plan["items"]["total"] == sum(counts.values())
    assert plan["source"]["file"] == plan_id.replace("-", "_", 1) + ".txt"
    assert len(plan["source"]["sha256"]) == 64 and plan["title"]


def test_plans_list_holds_exactly_the_loaded_plans(plans: dict) -> None:
    assert sorted(plans) == [P000, P001, P002, P003, P004]


@pytest.mark.parametrize(
    ("plan_id", "path", "children"),
    [
        (P000, ["4"], ["4.1", "4.2"]),  # general objective 4 and its specific objectives
        (P000, ["4", "4.1"], ["4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.1.5"]),
        (P001, ["1"], ["1.1", "1.2"]),
    ],
)
def test_plan_tree_nests_items_in_printed_order(rest: httpx.Client, plan_id: str, path: list[str], children: list[str]) -> None:
    nodes = get(rest, f"/plans/{plan_id}")["items"]
    for code in path:
        (node,) = [n for n in nodes if n["code"] == code]
        nodes = node["children"]
    assert [n["code"] for n in nodes] == children


def test_plan_tree_keeps_a_mismatched_code_under_its_printed_parent(rest: httpx.Client) -> None:
    """000 prints activity 3.1.1.1 under action 4.1.1: it stays there."""
    tree = walk(get(rest, f"/plans/{P000}")["items"])
    (action,) = [n for n in tree if n["code"] == "4.1.1"]
    assert "3.1.1.1" in [c["code"] for c in action["children"]]
    assert len(tree) == 48


def test_plan_004_has_three_directions_and_measures_per_objective(rest: httpx.Client) -> None:
    tree = get(rest, f"/plans/{P004}")["items"]
    assert [n["level"] for n in tree] == ["general_objective"] * 3
    per_objective = [len(so["children"]) for direction in tree for so in direction["children"]]
    assert per_objective == [8, 4, 2, 2, 1, 6, 4, 7, 10, 4, 5, 3, 2]


def test_plan_header_carries_date_and_legal_basis(rest: httpx.Client) -> None:
    plan = get(rest, f"/plans/{P001}")
    assert plan["date"] == "2021-07-07"
    plan_000 = get(rest, f"/plans/{P000}")
    assert "md/hg/2020/386" in [c["act"]["id"] for c in plan_000["legal_refs"] if c["act"]]


def test_item_1_2_4_5_of_001_with_everything(rest: httpx.Client) -> None:
    item = get(rest, f"/items/{P001}/1.2.4.5")
    assert (item["plan"], item["id"], item["level"], item["code"]) == (P001, "1.2.4.5", "activity", "1.2.4.5")
    assert item["parent"]["code"] == "1.2.4"
    assert item["cost"]["amount"] == 400000 and item["cost"]["currency"] == "MDL"
    (funding,) = item["funding"]
    assert funding["kind"]["id"] == "municipal-budget" and funding["kind"]["label"]
    (citation,) = item["legal_refs"]
    assert citation["act"]["id"] == "md/hg/2019/708" and citation["act"]["label"] == "HG nr. 708/2019"
    assert "DGPDC" in [p["institution"]["acronym"] for p in item["responsible"] if p["institution"]]
    assert item["deadline"]["text"] and item["deadline"]["years"]
    assert item["source"]["file"] == "001_0c94d01ded17afb5.txt"
    assert 1 <= item["source"]["first_line"] <= item["source"]["last_line"]
    assert all(i["source"]["first_line"] for i in item["indicators"])


@pytest.mark.parametrize(
    ("item_ref", "code"),
    [
        (f"{P000}/4.1.2.2", "1.1.2"),
        (f"{P000}/4.1.5.3", "3.2.1"),
        (f"{P001}/1.2.3.2", "2.2.3.1"),
        (f"{P001}/1.1.1.3", "1.2.5"),
    ],
)
def test_item_cross_references(rest: httpx.Client, item_ref: str, code: str) -> None:
    assert code in [x["code"] for x in get(rest, f"/items/{item_ref}")["cross_refs"]]


def test_item_flags_and_children(rest: httpx.Client) -> None:
    activity = get(rest, f"/items/{P000}/3.1.1.1")
    assert activity["parent"]["code"] == "4.1.1" and activity["flags"]
    action = get(rest, f"/items/{P000}/4.1.1")
    assert "3.1.1.1" in [c["code"] for c in action["children"]]


def test_institutions_have_labels_and_counts(rest: httpx.Client) -> None:
    institutions = {i["id"]: i for i in get(rest, "/institutions")["institutions"]}
    dgpdc = institutions["dgpdc"]
    assert dgpdc["acronym"] == "DGPDC" and dgpdc["label"].startswith("Direcția generală")
    assert dgpdc["items"]["responsible"] > 20
    assert institutions["p4ec"]["items"]["partner"] >= 1


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("", [f"{P001}/1.2.4.5"], []),
        ("?role=responsible", [f"{P001}/1.2.4.5"], []),
        ("?role=partner", [], [f"{P001}/1.2.4.5"]),
        ("?year=2023", [f"{P001}/1.2.4.5"], []),  # deadline "2023"
        ("?year=2021", [], [f"{P001}/1.2.4.5"]),
    ],
)
def test_institution_items_by_role_and_year(rest: httpx.Client, query: str, present: list, absent: list) -> None:
    found = {f"{i['plan']}/{i['id']}" for i in get(rest, f"/institutions/dgpdc/items{query}")["items"]}
    assert set(present) <= found and not set(absent) & found


def test_institution_items_as_partner_in_the_order(rest: httpx.Client) -> None:
    items = get(rest, "/institutions/p4ec/items?role=partner")["items"]
    assert P003 in {i["plan"] for i in items}
    assert all(i["roles"] == ["partner"] for i in items)


def test_legal_acts_and_the_items_citing_hg_270(rest: httpx.Client) -> None:
    acts = {a["id"]: a for a in get(rest, "/legal-acts")["legal_acts"]}
    assert acts["md/hg/2014/04/08/270"]["label"] == "HG nr. 270/2014" and acts["md/hg/2014/04/08/270"]["cited_by"] >= 5
    citing = get(rest, "/legal-acts/md/hg/2014/04/08/270/items")["items"]
    in_001 = [i["code"] for i in citing if i["plan"] == P001]
    assert in_001 == ["1.2.1.5", "1.2.1.6", "1.2.4.2", "1.2.4.7"]
    assert "40" in [i["article"] for i in citing if i["plan"] == P002]


@pytest.mark.parametrize(
    "q",
    ["FIINŢE umane", "ființe umane", "fiinte UMANE", "FIINȚE  Umane"],  # cedilla, comma below, none, spacing
)
def test_search_ignores_case_diacritics_and_cedillas(rest: httpx.Client, q: str) -> None:
    body = get(rest, f"/search?q={q}")
    hits = {(r["plan"], r["id"]) for r in body["results"]}
    assert body["folded"] == "fiinte umane"
    assert (P002, None) in hits  # the title of 002
    assert (P001, "1.1.1.3") in hits


def test_search_needs_every_word_and_honours_the_limit(rest: httpx.Client) -> None:
    assert get(rest, "/search?q=barnahus")["count"] >= 1
    assert get(rest, "/search?q=barnahus trafic")["count"] <= get(rest, "/search?q=barnahus")["count"]
    assert get(rest, "/search?q=zzzqqq")["results"] == []
    assert len(get(rest, "/search?q=copii&limit=3")["results"]) == 3


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/plans/999-nope", 404, "not-found"),
        (f"/items/{P001}/9.9.9", 404, "not-found"),
        ("/items/nope", 404, "not-found"),
        ("/institutions/nope/items", 404, "not-found"),
        ("/legal-acts/md/hg/1999/1/items", 404, "not-found"),
        ("/institutions/dgpdc/items?role=boss", 422, "invalid-request"),
        ("/institutions/dgpdc/items?year=soon", 422, "invalid-request"),
        ("/search?q=%20%20", 400, "bad-request"),
        ("/search", 422, "invalid-request"),
    ],
)
def test_errors_have_the_one_shape(rest: httpx.Client, url: str, status: int, code: str) -> None:
    body = get(rest, url, status)
    assert body["error"]["status"] == status and body["error"]["code"] == code and body["error"]["message"]


def test_validate_reports_the_loaded_graph(rest: httpx.Client) -> None:
    """004's "Valorizarea voluntarilor…" measure has no responsible: validation reports it, located."""
    report = get(rest, "/validate")
    assert set(report["counts"]) == {"violation", "warning", "info"}
    assert report["conforms"] == (report["counts"]["violation"] == 0)
    plan_graphs = [g for g in report["graphs"] if "/graph/plan/" in g]
    assert len(plan_graphs) == 5 and set(report["graphs"]) - set(plan_graphs) <= {"https://w3id.org/plankg/graph/links"}
    in_004 = [r for r in report["results"] if r["plan_id"] == P004]
    assert any(r["shape"] == "LeafResponsibleShape" and r["source_file"] and r["first_line"] for r in in_004)
    one = get(rest, f"/validate?plan={P004}")
    assert one["graphs"] == [f"https://w3id.org/plankg/graph/plan/{P004}"]
    assert {r["plan_id"] for r in one["results"]} <= {P004, None}
    get(rest, "/validate?plan=nope", 404)


def test_every_resource_route_is_documented(rest: httpx.Client) -> None:
    """Each route of service/api/resources.py has a section in docs/rest.md (its path, parameters as written)."""
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "rest.md").read_text(encoding="utf-8")
    paths = get(rest, "/openapi.json")["paths"]
    ours = [p for p in paths if p.split("/")[1] in {"plans", "items", "institutions", "legal-acts", "search", "validate"}]
    assert len(ours) == 10
    documented = {
        "/plans": "### `GET /plans`",
        "/plans/{plan_id}": "### `GET /plans/{plan_id}`",
        "/items/{item_ref}": "### `GET /items/{plan_id}/{item_id}`",
        "/institutions": "### `GET /institutions`",
        "/institutions/{inst_id}/items": "### `GET /institutions/{id}/items",
        "/legal-acts": "### `GET /legal-acts`",
        "/legal-acts/{act_id}/items": "### `GET /legal-acts/{id}/items`",
        "/search": "### `GET /search?q=",
        "/validate": "### `GET /validate",
        "/plans/{plan_id}/document": "### `PUT /plans/{plan_id}/document",
    }
    for path in ours:
        assert path in documented and documented[path] in docs, path
