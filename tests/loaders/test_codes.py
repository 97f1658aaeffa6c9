"""Codes as printed → normalised codes; artefacts; footnotes."""

import pytest

from loaders.model import Note
from loaders.normalise.codes import CodeKind, parent_code, parse_code, split_footnotes, strip_artefacts

ITEM, ACT_RES, OBJ_RES, IMPACT = CodeKind.ITEM, CodeKind.ACTION_RESULT, CodeKind.OBJECTIVE_RESULT, CodeKind.IMPACT

# (text as printed, code, printed code, kind, owner, label, rest starts with)
CASES = [
    ("\t4.1.2.3 Operaționalizarea sistemului", "4.1.2.3", "4.1.2.3", ITEM, None, None, "Operaționalizarea"),  # 000
    ("\t4.1.1.2. Identificarea potențialilor parteneri", "4.1.1.2", "4.1.1.2.", ITEM, None, None, "Identificarea"),  # 000
    ("4.1 Dezvoltarea organizațională a autorității tutelare", "4.1", "4.1", ITEM, None, None, "Dezvoltarea"),  # 000
    ("4.1.1. a) Sistem de cercetare și colectare", "4.1.1. a)", "4.1.1. a)", ACT_RES, "4.1.1", None, "Sistem"),  # 000
    ("1.1.1.a) Factorii decizionali, specialiștii", "1.1.1. a)", "1.1.1.a)", ACT_RES, "1.1.1", None, "Factorii"),  # 001
    ("4.1.2 a) Organigrama și atribuțiile", "4.1.2. a)", "4.1.2 a)", ACT_RES, "4.1.2", None, "Organigrama"),  # 000
    ("1.1.4 a)Operaționalizarea program", "1.1.4. a)", "1.1.4 a)", ACT_RES, "1.1.4", None, "Operaționalizarea"),  # 001
    ("1.1.3 a)", "1.1.3. a)", "1.1.3 a)", ACT_RES, "1.1.3", None, ""),  # 001: text on the next line
    ("4.1.i) DGPDC are toate procedurile", "4.1.i)", "4.1.i)", OBJ_RES, "4.1", None, "DGPDC"),  # 000
    ("1.1.i. Subiectul prezent sistematic", "1.1.i)", "1.1.i.", OBJ_RES, "1.1", None, "Subiectul"),  # 001
    ("1.2.i.Serviciile de prevenire", "1.2.i)", "1.2.i.", OBJ_RES, "1.2", None, "Serviciile"),  # 001
    ("I.4.1 Organizațiile prestatoare", "I.4.1", "I.4.1", IMPACT, "4", None, "Organizațiile"),  # 000
    ("I.1.3 Incidența cazurilor revictimizării", "I.1.3", "I.1.3", IMPACT, "1", None, "Incidența"),  # 001
    ("OS.I.1 Creșterea accesului", "OS.I.1", "OS.I.1", ITEM, None, "specific", "Creșterea"),  # 004
    ("OS.III.1. Creșterea gradului de implementare", "OS.III.1", "OS.III.1.", ITEM, None, "specific", "Creșterea"),  # 004
    ("Obiectiv specific: 1. Consolidarea", "1", "Obiectiv specific: 1.", ITEM, None, "specific", "Consolidarea"),  # 002
    ("Obiectivul specific nr. 2.1. Dezvoltarea", "2.1", "Obiectivul specific nr. 2.1.", ITEM, None, "specific", "Dezvoltarea"),
    ("Obiectiv general 4: Consolidarea sistemului", "4", "Obiectiv general 4:", ITEM, None, "general", "Consolidarea"),  # 000
    ("1.2.4.6. Asistarea individuală", "1.2.4.6", "1.2.4.6.", ITEM, None, None, "Asistarea"),  # 001
]


@pytest.mark.parametrize(("text", "code", "printed", "kind", "owner", "label", "rest"), CASES)
def test_parse_code(text, code, printed, kind, owner, label, rest) -> None:
    parsed = parse_code(text)
    assert parsed is not None
    assert (parsed.code, parsed.printed, parsed.kind, parsed.owner, parsed.label) == (code, printed, kind, owner, label)
    assert parsed.rest.startswith(rest)


@pytest.mark.parametrize(
    "text",
    [
        "2022",  # a deadline
        "2022 și anual",
        "Anual: nr. de acorduri încheiate – 3.",
        "DGPDC, DGETS",
        "400,0 mii lei.",
        "",
    ],
)
def test_not_codes(text: str) -> None:
    assert parse_code(text) is None


@pytest.mark.parametrize(("code", "parent"), [("4.1.2.3", "4.1.2"), ("4.1", "4"), ("4", None)])
def test_parent_code(code: str, parent: str | None) -> None:
    assert parent_code(code) == parent


def test_bookmark_artefact_removed() -> None:
    # 001, activity 1.2.4.7, responsible cell
    assert strip_artefacts("[bookmark: _GoBack]DGPDC ") == "DGPDC "


@pytest.mark.parametrize(
    ("text", "cleaned", "notes"),
    [
        (  # 000/001, the title line
            "Planul de acțiuni în vederea implementării Strategiei municipale pentru protecția drepturilor "
            "copilului 2020-2025[footnoteRef:1] [1:  Executarea pnct.2 din decizia CMC (din 16 iulie 2020) "
            "cu privire la aprobarea Strategiei]",
            "Planul de acțiuni în vederea implementării Strategiei municipale pentru protecția drepturilor copilului 2020-2025",
            (Note("Executarea pnct.2 din decizia CMC (din 16 iulie 2020) cu privire la aprobarea Strategiei", "footnote"),),
        ),
        (  # 001, activity 1.2.4.1
            "Auditul serviciilor psiho-sociale existente în mun. Chișinău din perspectiva criteriilor serviciilor "
            "integrate[footnoteRef:2] cu recomandări  [2:  RO_StandardsSummary_FINAL.pdf (barnahus.eu) ] ",
            "Auditul serviciilor psiho-sociale existente în mun. Chișinău din perspectiva criteriilor serviciilor "
            "integrate cu recomandări",
            (Note("RO_StandardsSummary_FINAL.pdf (barnahus.eu)", "footnote"),),
        ),
        ("Raport sociologic", "Raport sociologic", ()),
    ],
)
def test_split_footnotes(text: str, cleaned: str, notes: tuple[Note, ...]) -> None:
    assert split_footnotes(text) == (cleaned, notes)
