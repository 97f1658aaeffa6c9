"""Themes, funding kinds and recurrences: the SKOS schemes the loaders and the classifier use.

Theme keywords were chosen by reading the five documents: every keyword must
occur in them, and every theme must reach both a Moldovan and the Romanian
plan, so that items of the two countries meet under the same theme.
"""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib import RDF, SKOS

from loaders import iri
from loaders.model import Recurrence
from loaders.text import fold
from tests.conftest import DOC_000, DOC_001, DOC_002, DOC_003, DOC_004

PK = rdflib.Namespace(iri.ONTOLOGY)
SCHEME = rdflib.URIRef(iri.theme("scheme"))
MD_DOCS = (DOC_000, DOC_001, DOC_002, DOC_003)
RO_DOCS = (DOC_004,)
FUNDING_KINDS = ("municipal-budget", "state-budget", "county-budget", "local-budget", "external-funds",
                 "donations", "allocated-budget", "payroll-fund", "ngo-budget", "uncovered", "other")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", fold(text))


def matches(keyword: str, words: list[str]) -> bool:
    """The documented rule of pk:keyword: each word of the keyword starts consecutive words."""
    parts = keyword.split()
    return any(all(words[i + j].startswith(part) for j, part in enumerate(parts))
               for i in range(len(words) - len(parts) + 1))


@pytest.fixture(scope="module")
def themes() -> rdflib.Graph:
    from loaders.reference import ontology_dir
    return rdflib.Graph().parse(ontology_dir() / "themes.ttl")


@pytest.fixture(scope="module")
def schemes() -> rdflib.Graph:
    from loaders.reference import ontology_dir
    return rdflib.Graph().parse(ontology_dir() / "schemes.ttl")


@pytest.fixture(scope="module")
def doc_words() -> dict[str, list[str]]:
    return {doc.name: _words(doc.read_text(encoding="utf-8")) for doc in (*MD_DOCS, *RO_DOCS)}


@pytest.mark.parametrize(
    ("keyword", "text", "expected"),
    [
        ("trafic", "prevenirea și combaterea traficului de ființe umane", True),       # 002
        ("centr de zi", "Înființarea de centre de zi pentru copii aflați în risc", True),  # 004
        ("centr de zi", "centrele de plasament temporar", False),
        ("intersector", "mecanismului intersectorial de cooperare", True),              # 002
        ("dizabilit", "copiii cu dizabilități și tulburări de conduită", True),          # 004
        ("eil", "Numărul de ședințe EIL", True),                                         # 004
        ("eil", "deileu", False),                                                        # a stem starts a word
    ],
)
def test_keyword_rule(keyword: str, text: str, expected: bool) -> None:
    assert matches(keyword, _words(text)) is expected


def test_there_are_themes_of_the_glossary(themes: rdflib.Graph) -> None:
    keys = {str(c).rsplit("/", 1)[-1] for c in themes.subjects(SKOS.inScheme, SCHEME)}
    assert {"violence", "trafficking", "intersectoral-cooperation", "alternative-care", "family-support",
            "disability", "day-centres", "justice-for-children", "child-participation", "staff-training",
            "case-management-data", "service-contracting", "information-campaigns",
            "adult-elderly-services"} <= keys


def test_every_keyword_occurs_in_the_documents(themes: rdflib.Graph, doc_words: dict[str, list[str]]) -> None:
    dead = [(str(t), str(k)) for t, k in themes.subject_objects(PK.keyword)
            if not any(matches(str(k), words) for words in doc_words.values())]
    assert dead == []


def test_every_theme_meets_in_both_countries(themes: rdflib.Graph, doc_words: dict[str, list[str]]) -> None:
    missing = []
    for theme in themes.subjects(SKOS.inScheme, SCHEME):
        keywords = [str(k) for k in themes.objects(theme, PK.keyword)]
        for country, docs in (("MD", MD_DOCS), ("RO", RO_DOCS)):
            if not any(matches(k, doc_words[d.name]) for k in keywords for d in docs):
                missing.append((str(theme), country))
    assert missing == []


def test_sdg_matches_use_un_identifiers(themes: rdflib.Graph) -> None:
    targets = [str(t) for t in themes.objects(None, SKOS.closeMatch)]
    assert "http://metadata.un.org/sdg/16.2" in targets
    assert all(re.fullmatch(r"http://metadata\.un\.org/sdg/\d{1,2}\.[0-9a-z]{1,2}", t) for t in targets), targets


def test_funding_kinds_are_the_model_keys(schemes: rdflib.Graph) -> None:
    scheme = rdflib.URIRef(iri.funding_kind("scheme"))
    concepts = {str(c) for c in schemes.subjects(SKOS.inScheme, scheme)}
    assert concepts == {iri.funding_kind(k) for k in FUNDING_KINDS}


def test_recurrences_are_the_model_enum(schemes: rdflib.Graph) -> None:
    scheme = rdflib.URIRef(iri.recurrence("scheme"))
    concepts = {str(c) for c in schemes.subjects(SKOS.inScheme, scheme)}
    assert concepts == {iri.recurrence(r.value) for r in Recurrence}
    assert all((rdflib.URIRef(c), RDF.type, SKOS.Concept) in schemes for c in concepts)
