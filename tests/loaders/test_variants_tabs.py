"""Hand-made variants of 002 and 004: the readers must not depend on these files' exact bytes.

Each variant transforms the real text (CRLF line ends, cedilla ş/ţ, non-breaking spaces,
an extra blank line between rows, rows shifted one cell right or left) and must give the
same plan structure as the original, with every line still accounted for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from loaders.documents import document_from_bytes, read_document
from loaders.layout import detect, unaccounted_lines
from loaders.model import Plan
from tests.conftest import DOC_002, DOC_004


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _cedilla(text: str) -> str:
    return text.translate(str.maketrans({"ș": "ş", "ț": "ţ", "Ș": "Ş", "Ț": "Ţ"}))


def _nbsp(text: str) -> str:
    """Every other space becomes a non-breaking space (as pasted from a word processor)."""
    parts = text.split(" ")
    return "".join(part + ("\u00a0" if i % 2 == 0 else " ") for i, part in enumerate(parts[:-1])) + parts[-1]


def _blank_lines(text: str) -> str:
    return text.replace("\n", "\n\n")


def _rows_of(text: str, pattern: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n")) if "\t" in line and re.search(pattern, line)]


def _shift(text: str, first: int, last: int, right: bool) -> str:
    """Rows on lines ``first``..``last`` (1-based) shifted one cell right (a cell added before
    the first) or left (their empty first cell removed)."""
    lines = text.split("\n")
    for i in range(first - 1, last):
        if "\t" not in lines[i]:
            continue
        if right:
            lines[i] = "\t" + lines[i]
        elif lines[i].startswith("\t"):
            lines[i] = lines[i][1:]
    return "\n".join(lines)


def _everything(text: str) -> str:
    return _crlf(_blank_lines(_nbsp(_cedilla(text))))


# (name, document, transform)
VARIANTS: list[tuple[str, Path, Callable[[str], str]]] = [
    ("crlf", DOC_002, _crlf),
    ("cedilla", DOC_002, _cedilla),
    ("nbsp", DOC_002, _nbsp),
    ("blank-lines", DOC_002, _blank_lines),
    # the rows of specific objective 2.2, continuation included, one more cell to the right
    ("shift-right", DOC_002, lambda t: _shift(t, 51, 60, right=True)),
    # the numbered rows of 1.1 and 1.2 lose their first cell, as the rows of 2.2 did
    ("shift-left", DOC_002, lambda t: _shift(t, 26, 32, right=False)),
    ("everything", DOC_002, _everything),
    ("crlf", DOC_004, _crlf),
    ("cedilla", DOC_004, _cedilla),
    ("nbsp", DOC_004, _nbsp),
    ("blank-lines", DOC_004, _blank_lines),
    # direction of action II, page-break continuations included, one cell to the right
    ("shift-right", DOC_004, lambda t: _shift(t, 32, 66, right=True)),
    # measures with no objective in their first cell lose that empty cell
    ("shift-left", DOC_004, lambda t: _shift(t, 9, 16, right=False)),
    ("everything", DOC_004, _everything),
]


def _summary(plan: Plan) -> list[tuple]:
    """What a variant must keep: structure, titles and every normalised value (not line numbers)."""
    rows = []
    for it in plan.items:
        rows.append((
            it.id, it.level, it.parent, it.order, it.code, it.title,
            it.deadline.text if it.deadline else None,
            tuple((p.institution, p.role, p.match) for p in it.responsible + it.partners),
            it.cost.amount if it.cost else None,
            tuple(f.kind for f in it.funding),
            tuple(i.text for i in it.indicators),
            tuple((r.act, r.article) for r in it.legal_refs),
        ))
    return rows


@pytest.fixture(scope="module")
def originals() -> dict[Path, Plan]:
    plans = {}
    for path in (DOC_002, DOC_004):
        doc = read_document(path)
        plans[path] = detect(doc).read(doc)
    return plans


@pytest.mark.parametrize(("name", "path", "transform"), VARIANTS, ids=[f"{p.name[:3]}-{n}" for n, p, _ in VARIANTS])
def test_variant_keeps_the_structure(originals: dict[Path, Plan], name: str, path: Path,
                                     transform: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = transform(text)
    assert changed != text, f"variant {name} changed nothing"
    doc = document_from_bytes(path.name, changed.encode("utf-8"))
    reader = detect(doc)
    plan = reader.read(doc)
    original = originals[path]
    assert reader is detect(read_document(path))
    assert _summary(plan) == _summary(original)
    assert (plan.title, plan.country, plan.period, plan.implements) == (
        original.title, original.country, original.period, original.implements)
    assert unaccounted_lines(doc, plan) == []
    assert plan.unparsed == ()


def test_a_ministry_named_like_a_month_is_not_a_deadline() -> None:
    """`MAI` (the Ministry of Internal Affairs) is also the month of May: it stays a partner."""
    lines = DOC_002.read_text(encoding="utf-8").split("\n")
    assert lines[26].startswith("2.\tParticipare") and "\tDGPDC\tONG\t" in lines[26]
    lines[26] = lines[26].replace("\tDGPDC\tONG\t", "\tDGPDC\tMAI\t")
    doc = document_from_bytes(DOC_002.name, "\n".join(lines).encode("utf-8"))
    item = detect(doc).read(doc).item("1.1-a2")
    assert [p.institution for p in item.partners] == ["mai"]
    assert item.deadline is not None and item.deadline.text == "Semestrul II, 2024"
