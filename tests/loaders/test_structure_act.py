"""Structure of 003 (the OCR'd order of MMPS) and of hand-made orders of the same form."""

import pytest

from loaders.documents import Document, document_from_bytes, read_document
from loaders.errors import DocumentError
from loaders.extract import extract
from loaders.layout import detect, unaccounted_lines
from loaders.model import Level, Match, Plan, Role
from loaders.readers import act
from tests.conftest import DOC_003, SAMPLE_DOCUMENTS

PNPC_PLAN = "md/action-plan/2022/pnpc"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return extract(DOC_003)


def test_003_is_read_by_the_act_reader_and_only_003() -> None:
    for path in SAMPLE_DOCUMENTS:
        assert act.matches(read_document(path)) is (path == DOC_003), path.name
    assert detect(read_document(DOC_003)) is act


def test_003_is_an_order_of_mmps_of_2024_01_10(plan: Plan) -> None:
    assert (plan.id, plan.kind, plan.country, plan.date) == ("003-21bc908ee7e690f7", "order", "MD", "2024-01-10")
    assert plan.issuer is not None and plan.issuer.institution == "mmps"
    assert plan.title == "Cu privire la aprobarea măsurilor de consolidare a Serviciului social de sprijin pentru familiile cu copii"
    # the title as printed (OCR) is kept beside the repaired one
    assert plan.title_text == "Cu privire la aprobarea mdsurilor de consolidare a Serviciului social de sprijin pentrufamiliile cu copii"
    # the number is unreadable in the OCR text: kept as printed, and said so
    assert [n.text for n in plan.notes if n.kind == "act-number-unreadable"] == [
        "nr. f (number unreadable in the OCR text, kept as printed)"
    ]
    assert [n.text for n in plan.notes if n.kind == "place"] == ["mun. Chișinău"]


def test_003_cites_hg_347_2022_and_hg_149_2021(plan: Plan) -> None:
    assert [(r.kind, r.number, r.year, r.act) for r in plan.legal_basis] == [
        ("hg", "347", 2022, "md/hg/2022/347"),
        ("hg", "149", 2021, "md/hg/2021/149"),
    ]


def test_003_serves_specific_objective_3_2_of_the_pnpc_action_plan(plan: Plan) -> None:
    assert plan.implements == (PNPC_PLAN,)
    assert [(x.text, x.code) for x in plan.cross_refs] == [("obiectivului specific 3.2", "3.2")]


def test_003_has_six_actions_a_to_f(plan: Plan) -> None:
    assert [(it.id, it.code, it.code_text, it.level, it.parent, it.order) for it in plan.items] == [
        (letter, letter, f"{letter})", Level.ACTION, None, n) for n, letter in enumerate("abcdef", 1)
    ]
    assert [(it.source.first_line, it.source.last_line) for it in plan.items] == [
        (36, 38), (40, 42), (44, 46), (50, 54), (56, 62), (64, 66)
    ]
    c = plan.item("c")
    assert c.title == "dezvoltarea unui program de instruire axat pe consolidarea familiei și activității de mobilizare comunitară"
    assert c.title_text == "dezvoltareaunui program de instruire axat pe consolidarea familiei qi activitdlii de mobili zare comunitarE;"
    assert [n.kind for n in c.notes] == ["ocr-repair"]


def test_003_actions_are_carried_out_by_mmps_with_partner_p4ec(plan: Plan) -> None:
    for item in plan.items:
        assert [(p.institution, p.role) for p in item.responsible] == [("mmps", Role.RESPONSIBLE)], item.id
        assert [(p.text, p.institution, p.role) for p in item.partners] == [
            ('A.O. ,,Parteneriate pentru fiecare copil"', "p4ec", Role.PARTNER)
        ], item.id
        assert item.responsible[0].text == "Ministerul Muncii qi Protecfiei Sociale"  # as printed
        assert item.partners[0].match is not Match.UNRESOLVED


def test_003_the_february_2024_deadline_of_point_2_goes_to_the_concept_of_action_b(plan: Plan) -> None:
    dated = [(it.id, it.deadline.text, it.deadline.years) for it in plan.items if it.deadline]
    assert dated == [("b", "în luna februarie 2024", (2024,))]
    points = [n.text[:2] for n in plan.notes if n.kind == "order-point"]
    assert points == ["1.", "2.", "3.", "4."]


def test_003_loses_no_line(plan: Plan) -> None:
    assert unaccounted_lines(read_document(DOC_003), plan) == []


# A hand-made order of the same form: another date, other acts, three actions,
# its own OCR damage, single-spaced with CRLF line ends and a cedilla ş.
VARIANT = """\
ORDIN
mun. Chiqiniu
nr. 57 din 3 martie 2025
Cu privire la aprobarea mdsurilor de prevenire a violenlei fald de copii
ln scopul realizdrii obiectivului specific 2.1 din Planul de acliuni pentru
implementarea Programului nalional pentru proteclia copilului pe anii 2022 - 2026,
in temeiul Hotdrdrii Guvernului nr. 27012014 qi al Legii nr. 24112005,
ORDON:
1. Ministerul Muncii qi Protecfiei Sociale in comun cu Centrul Internafional ,,La Strada"
vor asigura implementarea acliunilor dupd cum urmeaz6:
a) elaborarea unui ghid pentru specialiqti;
b) instruirea specialiqtilor din domeniul protecfiei copilului;
c) organizarea unei campanii de informare.
2. Centrul Internafional ,,La Strada" va prezenta Ministerului Muncii qi Protecfiei
Sociale spre aprobare ghidul elaborat pdnd la 30 iunie 2025.
3. Controlul asupra executdrii prezentului ordin mi-l asum.
Ministru Alexei BUZU
"""


@pytest.mark.parametrize(
    "data",
    [
        VARIANT.replace("\n", "\r\n").replace("specialiqti;", "specialişti;").encode(),
        # double-spaced like 003
        VARIANT.replace("\n", "\n\n").encode(),
        # heading and formula with digits for letters, non-breaking spaces
        VARIANT.replace("ORDIN\n", "0RDIN\n").replace("ORDON:", "ORD0N:").replace("nr. 57", "nr.\u00a057").encode(),
    ],
    ids=["crlf-single-spaced", "double-spaced", "ocr-heading-nbsp"],
)
def test_another_order_of_the_same_form(data: bytes) -> None:
    doc: Document = document_from_bytes("900_order_variant.txt", data)
    assert detect(doc) is act
    plan = act.read(doc)
    assert (plan.kind, plan.country, plan.date) == ("order", "MD", "2025-03-03")
    assert [n.text for n in plan.notes if n.kind == "act-number"] == ["nr. 57"]
    assert plan.title == "Cu privire la aprobarea măsurilor de prevenire a violenței față de copii"
    assert [(r.kind, r.number, r.year, r.act) for r in plan.legal_basis] == [
        ("hg", "270", 2014, "md/hg/2014/04/08/270"),
        ("law", "241", 2005, "md/law/2005/10/20/241"),
    ]
    assert plan.implements == (PNPC_PLAN,)
    assert [x.code for x in plan.cross_refs] == ["2.1"]
    assert plan.issuer is not None and plan.issuer.institution == "mmps"
    assert [(it.id, it.code_text, it.title) for it in plan.items] == [
        ("a", "a)", "elaborarea unui ghid pentru specialiști"),
        ("b", "b)", "instruirea specialiștilor din domeniul protecției copilului"),
        ("c", "c)", "organizarea unei campanii de informare"),
    ]
    for item in plan.items:
        assert [p.institution for p in item.responsible] == ["mmps"]
        assert [p.institution for p in item.partners] == ["la-strada"]
    # point 2 sets the deadline of the guide (action a)
    assert [(it.id, it.deadline.text) for it in plan.items if it.deadline] == [("a", "până la 30 iunie 2025")]
    assert [n.text for n in plan.notes if n.kind == "signature"] == ["Ministru Alexei BUZU"]
    assert unaccounted_lines(doc, plan) == []


def test_text_before_the_heading_is_kept_as_unparsed() -> None:
    data = ("Pagina 1 din 2\n" + VARIANT).encode()
    plan = act.read(document_from_bytes("901_order_variant.txt", data))
    assert [(u.first_line, u.text, u.reason) for u in plan.unparsed] == [
        (1, "Pagina 1 din 2", "text before the ORDIN heading")
    ]
    assert len(plan.items) == 3


def test_an_order_without_its_number_and_date_line_is_a_clear_error() -> None:
    data = VARIANT.replace("nr. 57 din 3 martie 2025\n", "").encode()
    doc = document_from_bytes("902_order_variant.txt", data)
    with pytest.raises(DocumentError, match="902_order_variant.txt.*nr. … din"):
        act.read(doc)
