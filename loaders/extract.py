"""The extraction pipeline (read → detect layout → read plan) and its stable JSON.

The JSON shape is documented in ``docs/extract-json.md``; change both together.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from loaders.documents import Document, read_document
from loaders.layout import detect
from loaders.model import (
    CrossRef,
    Deadline,
    Funding,
    Indicator,
    Item,
    LegalRef,
    Money,
    Note,
    Party,
    Plan,
    SourceRef,
    Unparsed,
)

JSON_VERSION = 1


def extract_document(doc: Document) -> Plan:
    """The plan of an already-read document."""
    return detect(doc).read(doc)


def extract(path: str | Path) -> Plan:
    """Read the file at ``path`` and return its plan.

    Raises :class:`loaders.errors.DocumentError` (or its subclass
    :class:`loaders.errors.UnknownLayout`) naming the file.
    """
    return extract_document(read_document(path))


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _source(ref: SourceRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"file": ref.file, "sha256": ref.sha256, "first_line": ref.first_line, "last_line": ref.last_line}


def _party(p: Party | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"text": p.text, "role": p.role.value, "institution": p.institution, "match": p.match.value, "score": p.score}


def _deadline(d: Deadline | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "text": d.text,
        "years": list(d.years),
        "start": d.start,
        "end": d.end,
        "semesters": [{"number": s.number, "year": s.year} for s in d.semesters],
        "recurrence": d.recurrence.value if d.recurrence else None,
        "per_year": d.per_year,
        "updated": d.updated,
    }


def _indicator(i: Indicator) -> dict[str, Any]:
    return {
        "text": i.text,
        "kind": i.kind.value,
        "code": i.code,
        "period": i.period,
        "targets": [{"text": t.text, "label": t.label, "value": _number(t.value)} for t in i.targets],
        "source": _source(i.source),
    }


def _money(m: Money | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {"text": m.text, "amount": _number(m.amount), "currency": m.currency}


def _funding(f: Funding) -> dict[str, Any]:
    return {"text": f.text, "kind": f.kind}


def _legal(r: LegalRef) -> dict[str, Any]:
    return {"text": r.text, "kind": r.kind, "number": r.number, "year": r.year, "article": r.article, "act": r.act}


def _xref(x: CrossRef) -> dict[str, Any]:
    return {"text": x.text, "code": x.code}


def _note(n: Note) -> dict[str, Any]:
    return {"text": n.text, "kind": n.kind}


def _unparsed(u: Unparsed) -> dict[str, Any]:
    return {"first_line": u.first_line, "last_line": u.last_line, "text": u.text, "reason": u.reason}


def _item(it: Item) -> dict[str, Any]:
    return {
        "id": it.id,
        "level": it.level.value,
        "code": it.code,
        "code_text": it.code_text,
        "title": it.title,
        "title_text": it.title_text,
        "parent": it.parent,
        "order": it.order,
        "deadline": _deadline(it.deadline),
        "responsible": [_party(p) for p in it.responsible],
        "partners": [_party(p) for p in it.partners],
        "indicators": [_indicator(i) for i in it.indicators],
        "cost": _money(it.cost),
        "funding": [_funding(f) for f in it.funding],
        "legal_refs": [_legal(r) for r in it.legal_refs],
        "cross_refs": [_xref(x) for x in it.cross_refs],
        "notes": [_note(n) for n in it.notes],
        "source": _source(it.source),
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as the stable JSON of ``plankg extract --format json`` (see docs/extract-json.md)."""
    return {
        "version": JSON_VERSION,
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "title_text": plan.title_text,
            "kind": plan.kind,
            "issuer": _party(plan.issuer),
            "date": plan.date,
            "period": {"start": plan.period[0], "end": plan.period[1]} if plan.period else None,
            "country": plan.country,
            "legal_basis": [_legal(r) for r in plan.legal_basis],
            "implements": list(plan.implements),
            "indicators": [_indicator(i) for i in plan.indicators],
            "cross_refs": [_xref(x) for x in plan.cross_refs],
            "notes": [_note(n) for n in plan.notes],
            "source": _source(plan.source),
        },
        "items": [_item(it) for it in plan.items],
        "unparsed": [_unparsed(u) for u in plan.unparsed],
    }
