"""Romanian text as terms for matching: folded, stop words out, inflection stemmed.

:func:`terms` is the one tokeniser of the cross-plan step (resolution,
similarity, shared terms). A word is lower-cased, stemmed with the Snowball
Romanian stemmer on its diacritic form (the stemmer knows ``-ului``,
``-ilor``, ``-ției`` …) and then folded (``loaders.text.fold``: no diacritics,
ş/ţ = ș/ț), so ``traficului``, ``Traficul`` and ``trafic`` give one term
``trafic``, and text printed without diacritics meets text printed with them.
Stop words (function words, numbers, one-letter words) are dropped.

:func:`same_text_key` is the key of "word for word" equality: every word,
stop words included, folded, punctuation and spacing ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from loaders.text import fold, normalise

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Romanian function words (folded). Domain words stay: TF-IDF weighs them.
STOP_WORDS = frozenset(
    """
    a ai al ale alt alta alte altor asupra au avea ca cat catre ce cea cei cel cele celor cine cu
    cum da dar de decat deci din dintre dupa el ea ei ele este eu fi fie fiecare fara iar in inclusiv
    intr intre intrucat la le lor lui mai mult nici noi nu o ori ori oricare pe pentru pe prin privind
    sa sau se si sub sunt spre tot toata toate totul tuturor un una unei unor unui va vor
    acest aceasta aceste acestei acestor acestui acestora acela aceea aceia acelei acelor acelui
    acel aceeasi acelasi care caror carui cadrul baza nivel nivelul etc ex nr an anul anii anilor
    impotriva conform potrivit pana fata langa inainte catre privire vederea
    """.split()
)

_STEMMER = snowballstemmer.stemmer("romanian")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The folded stem of one lower-case word: ``copiilor`` -> ``cop``, ``traficului`` -> ``trafic``."""
    stemmed = fold(_STEMMER.stemWord(word))
    # the stemmer leaves a final vowel on some inflections (violenței -> violente): drop it
    return stemmed[:-1] if len(stemmed) > 5 and stemmed[-1] in "aei" else stemmed


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (letters only; normalised first)."""
    return _WORD.findall(normalise(text).lower())


@lru_cache(maxsize=200_000)
def term_of(word: str) -> tuple[str | None, str]:
    """(the term of one lower-case word, or None for a stop word; the word folded)."""
    folded = fold(word)
    if len(folded) < 2 or folded in STOP_WORDS:
        return None, folded
    return stem(word), folded


def terms(text: str) -> list[str]:
    """The matching terms of ``text``, in order, repeats kept: folded stems of its non-stop words.

    >>> terms("Prevenirea și combaterea traficului de copii")
    ['preven', 'combat', 'trafic', 'cop']
    """
    return [t for t in (term_of(w)[0] for w in words(text)) if t is not None]


def surface_forms(text: str) -> dict[str, str]:
    """Each term of ``text`` with its shortest folded word: how a shared term is shown (``cop`` -> ``copii``)."""
    forms: dict[str, str] = {}
    for word in words(text):
        term, folded = term_of(word)
        if term is not None and (term not in forms or len(folded) < len(forms[term])):
            forms[term] = folded
    return forms


def same_text_key(text: str) -> str:
    """Every word folded, joined by one space: equal keys mean the same text word for word.

    >>> same_text_key("Informarea,  sensibilizarea și educarea") == same_text_key("informarea sensibilizarea si educarea.")
    True
    """
    return " ".join(fold(w) for w in words(text))
