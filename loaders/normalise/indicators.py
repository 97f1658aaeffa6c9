"""Indicators as printed → an :class:`Indicator` with its period and numeric targets.

Targets are read where the text prints a count with a value:
``Nr. participanți – 30``, ``Nr. seminare-1``, ``Nr. instruire  1``. The label
starts with ``Nr``/``Număr`` (how every target in the documents is printed);
any other text stays in ``Indicator.text`` only. ``Anual:`` at the start sets
``period="annual"``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from loaders.model import Indicator, IndicatorKind, SourceRef, Target
from loaders.text import collapse, normalise

_PERIODS = (
    (re.compile(r"(?i)^\s*anual\s*:"), "annual"),
    (re.compile(r"(?i)^\s*semestrial\s*:"), "semestrial"),
    (re.compile(r"(?i)^\s*trimestrial\s*:"), "quarterly"),
    (re.compile(r"(?i)^\s*lunar\s*:"), "monthly"),
)
# A label: "Nr. participanți", "nr. de acorduri încheiate", "Numărul de servicii" — it may hold
# "Nr. de" (a dot then a small letter) but not a sentence break (". Nr.").
_LABEL = r"(?:Nr|nr|NR|Număr\w*|număr\w*)\b(?:(?!\.\s+[A-ZĂÂÎȘȚ])[^:;,–—\-\d])*?"
_TARGET = re.compile(
    rf"(?P<label>{_LABEL})\s*(?:[-–—]\s*|\s)(?P<value>\d+(?:[.,]\d+)?)(?=\s*(?:[.,;]|$)|\s+[A-ZĂÂÎȘȚ])"
)


def _value(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def parse_indicator(
    text: str,
    kind: IndicatorKind,
    *,
    code: str | None = None,
    source: SourceRef | None = None,
) -> Indicator:
    """An indicator of ``kind`` from its printed ``text`` (without its code), with targets and period.

    >>> [(t.label, t.value) for t in parse_indicator("Anual: Nr. seminare-1, Nr. participanți – 30.", IndicatorKind.RESULT).targets]
    [('Nr. seminare', Decimal('1')), ('Nr. participanți', Decimal('30'))]
    """
    printed = normalise(text).strip()
    flat = collapse(printed)
    period = None
    for pattern, name in _PERIODS:
        if pattern.match(flat):
            period = name
            break
    targets = tuple(
        Target(m.group(0).strip(), m.group("label").strip(), _value(m.group("value")))
        for m in _TARGET.finditer(flat)
    )
    return Indicator(text=printed, kind=kind, code=code, targets=targets, period=period, source=source)
