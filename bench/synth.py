"""Synthetic plans: the tree of objectives, actions and activities one document prints.

:func:`make_plan` draws a plan from a :class:`~bench.vocab.Vocabulary` with a
seeded :class:`random.Random`; the layouts in :mod:`bench.layouts` print it.
The tree is layout-aware (each layout has its own depth and code style) but says
nothing about text layout itself.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from bench.vocab import LegalAct, Vocabulary

LAYOUTS = ("cells", "tabs", "bullets")  # 000/001, 002, 004
# Plans of each layout per 20 (cells plans are the typical, deepest ones).
LAYOUT_WEIGHTS = (10, 5, 5)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_DANGLING = {"a", "al", "ale", "ai", "de", "din", "în", "și", "cu", "la", "pentru", "privind", "prin",
             "care", "sau", "pe", "ca", "cel", "ce", "dintre", "asupra", "inclusiv", "precum", "cât"}


@dataclass
class SynItem:
    """One printed item (objective, action, measure, activity) and its cells."""

    code: str  # normalised code ("4.1.2.3", "OS.I.1", "1.2", "II"); "" when none is printed
    title: str
    deadline: str = ""
    responsible: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    cost: str = ""
    funding: tuple[str, ...] = ()
    children: list["SynItem"] = field(default_factory=list)


@dataclass
class SynPlan:
    """A plan to print: its layout, header facts and its goals (the top-level items)."""

    stem: str  # file name without .txt
    layout: str
    title: str
    country: str
    date: str  # dd.mm.yyyy
    period: tuple[int, int]
    goals: list[SynItem]

    def counts(self) -> dict[str, int]:
        """Items per level as the readers should find them."""
        names = ("general_objective", "specific_objective", "action", "activity")
        counts = dict.fromkeys(names, 0)

        def walk(items: list[SynItem], depth: int) -> None:
            for it in items:
                counts[names[depth]] += 1
                walk(it.children, depth + 1)

        walk(self.goals, 0)
        return counts


class TitleMaker:
    """Titles composed from the samples' heads and body n-grams, with shared near-duplicates."""

    def __init__(self, vocab: Vocabulary, corpus_rng: random.Random, shared: int) -> None:
        self.vocab = vocab
        self.shared = [self._compose(corpus_rng) for _ in range(shared)]

    def _window(self, rng: random.Random, lo: int, hi: int) -> list[str]:
        body = rng.choice(self.vocab.bodies)
        n = min(len(body), rng.randint(lo, hi))
        words = list(body[:n])
        while len(words) > 2 and (words[-1].lower() in _DANGLING or not re.search(r"\w", words[-1])):
            words.pop()
        return [w.strip(",;:") if i == len(words) - 1 else w for i, w in enumerate(words)]

    def _compose(self, rng: random.Random) -> str:
        words = [rng.choice(self.vocab.heads)] + self._window(rng, 5, 14)
        if rng.random() < 0.25:
            words += ["și", rng.choice(self.vocab.heads).lower()] + self._window(rng, 3, 8)
        return _balance(" ".join(words))

    def title(self, rng: random.Random, dup_rate: float = 0.1) -> str:
        """A fresh title, or (``dup_rate``) one shared across plans, sometimes slightly changed."""
        if self.shared and rng.random() < dup_rate:
            title = rng.choice(self.shared)
            if rng.random() < 0.5:  # a near duplicate: one word dropped or one sentence added
                words = title.split()
                if len(words) > 6 and rng.random() < 0.5:
                    del words[rng.randrange(1, len(words) - 1)]
                    title = _balance(" ".join(words))
                else:
                    title = f"{title}, {rng.choice(self.vocab.heads).lower()} {' '.join(self._window(rng, 2, 5))}"
            return _balance(title)
        return self._compose(rng)


def _balance(text: str) -> str:
    """Drop unbalanced parentheses and quotes that a cut n-gram leaves behind."""
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    if text.count("„") != text.count("”"):
        text = text.replace("„", "").replace("”", "")
    return re.sub(r"\s{2,}", " ", text).strip(" ,;:")


def shift_years(text: str, shift: int) -> str:
    """Move every year printed in a deadline by ``shift`` (``2021-22`` included)."""
    def year(m: re.Match[str]) -> str:
        y = int(m.group(1)) + shift
        tail = m.group(2)
        return f"{y}-{(int(tail) + shift) % 100:02d}" if tail else str(y)

    return re.sub(r"\b(20\d\d)(?:-(\d\d))?\b(?!\d)", year, text)


def cite(act: LegalAct, rng: random.Random) -> str:
    """A citation printed the ways the samples print them."""
    if act.kind == "law":
        return f"Legii nr. {act.number}/{act.year}"
    if act.date and rng.random() < 0.5:
        y, m, d = act.date.split("-")
        return f"HG nr. {act.number} din {d}-{m}-{y}"
    return f"HG {act.number}/{act.year}" if rng.random() < 0.7 else f"HG nr.{act.number}/{act.year}"


def pick_layout(rng: random.Random) -> str:
    return rng.choices(LAYOUTS, weights=LAYOUT_WEIGHTS)[0]


class PlanMaker:
    """Draws whole plans; ``scale`` multiplies the number of leaf items (1.0 ≈ 1 000 triples a plan)."""

    def __init__(self, vocab: Vocabulary, seed: int, size: int, scale: float = 1.0) -> None:
        self.vocab = vocab
        self.seed = seed
        self.scale = scale
        self.titles = TitleMaker(vocab, random.Random(f"{seed}:shared"), shared=max(20, 2 * size))
        self.acts_md = tuple(a for a in vocab.acts if a.country == "MD")

    def _n(self, rng: random.Random, lo: int, hi: int) -> int:
        return max(1, round(rng.randint(lo, hi) * self.scale))

    def _deadline(self, rng: random.Random, shift: int, pool: tuple[str, ...]) -> str:
        return shift_years(rng.choice(pool), shift)

    def _title(self, rng: random.Random, codes: list[str]) -> str:
        title = self.titles.title(rng)
        roll = rng.random()
        if roll < 0.08 and self.acts_md:
            title += f" (în baza {cite(rng.choice(self.acts_md), rng)})"
        elif roll < 0.16 and codes:
            code = rng.choice(codes)
            title += f" ({code})" if rng.random() < 0.7 else f" (activitatea {code})"
        return title

    def _parties(self, rng: random.Random, pool: tuple[str, ...], lo: int, hi: int) -> tuple[str, ...]:
        n = rng.randint(lo, hi)
        return tuple(rng.sample(pool, min(n, len(pool)))) if n else ()

    def make(self, index: int) -> SynPlan:
        rng = random.Random(f"{self.seed}:plan:{index}")
        layout = pick_layout(rng)
        stem = f"{index:04d}_{rng.getrandbits(64):016x}"
        build = {"cells": self._cells, "tabs": self._tabs, "bullets": self._bullets}[layout]
        return build(rng, stem)

    def _cells(self, rng: random.Random, stem: str) -> SynPlan:
        v, shift = self.vocab, rng.choice((-1, 0, 0, 1, 2, 3))
        start = 2020 + shift
        goals, codes = [], [f"{rng.randint(1, 6)}.{rng.randint(1, 4)}.{rng.randint(1, 6)}" for _ in range(3)]
        first = rng.randint(1, 5)
        for g in range(first, first + rng.choice((1, 1, 2))):
            goal = SynItem(str(g), rng.choice(v.objectives),
                           indicators=tuple(rng.sample(v.impact, min(len(v.impact), rng.randint(2, 3)))))
            for o in range(1, rng.randint(2, 3) + 1):
                os_ = SynItem(f"{g}.{o}", rng.choice(v.objectives), indicators=(rng.choice(v.indicators),))
                for a in range(1, rng.randint(2, 3) + 1):
                    action = SynItem(f"{g}.{o}.{a}", self.titles.title(rng), indicators=(rng.choice(v.indicators),))
                    for k in range(1, self._n(rng, 2, 3) + 1):
                        cost = f"{rng.randint(1, 40) * 50},0 mii lei." if rng.random() < 0.15 else ""
                        action.children.append(SynItem(
                            f"{g}.{o}.{a}.{k}", self._title(rng, codes), self._deadline(rng, shift, v.deadlines),
                            self._parties(rng, v.parties_md, 1, 3), self._parties(rng, v.parties_md, 0, 2),
                            (rng.choice(v.indicators),), cost, ("Buget municipal",) if cost else ()))
                        codes.append(f"{g}.{o}.{a}.{k}")
                    os_.children.append(action)
                goal.children.append(os_)
            goals.append(goal)
        title = f"Planul de acțiuni în vederea implementării {rng.choice(v.objectives)} {start}-{start + 5}"
        return SynPlan(stem, "cells", title, "MD", f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{start + 1}",
                       (start, start + 5), goals)

    def _tabs(self, rng: random.Random, stem: str) -> SynPlan:
        v, shift = self.vocab, rng.choice((-2, -1, 0, 0, 1))
        start = 2024 + shift
        goals: list[SynItem] = []
        for g in range(1, rng.randint(2, 3) + 1):
            goal = SynItem(str(g), rng.choice(v.objectives))
            for o in range(1, rng.randint(1, 3) + 1):
                os_ = SynItem(f"{g}.{o}", rng.choice(v.objectives))
                for k in range(1, self._n(rng, 2, 4) + 1):
                    cost = f"{rng.randint(2, 12) * 500} lei" if rng.random() < 0.7 else ""
                    indicators = tuple(rng.sample(v.indicators_tabs, rng.randint(1, 2)))
                    os_.children.append(SynItem(
                        f"{k}.", self._title(rng, []), self._deadline(rng, shift, v.deadlines_tabs),
                        self._parties(rng, v.parties_md, 1, 2), self._parties(rng, v.parties_md, 0, 1),
                        indicators, cost, (rng.choice(v.funding_md),) if rng.random() < 0.85 else ()))
                goal.children.append(os_)
            goals.append(goal)
        title = f"privind implementarea {rng.choice(v.objectives)} pentru anii {start}-{start + 4}"
        return SynPlan(stem, "tabs", title, "MD", "", (start, start + 4), goals)

    def _bullets(self, rng: random.Random, stem: str) -> SynPlan:
        v, start = self.vocab, 2024 + rng.choice((-2, -1, 0, 1))
        years = [str(y) for y in range(start, start + 7)] + ["Permanent", "permanent"]
        goals: list[SynItem] = []
        for d in range(rng.randint(2, 3)):
            roman = _ROMAN[d]
            goal = SynItem(roman, rng.choice(v.objectives))
            for o in range(1, rng.randint(2, 3) + 1):
                os_ = SynItem(f"OS.{roman}.{o}", rng.choice(v.objectives))
                for _ in range(self._n(rng, 1, 4)):
                    resp = " ".join(self._parties(rng, v.parties_ro, 1, 2))
                    if rng.random() < 0.4:
                        resp += " în parteneriat cu " + rng.choice(v.parties_ro)
                    os_.children.append(SynItem(
                        "", self.titles.title(rng), rng.choice(years), (resp,), (),
                        tuple(rng.sample(v.bullets, rng.randint(1, 3))), "",
                        tuple(rng.sample(v.funding_ro, rng.randint(1, 3)))))
                goal.children.append(os_)
            goals.append(goal)
        title = f"PLANUL DE IMPLEMENTARE A {rng.choice([p for p in v.parties_ro if p.isupper()] or v.parties_ro)} {start}-{start + 6}"
        return SynPlan(stem, "bullets", title, "RO", "", (start, start + 6), goals)
