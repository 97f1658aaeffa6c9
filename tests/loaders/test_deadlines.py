"""Deadlines as printed in the documents → years, period, semesters, recurrence."""

import pytest

from loaders.model import Recurrence, Semester
from loaders.normalise.deadlines import is_deadline, parse_deadline

A, S, P, PERM, NEED = (
    Recurrence.ANNUAL,
    Recurrence.SEMESTRIAL,
    Recurrence.PERIODIC,
    Recurrence.PERMANENT,
    Recurrence.AS_NEEDED,
)

# (text as printed, years, start, end, semesters, recurrence, per_year, updated)
CASES = [
    ("2022", (2022,), 2022, 2022, (), None, None, False),  # 000 4.1.2.2
    ("2023, 2025", (2023, 2025), 2023, 2025, (), None, None, False),  # 000 4.1.1.1
    ("2024; 2026; 2028", (2024, 2026, 2028), 2024, 2028, (), None, None, False),  # 002
    ("2021-22", (2021, 2022), 2021, 2022, (), None, None, False),  # 000 4.1.3.3
    ("2023-25", (2023, 2025), 2023, 2025, (), None, None, False),
    ("2024-2028", (2024, 2028), 2024, 2028, (), None, None, False),
    ("Semestrul II, 2024", (2024,), 2024, 2024, (Semester(2, 2024),), None, None, False),  # 002
    (
        "Semestrul I, 2025 Semestrul II, 2027",
        (2025, 2027), 2025, 2027, (Semester(1, 2025), Semester(2, 2027)), None, None, False,
    ),
    (
        "Semestrul I, 2024, 2027",  # 002: semester I of both years
        (2024, 2027), 2024, 2027, (Semester(1, 2024), Semester(1, 2027)), None, None, False,
    ),
    ("Semestrul I anual 2024-2028", (2024, 2028), 2024, 2028, (Semester(1, None),), A, None, False),
    ("Semestrial 2024-2028", (2024, 2028), 2024, 2028, (), S, None, False),
    ("semestrial", (), None, None, (), S, None, False),
    ("anual", (), None, None, (), A, None, False),
    ("Anual ", (), None, None, (), A, None, False),
    ("periodic", (), None, None, (), P, None, False),
    ("Periodic (2 ori de pe an)", (), None, None, (), P, 2, False),  # 001 1.1.1.2
    ("permanent", (), None, None, (), PERM, None, False),
    ("Permanent", (), None, None, (), PERM, None, False),  # 001 1.2.4.6
    ("După necesitate", (), None, None, (), NEED, None, False),
    ("2022 și anual", (2022,), 2022, None, (), A, None, False),  # 000 3.1.1.1
    ("2022 cu actualizarea anuală", (2022,), 2022, None, (), A, None, True),  # 000 4.1.2.1
    ("2022 și actualizat", (2022,), 2022, None, (), None, None, True),  # 000 4.1.3.4
    ("2022 și anual actualizat", (2022,), 2022, None, (), A, None, True),  # 000 4.1.3.1
    ("2022 și actualizat anual", (2022,), 2022, None, (), A, None, True),
    ("2022 și actualizat periodic", (2022,), 2022, None, (), P, None, True),
    ("Din 2022 anual", (2022,), 2022, None, (), A, None, False),
    ("Semestrul II, anual", (), None, None, (Semester(2, None),), A, None, False),  # 002
    ("în luna februarie 2024", (2024,), 2024, 2024, (), None, None, False),  # 003
]


@pytest.mark.parametrize(("text", "years", "start", "end", "semesters", "recurrence", "per_year", "updated"), CASES)
def test_parse_deadline(text, years, start, end, semesters, recurrence, per_year, updated) -> None:
    d = parse_deadline(text)
    assert d.text == text.strip()
    assert (d.years, d.start, d.end) == (years, start, end)
    assert d.semesters == semesters
    assert d.recurrence is recurrence
    assert (d.per_year, d.updated) == (per_year, updated)
    assert is_deadline(text)


def test_cedilla_and_nbsp_forms_read_the_same() -> None:
    assert parse_deadline("2022\u00a0şi anual").recurrence is A
    assert parse_deadline("Semestrul\u00a0II, 2024").semesters == (Semester(2, 2024),)


@pytest.mark.parametrize(
    "text",
    [
        "DGPDC, DGETS, DGASS",  # responsible cell
        "Raport sociologic",  # indicator cell
        "Anual: nr. de acorduri încheiate – 3.",  # an indicator that starts with "Anual"
        "400,0 mii lei.",  # a cost
        "Buget municipal",
        "",
    ],
)
def test_other_cells_are_not_deadlines(text: str) -> None:
    assert not is_deadline(text)


def test_unknown_text_keeps_the_text_only() -> None:
    d = parse_deadline("Raport sociologic")
    assert d.text == "Raport sociologic" and d.years == () and d.recurrence is None
