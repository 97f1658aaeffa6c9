"""Header cells are short column names: a title that says "Acțiune …" or "indicatori" is no header.

Regression: a general objective titled "Acțiune transversală: …" (the wording of 004's third
direction of action) printed in the 002 layout was taken for a sub-header row, and every
action after it was reported as "row before any objective".
"""

from __future__ import annotations

import pytest

from loaders.documents import document_from_bytes, read_document
from loaders.layout import detect, unaccounted_lines
from loaders.model import Level
from loaders.readers._tabular import column_of
from tests.conftest import DOC_002

ORIGINAL = "Obiectiv general 1. Crearea condițiilor pentru răspunsul prompt al municipiului Chișinău"
TRANSVERSAL = (
    "Obiectiv general 1. Acțiune transversală: creșterea capacității instituționale a furnizorilor "
    "de servicii sociale și îmbunătățirea colaborării în rețea"
)


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("Nr.", "code"),
        ("Acțiuni", "title"),
        ("Măsurile", "title"),
        ("Termene de realizare", "deadline"),
        ("Costuri aferente implementării", "cost"),
        ("Sursa de finanțare", "funding"),
        ("Responsabili", "responsible"),
        ("Indicatori de monitorizare", "indicators"),
        ("Obiective specifice", "objective"),
        (TRANSVERSAL, None),  # an objective, however it is worded
        ("Acțiuni de dezvoltare a parteneriatului public-public și public-privat", None),  # a measure's title
        ("Numărul de indicatori de performanță elaborați și aprobați", None),  # an indicator's text
    ],
)
def test_column_of(cell: str, column: str | None) -> None:
    assert column_of(cell) == column


def test_an_objective_worded_like_a_header_keeps_its_actions() -> None:
    text = read_document(DOC_002).path.read_text(encoding="utf-8")
    assert ORIGINAL in text
    variant = document_from_bytes(DOC_002.name, text.replace(ORIGINAL, TRANSVERSAL, 1).encode("utf-8"))
    original_plan = detect(read_document(DOC_002)).read(read_document(DOC_002))
    plan = detect(variant).read(variant)
    assert plan.by_level(Level.GENERAL_OBJECTIVE)[0].title.startswith("Acțiune transversală")
    assert [len(plan.by_level(level)) for level in Level] == [len(original_plan.by_level(level)) for level in Level]
    assert not plan.unparsed
    assert unaccounted_lines(variant, plan) == []
