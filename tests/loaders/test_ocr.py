"""loaders.normalise.ocr: OCR'd Romanian repaired by word list + confusion table.

Cases are the lines of 003 (the OCR'd order) as printed, and what they say.
"""

import pytest

from loaders.normalise.ocr import Change, repair, repair_changes


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        # 003 line 2: q -> ș, i -> ă
        ("mun. Chiqiniu", "mun. Chișinău"),
        # 003 line 6: d -> ă
        ("Cu privire la aprobarea mdsurilor de consolidare", "Cu privire la aprobarea măsurilor de consolidare"),
        # 003 line 8: two words printed as one
        ("a Serviciului social de sprijin pentrufamiliile cu copii", "a Serviciului social de sprijin pentru familiile cu copii"),
        # 003 line 10: l -> î, d -> ă, l -> ț
        (
            "ln scopul realizdrii obiectivului specific 3.2 din Planul de acliuni pentru",
            "în scopul realizării obiectivului specific 3.2 din Planul de acțiuni pentru",
        ),
        # 003 line 12
        (
            "implementarea Programului nalional pentru proteclia copilului pe anii 2022 - 2026",
            "implementarea Programului național pentru protecția copilului pe anii 2022 - 2026",
        ),
        # 003 line 14: d -> ă/â, act number with the slash read as 1; acronym untouched
        (
            "(PNPC), aprobat prin Hotdrdrea Guvernului nr. 34712022, in temeiul Hotdrdrii",
            "(PNPC), aprobat prin Hotărârea Guvernului nr. 347/2022, în temeiul Hotărârii",
        ),
        # 003 line 16: act number with l -> 1, g -> 9, } -> 0; gi -> și (conjunction)
        (
            "Guvernului nr. l4gl2}2l cu privire la organizarea gi functionarea Ministerului Muncii si,",
            "Guvernului nr. 149/2021 cu privire la organizarea și funcționarea Ministerului Muncii și,",
        ),
        # 003 line 22: qi -> și, f -> ț
        (
            "1. Ministerul Muncii qi Protecfiei Sociale in comun cu A.O. ,,Parteneriate pentru",
            "1. Ministerul Muncii și Protecției Sociale în comun cu A.O. ,,Parteneriate pentru",
        ),
        # 003 line 24: English words of the initiative's name are left alone
        (
            'fiecare copil", in cadrul ,,Inifiativei Globale Changing the Way We Care", care',
            'fiecare copil", în cadrul ,,Inițiativei Globale Changing the Way We Care", care',
        ),
        # 003 line 26: 6 -> ă
        (
            "promoveaz6 ingrijirea familiald sigurd qi protectoare pentru copii in situatie de risc de",
            "promovează îngrijirea familială sigură și protectoare pentru copii în situație de risc de",
        ),
        # 003 line 28: g -> ș inside a word (rdmagi)
        (
            "separare sau cei rdmagi fdrd ingrijire pdrinteascd, in scopul consolidirii Serviciului social",
            "separare sau cei rămași fără îngrijire părintească, în scopul consolidării Serviciului social",
        ),
        # 003 line 30: an upper-case E inside a lower-case word is a misread ă
        (
            "de sprijin pentru familiile cu copii prin diversificarea qi imbundtElirea programelor de",
            "de sprijin pentru familiile cu copii prin diversificarea și îmbunătățirea programelor de",
        ),
        # 003 line 34
        ("prezentul ordin dupd cum urmeaz6:", "prezentul ordin după cum urmează:"),
        # 003 line 36: c -> e (realizarca)
        (
            "a) realizarca unei analize a programelor/activitdlilor existente de sprijin qi",
            "a) realizarea unei analize a programelor/activităților existente de sprijin și",
        ),
        # 003 lines 44-46: merged and split words
        (
            "c) dezvoltareaunui program de instruire axat pe consolidarea familiei qi activitdlii",
            "c) dezvoltarea unui program de instruire axat pe consolidarea familiei și activității",
        ),
        ("de mobili zare comunitarE;", "de mobilizare comunitară;"),
        # 003 line 50: w -> zv, { -> ț; "formatori" is not split
        (
            "d) pregitirea unui grup de formatori nafionali prin dewoltarea cunoqtin{elor qi",
            "d) pregătirea unui grup de formatori naționali prin dezvoltarea cunoștințelor și",
        ),
        # 003 line 52: f -> ț in a word the list knows (fin -> țin)
        (
            "abilitdlilor necesare in aspecte ce fin de consolidarea factorilor protectori ai familiei,",
            "abilităților necesare în aspecte ce țin de consolidarea factorilor protectori ai familiei,",
        ),
        # 003 line 58: l -> ă at the end of a word
        (
            "pilotarea ulterioarl a metodologiei revizuite intr-o regiune a ldrii, precum qi asigurarea",
            "pilotarea ulterioară a metodologiei revizuite într-o regiune a țării, precum și asigurarea",
        ),
        # 003 line 66
        ("tard.", "țară."),
        # 003 line 74: S -> ă
        (
            "3. Prezentul Ordin se public6 pe pagina web oficialS a Ministerului Muncii qi",
            "3. Prezentul Ordin se publică pe pagina web oficială a Ministerului Muncii și",
        ),
        # 003 line 76: ! -> ț
        (
            "Protecfiei Sociale gi se aduce la cunoqtin!6, prin intermediul corespondenlei oficiale,",
            "Protecției Sociale și se aduce la cunoștință, prin intermediul corespondenței oficiale,",
        ),
        # 003 line 78
        (
            "tuturor autoritdfilor, institutiilor qi organizaliilor implica{i in procesul de implementare a",
            "tuturor autorităților, instituțiilor și organizațiilor implicați în procesul de implementare a",
        ),
        # lines with nothing to repair stay as they are
        (" ORDIN", " ORDIN"),
        ("ORDON:", "ORDON:"),
        ("nr. f din 10 ianuarie 2024", "nr. f din 10 ianuarie 2024"),
        ("Secretar G Alexandru IACUB", "Secretar G Alexandru IACUB"),
        ("e) revizuirea metodologiei privind programul de sprijin familial primar cu", "e) revizuirea metodologiei privind programul de sprijin familial primar cu"),
        # correct Romanian is not "repaired"
        ("prestare a serviciilor", "prestare a serviciilor"),
        ("Ghidului pentru implementare HG 270", "Ghidului pentru implementare HG 270"),
        ("DGPDC, DGETS, DGASS", "DGPDC, DGETS, DGASS"),
    ],
)
def test_repair_lines_of_003(printed: str, expected: str) -> None:
    assert repair(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        # the slash printed as 1, l or }; digits printed as letters
        ("Hotdrdrea Guvernului nr. 34712022", "Hotărârea Guvernului nr. 347/2022"),
        ("Guvernului nr. l4gl2}2l", "Guvernului nr. 149/2021"),
        ("HG nr. 270l2014", "HG nr. 270/2014"),
        ("Ordinul nr. 12}2023", "Ordinul nr. 12/2023"),
        ("Legea nr. 24112005", "Legea nr. 241/2005"),
        # a printed slash is kept, digits around it repaired
        ("HG nr.386/2020", "HG nr.386/2020"),
        ("HG nr. 7o8/2ol9", "HG nr. 708/2019"),
        # not an act number: no year at the end, or not after "nr."
        ("nr. f din 10 ianuarie 2024", "nr. f din 10 ianuarie 2024"),
        ("nr. 123456", "nr. 123456"),
        ("în anii 20222026", "în anii 20222026"),
    ],
)
def test_act_numbers_after_nr(printed: str, expected: str) -> None:
    assert repair(printed) == expected


def test_changes_keep_the_printed_text_and_its_offset() -> None:
    line = "aprobat prin Hotdrdrea Guvernului nr. 34712022, in temeiul"
    result = repair_changes(line)
    assert result.changes == (
        Change(13, "Hotdrdrea", "Hotărârea"),
        Change(38, "34712022", "347/2022"),
        Change(48, "in", "în"),
    )
    for change in result.changes:
        assert line[change.start:change.start + len(change.printed)] == change.printed


def test_a_word_no_spelling_explains_is_kept_as_printed() -> None:
    # 003 line 64: too damaged for any list entry
    line = "f) ajustarea cadrului normativ inbazarcntltatelor pilotirii qi extinderea la nivel de"
    assert repair(line) == "f) ajustarea cadrului normativ inbazarcntltatelor pilotirii și extinderea la nivel de"


@pytest.mark.parametrize(
    ("repaired_part", "printed_part"),
    [
        ("Ministerul Muncii și Protecției Sociale", "Ministerul Muncii qi Protecfiei Sociale"),
        ("A.O. ,,Parteneriate pentru", "A.O. ,,Parteneriate pentru"),
        ("în comun cu", "in comun cu"),
        ("ecți", "Protecfiei"),  # a span cutting a repaired word gives the whole printed word
    ],
)
def test_printed_span_maps_repaired_text_back_to_the_print(repaired_part: str, printed_part: str) -> None:
    # 003 line 22
    result = repair_changes("1. Ministerul Muncii qi Protecfiei Sociale in comun cu A.O. ,,Parteneriate pentru")
    start = result.text.index(repaired_part)
    assert result.printed_span(start, start + len(repaired_part)) == printed_part
