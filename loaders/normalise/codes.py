"""Item and indicator codes as printed, editing artefacts and footnotes.

``parse_code`` reads the code at the start of a text: item codes
(``4.1.2.3``, ``4.1.2.3.``, ``OS.I.1``, ``Obiectiv specific: 1.``,
``Obiectivul specific nr. 2.1.``, ``Obiectiv general 4:``), result indicators of
an action (``4.1.1. a)``, ``1.1.1.a)``, ``4.1.2 a)``), result indicators of a
specific objective (``4.1.i)``, ``1.1.i.``) and impact indicators (``I.4.1``).

``strip_artefacts`` removes word-processor artefacts (``[bookmark: _GoBack]``);
``split_footnotes`` turns ``[footnoteRef:N]`` + ``[N: text]`` into notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from loaders.model import Note


class CodeKind(str, Enum):
    ITEM = "item"  # a plan item: objective, action, activity
    ACTION_RESULT = "action-result"  # "4.1.1. a)": result indicator of action 4.1.1
    OBJECTIVE_RESULT = "objective-result"  # "4.1.i)": result indicator of specific objective 4.1
    IMPACT = "impact"  # "I.4.1": impact indicator of general objective 4


@dataclass(frozen=True)
class Code:
    """A code read at the start of a text.

    ``code`` is normalised (``4.1.2.3``, ``OS.I.1``, ``4.1.1. a)``, ``4.1.i)``,
    ``I.4.1``); ``printed`` is the code as printed; ``rest`` the text after it;
    ``owner`` the code of the item an indicator belongs to; ``label`` says how
    an objective was introduced (``general``, ``specific``) when it says so.
    """

    code: str
    printed: str
    kind: CodeKind
    rest: str
    owner: str | None = None
    label: str | None = None

    @property
    def depth(self) -> int:
        """Number of parts of a dotted numeric code: ``4.1.2.3`` → 4."""
        return len(self.code.split("."))


_ROMAN_SMALL = r"(?:iv|v?i{1,3}|v|ix|x)"
_PATTERNS: tuple[tuple[re.Pattern[str], CodeKind], ...] = (
    # Obiectiv general 4: / Obiectivul general nr. 1.
    (re.compile(r"(?i)(obiectiv(?:ul)?\s+general\s*(?:nr\.?\s*)?(\d+)\s*[:.]?)\s*"), CodeKind.ITEM),
    # Obiectiv specific: 1. / Obiectivul specific nr. 2.1.
    (re.compile(r"(?i)(obiectiv(?:ul)?\s+specific\s*(?:nr\.?\s*)?:?\s*(\d+(?:\.\d+)*)\.?:?)\s*"), CodeKind.ITEM),
    # OS.I.1 / OS.III.4.
    (re.compile(r"(OS\.([IVX]+\.\d+)\.?)\s*"), CodeKind.ITEM),
    # I.4.1: impact indicator of general objective 4
    (re.compile(r"(I\.(\d+\.\d+)\.?)(?=\s|$)\s*"), CodeKind.IMPACT),
    # 4.1.1. a) / 1.1.1.a) / 4.1.2 a) / 1.1.3 a)
    (re.compile(r"((\d+\.\d+\.\d+)\.?\s*([a-z])\))\s*"), CodeKind.ACTION_RESULT),
    # 4.1.i) / 1.1.i. / 1.2.i.
    (re.compile(rf"((\d+\.\d+)\.({_ROMAN_SMALL})[).])\s*"), CodeKind.OBJECTIVE_RESULT),
    # 4.1.2.3 / 4.1.2.3. / 4.1 / 1.
    (re.compile(r"((\d+(?:\.\d+)*)\.?)(?=\s|$|\()\s*"), CodeKind.ITEM),
)


def parse_code(text: str) -> Code | None:
    """The code at the start of ``text`` (leading white space allowed), or None.

    >>> parse_code("4.1.1. a) Sistem de cercetare").code
    '4.1.1. a)'
    """
    stripped = text.lstrip()
    for index, (pattern, kind) in enumerate(_PATTERNS):
        m = pattern.match(stripped)
        if not m:
            continue
        printed = m.group(1).strip()
        rest = stripped[m.end():].strip()
        if kind is CodeKind.ACTION_RESULT:
            return Code(f"{m.group(2)}. {m.group(3)})", printed, kind, rest, owner=m.group(2))
        if kind is CodeKind.OBJECTIVE_RESULT:
            return Code(f"{m.group(2)}.{m.group(3)})", printed, kind, rest, owner=m.group(2))
        if kind is CodeKind.IMPACT:
            return Code(f"I.{m.group(2)}", printed, kind, rest, owner=m.group(2).split(".")[0])
        if index == 0:
            return Code(m.group(2), printed, kind, rest, label="general")
        if index == 1:
            return Code(m.group(2), printed, kind, rest, label="specific")
        if index == 2:
            return Code(f"OS.{m.group(2)}", printed, kind, rest, label="specific")
        if len(m.group(2)) > 12 or re.fullmatch(r"(?:19|20)\d\d", m.group(2)):
            return None  # a year or a long number, not a code
        return Code(m.group(2), printed, kind, rest)
    return None


def parent_code(code: str) -> str | None:
    """The code of the parent of a dotted code: ``4.1.2.3`` → ``4.1.2``; ``4`` → None."""
    head, dot, _ = code.rpartition(".")
    return head if dot else None


_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[footnoteRef:(\d+)\]")
_FOOTNOTE_TEXT = re.compile(r"\s*\[(\d+):\s*([^\]]*)\]")


def strip_artefacts(text: str) -> str:
    """``text`` without word-processor artefacts such as ``[bookmark: _GoBack]``."""
    return _ARTEFACT.sub("", text)


def split_footnotes(text: str) -> tuple[str, tuple[Note, ...]]:
    """``text`` without footnote markers and footnote bodies, and the footnotes as notes.

    ``"2020-2025[footnoteRef:1] [1:  Executarea …]"`` → ``("2020-2025", (Note("Executarea …", "footnote"),))``.
    Each note's text is the footnote's body; a marker with no body gives no note.
    """
    notes = tuple(Note(m.group(2).strip(), "footnote") for m in _FOOTNOTE_TEXT.finditer(text) if _is_body(text, m))
    cleaned = text
    for m in reversed(list(_FOOTNOTE_TEXT.finditer(text))):
        if _is_body(text, m):
            cleaned = cleaned[: m.start()] + cleaned[m.end():]
    cleaned = _FOOTNOTE_REF.sub("", cleaned)
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip(), notes


def _is_body(text: str, m: re.Match[str]) -> bool:
    """A ``[N: …]`` is a footnote body when the text also holds ``[footnoteRef:N]``."""
    return f"[footnoteRef:{m.group(1)}]" in text
