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

Pairs under ``THEME_AT`` are never linked: unrelated items stay out.

Each item keeps its ``TOP_K`` best text links (a pair is linked when it is
among the best of either end) and at most ``TOP_K`` legal-basis links per act group.

Scale: no pair of items is compared unless they share one of the *rarest*
features of one of them — prefix filtering (:func:`_prefix_matrix`), exact for
cosines ``>= THEME_AT`` — computed as a sparse product ``prefix · Xᵀ`` in
blocks of ``BLOCK`` rows, each block cut to its rows' ``TOP_K`` best at once.
Identical texts are grouped by hash, not compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from service.crossplan.corpus import Corpus, ItemInfo
from service.crossplan.text import same_text_key, surface_forms, terms

SIMILAR_AT = 0.5
THEME_AT = 0.3
TOP_K = 3
MIN_SAME_WORDS = 3
BLOCK = 1000
MAX_SHARED = 4
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
    forms: list[dict[str, str]]  # per item: term -> its shortest folded word

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
    forms = [surface_forms(it.title) for it in items]
    return _Space(items, tokens, sparse.csr_matrix(matrix), idf, plan, part, forms)


def _shared(space: _Space, i: int, j: int) -> tuple[str, ...]:
    """The terms two items share, most specific first, each shown as its shortest printed form."""
    first, second = space.forms[i], space.forms[j]
    common = first.keys() & second.keys()
    ranked = sorted(common, key=lambda t: (-space.idf.get(t, 0.0), t))
    return tuple(min(first[t], second[t], key=lambda w: (len(w), w)) for t in ranked[:MAX_SHARED])


def _prefix_matrix(matrix: sparse.csr_matrix, threshold: float) -> sparse.csr_matrix:
    """Each row cut to its rarest features, just enough that the rest weighs less than ``threshold``.

    Prefix filtering (Bayardo et al., "Scaling up all pairs similarity search",
    2007): with L2-normalised rows, if ``b`` has no feature of ``a``'s prefix
    then ``a·b <= ||a's suffix|| < threshold``. So every pair with a cosine of
    at least ``threshold`` shares a feature of each one's prefix, and
    ``prefix · fullᵀ`` finds it from both ends, while the common features
    (those that make a full product dense) mostly stay out of the prefixes.
    """
    df = np.diff(matrix.tocsc().indptr)
    rows, cols, values = [], [], []
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        features, weights = matrix.indices[start:end], matrix.data[start:end]
        order = np.lexsort((features, df[features]))  # rarest first, ties by feature index
        suffix = np.sqrt(np.cumsum((weights[order] ** 2)[::-1])[::-1])  # norm of each feature and the rest
        keep = order[suffix >= threshold]
        rows.append(np.full(len(keep), row))
        cols.append(features[keep])
        values.append(weights[keep])
    if not rows:
        return sparse.csr_matrix(matrix.shape)
    return sparse.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=matrix.shape)


def _best_per_row(i: np.ndarray, j: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """A mask keeping, for each ``i``, its ``k`` highest-scoring entries (ties by ``j``)."""
    order = np.lexsort((j, -score, i))
    i_sorted = i[order]
    first = np.r_[True, i_sorted[1:] != i_sorted[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(i_sorted)), 0))
    rank = np.arange(len(i_sorted)) - group_start
    mask = np.zeros(len(i), dtype=bool)
    mask[order[rank < k]] = True
    return mask


def _candidate_pairs(space: _Space, themes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) with i < j: each item's ``TOP_K`` best linkable neighbours (see :func:`_prefix_matrix`).

    ``themes`` holds a bit set of theme indexes per item: a pair between
    ``THEME_AT`` and ``SIMILAR_AT`` counts only when the sets meet.
    """
    matrix = space.matrix
    n = matrix.shape[0]
    prefix = _prefix_matrix(matrix, THEME_AT)
    full_t = matrix.T.tocsr()
    rows, cols, scores = [], [], []
    for start in range(0, n, BLOCK):
        product = (prefix[start:start + BLOCK] @ full_t).tocoo()
        i = product.row.astype(np.int64) + start
        j = product.col.astype(np.int64)
        mask = space.allowed(i, j)
        i, j = i[mask], j[mask]
        if not len(i):
            continue
        full = np.asarray(matrix[i].multiply(matrix[j]).sum(axis=1)).ravel()
        linkable = (full >= SIMILAR_AT) | ((full >= THEME_AT) & ((themes[i] & themes[j]) != 0))
        i, j, full = i[linkable], j[linkable], full[linkable]
        best = _best_per_row(i, j, full, TOP_K)
        rows.append(np.minimum(i[best], j[best]))
        cols.append(np.maximum(i[best], j[best]))
        scores.append(full[best])
    if not rows:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float)
    i, j, score = np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)
    _, unique = np.unique(i * n + j, return_index=True)
    return i[unique], j[unique], score[unique]


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


def _theme_bits(space: _Space, themes: Mapping[str, set[str]]) -> np.ndarray:
    """A bit set of theme indexes per item (Python ints in an object array: any number of themes)."""
    index: dict[str, int] = {}
    bits = np.zeros(len(space.items), dtype=object)
    for n, item in enumerate(space.items):
        value = 0
        for theme in sorted(themes.get(item.iri, ())):
            value |= 1 << index.setdefault(theme, len(index))
        bits[n] = value
    return bits


def text_links(corpus: Corpus, themes: Mapping[str, set[str]] | None = None) -> list[Link]:
    """SameText, SimilarText and SameTheme links of ``corpus`` (``themes``: item IRI -> theme IRIs)."""
    space = _space(corpus)
    themes = themes or {}
    same = _same_text(space)
    same_pairs = {(i, j) for i, j, _ in same}
    found: list[tuple[int, int, float, str]] = [(i, j, score, "SameText") for i, j, score in same]
    rows, cols, scores = _candidate_pairs(space, _theme_bits(space, themes))
    for i, j, score in zip(rows.tolist(), cols.tolist(), scores.tolist()):
        if (i, j) not in same_pairs:
            found.append((i, j, score, "SimilarText" if score >= SIMILAR_AT else "SameTheme"))
    links = []
    for i, j, score, kind in found:
        shared = _shared(space, i, j)
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
