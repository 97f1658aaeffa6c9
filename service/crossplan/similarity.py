"""Similar items across plans: TF-IDF over Romanian stems, sparse top-k neighbours.

Each item's title becomes a TF-IDF vector over its terms
(:func:`service.crossplan.text.terms`: folded Snowball stems, stop words
out) and over pairs of consecutive terms; vectors are L2-normalised, so a dot
product is a cosine in [0, 1].

Which pairs may be linked: items of **different plans**, or of one plan under
**different first-level items** (different general objectives / directions).
Items under one objective naturally repeat each other's words and are not
compared.

Kinds (``pk:linkKind``), one link per pair and kind:

- ``SameText`` (score 1.0) — the titles are equal word for word
  (:func:`~service.crossplan.text.same_text_key`: case, diacritics,
  punctuation and spacing ignored) and have at least ``MIN_SAME_WORDS`` words;
- ``SimilarText`` — cosine ``>= SIMILAR_AT`` (0.5);
- ``SameTheme`` — cosine ``>= THEME_AT`` (0.3) and below 0.5, and both items
  are classified under a common theme (the theme keys are added to the shared terms);
- ``SameLegalBasis`` — both items cite a common legal act (``pk:citesAct``); the
  score is the Jaccard index of their sets of cited acts, the shared terms are
  the acts' labels.

Each item keeps at most ``TOP_K`` text links (its best ones) and ``TOP_K``
legal-basis links. Pairs under ``THEME_AT`` are never linked: unrelated items stay out.

Scale: candidates come from a sparse matrix product ``X · Xᵀ`` computed in
blocks of ``BLOCK`` rows, with terms that occur in more than ``MAX_DF`` items
left out of the *candidate* product (a term that common explains nothing and
would make the product dense); candidates are then scored with the full
vectors. The work is proportional to the items times the postings of their
rarer terms, not to the square of the items; identical texts are grouped by
hash, not compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from loaders.text import fold
from service.crossplan.corpus import Corpus, ItemInfo
from service.crossplan.text import same_text_key, terms, words

SIMILAR_AT = 0.5
THEME_AT = 0.3
TOP_K = 5
MIN_SAME_WORDS = 3
MAX_DF = 2000
BLOCK = 2000
MAX_SHARED = 6
MAX_ACT_GROUP = 500


@dataclass(frozen=True)
class Link:
    """A link between two items (``source < target`` by IRI: one link per pair and kind)."""

    source: str
    target: str
    kind: str  # SameText, SimilarText, SameTheme, SameLegalBasis
    score: float
    shared: tuple[str, ...]


def _features(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


@dataclass
class _Space:
    """The items in a fixed order, their vectors and what decides whether a pair may be linked."""

    items: list[ItemInfo]
    tokens: list[list[str]]
    matrix: sparse.csr_matrix
    idf: dict[str, float]
    plan: np.ndarray  # plan index per item
    part: np.ndarray  # first-level ancestor index per item

    def allowed(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return (i != j) & ((self.plan[i] != self.plan[j]) | (self.part[i] != self.part[j]))


def _space(corpus: Corpus) -> _Space:
    items = sorted(corpus.items.values(), key=lambda it: it.iri)
    tokens = [terms(it.title) for it in items]
    vectorizer = TfidfVectorizer(analyzer=_features, sublinear_tf=True, norm="l2")
    matrix = vectorizer.fit_transform(tokens) if items else sparse.csr_matrix((0, 0))
    idf = dict(zip(vectorizer.get_feature_names_out(), vectorizer.idf_)) if items else {}
    plans: dict[str, int] = {}
    parts: dict[str, int] = {}
    plan = np.array([plans.setdefault(it.plan, len(plans)) for it in items], dtype=np.int64)
    part = np.array([parts.setdefault(corpus.top_ancestor(it).iri, len(parts)) for it in items], dtype=np.int64)
    return _Space(items, tokens, sparse.csr_matrix(matrix), idf, plan, part)


def _shared(space: _Space, i: int, j: int) -> tuple[str, ...]:
    """The terms two items share, most specific first, each shown as its shortest printed form."""
    common = set(space.tokens[i]) & set(space.tokens[j])
    surface: dict[str, str] = {}
    for index in (i, j):
        for word in words(space.items[index].title):
            stemmed = terms(word)
            if stemmed and stemmed[0] in common:
                folded = fold(word)
                if stemmed[0] not in surface or len(folded) < len(surface[stemmed[0]]):
                    surface[stemmed[0]] = folded
    ranked = sorted(common, key=lambda t: (-space.idf.get(t, 0.0), t))
    return tuple(surface.get(t, t) for t in ranked[:MAX_SHARED])


def _candidate_pairs(space: _Space) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) of every allowed pair sharing a not-too-common term, i < j."""
    matrix = space.matrix
    n = matrix.shape[0]
    if n == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float)
    df = np.diff(matrix.tocsc().indptr)
    keep = sparse.diags((df <= MAX_DF).astype(float))
    narrow = (matrix @ keep).tocsr()
    narrow.eliminate_zeros()
    narrow_t = narrow.T.tocsr()
    rows, cols, scores = [], [], []
    for start in range(0, n, BLOCK):
        product = (narrow[start:start + BLOCK] @ narrow_t).tocoo()
        i = product.row.astype(np.int64) + start
        j = product.col.astype(np.int64)
        mask = (i < j) & space.allowed(i, j)
        i, j = i[mask], j[mask]
        if not len(i):
            continue
        full = np.asarray(matrix[i].multiply(matrix[j]).sum(axis=1)).ravel()
        rows.append(i)
        cols.append(j)
        scores.append(full)
    if not rows:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)


def _top_k(pairs: list[tuple[int, int, float]], k: int) -> set[tuple[int, int]]:
    """The pairs that are among the ``k`` best of at least one of their two ends."""
    by_item: dict[int, list[tuple[float, int, tuple[int, int]]]] = defaultdict(list)
    for i, j, score in pairs:
        by_item[i].append((-score, j, (i, j)))
        by_item[j].append((-score, i, (i, j)))
    kept: set[tuple[int, int]] = set()
    for ranked in by_item.values():
        kept.update(pair for _, _, pair in sorted(ranked)[:k])
    return kept


def _same_text(space: _Space) -> list[tuple[int, int, float]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(space.items):
        key = same_text_key(item.title)
        if len(key.split()) >= MIN_SAME_WORDS:
            groups[key].append(index)
    pairs = []
    for members in groups.values():
        for a, i in enumerate(members):
            for j in members[a + 1:a + 1 + TOP_K]:  # a group of copies is linked as a chain of TOP_K neighbours
                if space.allowed(np.array([i]), np.array([j]))[0]:
                    pairs.append((i, j, 1.0))
    return pairs


def text_links(corpus: Corpus, themes: Mapping[str, set[str]] | None = None) -> list[Link]:
    """SameText, SimilarText and SameTheme links of ``corpus`` (``themes``: item IRI -> theme IRIs)."""
    space = _space(corpus)
    themes = themes or {}
    same = _same_text(space)
    same_pairs = {(i, j) for i, j, _ in same}
    scored: list[tuple[int, int, float]] = list(same)
    kinds: dict[tuple[int, int], str] = {pair: "SameText" for pair in same_pairs}
    rows, cols, scores = _candidate_pairs(space)
    for i, j, score in zip(rows.tolist(), cols.tolist(), scores.tolist()):
        if (i, j) in same_pairs:
            continue
        if score >= SIMILAR_AT:
            kinds[(i, j)] = "SimilarText"
        elif score >= THEME_AT and themes.get(space.items[i].iri, set()) & themes.get(space.items[j].iri, set()):
            kinds[(i, j)] = "SameTheme"
        else:
            continue
        scored.append((i, j, score))
    kept = _top_k(scored, TOP_K)
    links = []
    for i, j, score in scored:
        if (i, j) not in kept:
            continue
        shared = _shared(space, i, j)
        kind = kinds[(i, j)]
        if kind == "SameTheme":
            common = themes[space.items[i].iri] & themes[space.items[j].iri]
            shared = tuple(sorted(t.rsplit("/", 1)[-1] for t in common)) + shared
        links.append(_link(space.items[i].iri, space.items[j].iri, kind, min(score, 1.0), shared))
    return sorted(links, key=lambda link: (link.source, link.target, link.kind))


def legal_basis_links(corpus: Corpus) -> list[Link]:
    """SameLegalBasis links: items of different plans citing a common act, ``TOP_K`` per item by Jaccard.

    An act cited by at most ``MAX_ACT_GROUP`` items has all its pairs scored; a
    larger group (an act every plan cites) links each item to the next
    ``TOP_K`` items of other plans in IRI order, so the work stays linear.
    """
    by_act: dict[str, list[str]] = defaultdict(list)
    for item, acts in sorted(corpus.item_acts.items()):
        if item in corpus.items:
            for act in acts:
                by_act[act].append(item)
    scores: dict[tuple[str, str], float] = {}
    for members in by_act.values():
        for a, first in enumerate(members):
            others = members[a + 1:] if len(members) <= MAX_ACT_GROUP else members[a + 1:a + 1 + 4 * TOP_K]
            for second in others:
                if corpus.items[first].plan != corpus.items[second].plan and (first, second) not in scores:
                    acts_a, acts_b = corpus.item_acts[first], corpus.item_acts[second]
                    scores[(first, second)] = len(acts_a & acts_b) / len(acts_a | acts_b)
    index = {iri: n for n, iri in enumerate(sorted({end for pair in scores for end in pair}))}
    kept = _top_k([(index[a], index[b], s) for (a, b), s in scores.items()], TOP_K)
    links = []
    for (a, b), score in scores.items():
        if (index[a], index[b]) in kept:
            common = sorted(corpus.act_labels.get(act, act) for act in corpus.item_acts[a] & corpus.item_acts[b])
            links.append(_link(a, b, "SameLegalBasis", score, tuple(common)))
    return sorted(links, key=lambda link: (link.source, link.target, link.kind))


def _link(a: str, b: str, kind: str, score: float, shared: tuple[str, ...]) -> Link:
    source, target = (a, b) if a < b else (b, a)
    return Link(source, target, kind, round(float(score), 4), shared)
