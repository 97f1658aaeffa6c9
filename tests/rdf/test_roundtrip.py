"""Round trip: document -> plan model -> RDF -> embedded store -> SPARQL gives back the model's counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from loaders import iri
from loaders.extract import extract
from loaders.model import Level, Plan
from loaders.rdf import to_graph
from service.api.resource_views import LEVELS
from service.sparql import query_text
from service.store import Store, open_store

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
DOCUMENTS = sorted(PLANS.glob("*.txt"))


def model_counts(plan: Plan) -> dict[str, int]:
    """What the model says each plan's graph must hold."""
    items = plan.items
    counts = Counter({level.value: len(plan.by_level(level)) for level in Level})
    counts["participation"] = sum(len(i.responsible) + len(i.partners) for i in items)
    counts["responsible"] = len({(i.id, p.institution) for i in items for p in i.responsible if p.institution})
    counts["partner"] = len({(i.id, p.institution) for i in items for p in i.partners if p.institution})
    counts["indicator"] = sum(len(i.indicators) for i in items) + len(plan.indicators)
    counts["citation"] = sum(len(i.legal_refs) for i in items) + len(plan.legal_basis)
    counts["citesAct"] = len({(i.id, r.act) for i in items for r in i.legal_refs if r.act}) + len(
        {r.act for r in plan.legal_basis if r.act}
    )
    counts["crossReference"] = sum(len(i.cross_refs) for i in items) + len(plan.cross_refs)
    counts["cost"] = sum(1 for i in items if i.cost is not None)
    counts["funding"] = sum(len(i.funding) for i in items)
    counts["deadline"] = sum(1 for i in items if i.deadline is not None)
    return {k: v for k, v in counts.items() if v}


def store_counts(store: Store, plan_id: str) -> dict[str, int]:
    node = iri.plan(plan_id)
    counts: dict[str, int] = {}
    for row in store.query(query_text("item-counts")).rows:
        if str(row["plan"]) == node:
            counts[LEVELS[str(row["type"]).rsplit("#", 1)[-1]]] = int(row["n"].toPython())
    for row in store.query(query_text("part-counts")).rows:
        if str(row["plan"]) == node:
            counts[str(row["kind"])] = int(row["n"].toPython())
    return {k: v for k, v in counts.items() if v}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    opened = open_store(f"embedded:{tmp_path_factory.mktemp('roundtrip') / 'store'}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def plans(store: Store) -> dict[str, tuple[Plan, int]]:
    """Every sample plan, converted and loaded into one store (as many graphs)."""
    out = {}
    for path in DOCUMENTS:
        plan = extract(path)
        graph = to_graph(plan)
        store.replace_graph(iri.plan_graph(plan.id), graph, sha256=plan.source.sha256)
        out[path.name] = (plan, len(graph))
    return out


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_sparql_counts_per_level_and_part_equal_the_model(plans: dict, store: Store, name: str) -> None:
    plan, _ = plans[name]
    expected = model_counts(plan)
    assert sum(expected.get(level.value, 0) for level in Level) == len(plan.items) > 0
    assert store_counts(store, plan.id) == expected


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_the_stored_graph_is_the_converted_graph(plans: dict, store: Store, name: str) -> None:
    plan, size = plans[name]
    held = store.graph(iri.plan_graph(plan.id))
    assert len(held) == size
    assert set(held) == set(to_graph(plan, extracted_at=_extraction_time(held)))
    assert store.graph_hashes()[iri.plan_graph(plan.id)] == plan.source.sha256


def _extraction_time(graph):  # the stored prov:generatedAtTime, so the fresh conversion can match it
    from rdflib.namespace import PROV

    (stamp,) = graph.objects(None, PROV.generatedAtTime)
    return stamp.toPython()
