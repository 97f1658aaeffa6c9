"""Text normalisation, done once and early.

Every line a reader sees has gone through :func:`normalise`; matching code
compares :func:`fold`-ed strings. The original text is kept by the callers
(``Document.raw_lines``, ``*_text`` fields of the model).
"""

from __future__ import annotations

import re
import unicodedata

# Romanian letters printed with a cedilla (legacy encodings) -> comma below.
_CEDILLA = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})

# Non-breaking, thin, figure, ideographic... spaces, and zero-width characters.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


def normalise(s: str) -> str:
    """NFC, cedilla ş/ţ → comma-below ș/ț, odd spaces → space, trailing spaces stripped.

    Tabs are kept: they separate cells in some layouts.

    >>> normalise("Direcţia\u00a0generală ")
    'Direcția generală'
    """
    s = unicodedata.normalize("NFC", s).translate(_CEDILLA)
    s = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", s))
    return s.rstrip(" ")


def fold(s: str) -> str:
    """Lower case without diacritics, for matching only.

    >>> fold("Direcția Generală ȘI")
    'directia generala si'
    """
    decomposed = unicodedata.normalize("NFKD", normalise(s))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def collapse(s: str) -> str:
    """Normalised text with runs of white space (tabs included) as one space, trimmed."""
    return re.sub(r"\s+", " ", normalise(s)).strip()
