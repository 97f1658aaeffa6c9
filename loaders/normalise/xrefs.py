"""Cross-references: a code in parentheses that points to another item.

Forms seen: ``(5.1.2)``, ``.(1.1.2).``, ``(activitatea 1.2.5)``, ``(2.2.3.1)``.
Not cross-references: ``(50%)``, ``(2 ori de pe an)``, ``(2020)``,
``(din 16 iulie 2020)`` — a dotted code of two to four short numbers is required.
"""

from __future__ import annotations

import re

from loaders.model import CrossRef

_WORD = r"(?:activitatea|activității|acțiunea|acțiunii|subacțiunea|obiectivul(?:\s+specific)?|p\.|pct\.|punctul|vezi)"
_XREF = re.compile(rf"\(\s*(?:{_WORD}\s*)?(\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})\.?\s*\)", re.IGNORECASE)


def find_cross_refs(text: str) -> tuple[CrossRef, ...]:
    """Every cross-reference in ``text``, in order, each with its printed text and code.

    >>> find_cross_refs("Elaborarea Regulamentelor.(1.1.2).")
    (CrossRef(text='(1.1.2)', code='1.1.2'),)
    """
    return tuple(CrossRef(m.group(0), m.group(1)) for m in _XREF.finditer(text))


def strip_cross_refs(text: str) -> str:
    """``text`` without its cross-references (for a clean title); punctuation around them tidied."""
    cleaned = _XREF.sub("", text)
    cleaned = re.sub(r"\s+([.,;])", r"\1", cleaned)
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip()
