"""Cross-reference resolution on every printed cross-reference of the sample plans."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from tests.crossplan.conftest import P000, P001, P003, item
from service.crossplan.corpus import Corpus
from service.crossplan.resolution import MISMATCH_BELOW, Status, TermWeights, overlap, resolve_all
from service.store.base import Store

PK = "https://w3id.org/plankg/ontology#"

# (citing node, printed code, status, target or None, words the evidence must contain)
CASES = [
    # 000 4.1.3.4 "Actualizarea sistemului de management al riscurilor (4.1.2)": action 4.1.2 of 000 itself,
    # whose activities speak of systems and e-management
    (item(P000, "4.1.3.4"), "4.1.2", Status.RESOLVED, item(P000, "4.1.2"), "in the same plan"),
    # 000 4.1.2.2 "Elaborarea Regulamentelor structurilor DGPDC ... (1.1.2)": 1.1.2 is in 001, the other part of
    # the strategy — but 001's 1.1.2 is about communication campaigns: found, and flagged
    (item(P000, "4.1.2.2"), "1.1.2", Status.MISMATCHED, item(P001, "1.1.2"), "another part of the same strategy"),
    # general objectives 2, 3 and 5 of the strategy are in plans that are not loaded
    (item(P000, "4.1.5.3"), "3.2.1", Status.UNRESOLVED, None, "general objective 3"),
    (item(P000, "4.1.5.4"), "3.2.2", Status.UNRESOLVED, None, "general objective 3"),
    (item(P000, "4.2.2.1"), "2.2.3", Status.UNRESOLVED, None, "general objective 2"),
    (item(P001, "1.1.2.3"), "5.2.1", Status.UNRESOLVED, None, "general objective 5"),
    (item(P001, "1.1.3.4"), "2.4.3", Status.UNRESOLVED, None, "general objective 2"),
    (item(P001, "1.2.2.3"), "5.1.1", Status.UNRESOLVED, None, "general objective 5"),
    (item(P001, "1.2.2.4"), "5.1.2", Status.UNRESOLVED, None, "general objective 5"),
    (item(P001, "1.2.2.5"), "5.1.3", Status.UNRESOLVED, None, "general objective 5"),
    (item(P001, "1.2.3.2"), "2.2.3.1", Status.UNRESOLVED, None, "general objective 2"),
    (item(P001, "1.2.4.6"), "2.2.1", Status.UNRESOLVED, None, "general objective 2"),
    # "(activitatea 1.2.5)": general objective 1 is loaded (001) but 001 stops at 1.2.4.8 — no 1.2.5 anywhere
    (item(P001, "1.1.1.3"), "1.2.5", Status.UNRESOLVED, None, "is loaded (001-0c94d01ded17afb5) but has no item 1.2.5"),
    # the order 003 serves "obiectivului specific 3.2" of the PNPC action plan, which is not loaded
    (P003, "3.2", Status.UNRESOLVED, None, "md/action-plan/2022/pnpc is not loaded"),
]


@pytest.fixture(scope="module")
def resolutions(corpus: Corpus) -> dict[tuple[str, str], object]:
    return {(r.owner, r.code): r for r in resolve_all(corpus)}


def test_every_cross_reference_is_in_the_table(resolutions: dict) -> None:
    assert set(resolutions) == {(owner, code) for owner, code, *_ in CASES}


@pytest.mark.parametrize(("owner", "code", "status", "target", "evidence"), CASES, ids=[f"{c[0][-12:]}->{c[1]}" for c in CASES])
def test_resolution(resolutions: dict, owner: str, code: str, status: Status, target: str | None, evidence: str) -> None:
    found = resolutions[(owner, code)]
    assert found.status is status, found.evidence
    assert found.target == target
    assert evidence in found.evidence


def test_mismatch_is_a_low_overlap(resolutions: dict) -> None:
    mismatched = resolutions[(item(P000, "4.1.2.2"), "1.1.2")]
    resolved = resolutions[(item(P000, "4.1.3.4"), "4.1.2")]
    assert mismatched.overlap < MISMATCH_BELOW <= resolved.overlap
    assert set(resolved.shared_terms) >= {"management"}


@pytest.mark.parametrize(("citing", "target", "low", "high"), [
    # every term of the citing text recurs in the target
    ("Prevenirea traficului de copii", ["Prevenirea și combaterea traficului de copii"], 1.0, 1.0),
    # inflection and diacritics do not matter: violenței / violenta, copiilor / copii
    ("Protecția copiilor împotriva violenței", ["protectia copii violenta"], 1.0, 1.0),
    # nothing in common
    ("Elaborarea Regulamentelor structurilor DGPDC", ["Organizarea conferinței municipale"], 0.0, 0.0),
])
def test_overlap(corpus: Corpus, citing: str, target: list[str], low: float, high: float) -> None:
    score, _ = overlap(citing, target, TermWeights.of(corpus))
    assert low <= score <= high


def test_links_graph_holds_the_resolutions(linked_store: Store) -> None:
    rows = linked_store.query(
        "PREFIX pk: <https://w3id.org/plankg/ontology#> "
        "SELECT ?status ?target ?evidence ?overlap WHERE { GRAPH <https://w3id.org/plankg/graph/links> { "
        "?ref pk:resolutionStatus ?status ; pk:evidence ?evidence . OPTIONAL { ?ref pk:resolvedTarget ?target } "
        "OPTIONAL { ?ref pk:textOverlap ?overlap } } ?owner pk:crossReference ?ref . }",
        bindings={"owner": URIRef(item(P000, "4.1.2.2"))},
    ).rows
    assert len(rows) == 1
    assert str(rows[0]["status"]) == PK + "Mismatched"
    assert str(rows[0]["target"]) == item(P001, "1.1.2")
    assert float(rows[0]["overlap"]) < MISMATCH_BELOW


def test_named_query_shows_the_status(linked_store: Store) -> None:
    from service.catalog import Catalog

    rows = Catalog.load().get("cross-references").run(linked_store, {"plan": P001}).rows
    statuses = {str(r["printedCode"]): str(r["status"]).rsplit("#", 1)[-1] for r in rows}
    assert statuses["5.1.2"] == "Unresolved" and statuses["1.2.5"] == "Unresolved"
    assert len(statuses) == 8  # the eight codes 001 prints
