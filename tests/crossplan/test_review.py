"""The coherence review: the known findings of the sample plans, in HTML, Markdown and XLSX."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from rdflib import Literal, URIRef

from tests.crossplan.conftest import P000, P001, P004, item
from loaders import iri
from service.crossplan.refresh import refresh
from service.review.build import build_review
from service.review.html import render_html
from service.review.markdown import render_markdown
from service.review.model import Review
from service.review.xlsx import render_xlsx
from service.store.base import Store

AT = datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)
PK = "https://w3id.org/plankg/ontology#"
SECTIONS = ["overlaps", "cross-references", "misplaced-codes", "missing-fields", "deadlines-outside-period",
            "institution-names", "uneven-legal-bases", "institution-load"]


@pytest.fixture(scope="module")
def review(linked_store: Store) -> Review:
    return build_review(linked_store, generated_at=AT)


def findings(review: Review, key: str, plan: str, code: str) -> list:
    plan_id = plan.rsplit("/", 1)[-1]
    return [f for f in review.section(key).findings if f.plan == plan_id and f.code == code]


def test_sections_in_order(review: Review) -> None:
    assert [s.key for s in review.sections] == SECTIONS
    assert [p.id[:3] for p in review.plans] == ["000", "001", "002", "003", "004"]


# (section, plan, item code, words the finding must contain, source lines)
KNOWN = [
    # 3.1.1.1 printed under action 4.1.1 of 000
    ("misplaced-codes", P000, "3.1.1.1", "printed under 4.1.1", "211-215"),
    # the 004 measure "Valorizarea voluntarilor și a organizațiilor/ firmelor active ..." names no responsible
    ("missing-fields", P004, "OS.III.3-m3", "No responsible", "85"),
    # references to general objective 5 of the strategy, which is not loaded
    ("cross-references", P001, "1.2.2.3", "general objective 5", "594-603"),
    ("cross-references", P001, "1.2.2.4", "general objective 5", "610-615"),
    ("cross-references", P001, "1.2.2.5", "general objective 5", None),
    ("cross-references", P001, "1.1.2.3", "general objective 5", None),
    # (1.1.2) in 000 names 001's communication campaigns: mismatched
    ("cross-references", P000, "4.1.2.2", "Mismatched", "260-268"),
    # the objective text 001 and 002 print word for word
    ("overlaps", P001, "1.1", "Same text word for word", "80"),
    # HG 270/2014 is cited by 001 (four items) but not by 000, the other part of the strategy
    ("uneven-legal-bases", P001, "1.2.1.5", "HG nr. 270/2014", None),
]


@pytest.mark.parametrize(("key", "plan", "code", "words", "lines"), KNOWN, ids=[f"{k[0]}:{k[2]}" for k in KNOWN])
def test_known_findings(review: Review, key: str, plan: str, code: str, words: str, lines: str | None) -> None:
    found = [f for f in findings(review, key, plan, code) if words in f.issue]
    assert found, [f.issue for f in review.section(key).findings]
    finding = found[0]
    assert finding.action_en and finding.action_ro and finding.title and finding.lines
    if lines is not None:
        assert finding.lines.startswith(lines.split("-")[0])


def test_overlap_names_the_other_item(review: Review) -> None:
    finding = findings(review, "overlaps", P001, "1.1")[0]
    assert finding.related.startswith("002-e89f7127f5da514e / 2.1")


def test_resolved_references_are_not_findings(review: Review) -> None:
    assert not findings(review, "cross-references", P000, "4.1.3.4")


def test_institution_load(review: Review) -> None:
    load = review.section("institution-load").load
    dgpdc = {c.year: c for c in load if c.institution == iri.institution("dgpdc")}
    assert dgpdc and all(2020 <= year <= 2028 for year in dgpdc)
    assert dgpdc[2022].responsible > 10


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_self_contained_page(review: Review) -> None:
    page = _Page()
    page.feed(render_html(review))
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
    assert all(link.startswith("#") for link in page.links)
    assert "svg" in page.tags and "rect" in page.tags and "style" in page.tags
    text = " ".join(page.text)
    for needle in ("3.1.1.1", "Valorizarea voluntarilor", "5.1.2", "Trimiteri nerezolvate", "Suggested action (en)"):
        assert needle in text


def test_html_escapes_document_text(review: Review) -> None:
    html = render_html(review)
    assert "„Prevenirea și combaterea traficului de copii”" in html  # quotes kept as text
    assert "<b>" not in html


def test_markdown(review: Review) -> None:
    text = render_markdown(review)
    assert text.startswith("# Analiza coerenței planurilor / Coherence review of the plans")
    for section in review.sections:
        assert f"## {section.title_ro} / {section.title_en}" in text
    rows = [line for line in text.splitlines() if "| 3.1.1.1 |" in line]
    assert rows and "4.1.1" in rows[0]
    assert "Valorizarea voluntarilor" in text and "general objective 5" in text


def test_xlsx_has_one_sheet_per_section(review: Review) -> None:
    book = load_workbook(io.BytesIO(render_xlsx(review)))
    assert book.sheetnames[0] == "summary" and book.sheetnames[1:9] == SECTIONS
    misplaced = [[c.value for c in row] for row in book["misplaced-codes"].iter_rows()]
    assert misplaced[0][:3] == ["Plan / Plan", "Cod / Code", "Rânduri / Lines"]
    assert misplaced[1][:3] == ["000-c81970cad839fc42", "3.1.1.1", "211-215"]
    missing = [[c.value for c in row] for row in book["missing-fields"].iter_rows(min_row=2)]
    assert any(r[1] == "OS.III.3-m3" and "responsible" in r[4] for r in missing)
    xrefs = [[c.value for c in row] for row in book["cross-references"].iter_rows(min_row=2)]
    assert sum("general objective 5" in r[4] for r in xrefs) == 4


def test_sections_without_sample_findings_report_them(fresh_store: Store) -> None:
    """Fuzzy names and deadlines outside the period: none in the samples, so 004 is given one of each."""
    graph = fresh_store.graph(iri.plan_graph("004-31818754cbf6239c"))
    measure = URIRef(item(P004, "OS.I.1-m1"))  # "Înființarea de centre respiro pentru copiii cu dizabilități", 2027
    participation = URIRef(f"{measure}/participation/1")
    graph.set((participation, URIRef(PK + "matchMethod"), Literal("fuzzy")))
    graph.set((participation, URIRef(PK + "matchScore"), Literal(88.5)))
    graph.add((URIRef(f"{measure}/deadline"), URIRef(PK + "year"), Literal(2035)))
    fresh_store.replace_graph(iri.plan_graph("004-31818754cbf6239c"), graph)
    refresh(fresh_store)
    review = build_review(fresh_store, generated_at=AT)
    names = findings(review, "institution-names", P004, "OS.I.1-m1")
    assert names and "approximately (score 88)" in names[0].issue and "DGASPC" in names[0].issue
    late = findings(review, "deadlines-outside-period", P004, "OS.I.1-m1")
    assert late and "2035" in late[0].issue and "2024-2030" in late[0].issue


def test_a_section_cut_at_max_findings_says_how_many_are_left_out(linked_store: Store) -> None:
    review = build_review(linked_store, generated_at=AT, max_findings=5)
    missing = review.section("missing-fields")
    assert len(missing.findings) == 5 and missing.omitted == 80
    assert review.finding_count == build_review(linked_store, generated_at=AT, max_findings=0).finding_count
    note = "80 more findings not shown"
    assert note in render_markdown(review) and note in render_html(review)
    sheet = load_workbook(io.BytesIO(render_xlsx(review)))["missing-fields"]
    assert note in str(sheet.cell(row=sheet.max_row, column=1).value)


def test_uneven_legal_bases_of_every_plan(review: Review) -> None:
    # each citing plan is asked separately: 002 (related to 001 by the texts they share) cites Law 241/2005,
    # 001 does not; 000 cites nothing 001 lacks
    found = {(f.plan, f.code) for f in review.section("uneven-legal-bases").findings if "241/2005" in f.issue}
    assert found == {("002-e89f7127f5da514e", "1.2-a1")}
    assert {f.plan for f in review.section("uneven-legal-bases").findings} == {"001-0c94d01ded17afb5", "002-e89f7127f5da514e"}


def test_uneven_legal_bases_stop_asking_past_the_cap(linked_store: Store) -> None:
    # 000 has no finding, 001 has five: past a cap of one the remaining plans are not asked, and the section says so
    section = build_review(linked_store, generated_at=AT, max_findings=1).section("uneven-legal-bases")
    assert len(section.findings) == 1 and section.omitted == 4
    assert "stopped after 2 of 5 plans" in section.omitted_note
