"""Cross-references printed in parentheses → codes; other parentheses are not references."""

import pytest

from loaders.normalise.xrefs import find_cross_refs, strip_cross_refs

CASES = [
    # 000 4.1.2.2
    ("Elaborarea Regulamentelor structurilor DGPDC și a fișelor de post a angajaților.(1.1.2).", [("(1.1.2)", "1.1.2")]),
    # 000 4.1.3.4
    ("Actualizarea  sistemului de management al riscurilor. (4.1.2)", [("(4.1.2)", "4.1.2")]),
    # 000 4.1.5.3
    ("Organizarea licitațiilor de contractare a serviciilor sociale și extrașcolare (3.2.1) ", [("(3.2.1)", "3.2.1")]),
    # 001 1.1.2.3
    ("Organizarea activităților de prevenire a TFU cu copii din CCCT, Serviciile de îngrijire alternativă (5.2.1)",
     [("(5.2.1)", "5.2.1")]),
    # 001 1.2.3.2: four levels
    ("Adoptarea Deciziei CMC privind implementarea politicii interne în cadrul instituțiilor publice și "
     "recomandarea pentru sectorul privat (2.2.3.1)", [("(2.2.3.1)", "2.2.3.1")]),
    # 001 1.1.1.3
    ("Actualizarea Planului de acțiuni privind prevenirea și combaterea traficului de ființe umane pentru anul "
     "2021-25 (activitatea 1.2.5).", [("(activitatea 1.2.5)", "1.2.5")]),
    # 001 1.2.2.4
    ("Plasarea de urgență a copilului identificat în situație de risc în serviciile de îngrijire alternativă (5.1.2).",
     [("(5.1.2)", "5.1.2")]),
    # not references
    ("Desfășurarea ședințelor Comitetului Periodic (2 ori de pe an)", []),
    ("Reducerea cu (50%) a cazurilor", []),  # percentages are not codes
    ("Executarea pnct.2 din decizia CMC (din 16 iulie 2020) cu privire la aprobarea Strategiei", []),
    ("Strategia (2020)", []),
    ("Incidența situațiilor de risc (de cel puțin 2 ori comparat cu situația actuală)", []),
    ("APSCF (bullying)", []),
    ("HG nr.386/2020 (Regulament cu privire la planificarea)", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_cross_refs(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(x.text, x.code) for x in find_cross_refs(text)] == expected


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Elaborarea Regulamentelor structurilor DGPDC și a fișelor de post a angajaților.(1.1.2).",
         "Elaborarea Regulamentelor structurilor DGPDC și a fișelor de post a angajaților."),
        ("Organizarea licitațiilor de contractare (3.2.1) ", "Organizarea licitațiilor de contractare"),
        ("Actualizarea sistemului de management al riscurilor. (4.1.2)", "Actualizarea sistemului de management al riscurilor."),
    ],
)
def test_strip_cross_refs(text: str, clean: str) -> None:
    assert strip_cross_refs(text) == clean
