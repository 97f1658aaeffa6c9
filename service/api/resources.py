"""REST resources: plans, items, institutions, legal acts, search, validation.

Every route runs fixed queries of ``service/sparql/`` with values bound as RDF
terms, and answers JSON in which linked things carry labels (see
``docs/rest.md``). Unknown ids are 404 in the service's one error shape.
Handlers are plain ``def``: the store is synchronous.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from loaders import iri
from loaders.text import fold
from service.api.report_cache import ReportCache, content_key
from service.api.resource_views import (
    PK,
    INDICATOR_KINDS,
    Json,
    Props,
    Row,
    item_key,
    item_tree,
    key,
    level,
    level_counts,
    plan_header,
    py,
    ref,
)
from service.context import AppContext
from service.errors import ApiError
from service.sparql import query_text

SEARCH_LIMIT = 500
ROLES = ("responsible", "partner", "any")


def _not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, "not-found", f"no {what} {ident!r}")


def build_router(ctx: AppContext) -> APIRouter:
    """The resource routes over ``ctx.store``."""
    router = APIRouter(tags=["resources"])

    def rows(name: str, **bindings: Any) -> list[Row]:
        return list(ctx.store.query(query_text(name), bindings=bindings or None).rows)

    @router.get("/plans", summary="Every loaded plan with its item counts per level")
    def plans() -> Json:
        counts = level_counts(rows("item-counts"))
        by_plan: dict[str, list[Row]] = defaultdict(list)
        for row in rows("plans"):
            by_plan[str(row["plan"])].append(row)
        empty = {"general_objective": 0, "specific_objective": 0, "action": 0, "activity": 0, "total": 0}
        found = [plan_header(r, counts.get(p, empty)) for p, r in by_plan.items()]
        return {"plans": sorted(found, key=lambda p: p["id"])}

    @router.get("/plans/{plan_id}", summary="One plan: its header, legal basis and tree of items")
    def plan(plan_id: str) -> Json:
        node = URIRef(iri.plan(plan_id))
        header = rows("plan", plan=node)
        if not header:
            raise _not_found("plan", plan_id)
        counts = level_counts(rows("item-counts")).get(str(node))
        out = plan_header(header, counts)
        props = Props(rows("node-triples", node=node))
        out.update(_attachments(props, str(node)))
        out["items"] = item_tree(rows("plan-items", plan=node))
        return out

    @router.get("/items/{item_ref:path}", summary="One item with everything known about it")
    def item(item_ref: str) -> Json:
        plan_id, _, item_id = item_ref.strip("/").partition("/")
        if not item_id:
            raise _not_found("item", item_ref)
        node = iri.item(plan_id, item_id)
        props = Props(rows("node-triples", node=URIRef(node)))
        if node not in props or level(props.types(node)) is None:
            raise _not_found("item", item_ref)
        return _item(props, node, rows("item-neighbours", item=URIRef(node)))

    @router.get("/institutions", summary="Institutions with the number of items they are responsible for or partner in")
    def institutions() -> Json:
        merged: dict[str, Json] = {}
        for row in rows("institutions"):
            inst = merged.setdefault(str(row["inst"]), {
                **ref(row["inst"], row.get("label"), row.get("acronym")),
                "kind": None,
                "country": py(row.get("country")),
                "items": {"responsible": int(py(row.get("responsible")) or 0), "partner": int(py(row.get("partner")) or 0)},
            })
            kind = str(row.get("type", ""))
            if kind.startswith(PK) and kind[len(PK):] != "Institution":
                inst["kind"] = inst["kind"] or kind[len(PK):]
        found = sorted(merged.values(), key=lambda i: (-(i["items"]["responsible"] + i["items"]["partner"]), i["label"]))
        return {"institutions": found}

    @router.get("/institutions/{inst_id}/items", summary="Items an institution is responsible for or partner in")
    def institution_items(
        inst_id: str,
        year: int | None = Query(None, ge=1900, le=2200, description="Only items whose deadline names or covers this year"),
        role: str = Query("any", pattern="^(responsible|partner|any)$", description="responsible, partner or any"),
    ) -> Json:
        node = URIRef(iri.institution(inst_id))
        header = rows("institution", inst=node)
        if not header:
            raise _not_found("institution", inst_id)
        found = rows(
            "institution-items", inst=node, wantRole=Literal(role),
            wantYear=Literal(year or 0, datatype=XSD.integer),
        )
        items: dict[tuple[str, str], Json] = {}
        for row in found:
            plan_id, item_id = item_key(str(row["item"]))
            entry = items.setdefault((plan_id, item_id), {
                **_item_summary(row, plan_id, item_id), "deadline": py(row.get("deadline")), "roles": [], "printed_as": [],
            })
            if str(row["role"]) not in entry["roles"]:
                entry["roles"].append(str(row["role"]))
            if str(row["text"]) not in entry["printed_as"]:
                entry["printed_as"].append(str(row["text"]))
        first = header[0]
        return {
            "institution": ref(node, first.get("label"), first.get("acronym")),
            "filters": {"year": year, "role": role},
            "items": sorted(items.values(), key=lambda i: (i["plan"], _code_key(i["code"] or i["id"]))),
        }

    @router.get("/legal-acts", summary="Legal acts of the reference data and those cited, with citing counts")
    def legal_acts() -> Json:
        merged: dict[str, Json] = {}
        for row in rows("legal-acts"):
            merged.setdefault(str(row["act"]), {
                **ref(row["act"], row.get("label")),
                "title": py(row.get("title")),
                "kind": py(row.get("kind")),
                "number": py(row.get("number")),
                "year": py(row.get("year")),
                "date": py(row.get("date")),
                "jurisdiction": py(row.get("jurisdiction")),
                "cited_by": int(py(row.get("citing")) or 0),
            })
        return {"legal_acts": sorted(merged.values(), key=lambda a: (-a["cited_by"], a["id"]))}

    @router.get("/legal-acts/{act_id:path}/items", summary="Items and plans citing a legal act")
    def legal_act_items(act_id: str) -> Json:
        node = URIRef(iri.legal_act(act_id.strip("/")))
        header = rows("legal-act", act=node)
        if not header:
            raise _not_found("legal act", act_id)
        citing: list[Json] = []
        for row in rows("legal-act-items", act=node):
            citer = str(row["citer"])
            if "plan" in row:
                summary = _item_summary(row, *item_key(citer))
            else:
                summary = {"plan": key(citer), "id": None, "level": "plan", "code": None, "title": str(row["title"])}
            citing.append({**summary, "citation": py(row.get("text")), "article": py(row.get("article"))})
        first = header[0]
        return {
            "legal_act": {**ref(node, first.get("label")), "title": py(first.get("title"))},
            "items": sorted(citing, key=lambda i: (i["plan"], _code_key(i["code"] or i["id"] or ""))),
        }

    @router.get("/search", summary="Items and plans whose code or title contains every word of q")
    def search(
        q: str = Query(..., min_length=1, max_length=200, description="Words to find; case, diacritics and ş/ș ţ/ț ignored"),
        limit: int = Query(50, ge=1, le=SEARCH_LIMIT),
    ) -> Json:
        words = fold(q).split()
        if not words:
            raise ApiError(400, "bad-request", "q has no words")
        longest = max(words, key=len)
        hits: dict[str, Json] = {}
        for row in rows("search", q=Literal(longest)):
            text = str(row["text"])
            node = str(row["node"])
            if node in hits or not all(w in text for w in words):
                continue
            if "plan" in row:
                hits[node] = _item_summary(row, *item_key(node))
            else:
                hits[node] = {"plan": key(node), "id": None, "level": "plan", "code": None, "title": str(row["title"])}
        found = sorted(hits.values(), key=lambda h: (h["plan"], h["id"] is not None, _code_key(h["code"] or h["id"] or "")))
        return {"query": q, "folded": " ".join(words), "count": len(found), "results": found[:limit]}

    reports = ReportCache()
    validating = threading.Lock()

    @router.get("/validate", summary="The SHACL validation report of the loaded graph")
    def validate(
        response: Response,
        plan: str | None = Query(None, description="Validate only this plan (its id); default: every plan and the links"),
    ) -> Json:
        # One validation at a time: a request that waited for another gets its cached answer.
        with validating:
            before = getattr(ctx.store, "generation", None)  # the key below must describe `loaded` too
            loaded = ctx.store.graphs()
            if plan is not None:
                if iri.plan_graph(plan) not in loaded:
                    raise _not_found("plan", plan)
                names = [iri.plan_graph(plan)]
            else:
                names = [g for g in loaded if iri.plan_id_of_graph(g) is not None or g == iri.LINKS_GRAPH]
            reference = iri.REFERENCE_GRAPH if iri.REFERENCE_GRAPH in loaded else None
            key = content_key(ctx.store, names, reference, plan)
            answer = reports.get(key) if key is not None else None
            response.headers["Plankg-Cache"] = "hit" if answer is not None else "miss"
            if answer is None:
                answer = _validation_report(ctx, names, reference)
                unchanged = before == getattr(ctx.store, "generation", None)
                if key is not None and unchanged and key == content_key(ctx.store, names, reference, plan):
                    reports.put(key, answer)
        return answer

    return router


def _validation_report(ctx: AppContext, names: list[str], reference: str | None) -> Json:
    """pyshacl over the union of ``names``, against the reference graph when loaded."""
    from service.validation import validate as shacl

    data = Graph()
    for name in names:
        data += ctx.store.graph(name)
    report = shacl(data, reference=ctx.store.graph(reference) if reference else None)
    return {
        "conforms": report.conforms,
        "graphs": names,
        "counts": {severity.lower(): report.count(severity) for severity in ("Violation", "Warning", "Info")},
        "results": [asdict(finding) for finding in report.results],
    }


def _code_key(code: str) -> tuple:
    """Sort ``1.2.10`` after ``1.2.9``: numbers compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.replace("-", ".").split("."))


def _item_summary(row: Row, plan_id: str, item_id: str) -> Json:
    types = {str(row["type"])[len(PK):]} if "type" in row else set()
    return {"plan": plan_id, "id": item_id, "level": level(types), "code": py(row.get("code")), "title": str(row["title"])}


def _attachments(props: Props, node: str) -> Json:
    """Legal references, cross-references, indicators and notes of a plan or item."""
    citations = []
    for c in props.parts(node, PK + "citation"):
        citations.append({"text": props.value(c, PK + "text"), "article": props.value(c, PK + "article"),
                          "act": props.ref(c, PK + "citedAct")})
    xrefs = []
    for x in props.parts(node, PK + "crossReference"):
        target = props.one(x, PK + "resolvedTarget")
        status = props.one(x, PK + "resolutionStatus")
        xrefs.append({
            "text": props.value(x, PK + "text"),
            "code": props.value(x, PK + "printedCode"),
            "status": key(status) if status is not None else None,
            "target": dict(zip(("plan", "id"), item_key(str(target)))) if target is not None else None,
        })
    indicators = []
    for i in props.parts(node, PK + "indicator"):
        kinds = props.types(i)
        indicators.append({
            "kind": next((v for k, v in INDICATOR_KINDS.items() if k in kinds), None),
            "code": props.value(i, PK + "code"),
            "text": props.value(i, PK + "text"),
            "period": props.value(i, PK + "period"),
            "targets": [
                {"label": props.value(t, "http://www.w3.org/2000/01/rdf-schema#label"),
                 "value": props.value(t, PK + "value"), "text": props.value(t, PK + "text")}
                for t in props.parts(i, PK + "target")
            ],
            "source": _lines(props, i),
        })
    skos = "http://www.w3.org/2004/02/skos/core#"
    return {
        "legal_refs": citations,
        "cross_refs": xrefs,
        "indicators": indicators,
        "notes": [py(n) for n in props.all(node, skos + "note")],
        "flags": [py(n) for n in props.all(node, skos + "editorialNote")],
    }


def _lines(props: Props, node: str) -> Json:
    """``{file, sha256, first_line, last_line}`` of a node with ``pk:source`` and its line range."""
    doc = props.one(node, PK + "source")
    return {
        "file": props.value(str(doc), PK + "fileName") if doc is not None else None,
        "sha256": props.value(str(doc), PK + "sha256") if doc is not None else None,
        "first_line": props.value(node, PK + "firstLine"),
        "last_line": props.value(node, PK + "lastLine"),
    }


def _item(props: Props, node: str, neighbours: list[Row]) -> Json:
    plan_id, item_id = item_key(node)
    parties: dict[str, list[Json]] = {"responsible": [], "partner": []}
    for p in props.parts(node, PK + "participation"):
        role = "responsible" if str(props.one(p, PK + "role")) == PK + "ResponsibleRole" else "partner"
        parties[role].append({
            "text": props.value(p, PK + "text"),
            "institution": props.ref(p, PK + "institution"),
            "match": props.value(p, PK + "matchMethod"),
            "score": props.value(p, PK + "matchScore"),
        })
    deadline = None
    for d in props.parts(node, PK + "deadline"):
        deadline = {
            "text": props.value(d, PK + "text"),
            "years": sorted(py(y) for y in props.all(d, PK + "year")),
            "start": props.value(d, PK + "startYear"),
            "end": props.value(d, PK + "endYear"),
            "semesters": [{"number": props.value(s, PK + "semesterNumber"), "year": props.value(s, PK + "year")}
                          for s in props.parts(d, PK + "semester")],
            "recurrence": props.ref(d, PK + "recurrence"),
            "per_year": props.value(d, PK + "perYear"),
            "updated": bool(props.value(d, PK + "updated")),
        }
    cost = None
    for c in props.parts(node, PK + "cost"):
        cost = {"text": props.value(c, PK + "text"), "amount": props.value(c, "https://schema.org/value"),
                "currency": props.value(c, "https://schema.org/currency")}
    funding = [{"text": props.value(f, PK + "text"), "kind": props.ref(f, PK + "fundingKind")}
               for f in props.parts(node, PK + "funding")]
    parent, children = None, []
    for row in neighbours:
        summary = {"id": item_key(str(row["other"]))[1], "code": py(row.get("code")), "title": str(row["title"])}
        if str(row["relation"]) == "parent":
            parent = summary
        else:
            children.append((int(py(row.get("order")) or 0), summary))
    return {
        "plan": plan_id,
        "id": item_id,
        "iri": node,
        "level": level(props.types(node)),
        "level_label": props.value(node, PK + "levelLabel"),
        "code": props.value(node, PK + "code"),
        "code_as_printed": props.value(node, PK + "codeAsPrinted"),
        "title": props.value(node, "http://purl.org/dc/terms/title"),
        "title_as_printed": props.value(node, PK + "titleAsPrinted"),
        "order": props.value(node, PK + "order"),
        "parent": parent,
        "children": [c for _, c in sorted(children, key=lambda oc: oc[0])],
        "deadline": deadline,
        "responsible": parties["responsible"],
        "partners": parties["partner"],
        "cost": cost,
        "funding": funding,
        **_attachments(props, node),
        "themes": props.refs(node, "http://purl.org/dc/terms/subject"),
        "source": _lines(props, node),
    }
