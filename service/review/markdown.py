"""The review as Markdown (GitHub-flavoured tables): for a wiki, a ticket or a diff between runs.

The load chart becomes a table (institutions × years); cell text has ``|``
and line breaks escaped so a document's text cannot break a table.
"""

from __future__ import annotations

from collections import defaultdict

from service.review.model import COLUMNS, LoadCell, Review


def _cell(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _load_table(cells: tuple[LoadCell, ...]) -> list[str]:
    if not cells:
        return ["Nicio constatare / No findings."]
    years = list(range(min(c.year for c in cells), max(c.year for c in cells) + 1))
    grid: dict[str, dict[int, int]] = defaultdict(dict)
    labels: dict[str, str] = {}
    for cell in cells:
        grid[cell.institution][cell.year] = cell.total
        labels[cell.institution] = cell.label
    order = sorted(grid, key=lambda inst: (-sum(grid[inst].values()), labels[inst]))
    rows = [[labels[inst], *[grid[inst].get(year, "") for year in years], sum(grid[inst].values())] for inst in order]
    return _table(["Instituția / Institution", *map(str, years), "Total"], rows)


def render_markdown(review: Review) -> str:
    """The review as one Markdown document (``text/markdown; charset=utf-8``)."""
    out = [
        "# Analiza coerenței planurilor / Coherence review of the plans",
        "",
        f"Generat / generated {review.generated_at:%Y-%m-%d %H:%M} UTC — {len(review.plans)} planuri / plans, "
        f"{review.finding_count} constatări / findings.",
        "",
    ]
    out += _table(["Plan / Plan", "Titlu / Title", "Țara / Country", "Perioada / Period", "Elemente / Items"],
                  [[p.id, p.title, p.country, p.period, p.items] for p in review.plans])
    for section in review.sections:
        out += ["", f"## {section.title_ro} / {section.title_en}", "", section.description, ""]
        if section.key == "institution-load":
            out += _load_table(section.load)
        elif section.findings:
            out += _table([label for _, label in COLUMNS],
                          [[getattr(f, key) for key, _ in COLUMNS] for f in section.findings])
            if section.omitted_note:
                out += ["", section.omitted_note]
        else:
            out.append("Nicio constatare / No findings.")
    return "\n".join(out) + "\n"
