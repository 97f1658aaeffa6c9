"""Nothing lost silently: every non-empty line of every sample document is accounted for.

A line is accounted for by an item's source range (or one of its indicators'), by a
range of ``Plan.consumed`` (plan-level fields and table scaffolding) or by an
``Unparsed`` entry with line numbers and a reason (docs/ARCHITECTURE.md, "Nothing lost").
"""

from pathlib import Path

import pytest

from loaders.documents import read_document
from loaders.extract import extract_document
from loaders.layout import unaccounted_lines

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
DOCUMENTS = sorted(PLANS.glob("*.txt"))


def test_all_five_documents_are_checked() -> None:
    assert [p.name[:3] for p in DOCUMENTS] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name[:3])
def test_every_non_empty_line_is_accounted_for(path: Path) -> None:
    doc = read_document(path)
    plan = extract_document(doc)
    missing = unaccounted_lines(doc, plan)
    assert missing == [], "\n".join(f"{doc.name}:{n}: {doc.line(n)[:100]!r}" for n in missing[:20])


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name[:3])
def test_sources_point_into_the_document(path: Path) -> None:
    doc = read_document(path)
    plan = extract_document(doc)
    refs = [plan.source, *plan.consumed, *(it.source for it in plan.items)]
    refs += [i.source for it in plan.items for i in it.indicators if i.source is not None]
    for ref in refs:
        assert (ref.file, ref.sha256) == (doc.name, doc.sha256)
        assert 1 <= ref.first_line <= ref.last_line <= len(doc.lines)
    for gap in plan.unparsed:
        assert 1 <= gap.first_line <= gap.last_line <= len(doc.lines)
        assert gap.text.strip() and gap.reason.strip()


@pytest.mark.parametrize(
    ("index", "line", "reason"),
    [
        # after the column-number row, before "Obiectiv general 4": a line of the header
        (44, "Notă: tabelul continuă pe pagina următoare", "text in the table header that is not a column name"),
        # a cell of its own between the impact indicators and the first specific objective
        (66, "\tNotă: tabelul continuă pe pagina următoare", "cell outside any activity row"),
    ],
)
def test_a_line_no_reader_takes_is_reported(index: int, line: str, reason: str) -> None:
    # 000 with one stray line: it must show up in plan.unparsed with its line number, never vanish
    from loaders.documents import document_from_bytes

    lines = (PLANS / "000_c81970cad839fc42.txt").read_text(encoding="utf-8").split("\n")
    lines.insert(index, line)
    doc = document_from_bytes("000_variant.txt", "\n".join(lines).encode())
    plan = extract_document(doc)
    assert unaccounted_lines(doc, plan) == []
    assert [(u.first_line, u.text, u.reason) for u in plan.unparsed] == [(index + 1, line.strip(), reason)]
