"""Money and funding normalisers: cost and funding cells quoted from the documents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.normalise.money import parse_funding, parse_money

# (cost cell as printed, country, expected amount, expected currency)
MONEY = [
    ("4000 lei", "MD", Decimal(4000), "MDL"),  # 002, action 1.1
    ("2000 lei", "MD", Decimal(2000), "MDL"),  # 002, action 1.3.1
    ("2500 lei", "MD", Decimal(2500), "MDL"),  # 002, action 2.1.2
    ("400,0 mii lei.", "MD", Decimal(400000), "MDL"),  # 001, 1.2.4.5
    ("300,0 mii lei.", "MD", Decimal(300000), "MDL"),  # 001, 1.2.4.6
    ("400,0 mii lei", "RO", Decimal(400000), "RON"),  # the same words in Romania are RON
    ("41 500 lei", "MD", Decimal(41500), "MDL"),  # a thousands space
    ("1.500 lei", "RO", Decimal(1500), "RON"),  # a thousands dot
    ("2,5 mil. lei", "RO", Decimal(2500000), "RON"),
    ("1000 MDL", "RO", Decimal(1000), "MDL"),  # a printed currency wins over the country
    ("4000", "MD", Decimal(4000), "MDL"),  # a bare amount in a cost column
    ("4000 lei", None, Decimal(4000), None),  # lei of no known country: no currency guessed
]


@pytest.mark.parametrize(("text", "country", "amount", "currency"), MONEY, ids=[m[0] for m in MONEY])
def test_parse_money(text: str, country: str | None, amount: Decimal, currency: str | None) -> None:
    money = parse_money(text, country)
    assert money is not None
    assert (money.amount, money.currency, money.text) == (amount, currency, text.strip())


# cells with no amount in them
NO_MONEY = ["În limitele bugetului alocat", "Semestrul II, 2024", "Buget municipal", "", "Ne-acoperit"]


@pytest.mark.parametrize("text", NO_MONEY)
def test_no_amount_is_none(text: str) -> None:
    assert parse_money(text, "MD") is None


# (funding cell as printed, expected [(text, kind)])
FUNDING = [
    ("Buget municipal", [("Buget municipal", "municipal-budget")]),  # 001
    ("Buget mun", [("Buget mun", "municipal-budget")]),  # 001
    (" Buget Municipal", [("Buget Municipal", "municipal-budget")]),  # 000 column header
    ("Buget de Stat", [("Buget de Stat", "state-budget")]),
    ("Alte surse, Donații", [("Alte surse, Donații", "donations")]),
    ("Alte surse. donații", [("Alte surse. donații", "donations")]),
    ("Ne-acoperit", [("Ne-acoperit", "uncovered")]),
    ("Ne- acoperit", [("Ne- acoperit", "uncovered")]),
    ("Fondul de retribuire ", [("Fondul de retribuire", "payroll-fund")]),  # 001
    ("În limitele bugetului alocat", [("În limitele bugetului alocat", "allocated-budget")]),  # 002
    ("Buget CJ", [("Buget CJ", "county-budget")]),  # 004
    ("Buget CJ Fonduri externe", [("Buget CJ", "county-budget"), ("Fonduri externe", "external-funds")]),
    # 004: several sources in one cell, no separators
    ("Buget CJI Bugete locale Fonduri externe",
     [("Buget CJI", "county-budget"), ("Bugete locale", "local-budget"), ("Fonduri externe", "external-funds")]),
    ("Buget CJ Buget local Fonduri externe",
     [("Buget CJ", "county-budget"), ("Buget local", "local-budget"), ("Fonduri externe", "external-funds")]),
    ("Buget CJ Bugetele locale", [("Buget CJ", "county-budget"), ("Bugetele locale", "local-budget")]),
    ("Buget local Buget ONG/Unitate de cult Fonduri externe",
     [("Buget local", "local-budget"), ("Buget ONG/Unitate de cult", "ngo-budget"),
      ("Fonduri externe", "external-funds")]),
    ("Buget CJ Buget local Buget ONG/unități de cult",
     [("Buget CJ", "county-budget"), ("Buget local", "local-budget"), ("Buget ONG/unități de cult", "ngo-budget")]),
    ("Buget CJ Bugetele instituțiilor membre EIL Buget local Fonduri externe",
     [("Buget CJ", "county-budget"), ("Bugetele instituțiilor membre EIL", "other"),
      ("Buget local", "local-budget"), ("Fonduri externe", "external-funds")]),
    ("Bugetele instituțiilor membre EIL", [("Bugetele instituțiilor membre EIL", "other")]),
    # cedilla and non-breaking space as older files print them
    ("Buget\u00a0CJ Donaţii", [("Buget CJ", "county-budget"), ("Donații", "donations")]),
    # an unknown source is kept with no kind, never dropped
    ("Buget municipal, granturi", [("Buget municipal", "municipal-budget"), ("granturi", None)]),
    ("Sponsorizări", [("Sponsorizări", None)]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), FUNDING, ids=[f[0] or "empty" for f in FUNDING])
def test_parse_funding(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(f.text, f.kind) for f in parse_funding(text)] == expected
