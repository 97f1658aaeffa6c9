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
among the best of either end) and ``TOP_K`` legal-basis links.

Scale: no pair of items is compared unless they share one of the *rarest*
features of one of them — prefix filtering (:func:`_prefix_matrix`), exact for
cosines ``>= THEME_AT`` — computed as a sparse product ``prefix · Xᵀ`` in
blocks of ``BLOCK`` rows (distinct texts), each block cut to its rows' ``2 * TOP_K`` best at once.
Items with identical terms share one vector and are compared once; the
copies of a text are linked to each other as a chain of ``TOP_K`` neighbours.
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
    """The items in a fixed order, the vectors of their distinct texts, what decides whether a pair may be linked.

    Items whose terms are identical share one row of ``matrix`` (``unique[i]``
    is item ``i``'s row, ``members[u]`` the items of row ``u``): copies of a
    text are compared once.
    """

    items: list[ItemInfo]
    tokens: list[list[str]]
    matrix: sparse.csr_matrix  # one L2-normalised row per distinct list of terms
    unique: np.ndarray  # item index -> row of matrix
    members: list[list[int]]  # row of matrix -> item indexes, in IRI order
    idf: dict[str, float]
    plan: np.ndarray  # plan index per item
    part: np.ndarray  # first-level ancestor index per item
    forms: list[dict[str, str]]  # per item: term -> its shortest folded word

    def allowed(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return (i != j) & ((self.plan[i] != self.plan[j]) | (self.part[i] != self.part[j]))

    def cosine(self, i: int, j: int) -> float:
        """The cosine of two items' vectors."""
        return float(self.matrix[self.unique[i]].multiply(self.matrix[self.unique[j]]).sum())


def _space(corpus: Corpus) -> _Space:
    items = sorted(corpus.items.values(), key=lambda it: it.iri)
    tokens = [terms(it.title) for it in items]
    rows: dict[tuple[str, ...], int] = {}
    unique = np.array([rows.setdefault(tuple(t), len(rows)) for t in tokens], dtype=np.int64)
    members: list[list[int]] = [[] for _ in rows]
    for index, row in enumerate(unique.tolist()):
        members[row].append(index)
    distinct = [list(key) for key in rows]
    vectorizer = TfidfVectorizer(analyzer=_features, sublinear_tf=True, norm="l2")
    if items:
        vectorizer.fit(tokens)  # document frequencies over every item, copies included
        matrix = sparse.csr_matrix(vectorizer.transform(distinct))
        idf = dict(zip(vectorizer.get_feature_names_out(), vectorizer.idf_))
    else:
        matrix, idf = sparse.csr_matrix((0, 0)), {}
    plans: dict[str, int] = {}
    parts: dict[str, int] = {}
    plan = np.array([plans.setdefault(it.plan, len(plans)) for it in items], dtype=np.int64)
    part = np.array([parts.setdefault(corpus.top_ancestor(it).iri, len(parts)) for it in items], dtype=np.int64)
    forms = [surface_forms(it.title) for it in items]
    return _Space(items, tokens, matrix, unique, members, idf, plan, part, forms)


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


def _neighbours(space: _Space, themes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(u, v, cosine): for each distinct text ``u``, its ``2 * TOP_K`` best other texts ``v`` worth a link.

    ``themes`` holds a bit set of theme indexes per distinct text: a pair between
    ``THEME_AT`` and ``SIMILAR_AT`` counts only when the sets meet.
    """
    matrix = space.matrix
    n = matrix.shape[0]
    prefix = _prefix_matrix(matrix, THEME_AT)
    full_t = matrix.T.tocsr()
    rows, cols, scores = [], [], []
    for start in range(0, n, BLOCK):
        product = (prefix[start:start + BLOCK] @ full_t).tocoo()
        u = product.row.astype(np.int64) + start
        v = product.col.astype(np.int64)
        mask = u != v
        u, v = u[mask], v[mask]
        if not len(u):
            continue
        full = np.asarray(matrix[u].multiply(matrix[v]).sum(axis=1)).ravel()
        linkable = (full >= SIMILAR_AT) | ((full >= THEME_AT) & ((themes[u] & themes[v]) != 0))
        u, v, full = u[linkable], v[linkable], full[linkable]
        best = _best_per_row(u, v, full, 2 * TOP_K)  # room for texts whose copies are all under the item's objective
        rows.append(u[best])
        cols.append(v[best])
        scores.append(full[best])
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


def _theme_bits(space: _Space, themes: Mapping[str, set[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Bit sets of theme indexes per item and per distinct text (Python ints: any number of themes)."""
    index: dict[str, int] = {}
    items = np.zeros(len(space.items), dtype=object)
    for n, item in enumerate(space.items):
        value = 0
        for theme in sorted(themes.get(item.iri, ())):
            value |= 1 << index.setdefault(theme, len(index))
        items[n] = value
    rows = np.zeros(len(space.members), dtype=object)
    for row, members in enumerate(space.members):
        value = 0
        for member in members:
            value |= items[member]
        rows[row] = value
    return items, rows


def _candidates(space: _Space, themes: Mapping[str, set[str]]) -> dict[int, list[tuple[float, int, str]]]:
    """Item index -> its linkable neighbours (score, other item, kind), before the per-item cut."""
    item_bits, row_bits = _theme_bits(space, themes)
    found: dict[int, list[tuple[float, int, str]]] = defaultdict(list)
    keys = [same_text_key(it.title) for it in space.items]
    for members in space.members:  # copies of one list of terms: cosine 1
        for a, i in enumerate(members):
            linked = 0
            for j in members[a + 1:]:
                if linked == TOP_K:
                    break
                if space.allowed(np.array([i]), np.array([j]))[0]:
                    same = keys[i] == keys[j] and len(keys[i].split()) >= MIN_SAME_WORDS
                    found[i].append((1.0, j, "SameText" if same else "SimilarText"))
                    linked += 1
    u, v, scores = _neighbours(space, row_bits)
    for row, other, score in zip(u.tolist(), v.tolist(), scores.tolist()):
        kind = "SimilarText" if score >= SIMILAR_AT else "SameTheme"
        for i in space.members[row]:
            for j in space.members[other]:  # the first copy of the other text this item may be linked to
                if space.allowed(np.array([i]), np.array([j]))[0] and (kind != "SameTheme" or item_bits[i] & item_bits[j]):
                    found[i].append((score, j, kind))
                    break
    return found


def text_links(corpus: Corpus, themes: Mapping[str, set[str]] | None = None) -> list[Link]:
    """SameText, SimilarText and SameTheme links of ``corpus`` (``themes``: item IRI -> theme IRIs)."""
    space = _space(corpus)
    themes = themes or {}
    chosen: dict[tuple[int, int], tuple[float, str]] = {}
    for i, candidates in _candidates(space, themes).items():
        for score, j, kind in sorted(candidates, key=lambda c: (-c[0], c[1]))[:TOP_K]:
            chosen.setdefault((min(i, j), max(i, j)), (score, kind))
    links = []
    for (i, j), (score, kind) in chosen.items():
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
