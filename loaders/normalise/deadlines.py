"""Deadlines as printed → years, periods, semesters and recurrence.

``parse_deadline`` always returns a :class:`Deadline` keeping the text;
``is_deadline`` says whether the whole text reads as a deadline (readers use
it to recognise a deadline cell by its content).

Conventions: ``years`` lists the years printed (interval ends included, in
order, no repeats); ``start``/``end`` bound the period: ``2023, 2025`` →
2023..2025, ``2021-22`` → 2021..2022. A year followed by a recurrence or an
update (``2022 și anual``, ``Din 2022 anual``, ``2022 și actualizat``) is
open-ended: ``end`` is None. ``per_year`` is set only where printed
(``Periodic (2 ori de pe an)``).
"""

from __future__ import annotations

import functools
import re

from loaders.model import Deadline, Recurrence, Semester
from loaders.text import collapse, fold

_ROMAN = {"i": 1, "ii": 2}
_MONTHS = (
    "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie"
).split()

_YEAR = r"(?:19|20)\d\d"
# 2021-22, 2023-25, 2024-2028
_INTERVAL = re.compile(rf"\b({_YEAR})\s*[-–]\s*(\d{{4}}|\d\d)\b")
_SINGLE_YEAR = re.compile(rf"\b({_YEAR})\b")
# "semestrul ii, 2024", "semestrul i anual", "semestrul ii, anual"
# "semestrul ii, 2024; 2026": the semester of each year listed after it
_SEMESTER = re.compile(r"\bsem(?:estrul|\.)?\s+(ii|i)\b((?:\s*[,;]?\s*" + _YEAR + r"\b(?!\s*[-–]))*)")
_PER_YEAR = re.compile(r"\((\d+)\s+ori\s+(?:de\s+)?pe\s+an\)")
_MONTH = re.compile(r"\b(?:in\s+)?(?:luna\s+)?(" + "|".join(_MONTHS) + r")\b")

_RECURRENCES: tuple[tuple[re.Pattern[str], Recurrence], ...] = (
    (re.compile(r"\bsemestrial\w*"), Recurrence.SEMESTRIAL),
    (re.compile(r"\banual\w*"), Recurrence.ANNUAL),
    (re.compile(r"\bperiodic\w*"), Recurrence.PERIODIC),
    (re.compile(r"\bpermanent\w*"), Recurrence.PERMANENT),
    (re.compile(r"\bdupa\s+necesitate\b|\bla\s+necesitate\b"), Recurrence.AS_NEEDED),
)
_UPDATED = re.compile(r"\bactualiz\w*")
# Words that only connect the parts of a deadline.
_FILLER = re.compile(r"\b(?:si|cu|din|de|in|incepand|luna|anii|anul|pana|la)\b|[\s,;.:()/-]+")


def _expand_short(start: int, end_text: str) -> int:
    if len(end_text) == 4:
        return int(end_text)
    return start // 100 * 100 + int(end_text)


@functools.lru_cache(maxsize=1 << 14)  # pure, immutable answer; cells repeat across plans
def parse_deadline(text: str) -> Deadline:
    """The meaning of a printed deadline; unknown forms give a Deadline with only ``text``.

    >>> parse_deadline("2022 și anual").recurrence.value
    'annual'
    """
    printed = collapse(text)
    folded = fold(printed)
    found: list[tuple[int, int]] = []  # (position, year)
    bounds: list[int] = []
    semesters: list[Semester] = []

    for m in _SEMESTER.finditer(folded):
        listed = [int(y) for y in _SINGLE_YEAR.findall(m.group(2))]
        semesters.extend(Semester(_ROMAN[m.group(1)], y) for y in listed or [None])

    def take_interval(m: re.Match[str]) -> str:
        start = int(m.group(1))
        end = _expand_short(start, m.group(2))
        if end >= start:
            found.extend(((m.start(1), start), (m.start(2), end)))
            bounds.extend((start, end))
        return " " * len(m.group(0))

    rest = _INTERVAL.sub(take_interval, folded)
    for m in _SINGLE_YEAR.finditer(rest):
        found.append((m.start(1), int(m.group(1))))
        bounds.append(int(m.group(1)))
    years_in_order = tuple(dict.fromkeys(y for _, y in sorted(found)))

    recurrence = None
    for pattern, kind in _RECURRENCES:
        if pattern.search(folded):
            recurrence = kind
            break
    updated = bool(_UPDATED.search(folded))
    per_year_match = _PER_YEAR.search(folded)
    per_year = int(per_year_match.group(1)) if per_year_match else None

    start = min(bounds) if bounds else None
    end = max(bounds) if bounds else None
    repeats = recurrence in (Recurrence.ANNUAL, Recurrence.SEMESTRIAL, Recurrence.PERIODIC)
    if len(bounds) == 1 and (repeats or updated):
        end = None  # "2022 și anual", "Din 2022 anual", "2022 și actualizat": from 2022 on
    return Deadline(
        text=printed,
        years=years_in_order,
        start=start,
        end=end,
        semesters=tuple(semesters),
        recurrence=recurrence,
        per_year=per_year,
        updated=updated,
    )


@functools.lru_cache(maxsize=1 << 14)  # pure, immutable answer; cells repeat across plans
def is_deadline(text: str) -> bool:
    """Whether the whole of ``text`` reads as a deadline (years, semesters, recurrences and connectors only)."""
    folded = fold(collapse(text))
    if not folded:
        return False
    rest = _PER_YEAR.sub(" ", folded)
    rest = _SEMESTER.sub(" ", rest)
    rest = _INTERVAL.sub(" ", rest)
    rest = _SINGLE_YEAR.sub(" ", rest)
    rest = _MONTH.sub(" ", rest)
    for pattern, _ in _RECURRENCES:
        rest = pattern.sub(" ", rest)
    rest = _UPDATED.sub(" ", rest)
    found_something = rest != folded
    return found_something and not _FILLER.sub("", rest)
