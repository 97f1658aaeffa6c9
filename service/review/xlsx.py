"""The review as an Excel workbook (openpyxl): a summary sheet, then one sheet per section.

Sheet names are the section keys cut to Excel's 31 characters; each findings
sheet has the bilingual header row of :data:`service.review.model.COLUMNS`,
frozen, with an auto-filter. The load section is a table
(institution, year, responsible, partner, total) plus a bar chart of the
total per year.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from service.review.model import COLUMNS, Review, Section

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
WIDTHS = {"plan": 24, "code": 12, "lines": 10, "title": 60, "issue": 70, "related": 34, "action_ro": 50, "action_en": 50}


def sheet_name(key: str) -> str:
    """A section key as a valid sheet name (at most 31 characters)."""
    return key[:31]


def _header(sheet: Worksheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"


def _findings(sheet: Worksheet, section: Section) -> None:
    _header(sheet, [label for _, label in COLUMNS])
    for finding in section.findings:
        sheet.append([getattr(finding, key) for key, _ in COLUMNS])
    for index, (key, _) in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = WIDTHS.get(key, 20)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if section.findings:
        sheet.auto_filter.ref = sheet.dimensions
    if section.omitted_note:
        sheet.append([section.omitted_note])


def _load(book: Workbook, sheet: Worksheet, section: Section) -> None:
    _header(sheet, ["Instituția / Institution", "An / Year", "Responsabil / Responsible", "Partener / Partner", "Total"])
    for cell in section.load:
        sheet.append([cell.label, cell.year, cell.responsible, cell.partner, cell.total])
    sheet.column_dimensions["A"].width = 50
    if not section.load:
        return
    years = sorted({c.year for c in section.load})
    per_year = book.create_sheet("load-per-year")
    _header(per_year, ["An / Year", "Elemente / Items"])
    for year in years:
        per_year.append([year, sum(c.total for c in section.load if c.year == year)])
    chart = BarChart()
    chart.title = "Elemente pe an / Items per year"
    chart.add_data(Reference(per_year, min_col=2, min_row=1, max_row=len(years) + 1), titles_from_data=True)
    chart.set_categories(Reference(per_year, min_col=1, min_row=2, max_row=len(years) + 1))
    sheet.add_chart(chart, "G2")


def render_xlsx(review: Review) -> bytes:
    """The workbook's bytes (``application/vnd.openxmlformats-officedocument.spreadsheetml.sheet``)."""
    book = Workbook()
    summary = book.active
    summary.title = "summary"
    summary.append(["Analiza coerenței planurilor / Coherence review of the plans"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"Generat / generated {review.generated_at:%Y-%m-%d %H:%M} UTC"])
    summary.append([])
    summary.append(["Plan / Plan", "Titlu / Title", "Țara / Country", "Perioada / Period", "Elemente / Items"])
    for plan in review.plans:
        summary.append([plan.id, plan.title, plan.country, plan.period, plan.items])
    summary.append([])
    summary.append(["Secțiune / Section", "Foaie / Sheet", "Constatări / Findings"])
    for section in review.sections:
        count = len(section.load) if section.key == "institution-load" else len(section.findings) + section.omitted
        summary.append([f"{section.title_ro} / {section.title_en}", sheet_name(section.key), count])
    summary.column_dimensions["A"].width = 70
    summary.column_dimensions["B"].width = 60
    for section in review.sections:
        sheet = book.create_sheet(sheet_name(section.key))
        if section.key == "institution-load":
            _load(book, sheet, section)
        else:
            _findings(sheet, section)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
