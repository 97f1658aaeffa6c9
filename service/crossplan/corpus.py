"""What the cross-plan step reads from the store, read once: plans, items, references, acts.

:func:`read_corpus` runs the fixed queries of ``service/sparql/crossplan/``
and returns a :class:`Corpus` of plain dataclasses with the indexes the
steps need (items by IRI, by plan and by code; children by parent). The
links graph itself is never read back, so a refresh depends on the plan
graphs and the reference graph only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib.term import Identifier

from loaders import iri
from service.sparql import query_text
from service.store.base import Store

LEVELS = {
    iri.term("GeneralObjective"): "general_objective",
    iri.term("SpecificObjective"): "specific_objective",
    iri.term("Action"): "action",
    iri.term("Activity"): "activity",
}


@dataclass(frozen=True)
class PlanInfo:
    """A loaded plan: IRI, id, title, country, period and the acts or strategies it implements."""

    iri: str
    id: str
    title: str
    country: str
    period: tuple[int, int] | None
    implements: frozenset[str]
    first_line: int | None = None
    last_line: int | None = None


@dataclass(frozen=True)
class ItemInfo:
    """A plan item: where it is, its code and title."""

    iri: str
    plan: str  # plan IRI
    level: str  # general_objective, specific_objective, action, activity
    code: str | None
    parent: str | None  # parent item IRI
    title: str
    first_line: int | None
    last_line: int | None


@dataclass(frozen=True)
class CrossRefInfo:
    """A printed cross-reference and the item or plan that prints it."""

    iri: str
    owner: str  # item or plan IRI
    code: str
    text: str


@dataclass
class Corpus:
    """Plans, items, cross-references and cited acts of a store, with lookups."""

    plans: dict[str, PlanInfo]
    items: dict[str, ItemInfo]
    cross_refs: list[CrossRefInfo]
    item_acts: dict[str, set[str]]  # item IRI -> cited act IRIs
    act_labels: dict[str, str]
    by_code: dict[str, list[ItemInfo]] = field(default_factory=dict)
    children: dict[str, list[ItemInfo]] = field(default_factory=dict)
    general_objectives: dict[str, list[str]] = field(default_factory=dict)  # plan IRI -> codes
    implementers: dict[str, set[str]] = field(default_factory=dict)  # act IRI -> plan IRIs

    def __post_init__(self) -> None:
        by_code: dict[str, list[ItemInfo]] = defaultdict(list)
        children: dict[str, list[ItemInfo]] = defaultdict(list)
        objectives: dict[str, list[str]] = defaultdict(list)
        for item in self.items.values():
            if item.code:
                by_code[item.code].append(item)
                if item.level == "general_objective":
                    objectives[item.plan].append(item.code)
            if item.parent:
                children[item.parent].append(item)
        implementers: dict[str, set[str]] = defaultdict(set)
        for plan in self.plans.values():
            for act in plan.implements:
                implementers[act].add(plan.iri)
        self.by_code = dict(by_code)
        self.children = dict(children)
        self.general_objectives = dict(objectives)
        self.implementers = dict(implementers)

    def siblings(self, plan_iri: str) -> set[str]:
        """The other loaded plans implementing an act or strategy that ``plan_iri`` implements."""
        plan = self.plans.get(plan_iri)
        if plan is None:
            return set()
        found: set[str] = set()
        for act in plan.implements:
            found |= self.implementers.get(act, set())
        found.discard(plan_iri)
        return found

    def plan_id(self, plan_iri: str) -> str:
        """The id of a plan IRI (``…/plan/001-…`` -> ``001-…``)."""
        info = self.plans.get(plan_iri)
        return info.id if info else plan_iri.rsplit("/", 1)[-1]

    def top_ancestor(self, item: ItemInfo) -> ItemInfo:
        """The first-level item above ``item`` (itself when it has no parent)."""
        seen = {item.iri}
        while item.parent and item.parent in self.items and item.parent not in seen:
            item = self.items[item.parent]
            seen.add(item.iri)
        return item


def _text(term: Identifier | None) -> str | None:
    return None if term is None else str(term)


def _int(term: Identifier | None) -> int | None:
    if term is None:
        return None
    try:
        return int(term.toPython())  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None


def read_corpus(store: Store) -> Corpus:
    """Read the plans, items, cross-references and cited acts of ``store``."""
    plans_rows: dict[str, dict] = {}
    for row in store.query(query_text("crossplan/plans")).rows:
        plan = str(row["plan"])
        entry = plans_rows.setdefault(plan, {"row": row, "implements": set()})
        if "implements" in row:
            entry["implements"].add(str(row["implements"]))
    plans: dict[str, PlanInfo] = {}
    for plan, entry in plans_rows.items():
        row = entry["row"]
        start, end = _int(row.get("periodStart")), _int(row.get("periodEnd"))
        plans[plan] = PlanInfo(
            iri=plan,
            id=plan.rsplit("/plan/", 1)[-1],
            title=str(row["title"]),
            country=str(row["country"]),
            period=(start, end) if start is not None and end is not None else None,
            implements=frozenset(entry["implements"]),
            first_line=_int(row.get("firstLine")),
            last_line=_int(row.get("lastLine")),
        )
    items: dict[str, ItemInfo] = {}
    for row in store.query(query_text("crossplan/items")).rows:
        item = str(row["item"])
        if item in items:
            continue
        items[item] = ItemInfo(
            iri=item,
            plan=str(row["plan"]),
            level=LEVELS.get(str(row["level"]), "activity"),
            code=_text(row.get("code")),
            parent=_text(row.get("parent")),
            title=str(row["title"]),
            first_line=_int(row.get("firstLine")),
            last_line=_int(row.get("lastLine")),
        )
    cross_refs = sorted(
        (
            CrossRefInfo(str(row["reference"]), str(row["owner"]), str(row["printedCode"]), str(row["text"]))
            for row in store.query(query_text("crossplan/cross-references")).rows
        ),
        key=lambda ref: ref.iri,
    )
    item_acts: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in store.query(query_text("crossplan/item-acts")).rows:
        act = str(row["act"])
        item_acts[str(row["item"])].add(act)
        labels.setdefault(act, act_label(act, row))
    return Corpus(plans, items, cross_refs, dict(item_acts), labels)


def act_label(act: str, row: dict[str, Identifier]) -> str:
    """A short label of a legal act: its Romanian label, else ``HG 270/2014``, else its IRI's path."""
    if "label" in row:
        return str(row["label"])
    kind, number, year = row.get("kind"), row.get("number"), row.get("year")
    if kind is not None and number is not None:
        label = f"{str(kind).upper() if str(kind) in ('hg', 'law') else str(kind)} {number}"
        return f"{label}/{year}" if year is not None else label
    return act.rsplit("/eli/", 1)[-1]
