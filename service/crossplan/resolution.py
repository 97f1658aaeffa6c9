"""Cross-reference resolution: which item a printed code such as ``(5.1.2)`` points to.

For each :class:`~service.crossplan.corpus.CrossRefInfo` the target is looked
for, in this order (the first scope with a match decides):

1. **the same plan** — an item with that code, other than the citing item;
2. **the other parts of the same strategy** — plans that ``pk:implements`` an
   act the citing plan implements too (000 and 001 are two parts of one
   action plan);
3. **any other loaded plan** — there a code alone is weak evidence (every
   plan has a ``1.1.2``), so a candidate is accepted only when its text
   overlaps the citing item's (``textOverlap >= MISMATCH_BELOW``).

Status (``pk:resolutionStatus``):

- ``Resolved`` — one target, whose text shares enough with the citing text;
- ``Mismatched`` — one target found by code in scope 1 or 2, but its text
  shares little with the citing item (``textOverlap < MISMATCH_BELOW``): the
  target is still recorded (``pk:resolvedTarget``), the status asks a human to
  check the code;
- ``Ambiguous`` — several items in the deciding scope carry the code; all are
  ``pk:candidate``, none is the target;
- ``Unresolved`` — no acceptable target; the evidence says why, e.g. that
  general objective 5 of the strategy is not among the loaded plans.

``textOverlap`` is the IDF-weighted share of the citing text's terms
(:func:`service.crossplan.text.terms`) found in the target's title or in the
titles of its children (an action's scope is its activities): 1 when every
term recurs, 0 when none does. Everything is dictionary look-ups by code
(``Corpus.by_code``): no pairwise comparison of items.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from service.crossplan.corpus import Corpus, CrossRefInfo, ItemInfo
from service.crossplan.text import terms

MISMATCH_BELOW = 0.2
"""A found target whose ``textOverlap`` is below this is ``Mismatched`` (scopes 1, 2) or not accepted (scope 3)."""


class Status(str, Enum):
    RESOLVED = "Resolved"
    AMBIGUOUS = "Ambiguous"
    UNRESOLVED = "Unresolved"
    MISMATCHED = "Mismatched"


@dataclass(frozen=True)
class Resolution:
    """The outcome for one cross-reference."""

    reference: str  # the pk:CrossReference IRI
    owner: str  # citing item or plan IRI
    code: str
    status: Status
    target: str | None = None
    candidates: tuple[str, ...] = ()
    overlap: float | None = None
    shared_terms: tuple[str, ...] = ()
    evidence: str = ""
    scope: str = ""  # same-plan, same-strategy, other-plan or ""


@dataclass
class TermWeights:
    """Inverse document frequency of each term over the item titles of a corpus."""

    idf: dict[str, float] = field(default_factory=dict)
    default: float = 1.0

    @classmethod
    def of(cls, corpus: Corpus) -> "TermWeights":
        df: Counter[str] = Counter()
        for item in corpus.items.values():
            df.update(set(terms(item.title)))
        n = max(len(corpus.items), 1)
        idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        return cls(idf, math.log(1 + n) + 1)

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.default)


def overlap(citing: str, target_texts: list[str], weights: TermWeights) -> tuple[float, tuple[str, ...]]:
    """IDF-weighted share of ``citing``'s terms found in ``target_texts``, and the shared terms."""
    mine = set(terms(citing))
    if not mine:
        return 0.0, ()
    theirs: set[str] = set()
    for text in target_texts:
        theirs.update(terms(text))
    shared = mine & theirs
    total = sum(weights.weight(t) for t in mine)
    score = sum(weights.weight(t) for t in shared) / total
    return round(score, 3), tuple(sorted(shared, key=lambda t: (-weights.weight(t), t)))


def resolve_all(corpus: Corpus, weights: TermWeights | None = None) -> list[Resolution]:
    """Resolve every cross-reference of ``corpus`` (sorted by reference IRI)."""
    weights = weights or TermWeights.of(corpus)
    return [resolve(ref, corpus, weights) for ref in corpus.cross_refs]


def _citing(ref: CrossRefInfo, corpus: Corpus) -> tuple[str, str, str]:
    """(plan IRI, citing text, label of the citing node) of a reference."""
    item = corpus.items.get(ref.owner)
    if item is not None:
        return item.plan, item.title, item.code or item.iri.rsplit("/", 1)[-1]
    plan = corpus.plans.get(ref.owner)
    return ref.owner, plan.title if plan else "", "the plan"


def _target_texts(target: ItemInfo, corpus: Corpus) -> list[str]:
    return [target.title] + [child.title for child in corpus.children.get(target.iri, [])]


def _label(item: ItemInfo, corpus: Corpus) -> str:
    return f"{item.code or item.iri.rsplit('/', 1)[-1]} of {corpus.plan_id(item.plan)}"


def resolve(ref: CrossRefInfo, corpus: Corpus, weights: TermWeights) -> Resolution:
    """Resolve one cross-reference; see the module docstring for the rules."""
    plan_iri, citing_text, citing_label = _citing(ref, corpus)
    matches = [i for i in corpus.by_code.get(ref.code, []) if i.iri != ref.owner]
    siblings = corpus.siblings(plan_iri)
    scopes = (
        ("same-plan", "in the same plan", [i for i in matches if i.plan == plan_iri]),
        ("same-strategy", "in another part of the same strategy", [i for i in matches if i.plan in siblings]),
    )
    for scope, where, found in scopes:
        if len(found) > 1:
            names = ", ".join(_label(i, corpus) for i in found)
            return Resolution(ref.iri, ref.owner, ref.code, Status.AMBIGUOUS, None, tuple(sorted(i.iri for i in found)),
                              evidence=f"code {ref.code} found {len(found)} times {where}: {names}", scope=scope)
        if found:
            target = found[0]
            score, shared = overlap(citing_text, _target_texts(target, corpus), weights)
            evidence = f"code {ref.code} found {where}: {_label(target, corpus)}; text overlap {score:.2f}"
            if score < MISMATCH_BELOW:
                evidence += (f" — below {MISMATCH_BELOW}: {citing_label} and its target share "
                             f"{'only ' + ', '.join(shared) if shared else 'no terms'}; check the printed code")
                status = Status.MISMATCHED
            else:
                evidence += f" (shared terms: {', '.join(shared[:6])})"
                status = Status.RESOLVED
            return Resolution(ref.iri, ref.owner, ref.code, status, target.iri, (target.iri,), score, shared, evidence, scope)
    return _elsewhere(ref, corpus, weights, plan_iri, citing_text, siblings,
                      [i for i in matches if i.plan != plan_iri and i.plan not in siblings])


def _elsewhere(ref: CrossRefInfo, corpus: Corpus, weights: TermWeights, plan_iri: str, citing_text: str,
               siblings: set[str], others: list[ItemInfo]) -> Resolution:
    """Scope 3 (other loaded plans), then the explanation of an unresolved reference."""
    scored = []
    for item in others:
        score, shared = overlap(citing_text, _target_texts(item, corpus), weights)
        scored.append((score, shared, item))
    accepted = [s for s in scored if s[0] >= MISMATCH_BELOW]
    candidates = tuple(sorted(i.iri for _, _, i in scored))
    if len(accepted) == 1:
        score, shared, target = accepted[0]
        evidence = (f"code {ref.code} not found in this plan or its strategy; found in another loaded plan: "
                    f"{_label(target, corpus)}, text overlap {score:.2f} (shared terms: {', '.join(shared[:6])})")
        return Resolution(ref.iri, ref.owner, ref.code, Status.RESOLVED, target.iri, candidates, score, shared,
                          evidence, "other-plan")
    if len(accepted) > 1:
        names = ", ".join(_label(i, corpus) for _, _, i in accepted)
        return Resolution(ref.iri, ref.owner, ref.code, Status.AMBIGUOUS, None, candidates,
                          evidence=f"code {ref.code} found in {len(accepted)} other loaded plans with overlapping text: {names}",
                          scope="other-plan")
    reasons = [_why_missing(ref.code, plan_iri, siblings, corpus)]
    if scored:
        names = ", ".join(f"{_label(i, corpus)} ({s:.2f})" for s, _, i in scored)
        reasons.append(f"items with this code in unrelated plans share too little text to be the target: {names}")
    return Resolution(ref.iri, ref.owner, ref.code, Status.UNRESOLVED, None, candidates, evidence="; ".join(reasons))


def _why_missing(code: str, plan_iri: str, siblings: set[str], corpus: Corpus) -> str:
    """Why no target was found: the general objective's part of the strategy is not loaded, or has no such item."""
    plan = corpus.plans.get(plan_iri)
    family = [plan_iri, *sorted(siblings)]
    first = code.split(".", 1)[0]
    covering = {}
    for member in family:
        for objective in corpus.general_objectives.get(member, []):
            covering.setdefault(objective, corpus.plan_id(member))
    strategy = ", ".join(sorted(_short(a) for a in plan.implements)) if plan and plan.implements else ""
    if not strategy:
        return f"code {code} matches no item of this plan or of any other loaded plan"
    loaded = ", ".join(f"{go} ({pid})" for go, pid in sorted(covering.items())) or "none"
    if first in covering:
        return (f"general objective {first} of {strategy} is loaded ({covering[first]}) but has no item {code}: "
                "the code may be misprinted or the document incomplete")
    if covering:
        return (f"general objective {first} of {strategy} is not among the loaded plans "
                f"(general objectives loaded: {loaded}); load that part to resolve {code}")
    return f"{strategy} is not loaded: no loaded plan carries its objective {code}"


def _short(act: str) -> str:
    """An act or strategy IRI as its ELI-style path: ``md/strategy/2020/chisinau-drepturile-copilului``."""
    return act.rsplit("/eli/", 1)[-1]
