"""Similar items: the objective texts 001 and 002 share word for word, thresholds, and exactness at scale."""

from __future__ import annotations

import numpy as np
import pytest

from tests.crossplan.conftest import P000, P001, P002, P004, item
from service.crossplan import similarity
from service.crossplan.corpus import Corpus
from service.crossplan.similarity import SIMILAR_AT, THEME_AT, legal_basis_links, text_links
from service.crossplan.text import same_text_key, terms


@pytest.fixture(scope="module")
def links(corpus: Corpus) -> list[similarity.Link]:
    return text_links(corpus) + legal_basis_links(corpus)


def best_match(links: list[similarity.Link], iri: str) -> similarity.Link:
    mine = [l for l in links if iri in (l.source, l.target) and l.kind != "SameLegalBasis"]
    return max(mine, key=lambda l: (l.score, l.kind == "SameText"))


def other_end(link: similarity.Link, iri: str) -> str:
    return link.target if link.source == iri else link.source


# (item, its word-for-word twin) — text printed in both plans
SAME_TEXT = [
    # "Informarea, sensibilizarea și educarea societății asupra riscurilor de violență, exploatare și trafic în toate mediile"
    (item(P001, "1.1"), item(P002, "2.1")),
    # "Îmbunătățirea mecanismului intersectorial municipal de cooperare pentru identificarea, evaluarea, referirea, ..."
    (item(P001, "1.2"), item(P002, "1.1-a1")),
]


@pytest.mark.parametrize(("one", "twin"), SAME_TEXT)
def test_shared_objective_texts_are_each_others_best_match(links: list, one: str, twin: str) -> None:
    for a, b in ((one, twin), (twin, one)):
        best = best_match(links, a)
        assert other_end(best, a) == b
        assert best.kind == "SameText" and best.score == 1.0


def test_same_text_shared_terms_explain_the_link(links: list) -> None:
    link = best_match(links, item(P001, "1.1"))
    assert {"riscurilor", "societatii"} <= set(link.shared)


# pairs of items of different plans about different things: no link of any text kind
UNRELATED = [
    (item(P004, "OS.II.4-m3"), item(P001, "1.1")),  # "Înființarea de cantine sociale" / informing society on risks
    (item(P000, "4.1.2.2"), item(P001, "1.1.2")),  # DGPDC regulations / communication campaigns (the mismatched reference)
    (item(P004, "OS.II.3-m4"), item(P002, "1.2-a1")),  # homes for the elderly / examining Law 241/2005
]


@pytest.mark.parametrize(("a", "b"), UNRELATED)
def test_unrelated_items_stay_below_the_threshold(corpus: Corpus, links: list, a: str, b: str) -> None:
    assert not [l for l in links if {l.source, l.target} == {a, b}]
    space = similarity._space(corpus)
    index = {it.iri: n for n, it in enumerate(space.items)}
    assert space.cosine(index[a], index[b]) < THEME_AT


def test_similar_text_between_plans(links: list) -> None:
    # 001 1.1.3.4 "Desfășurarea (periodică) a seminarelor de instruire cu tema: „Prevenirea și combaterea traficului
    # de copii”" and 002 1.3-a3 "Desfășurarea seminarelor de instruire a pedagogilor ... „Prevenirea și combaterea
    # traficului de copii”"
    pair = {item(P001, "1.1.3.4"), item(P002, "1.3-a3")}
    found = [l for l in links if {l.source, l.target} == pair]
    assert found and found[0].kind == "SimilarText" and found[0].score >= SIMILAR_AT
    assert "seminarelor" in found[0].shared


def test_items_under_one_objective_are_not_linked(corpus: Corpus, links: list) -> None:
    for link in links:
        a, b = corpus.items[link.source], corpus.items[link.target]
        assert a.plan != b.plan or corpus.top_ancestor(a).iri != corpus.top_ancestor(b).iri


def test_same_legal_basis(links: list) -> None:
    # 001 1.2.1.5 "... în baza modului axat pe implementarea Hot. Guvern 270" and 002 1.1-a1 citing HG 270
    found = [l for l in links if l.kind == "SameLegalBasis"
             and {l.source, l.target} == {item(P001, "1.2.1.5"), item(P002, "1.1-a1")}]
    assert found and "270/2014" in found[0].shared[0]


def test_prefix_filtering_finds_what_the_full_product_finds(corpus: Corpus) -> None:
    """Exactness: the pairs above THEME_AT from the full X·Xᵀ are all candidates of the prefix product."""
    space = similarity._space(corpus)
    full = (space.matrix @ space.matrix.T).toarray()
    i, j = np.nonzero(np.triu(full >= THEME_AT, k=1))
    expected = set(zip(i.tolist(), j.tolist()))
    prefix = similarity._prefix_matrix(space.matrix, THEME_AT)
    reach = (prefix @ space.matrix.T).toarray() > 0
    assert expected and all(reach[a, b] and reach[b, a] for a, b in expected)
    assert prefix.nnz < space.matrix.nnz  # the prefixes leave the common features out


@pytest.mark.parametrize(("text", "expected"), [
    ("Prevenirea și combaterea traficului de copii", ["preven", "combat", "trafic", "cop"]),
    ("traficul", ["trafic"]),  # inflection
    ("Violenţei", ["violent"]),  # cedilla ţ, case, final vowel
    ("în cadrul şi pentru", []),  # stop words only
])
def test_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_copies_of_a_text_share_one_vector(corpus: Corpus) -> None:
    space = similarity._space(corpus)
    index = {it.iri: n for n, it in enumerate(space.items)}
    one, twin = index[item(P001, "1.1")], index[item(P002, "2.1")]
    assert space.unique[one] == space.unique[twin] and space.cosine(one, twin) > 0.999
    assert space.matrix.shape[0] < len(space.items)


def test_same_text_key_ignores_case_accents_and_punctuation() -> None:
    assert same_text_key("Informarea,  sensibilizarea și educarea.") == same_text_key("informarea sensibilizarea si educarea")
    assert same_text_key("educarea copiilor") != same_text_key("educarea copilului")
