"""loaders.normalise.legal: printed citations → acts of ontology/legal-acts.ttl.

Every legal reference of the five documents is a case below, quoted as printed
(003's after OCR repair, as its reader sees it).
"""

from pathlib import Path

import pytest

from loaders.errors import ReferenceDataError
from loaders.model import LegalRef
from loaders.normalise.legal import LegalAct, LegalActs, find_implemented, find_legal_refs

HG_270 = "md/hg/2014/04/08/270"
HG_386 = "md/hg/2020/386"
HG_708 = "md/hg/2019/708"
HG_347 = "md/hg/2022/347"
HG_149 = "md/hg/2021/149"
LAW_241 = "md/law/2005/10/20/241"
CMC_2020 = "md/council-decision/2020/07/16/cmc"


@pytest.fixture(scope="module")
def acts() -> LegalActs:
    return LegalActs.load()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 000 line 1 / 001 line 3, the footnote: a council decision by its date, an HG with a point
        (
            "[1:  Executarea pnct.2 din decizia CMC (din 16 iulie 2020) cu privire la aprobarea Strategiei "
            "municipale pentru protecția drepturilor copilului 2020-25 în conformitate cu pnct. 12 din HG "
            "nr.386/2020 (Regulament cu privire la planificarea, elaborarea, aprobarea, implementarea, "
            "monitorizarea și evaluarea documentelor de politici publice).]",
            (
                LegalRef("decizia CMC (din 16 iulie 2020)", "council-decision", None, 2020, "pct. 2", CMC_2020),
                LegalRef("HG nr.386/2020", "hg", "386", 2020, "pct. 12", HG_386),
            ),
        ),
        # 001 line 507 (1.2.1.5): no year, one HG 270 known
        (
            "1.2.1.5 Instruirea specialiștilor din domeniile educație, asistență socială și ordine publică "
            "în baza modului axat pe implementarea Hot. Guvern 270 (Instrucțiunea mecanismul intersectorial "
            "de cooperare, Ghid de aplicare a MIC (elaborat MSMPS)).",
            (LegalRef("Hot. Guvern 270", "hg", "270", None, None, HG_270),),
        ),
        # 001 line 522 (1.2.1.6)
        (
            "1.2.1.6 Instruire online cu toți profesioniștii din cadrul echipelor multidisciplinare "
            "(în baza Ghidului pentru implementare HG 270)",
            (LegalRef("HG 270", "hg", "270", None, None, HG_270),),
        ),
        # 001 line 735 (1.2.4.2)
        (
            "identificarea cazurilor de abuz si exploatare sexuala asupra copiilor si mecanismul de "
            "raportare in baza HG 270)",
            (LegalRef("HG 270", "hg", "270", None, None, HG_270),),
        ),
        # 001 line 780 (1.2.4.5)
        (
            "victime/martori ai infracțiunilor, serviciul regional de asistenta integrata a copiilor "
            "(implementare HG 708/2019)",
            (LegalRef("HG 708/2019", "hg", "708", 2019, None, HG_708),),
        ),
        # 001 line 815 (1.2.4.7)
        (
            "în baza proiectului Metodologiei de evaluare psihologica a copiilor supuși violentei (conform HG 270)",
            (LegalRef("HG 270", "hg", "270", None, None, HG_270),),
        ),
        # 002 lines 24-26, one cell over two rows: the article is printed at its end
        (
            "Respectarea HG nr. 270 din 08-04-2014 cu privire la aprobarea Instrucțiunilor privind mecanismul "
            "intersectorial de cooperare pentru identificarea, evaluarea, referirea, asistența și monitorizarea "
            "copiilor victime și potențiale victime ale violenței, neglijării, exploatării și traficului, art. 40.",
            (LegalRef("HG nr. 270 din 08-04-2014", "hg", "270", 2014, "40", HG_270),),
        ),
        # 002 line 30
        (
            "Examinarea și respectarea Legii nr. 241/2005 privind prevenirea și combaterea traficului de ființe umane",
            (LegalRef("Legii nr. 241/2005", "law", "241", 2005, None, LAW_241),),
        ),
        # 003 lines 14-16 (after OCR repair)
        (
            "(PNPC), aprobat prin Hotărârea Guvernului nr. 347/2022, în temeiul Hotărârii Guvernului nr. "
            "149/2021 cu privire la organizarea și funcționarea Ministerului Muncii și, Protecției Sociale,",
            (
                LegalRef("Hotărârea Guvernului nr. 347/2022", "hg", "347", 2022, None, HG_347),
                LegalRef("Hotărârii Guvernului nr. 149/2021", "hg", "149", 2021, None, HG_149),
            ),
        ),
        # other printed forms of the same acts
        ("Legea nr. 241/2005", (LegalRef("Legea nr. 241/2005", "law", "241", 2005, None, LAW_241),)),
        (
            "Legea nr. 241-XVI din 20.10.2005",
            (LegalRef("Legea nr. 241-XVI din 20.10.2005", "law", "241", 2005, None, LAW_241),),
        ),
        ("conform art. 40 din HG 270", (LegalRef("HG 270", "hg", "270", None, "40", HG_270),)),
        ("Hotărîrea Guvernului nr. 708 din 2019", (LegalRef("Hotărîrea Guvernului nr. 708 din 2019", "hg", "708", 2019, None, HG_708),)),
        ("H.G. nr. 149/2021", (LegalRef("H.G. nr. 149/2021", "hg", "149", 2021, None, HG_149),)),
        # a subdivision printed before the next act belongs to it, one printed after an act to that act
        (
            "conform HG 270 și art. 5 din Legea nr. 241/2005",
            (
                LegalRef("HG 270", "hg", "270", None, None, HG_270),
                LegalRef("Legea nr. 241/2005", "law", "241", 2005, "5", LAW_241),
            ),
        ),
        (
            "HG 270 art. 3 și Legea 241/2005 art. 7",
            (
                LegalRef("HG 270", "hg", "270", None, "3", HG_270),
                LegalRef("Legea 241/2005", "law", "241", 2005, "7", LAW_241),
            ),
        ),
        # an act the reference data does not know is kept, unresolved
        ("HG nr. 1106/2016", (LegalRef("HG nr. 1106/2016", "hg", "1106", 2016, None, None),)),
        ("Ordinul MMPS nr. 12/2023", (LegalRef("Ordinul MMPS nr. 12/2023", "order", "12", 2023, None, None),)),
        # the right number in the wrong year is another act
        ("HG nr. 270/2015", (LegalRef("HG nr. 270/2015", "hg", "270", 2015, None, None),)),
        # not citations: a kind word without number or date
        ("1.2.3.2 Adoptarea Deciziei CMC privind implementarea politicii interne", ()),
        ("1.2.4.3 Consolidarea serviciilor juridice (implementarea hotărîrii CMC)", ()),
        ("Asistarea copiilor aflați în conflict cu legea", ()),
        ("Prezentul Ordin se publică pe pagina web oficială", ()),
        ("Textul conceptului, ordin de aprobare", ()),
    ],
)
def test_find_legal_refs(text: str, expected: tuple[LegalRef, ...], acts: LegalActs) -> None:
    assert find_legal_refs(text, acts) == expected


def _hg(key: str, number: str, year: int) -> LegalAct:
    return LegalAct(key, "hg", number, year, None, "MD", key, ())


def test_a_yearless_citation_resolves_only_when_the_number_is_unique() -> None:
    # there is more than one HG 347: without a year, "HG 347" cannot be resolved
    two = LegalActs((_hg("md/hg/2022/347", "347", 2022), _hg("md/hg/2004/347", "347", 2004)))
    assert find_legal_refs("conform HG 347", two) == (LegalRef("HG 347", "hg", "347", None, None, None),)
    assert find_legal_refs("conform HG 347/2004", two)[0].act == "md/hg/2004/347"
    assert two.resolve("hg", "347", 2022) == "md/hg/2022/347"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # 000 / 001 title
        (
            "Planul de acțiuni în vederea implementării Strategiei municipale pentru protecția drepturilor "
            "copilului 2020-2025[footnoteRef:1]",
            ("md/strategy/2020/chisinau-drepturile-copilului",),
        ),
        # 002 lines 15-18
        (
            "Plan de acțiuni privind implementarea Programului pentru prevenirea și combaterea "
            "traficului de ființe umane pentru anii 2024-2028",
            ("md/programme/2024/prevenirea-combaterea-traficului",),
        ),
        # 003 lines 10-12 (repaired): the action plan, not also the programme inside its title
        (
            "în scopul realizării obiectivului specific 3.2 din Planul de acțiuni pentru implementarea "
            "Programului național pentru protecția copilului pe anii 2022 - 2026",
            ("md/action-plan/2022/pnpc",),
        ),
        ("implementarea Programului național pentru protecția copilului pe anii 2022-2026", ("md/programme/2022/pnpc",)),
        # 004 line 3
        ("PLANUL DE IMPLEMENTARE A SJDSS IALOMIȚA 2024-2030", ("ro/strategy/2024/ialomita-sjdss",)),
        ("Plan de acțiuni pentru anul 2025", ()),
    ],
)
def test_find_implemented(title: str, expected: tuple[str, ...], acts: LegalActs) -> None:
    assert find_implemented(title, acts) == expected


def test_reference_data_has_every_cited_act(acts: LegalActs) -> None:
    keys = {a.key for a in acts.acts}
    assert {HG_270, HG_386, HG_708, HG_347, HG_149, LAW_241, CMC_2020} <= keys
    assert acts.get(LAW_241).number == "241"  # the legislature suffix is not part of the number
    # acts are identified by kind + number + year: no two share them
    identities = [(a.kind, a.number, a.year) for a in acts.acts if a.number is not None]
    assert len(identities) == len(set(identities))


def test_unreadable_reference_data_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "legal-acts.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="legal-acts.ttl"):
        LegalActs.load(bad)
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="no legal acts"):
        LegalActs.load(empty)
