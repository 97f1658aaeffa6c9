"""loaders.text: normalisation once, early; folding for matching."""

import pytest

from loaders.text import collapse, fold, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # cedilla forms (legacy encodings) become comma-below
        ("Direcţia generală pentru protecţia drepturilor copilului", "Direcția generală pentru protecția drepturilor copilului"),
        ("ŞCOALA şi ŢARA", "ȘCOALA și ȚARA"),
        # decomposed s + combining comma below -> one code point (NFC)
        ("s\u0326i", "și"),
        # non-breaking and narrow spaces -> space; trailing spaces stripped
        ("400,0\u00a0mii lei ", "400,0 mii lei"),
        ("Nr. participanți\u202f– 30", "Nr. participanți – 30"),
        # zero-width characters dropped
        ("DGP\u200bDC", "DGPDC"),
        # tabs are kept: they separate cells
        ("\t2023, 2025", "\t2023, 2025"),
        ("\tDGPDC, DGETS, DGASS\t ", "\tDGPDC, DGETS, DGASS\t"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Obiectiv general 4: Consolidarea sistemului", "obiectiv general 4: consolidarea sistemului"),
        ("După necesitate", "dupa necesitate"),
        ("Semestrul II, anual", "semestrul ii, anual"),
        ("Ministerul Muncii şi Protecţiei Sociale", "ministerul muncii si protectiei sociale"),
        ("Ialomița\u00a0ÎN", "ialomita in"),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


def test_collapse_joins_white_space() -> None:
    assert collapse("\t Buget \t municipal\u00a0 ") == "Buget municipal"
