"""Money and funding: ``400,0 mii lei`` → 400 000 MDL; ``Buget CJI Bugete locale`` → two sources.

Both countries call their currency *lei*: the currency follows the plan's country
(MD → MDL, RO → RON) unless the text names it. Funding kinds are the keys of the
funding-source scheme of ``docs/MODEL.md`` (``pkfund:``).

    >>> parse_money("400,0 mii lei.", "MD")
    Money(text='400,0 mii lei.', amount=Decimal('400000.0'), currency='MDL')
    >>> [f.kind for f in parse_funding("Buget CJI Bugete locale Fonduri externe")]
    ['county-budget', 'local-budget', 'external-funds']
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from loaders.model import Funding, Money
from loaders.text import collapse, fold

CURRENCY_BY_COUNTRY = {"MD": "MDL", "RO": "RON"}

# Units of the currency as printed; "lei" takes the country's currency.
_CURRENCIES = {"lei": None, "mdl": "MDL", "ron": "RON", "euro": "EUR", "eur": "EUR"}
_MULTIPLIERS = {"mii": Decimal(1000), "mil": Decimal(1_000_000), "milioane": Decimal(1_000_000)}

_AMOUNT = re.compile(
    r"(?P<number>\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"\s*(?P<multiplier>mii|milioane|mil\.?)?"
    r"\s*(?P<unit>lei|mdl|ron|euro|eur)?\b"
)

# Funding sources as printed (folded, no diacritics) -> kind. Longer forms first.
_FUNDING_FORMS: tuple[tuple[str, str], ...] = (
    (r"in limitele bugetului alocat", "allocated-budget"),
    (r"fondul de retribuire", "payroll-fund"),
    (r"bugetele institutiilor membre \w+", "other"),
    (r"buget(?:ul)? (?:ong|ong-urilor)\s*/\s*unit(?:ati|ate) de cult", "ngo-budget"),
    (r"buget(?:ul)? ong", "ngo-budget"),
    (r"buget(?:ul)? de stat", "state-budget"),
    (r"buget(?:ul)? municipal|buget mun\b\.?", "municipal-budget"),
    (r"buget(?:ul)? (?:cji|cj|judetean)\b", "county-budget"),
    (r"buget(?:ele|e)? local(?:e)?\b|buget(?:ul)? local\b", "local-budget"),
    (r"fonduri(?:le)? externe", "external-funds"),
    (r"alte surse\s*[.,;]?\s*donatii", "donations"),
    (r"donatii", "donations"),
    (r"alte surse", "other"),
    (r"ne-?\s*acoperit", "uncovered"),
)
_FUNDING = re.compile("|".join(f"(?P<k{i}>{form})" for i, (form, _) in enumerate(_FUNDING_FORMS)))
_BETWEEN = re.compile(r"^[\s,;/.+]*(?:și|si)?[\s,;/.+]*$")


def _number(printed: str) -> Decimal | None:
    digits = printed.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):
        digits = digits.replace(".", "")  # 1.500 = one thousand five hundred
    try:
        return Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None


def parse_money(text: str, country: str | None) -> Money | None:
    """The amount a cost cell states, or ``None`` when it states no amount.

    ``country`` (``MD``/``RO``) gives the currency of *lei*; a currency printed in
    the text wins. A bare number with no unit is an amount in the country's currency.
    """
    printed = collapse(text)
    for match in _AMOUNT.finditer(fold(printed)):
        multiplier, unit = match.group("multiplier"), match.group("unit")
        bare = printed.strip(" .;") == match.group("number")
        if unit is None and multiplier is None and not bare:
            continue
        amount = _number(match.group("number"))
        if amount is None:
            continue
        if multiplier is not None:
            amount *= _MULTIPLIERS[multiplier.rstrip(".")]
        currency = _CURRENCIES.get(unit) if unit is not None else None
        if currency is None:
            currency = CURRENCY_BY_COUNTRY.get(country or "")
        return Money(text=text.strip(), amount=amount, currency=currency)
    return None


@functools.lru_cache(maxsize=1 << 14)  # pure, immutable answer; cells repeat across plans
def parse_funding(text: str) -> tuple[Funding, ...]:
    """The funding sources a cell names, in order; several may follow each other unseparated.

    Text between recognised sources that is more than a separator is kept as a source
    of unknown kind (``kind=None``): nothing printed is dropped.
    """
    printed = collapse(text)
    folded = fold(printed)
    if len(folded) != len(printed):  # offsets must line up to quote the printed text
        folded = printed.lower()
    found: list[Funding] = []
    position = 0

    def keep_between(end: int) -> None:
        gap = printed[position:end]
        if not _BETWEEN.match(gap):
            found.append(Funding(gap.strip(" ,;/.+"), None))

    for match in _FUNDING.finditer(folded):
        keep_between(match.start())
        index = int(match.lastgroup[1:])  # type: ignore[index]
        found.append(Funding(printed[match.start():match.end()].strip(), _FUNDING_FORMS[index][1]))
        position = match.end()
    keep_between(len(printed))
    return tuple(found)
