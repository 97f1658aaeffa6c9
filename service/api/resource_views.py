"""Turning query rows into the JSON of the REST resources (no I/O, no routes).

:mod:`service.api.resources` runs the queries of ``service/sparql/`` and hands
the rows here. Everything that is an IRI in the graph comes out as an object
with an ``id`` (the key used in URLs), the ``iri`` and a human ``label``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from rdflib import Literal
from rdflib.term import Identifier

from loaders import iri

PK = iri.ONTOLOGY
Row = Mapping[str, Identifier]
Json = dict[str, Any]

LEVELS = {
    "GeneralObjective": "general_objective",
    "SpecificObjective": "specific_objective",
    "Action": "action",
    "Activity": "activity",
}
PLAN_KINDS = {
    "MinisterialOrder": "order",
    "ActionPlan": "action-plan",
    "ImplementationPlan": "implementation-plan",
    "Strategy": "strategy",
    "Programme": "programme",
    "Plan": "plan",
}
INDICATOR_KINDS = {"ImpactIndicator": "impact", "ResultIndicator": "result", "MonitoringIndicator": "monitoring"}
NAMESPACES = {  # key namespaces of linked things, most specific first
    "institution": iri.ID + "institution/",
    "plan": iri.ID + "plan/",
    "act": iri.BASE + "eli/",
    "funding": iri.BASE + "funding/",
    "recurrence": iri.BASE + "recurrence/",
    "theme": iri.BASE + "theme/",
    "term": PK,
}


def py(term: Identifier | None) -> Any:
    """A JSON value for an RDF term: numbers as numbers, dates as ISO text, IRIs as text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, (bool, int, float, str)):
            return value
        return str(term) if not hasattr(value, "isoformat") else value.isoformat()
    return str(term)


def key(node: Identifier | str) -> str:
    """The URL key of an IRI: the part after its namespace (``md/hg/2019/708``, ``dgpdc``…)."""
    text = str(node)
    for namespace in NAMESPACES.values():
        if text.startswith(namespace):
            return text[len(namespace):]
    return text


def ref(node: Identifier | str, label: Identifier | str | None = None, acronym: Identifier | str | None = None) -> Json:
    """A linked thing: ``{"id", "iri", "label"}`` (+ ``acronym`` when known)."""
    out: Json = {"id": key(node), "iri": str(node), "label": str(label) if label is not None else key(node)}
    if acronym is not None:
        out["acronym"] = str(acronym)
    return out


def local_types(rows: Iterable[Row], var: str = "type") -> set[str]:
    return {str(r[var])[len(PK):] for r in rows if var in r and str(r[var]).startswith(PK)}


def plan_kind(types: set[str]) -> str:
    return next((kind for name, kind in PLAN_KINDS.items() if name in types), "plan")


def level(types: set[str]) -> str | None:
    return next((lvl for name, lvl in LEVELS.items() if name in types), None)


def item_key(item_iri: str) -> tuple[str, str]:
    """``(plan id, item id)`` of an item IRI."""
    plan_part, _, item_id = key(item_iri).partition("/item/")
    return plan_part, item_id


def plan_header(rows: list[Row], counts: Mapping[str, int] | None = None) -> Json:
    """A plan's header from the rows of ``plans.rq`` / ``plan.rq`` for that plan (one per type)."""
    first = rows[0]
    start, end = py(first.get("start")), py(first.get("end"))
    out: Json = {
        "id": key(first["plan"]),
        "iri": str(first["plan"]),
        "title": str(first["title"]),
        "kind": plan_kind(local_types(rows)),
        "country": py(first["country"]),
        "period": {"start": start, "end": end} if start is not None or end is not None else None,
        "date": py(first.get("date")),
        "issuer": ref(first["issuer"], first.get("issuerLabel")) if "issuer" in first else None,
        "source": source(first),
    }
    if counts is not None:
        out["items"] = dict(counts)
    return out


def source(row: Row) -> Json:
    return {
        "file": py(row.get("file")),
        "sha256": py(row.get("sha256")),
        "first_line": py(row.get("first")),
        "last_line": py(row.get("last")),
    }


def level_counts(rows: Iterable[Row]) -> dict[str, dict[str, int]]:
    """plan IRI -> {level: n, ..., "total": n} from ``item-counts.rq``."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {lvl: 0 for lvl in LEVELS.values()})
    for row in rows:
        counts[str(row["plan"])][LEVELS[str(row["type"])[len(PK):]]] += int(py(row["n"]))
    for per_plan in counts.values():
        per_plan["total"] = sum(v for k, v in per_plan.items() if k != "total")
    return counts


def item_tree(rows: Iterable[Row]) -> list[Json]:
    """The nested items of a plan from ``plan-items.rq``, siblings in printed order."""
    nodes: dict[str, Json] = {}
    parents: dict[str, str | None] = {}
    orders: dict[str, int] = {}
    for row in rows:
        node = str(row["item"])
        if node not in nodes:
            nodes[node] = {
                "id": item_key(node)[1],
                "level": None,
                "code": py(row.get("code")),
                "title": str(row["title"]),
                "deadline": py(row.get("deadline")),
                "children": [],
            }
            parents[node] = str(row["parent"]) if "parent" in row else None
            orders[node] = int(py(row["order"]))
        nodes[node]["level"] = nodes[node]["level"] or LEVELS.get(str(row["type"])[len(PK):])
    roots: list[str] = []
    children: dict[str, list[str]] = defaultdict(list)
    for node, parent in parents.items():
        (children[parent] if parent in nodes else roots).append(node)

    def build(node: str) -> Json:
        out = nodes[node]
        out["children"] = [build(c) for c in sorted(children[node], key=lambda c: orders[c])]
        return out

    return [build(r) for r in sorted(roots, key=lambda r: (orders[r], r))]


class Props:
    """The triples of ``node-triples.rq`` grouped by subject, with object labels."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._by: dict[str, dict[str, list[tuple[Identifier, Identifier | None, Identifier | None]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for row in rows:
            values = self._by[str(row["s"])][str(row["p"])]
            obj = row["o"]
            if all(obj != seen for seen, _, _ in values):
                values.append((obj, row.get("label"), row.get("acronym")))

    def __contains__(self, subject: str) -> bool:
        return subject in self._by

    def all(self, subject: str, prop: str) -> list[Identifier]:
        return [o for o, _, _ in self._by[subject].get(prop, [])]

    def one(self, subject: str, prop: str) -> Identifier | None:
        values = self.all(subject, prop)
        return values[0] if values else None

    def refs(self, subject: str, prop: str) -> list[Json]:
        return [ref(o, label, acronym) for o, label, acronym in self._by[subject].get(prop, [])]

    def ref(self, subject: str, prop: str) -> Json | None:
        found = self.refs(subject, prop)
        return found[0] if found else None

    def value(self, subject: str, prop: str) -> Any:
        return py(self.one(subject, prop))

    def types(self, subject: str) -> set[str]:
        rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        return {str(t)[len(PK):] for t in self.all(subject, rdf_type) if str(t).startswith(PK)}

    def parts(self, subject: str, prop: str) -> list[str]:
        """The part nodes of ``subject`` through ``prop``, in their minted order (``…/3`` before ``…/10``)."""

        def order(node: str) -> tuple[int, str]:
            tail = node.rsplit("/", 1)[-1]
            return (int(tail) if tail.isdigit() else 0, node)

        return sorted((str(o) for o in self.all(subject, prop)), key=order)
