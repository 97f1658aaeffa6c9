"""loaders.layout: the reader is chosen from the content; an unknown layout names the file."""

import pytest

from loaders.documents import document_from_bytes
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
