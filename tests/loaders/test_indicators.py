"""Indicators as printed → period and numeric targets (label, value)."""

from decimal import Decimal

import pytest

from loaders.model import IndicatorKind
from loaders.normalise.indicators import parse_indicator

# (indicator text as printed, period, [(label, value)])
CASES = [
    ("Anual: Nr. seminare-1, Nr. participanți – 30.", "annual", [("Nr. seminare", 1), ("Nr. participanți", 30)]),
    ("Anual: nr. de acorduri încheiate – 3.", "annual", [("nr. de acorduri încheiate", 3)]),  # 000 4.1.1.2
    ("Nr. angajați instruiți – 80", None, [("Nr. angajați instruiți", 80)]),
    ("Anual: Nr. activități - 30. Nr. copii - 100.", "annual", [("Nr. activități", 30), ("Nr. copii", 100)]),  # 001
    ("Anual: Nr. de instruiri. Nr. de participanți – 100.", "annual", [("Nr. de participanți", 100)]),  # 001 1.2.4.2
    ("Anual:Nr. de copii asistați - 200.", "annual", [("Nr. de copii asistați", 200)]),  # 001 1.2.4.6
    ("Anual: Nr. instruire  1. Nr. participanți – 30.", "annual", [("Nr. instruire", 1), ("Nr. participanți", 30)]),
    ("Anual: Nr. seminare– 1. Nr. participanți – 30.", "annual", [("Nr. seminare", 1), ("Nr. participanți", 30)]),
    (
        "Anual: Nr. sesizări – 35. Nr. cazuri - 100. Nr. vizite - 75.",
        "annual",
        [("Nr. sesizări", 35), ("Nr. cazuri", 100), ("Nr. vizite", 75)],
    ),
    ("Anual: Nr. de planuri elaborate, Nr. angajați instruiți – 80.", "annual", [("Nr. angajați instruiți", 80)]),
    # no numeric target printed
    ("Rapoarte de evaluare pe fiecare serviciu", None, []),  # 000 4.1.1.1
    ("Anual: nr. de participanți, materiale de instruire", "annual", []),  # 000 4.1.5.2
    ("sistem funcțional, nr. plîngeri", None, []),  # 000 4.1.2.4
    ("6 mesaje plasări, nr vizualizări, acoperire categorii", None, []),  # 001 1.1.2.1
    ("Respectarea HG nr. 270 din 08-04-2014 cu privire la aprobarea Instrucțiunilor", None, []),  # 002: an act number
]


@pytest.mark.parametrize(("text", "period", "targets"), CASES)
def test_parse_indicator(text: str, period: str | None, targets: list[tuple[str, int]]) -> None:
    indicator = parse_indicator(text, IndicatorKind.RESULT, code="4.1.1. a)")
    assert indicator.text == text.strip()
    assert indicator.kind is IndicatorKind.RESULT and indicator.code == "4.1.1. a)"
    assert indicator.period == period
    assert [(t.label, t.value) for t in indicator.targets] == [(label, Decimal(v)) for label, v in targets]
    for target in indicator.targets:
        assert target.label in target.text and str(target.value) in target.text


def test_target_text_is_the_printed_span() -> None:
    indicator = parse_indicator("Anual: Nr. seminare-1, Nr. participanți – 30.", IndicatorKind.RESULT)
    assert [t.text for t in indicator.targets] == ["Nr. seminare-1", "Nr. participanți – 30"]
