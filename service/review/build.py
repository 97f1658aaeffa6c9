"""``build_review(store) -> Review``: the coherence review of everything loaded.

Sections, in order (key — source):

1. ``overlaps`` — named query ``similar-items`` (SameText and SimilarText links);
2. ``cross-references`` — named query ``cross-references``, status other than Resolved;
3. ``misplaced-codes`` — ``service/sparql/review/code-misplaced.rq``;
4. ``missing-fields`` — named query ``items-missing-fields``;
5. ``deadlines-outside-period`` — ``service/sparql/review/deadlines-outside-period.rq``;
6. ``institution-names`` — ``service/sparql/review/institution-matches.rq`` (fuzzy or unresolved);
7. ``uneven-legal-bases`` — named query ``acts-not-cited-by-related``, run for each loaded plan;
8. ``institution-load`` — named query ``institution-load`` (the table behind the chart).

Item codes, titles and source lines come from one read of the corpus
(:func:`service.crossplan.corpus.read_corpus`). Link and resolution sections
read the links graph, so they are empty until the cross-plan refresh has run
(``plankg load`` runs it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from service.catalog import Catalog, plain
from service.crossplan.corpus import Corpus, read_corpus
from service.review.model import Finding, LoadCell, PlanSummary, Review, Section
from service.sparql import query_text
from service.store.base import QueryResult, Store

PK = "https://w3id.org/plankg/ontology#"


def _rows(result: QueryResult) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in result.rows]


class _Lookup:
    """Codes, titles and lines of items and plans, by IRI."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def plan_id(self, iri: str) -> str:
        return self.corpus.plan_id(iri)

    def where(self, iri: str) -> tuple[str, str, str, str]:
        """(plan id, code, lines, title) of an item or plan IRI."""
        item = self.corpus.items.get(iri)
        if item is not None:
            return (self.plan_id(item.plan), item.code or iri.rsplit("/", 1)[-1],
                    _lines(item.first_line, item.last_line), item.title)
        plan = self.corpus.plans.get(iri)
        if plan is not None:
            return plan.id, "—", _lines(plan.first_line, plan.last_line), plan.title
        return "", iri.rsplit("/", 1)[-1], "", ""

    def label(self, iri: str) -> str:
        plan, code, lines, _ = self.where(iri)
        return f"{plan} / {code}" + (f" (lines {lines})" if lines else "")


def _lines(first: int | None, last: int | None) -> str:
    if first is None:
        return ""
    return str(first) if last in (None, first) else f"{first}-{last}"


def _finding(look: _Lookup, iri: str, issue: str, action_en: str, action_ro: str, related: str = "") -> Finding:
    plan, code, lines, title = look.where(iri)
    return Finding(plan, code, lines, title, issue, action_en, action_ro, related, iri)


def overlaps(catalog: Catalog, store: Store, look: _Lookup) -> Section:
    findings = []
    seen: set[tuple[str, str, str]] = set()
    for row in _rows(catalog.get("similar-items").run(store)):
        kind = row["kind"].rsplit("#", 1)[-1]
        pair = tuple(sorted((row["item"], row["other"])))
        if kind not in ("SameText", "SimilarText") or (pair[0], pair[1], kind) in seen:
            continue
        seen.add((pair[0], pair[1], kind))
        first, second = pair
        if kind == "SameText":
            issue = "Same text word for word in two plans (or two parts of one plan)."
            action_en = "Keep one item and refer to it from the other plan; name one responsible institution."
            action_ro = "Păstrați un singur element și trimiteți la el din celălalt plan; stabiliți o singură instituție responsabilă."
        else:
            issue = f"Similar text (score {row['score']:.2f}; shared terms: {row.get('sharedTerms') or '—'})."
            action_en = "Check whether the items overlap; merge them or state how they differ and who coordinates."
            action_ro = "Verificați dacă elementele se suprapun; comasați-le sau precizați prin ce diferă și cine coordonează."
        findings.append(_finding(look, first, issue, action_en, action_ro, look.label(second)))
    return Section("overlaps", "Duplicated or overlapping items across plans", "Elemente duplicate sau suprapuse între planuri",
                   "Pairs of items of different plans (or different parts of one plan) linked by the similarity step "
                   "as the same text or a similar text.", tuple(findings))


_XREF_ACTIONS = {
    "Unresolved": ("Load the plan the code points to, or correct the printed code.",
                   "Încărcați planul la care trimite codul sau corectați codul tipărit."),
    "Ambiguous": ("Print the plan or objective the code belongs to, so the reference names one item.",
                  "Precizați planul sau obiectivul căruia îi aparține codul, ca trimiterea să indice un singur element."),
    "Mismatched": ("Check the printed code: the item it names deals with something else.",
                   "Verificați codul tipărit: elementul indicat tratează alt subiect."),
}


def cross_references(catalog: Catalog, store: Store, look: _Lookup) -> Section:
    findings = []
    for row in _rows(catalog.get("cross-references").run(store)):
        status = (row.get("status") or "").rsplit("#", 1)[-1] or "Unresolved"
        if status == "Resolved":
            continue
        action_en, action_ro = _XREF_ACTIONS.get(status, _XREF_ACTIONS["Unresolved"])
        issue = f"{status}: reference {row['text']!r} to {row['printedCode']}. {row.get('evidence') or 'Not resolved yet.'}"
        related = look.label(row["target"]) if row.get("target") else ""
        findings.append(_finding(look, row["source"], issue, action_en, action_ro, related))
    return Section("cross-references", "Cross-references unresolved, ambiguous or mismatched",
                   "Trimiteri nerezolvate, ambigue sau nepotrivite",
                   "Codes printed as references to other items ((5.1.2), (activitatea 1.2.5)) that the resolution step "
                   "could not tie to exactly one item with a related text.", tuple(findings))


def misplaced_codes(store: Store, look: _Lookup) -> Section:
    findings = [
        _finding(look, row["item"], f"Code {row['code']} is printed under {row['parentCode']}: it does not continue its parent's code.",
                 f"Renumber the item under {row['parentCode']}, or move it to the objective its code names.",
                 f"Renumerotați elementul sub {row['parentCode']} sau mutați-l la obiectivul indicat de cod.",
                 look.label(row["parent"]))
        for row in _rows(store.query(query_text("review/code-misplaced")))
    ]
    return Section("misplaced-codes", "Items whose code does not fit their place", "Elemente al căror cod nu corespunde locului",
                   "Items whose code does not start with their parent's code (e.g. 3.1.1.1 under 4.1.1).", tuple(findings))


_FIELDS = (
    ("noResponsible", "responsible", "responsabil"),
    ("noIndicator", "indicator", "indicator"),
    ("noDeadline", "deadline", "termen"),
    ("noFunding", "funding source", "sursă de finanțare"),
)


def missing_fields(catalog: Catalog, store: Store, look: _Lookup) -> Section:
    findings = []
    for row in _rows(catalog.get("items-missing-fields").run(store)):
        missing = [(en, ro) for key, en, ro in _FIELDS if row.get(key)]
        en = ", ".join(m[0] for m in missing)
        ro = ", ".join(m[1] for m in missing)
        findings.append(_finding(look, row["item"], f"No {en}.", f"Add the missing {en}.", f"Completați: {ro}."))
    return Section("missing-fields", "Missing responsible, indicator, deadline or funding",
                   "Responsabil, indicator, termen sau finanțare lipsă",
                   "Lowest-level items (no children) without a responsible party, an indicator, a deadline or a funding source.",
                   tuple(findings))


def deadlines_outside_period(store: Store, look: _Lookup) -> Section:
    findings = [
        _finding(look, row["item"],
                 f"Deadline {row['deadline']!r} names {row['firstYear']}"
                 + (f"-{row['lastYear']}" if row["lastYear"] != row["firstYear"] else "")
                 + f", outside the plan's period {row['periodStart']}-{row['periodEnd']}.",
                 "Move the deadline into the plan's period, or extend the period.",
                 "Aduceți termenul în perioada planului sau extindeți perioada.")
        for row in _rows(store.query(query_text("review/deadlines-outside-period")))
    ]
    return Section("deadlines-outside-period", "Deadlines outside the plan's period", "Termene în afara perioadei planului",
                   "Items whose deadline names a year before the plan's first year or after its last.", tuple(findings))


def institution_names(store: Store, look: _Lookup) -> Section:
    findings = []
    for row in _rows(store.query(query_text("review/institution-matches"))):
        role = row["role"].rsplit("#", 1)[-1].replace("Role", "").lower()
        if row["method"] == "fuzzy":
            issue = (f"{role.capitalize()} {row['text']!r} was matched only approximately "
                     f"(score {row.get('score') or 0:.0f}) to {row.get('label') or row.get('institution')}.")
            action_en, action_ro = ("Confirm the institution and record the printed form as a variant.",
                                    "Confirmați instituția și înregistrați forma tipărită ca variantă.")
        else:
            issue = f"{role.capitalize()} {row['text']!r} matches no known institution."
            action_en, action_ro = ("Name the institution in full, or add it to the institution register.",
                                    "Scrieți denumirea completă a instituției sau adăugați-o în registrul instituțiilor.")
        findings.append(_finding(look, row["item"], issue, action_en, action_ro, row.get("institution") or ""))
    return Section("institution-names", "Institution names that needed fuzzy resolution", "Denumiri de instituții rezolvate aproximativ",
                   "Printed names of responsible or partner institutions resolved only by fuzzy matching, or not at all.",
                   tuple(findings))


def uneven_legal_bases(catalog: Catalog, store: Store, look: _Lookup, limit: int = 0) -> Section:
    """Acts cited unevenly, asked plan by plan; stops once more than ``limit`` findings (0: never) are found."""
    citing: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item, acts in look.corpus.item_acts.items():
        info = look.corpus.items.get(item)
        for act in acts:
            if info is not None:
                citing[(info.plan, act)].append(item)
    findings = []
    query = catalog.get("acts-not-cited-by-related")  # one citing plan per run
    rows: list[dict[str, Any]] = []
    plans = sorted(look.corpus.plans)
    asked = 0
    for plan in plans:
        if limit and len(rows) > limit:
            break
        rows += _rows(query.run(store, {"plan": plan}))
        asked += 1
    note = (f"Oprit după {asked} din {len(plans)} planuri / stopped after {asked} of {len(plans)} plans "
            f"(more than {limit} findings)." if asked < len(plans) else "")
    for row in rows:
        act = row.get("actLabel") or row["act"].rsplit("/eli/", 1)[-1]
        items = sorted(citing.get((row["plan"], row["act"]), []), key=lambda i: look.corpus.items[i].first_line or 0)
        where = items[0] if items else row["plan"]
        count = f"{len(items)} item{'s' if len(items) > 1 else ''}"
        more = f" (cited by {count}: {', '.join(look.where(i)[1] for i in items[:8])})" if items else " (in its legal basis)"
        findings.append(_finding(
            look, where, f"{act} is cited by {look.plan_id(row['plan'])}{more} but not by the related plan {look.plan_id(row['other'])}.",
            f"Check whether {look.plan_id(row['other'])} should cite {act} too.",
            f"Verificați dacă {look.plan_id(row['other'])} trebuie să citeze și {act}.",
            look.label(row["other"])))
    return Section("uneven-legal-bases", "Legal bases cited unevenly across related plans",
                   "Baze legale citate inegal în planuri înrudite",
                   "Acts cited by one plan and not by a related plan (same strategy, a resolved cross-reference or a shared text).",
                   tuple(findings), note=note)


def institution_load(catalog: Catalog, store: Store) -> Section:
    cells: dict[tuple[str, int], dict[str, Any]] = {}
    for row in _rows(catalog.get("institution-load").run(store)):
        key = (row["institution"], int(row["year"]))
        cell = cells.setdefault(key, {"label": row.get("label") or row["institution"].rsplit("/", 1)[-1],
                                      "responsible": 0, "partner": 0})
        cell[row["role"]] = cell.get(row["role"], 0) + int(row["items"])
    load = tuple(LoadCell(inst, c["label"], year, c["responsible"], c["partner"]) for (inst, year), c in sorted(cells.items()))
    return Section("institution-load", "Each institution's load of items per year", "Numărul de elemente pe instituție și an",
                   "Items each institution is responsible for or partners in, per year its deadline covers "
                   "(recurrences run to the end of the plan's period).", (), load)


MAX_FINDINGS = 2000
"""Findings kept per section by default (the first ones: best scores, plan and line order); 0 keeps all."""


def build_review(store: Store, *, catalog: Catalog | None = None, generated_at: datetime | None = None,
                 max_findings: int = MAX_FINDINGS) -> Review:
    """The coherence review of the plans in ``store`` (see the module docstring for the sections).

    Each section keeps its first ``max_findings`` findings (0: all) and counts
    the rest in ``Section.omitted``, so the page stays readable and small
    enough to send.
    """
    catalog = catalog or Catalog.load()
    corpus = read_corpus(store)
    look = _Lookup(corpus)
    counts: dict[str, int] = defaultdict(int)
    for item in corpus.items.values():
        counts[item.plan] += 1
    plans = tuple(
        PlanSummary(p.id, p.title, p.country, f"{p.period[0]}-{p.period[1]}" if p.period else "", counts[p.iri])
        for p in sorted(corpus.plans.values(), key=lambda p: p.id)
    )
    sections = (
        overlaps(catalog, store, look),
        cross_references(catalog, store, look),
        misplaced_codes(store, look),
        missing_fields(catalog, store, look),
        deadlines_outside_period(store, look),
        institution_names(store, look),
        uneven_legal_bases(catalog, store, look, max_findings),
        institution_load(catalog, store),
    )
    if max_findings > 0:
        sections = tuple(
            replace(s, findings=s.findings[:max_findings], omitted=len(s.findings) - max_findings)
            if len(s.findings) > max_findings else s
            for s in sections
        )
    return Review(generated_at or datetime.now(timezone.utc), plans, sections)
