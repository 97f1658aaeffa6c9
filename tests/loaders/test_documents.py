"""loaders.documents: the one place files are opened."""

import hashlib
from pathlib import Path

import pytest

from loaders.documents import document_from_bytes, read_document, split_lines
from loaders.errors import DocumentError

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
DOC_001 = PLANS / "001_0c94d01ded17afb5.txt"


def test_reads_a_sample_document() -> None:
    doc = read_document(DOC_001)
    data = DOC_001.read_bytes()
    assert doc.name == "001_0c94d01ded17afb5.txt"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert len(doc.lines) == len(doc.raw_lines) == len(data.decode().splitlines())
    assert doc.line(1) == "07.07.2021"
    assert doc.line(3).startswith("Planul de acțiuni")
    assert doc.ref(3, 5).first_line == 3 and doc.ref(3, 5).last_line == 5
    assert doc.whole.last_line == len(doc.lines)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb\n", ("a", "b")),
        ("a\r\nb\r\n", ("a", "b")),  # Windows
        ("a\rb", ("a", "b")),  # old Mac
        ("a\n\n\tb", ("a", "", "\tb")),  # blank lines kept: they separate rows
    ],
)
def test_line_ends(text: str, lines: tuple[str, ...]) -> None:
    assert split_lines(text) == lines


def test_raw_lines_are_kept_beside_normalised_lines() -> None:
    doc = document_from_bytes("x.txt", "\tProtecţia\u00a0copilului \r\n".encode())
    assert doc.raw_lines == ("\tProtecţia\u00a0copilului ",)
    assert doc.lines == ("\tProtecția copilului",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("Protecţia".encode("cp1250"), "not UTF-8"),
        (b"\x00\x01binary", "not a text file"),
    ],
)
def test_not_text_is_a_document_error_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError) as err:
        document_from_bytes("plan.doc", data)
    assert "plan.doc" in str(err.value) and reason in str(err.value)


def test_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="absent.txt"):
        read_document(tmp_path / "absent.txt")
