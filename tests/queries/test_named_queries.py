"""Every named query run on real data, with its results asserted.

``sample_store`` holds the five documents of ``data/plans`` as the loaders
build them; ``fixture_store`` the hand-made graph of ``fixture.trig``, which
also has what the cross-plan step derives (resolved references, similarity
links, themes). Expected values are quoted from the documents.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.catalog import Catalog, result_table
from service.store import Store

ID = "https://w3id.org/plankg/id/"
P000 = ID + "plan/000-c81970cad839fc42"
P001 = ID + "plan/001-0c94d01ded17afb5"
P002 = ID + "plan/002-e89f7127f5da514e"
P004 = ID + "plan/004-31818754cbf6239c"
DGPDC = ID + "institution/dgpdc"
HG270 = "https://w3id.org/plankg/eli/md/hg/2014/04/08/270"
HG708 = "https://w3id.org/plankg/eli/md/hg/2019/708"
HG386 = "https://w3id.org/plankg/eli/md/hg/2020/386"
PK = "https://w3id.org/plankg/ontology#"


def run(catalog: Catalog, store: Store, name: str, **params: str) -> list[dict[str, Any]]:
    columns, rows = result_table(catalog.get(name).run(store, params))
    return [dict(zip(columns, row)) for row in rows]


def codes(rows: list[dict[str, Any]], plan: str) -> list[str]:
    return [r["code"] for r in rows if r["plan"] == plan and r.get("code")]


def find(rows: list[dict[str, Any]], **where: Any) -> list[dict[str, Any]]:
    return [r for r in rows if all(r.get(k) == v for k, v in where.items())]


# --------------------------------------------------------------- the sample graph


def test_items_citing_hg_270_in_001(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "items-citing-act")  # default: HG 270/2014
    assert codes(rows, P001) == ["1.2.1.5", "1.2.1.6", "1.2.4.2", "1.2.4.7"]  # document order
    assert {r["act"] for r in rows} == {HG270}
    assert find(rows, code="1.2.1.5")[0]["citation"] == "Hot. Guvern 270"
    plans = [r["plan"] for r in rows]
    assert plans == sorted(plans)  # grouped by plan


def test_items_citing_hg_270_in_002(catalog: Catalog, sample_store: Store) -> None:
    # 002 cites it in the indicator of its first action: "Respectarea HG nr. 270 din 08-04-2014 …, art. 40."
    rows = run(catalog, sample_store, "items-citing-act", act=HG270)
    titles = [r["title"] for r in rows if r["plan"] == P002]
    assert any(t.startswith("Îmbunătățirea mecanismului intersectorial municipal de cooperare") for t in titles)


def test_items_citing_hg_708(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "items-citing-act", act=HG708)
    assert codes(rows, P001) == ["1.2.4.5"]  # "(implementare HG 708/2019)"


def test_dgpdc_in_2023(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "institution-items", institution=DGPDC, year="2023")
    item = find(rows, plan=P000, code="4.1.1.1")
    assert item and item[0]["role"] == "responsible" and item[0]["deadline"] == "2023, 2025"
    assert find(rows, plan=P000, code="4.1.1.2")[0]["deadline"] == "anual"  # recurring: every year of 2020-2025
    assert {r["year"] for r in rows} == {2023} and {r["institution"] for r in rows} == {DGPDC}
    later = run(catalog, sample_store, "institution-items", institution=DGPDC, year="2024")
    assert not find(later, plan=P000, code="4.1.1.1")  # "2023, 2025" names no 2024


def test_institution_load_agrees_with_institution_items(catalog: Catalog, sample_store: Store) -> None:
    load = run(catalog, sample_store, "institution-load", institution=DGPDC)
    for year in (2023, 2024):
        items = run(catalog, sample_store, "institution-items", institution=DGPDC, year=str(year))
        for role in ("responsible", "partner"):
            expected = len({r["item"] for r in items if r["role"] == role})
            counted = find(load, year=year, role=role)
            assert (counted[0]["items"] if counted else 0) == expected
    assert find(load, year=2023, role="responsible")[0]["items"] > 0


def test_items_due_in_a_year(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "items-due-in-year", year="2023", plan=P000)
    assert "4.1.1.1" in codes(rows, P000)  # "2023, 2025"
    assert {r["plan"] for r in rows} == {P000}
    assert "4.1.1.1" not in codes(run(catalog, sample_store, "items-due-in-year", year="2024", plan=P000), P000)
    in_2024 = run(catalog, sample_store, "items-due-in-year", year="2024", plan=P001)
    assert {"1.1.3.2", "1.1.4.3"} <= set(codes(in_2024, P001))  # "2023-25": a period, its middle year too
    in_2026 = run(catalog, sample_store, "items-due-in-year", year="2026", plan=P002)
    assert "Semestrul II, 2024 - 2028" in {r["deadline"] for r in in_2026}
    in_2027 = run(catalog, sample_store, "items-due-in-year", year="2027", plan=P002)
    assert any(r["deadline"].startswith("Semestrul I, 2025 Semestrul II, 2027") for r in in_2027)


def test_items_overdue(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "items-overdue", date="2024-01-01", plan=P000)
    overdue = codes(rows, P000)
    assert "4.1.2.2" in overdue  # "2022"
    assert "4.1.1.1" not in overdue  # "2023, 2025": still to come
    assert "4.1.1.2" not in overdue  # "anual": never overdue
    assert all(r["lastDue"] < "2024-01-01" for r in rows)
    assert "4.1.1.1" in codes(run(catalog, sample_store, "items-overdue", date="2026-01-01", plan=P000), P000)


def test_plan_structure(catalog: Catalog, sample_store: Store) -> None:
    rows = {r["plan"]: r for r in run(catalog, sample_store, "plan-structure")}
    levels = ("generalObjectives", "specificObjectives", "actions", "activities")
    assert tuple(rows[P000][k] for k in levels) == (1, 2, 8, 37)
    assert rows[P000]["country"] == "MD" and rows[P004]["country"] == "RO"
    assert (rows[P000]["periodStart"], rows[P000]["periodEnd"]) == (2020, 2025)
    assert len(rows) == 5  # one row per plan; legal acts of the reference data are not plans


def test_costs(catalog: Catalog, sample_store: Store) -> None:
    rows = {r["plan"]: r for r in run(catalog, sample_store, "costs-per-plan")}
    assert (rows[P002]["total"], rows[P002]["currency"]) == (41500, "MDL")  # 4000 + 6000 + … + 1000 lei
    assert rows[P002]["itemsWithAmount"] == 12
    assert rows[P001]["total"] >= 400000  # 1.2.4.5: "400,0 mii lei."
    without = run(catalog, sample_store, "items-without-cost", plan=P001)
    assert "1.2.4.5" not in codes(without, P001)
    assert "1.2.1.5" in codes(without, P001)


def test_funding_by_source(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "funding-by-source")
    municipal = find(rows, plan=P001, source="https://w3id.org/plankg/funding/municipal-budget")
    assert municipal and municipal[0]["totalCost"] >= 400000 and municipal[0]["currency"] == "MDL"
    allocated = find(rows, plan=P002, source="https://w3id.org/plankg/funding/allocated-budget")
    assert allocated and allocated[0]["totalCost"] == 41500


def test_items_missing_fields(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "items-missing-fields", plan=P004)
    valorizarea = [r for r in rows if r["title"].startswith("Valorizarea voluntarilor")]
    assert valorizarea and valorizarea[0]["noResponsible"] is True and valorizarea[0]["noFunding"] is True
    assert all(r["noResponsible"] or r["noIndicator"] or r["noDeadline"] or r["noFunding"] for r in rows)


def test_cross_references(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "cross-references")
    assert find(rows, plan=P000, sourceCode="4.1.2.2", printedCode="1.1.2")  # "(1.1.2)"
    assert find(rows, plan=P001, sourceCode="1.1.1.3", text="(activitatea 1.2.5)", printedCode="1.2.5")
    only_000 = run(catalog, sample_store, "cross-references", plan=P000)
    assert only_000 and {r["plan"] for r in only_000} == {P000}


def test_acts_per_plan(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "acts-per-plan")
    basis = find(rows, plan=P000, act=HG386)  # footnote: "în conformitate cu pnct. 12 din HG nr.386/2020"
    assert basis and basis[0]["inLegalBasis"] is True and basis[0]["actLabel"] == "HG nr. 386/2020"
    hg270 = find(rows, plan=P001, act=HG270)
    assert hg270 and hg270[0]["citingItems"] == 4


def test_acts_not_cited_by_related_plan(catalog: Catalog, sample_store: Store) -> None:
    # 000 and 001 implement the same strategy; only 001's part cites HG 270 and HG 708
    rows = run(catalog, sample_store, "acts-not-cited-by-related", plan=P001, other=P000)
    assert {r["act"] for r in rows} >= {HG270, HG708}
    assert HG386 not in {r["act"] for r in rows}  # both cite it in their legal basis


def test_items_naming_party(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "items-naming-party", text="MSPFM")  # former ministry, kept as an alias
    assert "1.2.4.5" in codes(rows, P001)
    assert {r["role"] for r in rows} == {"partner"} and {r["text"] for r in rows} == {"MSPFM"}


# what the cross-plan step derives (load_paths runs it after loading)


def test_sample_shared_objective_texts_are_same_text(catalog: Catalog, sample_store: Store) -> None:
    # 001's 1.1 and 002's 2.1: "Informarea, sensibilizarea și educarea societății asupra riscurilor de violență,
    # exploatare și trafic în toate mediile", printed word for word in both plans
    rows = run(catalog, sample_store, "similar-items", item=P001 + "/item/1.1", kind=PK + "SameText")
    assert [(r["otherPlan"], r["otherCode"], r["score"]) for r in rows] == [(P002, "2.1", 1.0)]


def test_sample_cross_references_have_a_status(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "cross-references")
    assert rows and all(r.get("status") for r in rows)
    unresolved = find(rows, plan=P000, sourceCode="4.2.2.1", printedCode="2.2.3")  # general objective 2: not loaded
    assert unresolved and unresolved[0]["status"] == PK + "Unresolved" and unresolved[0].get("target") is None


def test_sample_themes_cross_countries(catalog: Catalog, sample_store: Store) -> None:
    rows = run(catalog, sample_store, "items-by-theme")
    countries: dict[str, set[str]] = {}
    for r in rows:
        countries.setdefault(r["theme"], set()).add(r["country"])
    assert any(c == {"MD", "RO"} for c in countries.values())  # Moldovan and Romanian items meet under a theme


def test_sample_shared_responsibility_and_related_plans(catalog: Catalog, sample_store: Store) -> None:
    shared = run(catalog, sample_store, "shared-responsibility")
    assert find(shared, institution=DGPDC, plan=P001, otherPlan=P002)
    # 001 and 002 share objective texts, so they are related plans: 001 cites HG 708, 002 does not
    uneven = run(catalog, sample_store, "acts-not-cited-by-related", plan=P001, other=P002)
    assert HG708 in {r["act"] for r in uneven} and HG270 not in {r["act"] for r in uneven}


# ----------------------------------------------- the hand-made graph (derived data)


def test_fixture_cross_reference_status(catalog: Catalog, fixture_store: Store) -> None:
    rows = run(catalog, fixture_store, "cross-references")
    resolved = find(rows, printedCode="4.1.1.1")[0]
    assert resolved["status"].endswith("#Resolved") and resolved["targetPlan"] == P000
    assert resolved["targetCode"] == "4.1.1.1"
    unresolved = find(rows, printedCode="5.1.2")[0]
    assert unresolved["status"].endswith("#Unresolved") and unresolved.get("target") is None


def test_fixture_similar_items(catalog: Catalog, fixture_store: Store) -> None:
    rows = run(catalog, fixture_store, "similar-items", minScore="0.5")
    assert [(r["plan"], r["otherPlan"]) for r in rows] == [(P001, P002), (P002, P001)]  # both ends
    assert rows[0]["score"] == 0.93 and rows[0]["kind"].endswith("#SameText")
    assert set(rows[0]["sharedTerms"].split(", ")) == {"mecanism", "intersectorial", "cooperare"}
    one = run(catalog, fixture_store, "similar-items", item=P004 + "/item/OS.III.3-m3")
    assert [r["otherCode"] for r in one] == ["1.2.4.5"]
    assert run(catalog, fixture_store, "similar-items", kind="https://w3id.org/plankg/ontology#SameLegalBasis") == []


def test_fixture_shared_responsibility(catalog: Catalog, fixture_store: Store) -> None:
    rows = run(catalog, fixture_store, "shared-responsibility")
    assert [(r["institution"], r["code"], r["otherPlan"]) for r in rows] == [(DGPDC, "1.2.4.2", P002)]
    assert rows[0]["label"] == "Direcția generală pentru protecția drepturilor copilului"


def test_fixture_items_by_theme(catalog: Catalog, fixture_store: Store) -> None:
    rows = run(catalog, fixture_store, "items-by-theme", theme="https://w3id.org/plankg/theme/trafficking")
    assert [(r["country"], r["plan"]) for r in rows] == [("MD", P001), ("MD", P002)]
    english = run(catalog, fixture_store, "items-by-theme", lang="en")
    assert {r["themeLabel"] for r in english} == {"Trafficking and exploitation", "Intersectoral cooperation", "Volunteering"}
    assert {r["country"] for r in english} == {"MD", "RO"}  # Moldovan and Romanian items under one scheme


def test_fixture_related_plans_through_links(catalog: Catalog, fixture_store: Store) -> None:
    # 001 and 002 share an item text (SameText); 001 and 004 are only similar (not related)
    rows = run(catalog, fixture_store, "acts-not-cited-by-related", plan=P001)
    assert {(r["other"], r["act"]) for r in rows} == {(P000, HG270), (P000, HG708), (P002, HG708)}


def test_fixture_costs_count_each_amount_once(catalog: Catalog, fixture_store: Store) -> None:
    # 1.2.4 prints 700,0 mii lei beside its activities' 400,0 + 300,0: the total counts the parts only
    rows = {r["plan"]: r for r in run(catalog, fixture_store, "costs-per-plan")}
    assert rows[P001]["total"] == 700000 and rows[P001]["itemsWithAmount"] == 2


def test_every_query_is_exercised_here(catalog: Catalog) -> None:
    text = open(__file__, encoding="utf-8").read()
    missing = [q.name for q in catalog if f'"{q.name}"' not in text]
    assert not missing, f"named queries without a results test: {missing}"
