"""loaders.layout: the reader is chosen from the content; an unknown layout names the file."""

from pathlib import Path

import pytest

from loaders.documents import document_from_bytes, read_document
from loaders.errors import UnknownLayout
from loaders.layout import detect, readers


def test_every_reader_exposes_the_contract() -> None:
    found = readers()
    assert found, "no reader modules discovered in loaders/readers"
    for module in found:
        assert isinstance(module.LAYOUT, str) and module.LAYOUT.strip()
        assert callable(module.matches) and callable(module.read)


@pytest.mark.parametrize(
    "text",
    [
        "Lista de cumpărături\npâine\nlapte\n",
        "a,b,c\n1,2,3\n",
        "",
    ],
)
def test_unknown_layout_names_the_file_and_the_layouts_expected(text: str) -> None:
    doc = document_from_bytes("mystery_plan.txt", text.encode())
    with pytest.raises(UnknownLayout) as err:
        detect(doc)
    message = str(err.value)
    assert "mystery_plan.txt" in message
    for module in readers():
        assert module.LAYOUT in message


PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("000_c81970cad839fc42.txt", "cells"),
        ("001_0c94d01ded17afb5.txt", "cells"),
        ("002_e89f7127f5da514e.txt", "tabs"),
        ("003_21bc908ee7e690f7.txt", "act"),
        ("004_31818754cbf6239c.txt", "bullets"),
    ],
)
def test_each_sample_document_is_matched_by_exactly_one_reader(name: str, reader: str) -> None:
    doc = read_document(PLANS / name)
    assert [m.__name__.rsplit(".", 1)[-1] for m in readers() if m.matches(doc)] == [reader]
    assert detect(doc).__name__ == f"loaders.readers.{reader}"
