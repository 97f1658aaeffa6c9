"""Printing a :class:`~bench.synth.SynPlan` as text in one of the sample layouts.

The boilerplate of each layout (column headers, the numbering rows of 000/001,
002's letterhead, 004's column row and bullet-list markup) is copied from the
sample documents at run time, so the generated files have exactly the headers
the readers expect. The rows follow the samples' conventions:

* ``cells`` (000/001): every cell starts with a tab, one cell per line, rows of
  14 cells separated by a blank line; merged cells (objective, action, their
  indicators) are printed once, in the first row, after a few blank lines.
* ``tabs`` (002): tab-separated rows; objectives are rows with empty cells.
* ``bullets`` (004): tab-separated rows, indicators as an HTML bullet list,
  the specific objective printed only on the first row of its measures.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

from bench.synth import SynItem, SynPlan
from bench.vocab import SAMPLES


def _sample(prefix: str, samples: Path = SAMPLES) -> list[str]:
    path = next(iter(sorted(samples.glob(f"{prefix}_*.txt"))))
    return path.read_text(encoding="utf-8").split("\n")


@lru_cache(maxsize=1)
def _cells_header() -> tuple[str, ...]:
    """000's column headers and numbering rows, from "Obiective specifice" to the first goal row."""
    lines = _sample("000")
    start = next(i for i, l in enumerate(lines) if l.startswith("\tObiective specifice"))
    goal = next(i for i, l in enumerate(lines) if l.startswith("\tObiectiv general"))
    return tuple(lines[start:goal - 1])  # goal - 1 is the empty first cell of the goal row


@lru_cache(maxsize=1)
def _tabs_header() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """002's letterhead (up to "Plan de acțiuni") and its two column-header rows."""
    lines = _sample("002")
    title = next(i for i, l in enumerate(lines) if l.startswith("Plan de acțiuni"))
    cols = next(i for i, l in enumerate(lines) if l.startswith("Nr.\t"))
    return tuple(lines[: title + 2]), tuple(lines[cols:cols + 2])


@lru_cache(maxsize=1)
def _bullets_header() -> tuple[str, str]:
    """004's column row and the opening tag of its bullet lists."""
    lines = _sample("004")
    cols = next(l for l in lines if l.startswith("Obiective specifice\t"))
    ul = re.search(r"<ul[^>]*>", "\n".join(lines))
    return cols, ul.group(0) if ul else "<ul>"


def render(plan: SynPlan) -> str:
    """The document text of ``plan`` (``\\n`` line ends, final line end)."""
    rng = random.Random(plan.stem)  # layout choices only (blank runs, trailing dots)
    lines = {"cells": _cells, "tabs": _tabs, "bullets": _bullets}[plan.layout](plan, rng)
    return "\n".join(lines) + "\n"


def _merged(rng: random.Random, text: str) -> list[str]:
    """A merged cell printed once: a tab, a few blank lines, then the text."""
    return ["\t"] + [""] * rng.randint(1, 4) + [text]


def _cells(plan: SynPlan, rng: random.Random) -> list[str]:
    out = [plan.date, "", f" {plan.title}", "", ""] if plan.date else [f" {plan.title}", "", ""]
    out += list(_cells_header())
    for goal in plan.goals:
        out += ["\t", f"\tObiectiv general {goal.code}: {goal.title}",
                "Indicatori de impact (asupra beneficiarilor): "]
        out += [f"I.{goal.code}.{i} {text}," for i, text in enumerate(goal.indicators, 1)]
        out.append("")
        for os_ in goal.children:
            for a_index, action in enumerate(os_.children):
                for k_index, act in enumerate(action.children):
                    first_os, first_action = a_index == 0 and k_index == 0, k_index == 0
                    out += _merged(rng, f"{os_.code} {os_.title}") if first_os else ["\t"]
                    if first_os:
                        out += ["\t", f"{action.code} {action.title}"]
                    elif first_action:
                        out += [f"\t{action.code} {action.title}"]
                    else:
                        out += ["\t"]
                    dot = "." if rng.random() < 0.2 else ""
                    out += [f"\t{act.code}{dot} {act.title}", f"\t{act.deadline}",
                            f"\t{', '.join(act.responsible)}", f"\t{', '.join(act.partners)}",
                            f"\t{act.indicators[0] if act.indicators else ''}"]
                    out += (_merged(rng, f"{action.code} a) {action.indicators[0]} ")
                            if first_action and action.indicators else ["\t"])
                    out += _merged(rng, f"{os_.code}.i) {os_.indicators[0]}") if first_os else ["\t"]
                    out += [f"\t{act.cost}"] + ([act.funding[0]] if act.funding else [])
                    out += ["\t"] * 4 + [""]
    return out


def _tabs(plan: SynPlan, rng: random.Random) -> list[str]:
    letterhead, columns = _tabs_header()
    out = list(letterhead) + [plan.title, ""] + list(columns)
    for goal in plan.goals:
        out.append(f"Obiectiv general {goal.code}. {goal.title}" + "\t" * 7)
        for os_ in goal.children:
            out.append(f"Obiectiv specific {os_.code}. {os_.title}" + "\t" * 7)
            for act in os_.children:
                out.append("\t".join([
                    act.code, act.title, act.deadline, act.cost, " ".join(act.funding),
                    " ".join(act.responsible), " ".join(act.partners), "; ".join(act.indicators)]))
        out.append("")
    return out + ["\t".join(["--"] * 8), ""]


def _bullets(plan: SynPlan, rng: random.Random) -> list[str]:
    columns, ul = _bullets_header()
    out = ["", "", plan.title, ""]
    for goal in plan.goals:
        out += [f"Direcția de acțiune {goal.code}: {goal.title}", "", columns]
        for os_ in goal.children:
            for i, measure in enumerate(os_.children):
                bullets = "".join(f" ▪ {b}" for b in measure.indicators)
                out.append("\t".join([
                    f"{os_.code}. {os_.title}" if i == 0 else "", measure.title, f"{ul}{bullets} ",
                    measure.deadline, " ".join(measure.responsible), " ".join(measure.funding)]))
        out.append("")
    return out


def expected_items(plan: SynPlan) -> list[SynItem]:
    """Every item of ``plan`` in document order (the order readers meet them)."""
    items: list[SynItem] = []

    def walk(level: list[SynItem]) -> None:
        for it in level:
            items.append(it)
            walk(it.children)

    walk(plan.goals)
    return items
