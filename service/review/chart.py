"""The institutions' load chart as inline SVG: a heat map of items per institution and year.

Pure string building (no plotting library, no external assets), so the
HTML review stays one self-contained file an analyst can e-mail. Rows are
the ``MAX_ROWS`` institutions with the most item-years, columns the years;
each cell is shaded by its count and prints it, with a tooltip (``<title>``)
splitting responsible and partner.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from service.review.model import LoadCell

MAX_ROWS = 20
CELL_W, CELL_H, LABEL_W, HEAD_H = 46, 22, 260, 28


def _shade(count: int, peak: int) -> str:
    """A blue from pale (few items) to dark (the peak)."""
    share = count / peak if peak else 0.0
    light = round(95 - 60 * share)
    return f"hsl(212, 70%, {light}%)"


def load_heatmap(cells: tuple[LoadCell, ...] | list[LoadCell]) -> str:
    """An ``<svg>`` element (string) of ``cells``; a short note when there is nothing to draw."""
    if not cells:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="30" role="img">' \
               '<text x="4" y="20" font-size="13">No deadlines attached to resolved institutions.</text></svg>'
    totals: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    grid: dict[tuple[str, int], LoadCell] = {}
    for cell in cells:
        totals[cell.institution] += cell.total
        labels[cell.institution] = cell.label
        grid[(cell.institution, cell.year)] = cell
    rows = sorted(totals, key=lambda inst: (-totals[inst], labels[inst]))[:MAX_ROWS]
    years = list(range(min(c.year for c in cells), max(c.year for c in cells) + 1))
    peak = max(grid[(r, y)].total for r in rows for y in years if (r, y) in grid)
    width = LABEL_W + CELL_W * len(years) + 10
    height = HEAD_H + CELL_H * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Items per institution and year" font-family="sans-serif" font-size="12">']
    for col, year in enumerate(years):
        x = LABEL_W + col * CELL_W + CELL_W / 2
        parts.append(f'<text x="{x:.0f}" y="{HEAD_H - 10}" text-anchor="middle" font-weight="bold">{year}</text>')
    for row, inst in enumerate(rows):
        y = HEAD_H + row * CELL_H
        label = labels[inst] if len(labels[inst]) <= 40 else labels[inst][:39] + "…"
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + CELL_H - 7}" text-anchor="end">'
                     f'<title>{escape(labels[inst])}</title>{escape(label)}</text>')
        for col, year in enumerate(years):
            cell = grid.get((inst, year))
            count = cell.total if cell else 0
            x = LABEL_W + col * CELL_W
            tip = (f"{labels[inst]}, {year}: {cell.responsible} responsible, {cell.partner} partner"
                   if cell else f"{labels[inst]}, {year}: none")
            parts.append(f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
                         f'fill="{_shade(count, peak) if count else "#f4f4f4"}"><title>{escape(tip)}</title></rect>')
            if count:
                colour = "#fff" if count > peak / 2 else "#123"
                parts.append(f'<text x="{x + CELL_W / 2 - 1:.0f}" y="{y + CELL_H - 7}" text-anchor="middle" '
                             f'fill="{colour}">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)
