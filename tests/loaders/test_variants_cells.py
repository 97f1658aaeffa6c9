"""The cell-per-line reader does not depend on the exact bytes of 000 and 001.

Each variant transforms the real text of the document and must give the same
structure: CRLF line ends, cedilla ş/ţ, non-breaking spaces, an extra blank line
between rows, shifted cells.
"""

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from loaders.documents import document_from_bytes
from loaders.extract import extract_document
from loaders.layout import detect, unaccounted_lines
from loaders.model import Plan
from loaders.readers import cells

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
DOCUMENTS = [PLANS / "000_c81970cad839fc42.txt", PLANS / "001_0c94d01ded17afb5.txt"]
ACTIVITY = re.compile(r"^\t(?:\[bookmark:[^\]]*\])?\d+\.\d+\.\d+\.\d+")


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def cedilla(text: str) -> str:
    return text.translate(str.maketrans({"ș": "ş", "ț": "ţ", "Ș": "Ş", "Ț": "Ţ"}))


def nbsp(text: str) -> str:
    # every space after a comma or a digit becomes non-breaking: "DGPDC,\u00a0DGETS", "400,0\u00a0mii lei"
    return re.sub(r"(?<=[,\d]) ", "\u00a0", text)


def extra_blank_line(text: str) -> str:
    # one more blank line wherever a blank line is followed by a cell
    return re.sub(r"\n\n(?=\t)", "\n\n\n", text)


def shifted_cells(text: str) -> str:
    # an extra empty cell right after every activity cell (after its continuation lines):
    # every later cell of its row moves one column right
    out: list[str] = []
    after_activity = False
    for line in text.split("\n"):
        if after_activity and line.startswith("\t"):
            out.append("\t")
            after_activity = False
        out.append(line)
        after_activity = after_activity or bool(ACTIVITY.match(line))
    return "\n".join(out)


def dropped_empty_cell(text: str) -> str:
    # the other way: the empty partners cell after a responsible "DGPDC…" disappears, so the
    # indicator and every later cell of those rows move one column left
    return re.sub(r"(\n\tDGPDC[^\n]*)\n\t\n(?=\t\S)", r"\1\n", text)


VARIANTS: dict[str, Callable[[str], str]] = {
    "crlf": crlf,
    "cedilla": cedilla,
    "nbsp": nbsp,
    "extra-blank-line": extra_blank_line,
    "shifted-cells": shifted_cells,
    "dropped-empty-cell": dropped_empty_cell,
    "all-at-once": lambda t: crlf(nbsp(cedilla(extra_blank_line(shifted_cells(t))))),
}


def structure(plan: Plan) -> list[tuple]:
    """Everything a reader decides, without line numbers and hashes."""
    rows = []
    for it in plan.items:
        rows.append((
            it.id, it.level, it.code, it.parent, it.order, it.title,
            it.deadline.text if it.deadline else None,
            tuple((p.text, p.institution) for p in it.responsible),
            tuple((p.text, p.institution) for p in it.partners),
            tuple((i.code, i.kind, i.text, i.targets) for i in it.indicators),
            (it.cost.amount, it.cost.currency) if it.cost else None,
            tuple(f.kind for f in it.funding),
            tuple(r.act for r in it.legal_refs),
            tuple(x.code for x in it.cross_refs),
            tuple((n.kind, n.text) for n in it.notes),
        ))
    return rows


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_variant_reads_the_same(path: Path, variant: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = VARIANTS[variant](text)
    assert changed != text, "the variant must change the document"
    original = extract_document(document_from_bytes(path.name, text.encode()))
    doc = document_from_bytes(path.name, changed.encode())
    assert detect(doc) is cells
    plan = extract_document(doc)
    assert structure(plan) == structure(original)
    assert (plan.title, plan.date, plan.period, plan.legal_basis, plan.implements) == (
        original.title, original.date, original.period, original.legal_basis, original.implements,
    )
    assert plan.unparsed == ()
    assert unaccounted_lines(doc, plan) == []
