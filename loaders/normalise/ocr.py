"""Repairing OCR'd Romanian text: diacritics read as other characters, digits read as letters.

Two rules, both general:

- **words**: every character of a word that OCR is known to confuse is replaced,
  in turn, by what it may stand for (the :data:`CONFUSIONS` table: ``d`` for
  ``ă``/``â``, ``q``/``g`` for ``ș``, ``l``/``f``/``{``/``!`` for ``ț``, ``6``/``E``/``S``
  for ``ă``, plain ``s``/``t``/``a``/``i`` missing their diacritic, ...). Spellings are
  searched over a prefix index of a Romanian word list (the Romanian data of
  ``wordfreq``, a maintained package) and ranked by word frequency; a word the
  list already knows is kept unless a spelling is clearly more frequent. A word
  no list entry explains is kept as printed (``inbazarcntltatelor``). Two words
  printed as one (``pentrufamiliile``) are split when one half is a function
  word and the other a common word; a non-word followed by a rare word
  (``mobili zare``) is joined when together they make a word. All-capital tokens
  of up to five letters are acronyms (``PNPC``) and are left alone.
- **act numbers**: after ``nr.``, a run of digits and digit-like letters such as
  ``34712022`` or ``l4gl2}2l`` is read as ``NUMBER/YEAR`` where OCR printed the
  slash as ``1``/``l``/``}``, with ``l``→1, ``g``→9, ``}``→0 inside the digits.

:func:`repair` returns the repaired text; :func:`repair_changes` also says what
changed, so callers can keep the original beside the repair (``*_text`` fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import top_n_list, zipf_frequency

LANG = "ro"
VOCABULARY_SIZE = 200_000  # wordfreq holds ~43 000 Romanian words: all of them

# What an OCR'd character may stand for. Keys are characters as printed (case
# matters: an upper-case E or S inside a lower-case word is a misread ă); values
# are the letters they may replace. A character always may also stand for itself.
# CONFUSIONS are the usual ones (diacritics lost or read as a neighbouring glyph);
# RARE_CONFUSIONS cost more, so that they win only where nothing likelier fits
# (nafionali -> naționali, not națională; pregitirea -> pregătirea).
CONFUSIONS: dict[str, tuple[str, ...]] = {
    "a": ("ă", "â"),  # diacritic lost
    "i": ("î", "â"),  # diacritic lost
    "s": ("ș",),
    "t": ("ț",),
    "d": ("ă", "â"),  # Hotdrdrea, realizdrii
    "q": ("ș",),  # qi, Chiqiniu
    "g": ("ș",),  # gi, rdmagi
    "l": ("ț",),  # acliuni, proteclia
    "f": ("ț",),  # nafional, Protecfiei
    "{": ("ț",),  # cunoqtin{elor
    "!": ("ț",),  # cunoqtin!6
    "6": ("ă",),  # promoveaz6
    "E": ("ă",),  # comunitarE
    "S": ("ă",),  # oficialS
}
RARE_CONFUSIONS: dict[str, tuple[str, ...]] = {
    "i": ("ă",),  # pregitirea, consolidirii, Chiqiniu
    "l": ("ă", "î"),  # ulterioarl, ln
    "c": ("e",),  # realizarca
    "w": ("zv",),  # dewoltarea
}
COST = 0.1  # zipf units per usual substitution
RARE_COST = 2.0  # a rare substitution: about a hundred times less likely

# Characters that can occur inside an OCR'd word besides letters.
_WORD = re.compile(r"(?<![\w{!])[^\W\d_](?:[^\W\d_]|[{!6])*")
_SYMBOLS = frozenset("{!6")

# A known word is replaced only by a spelling this much more frequent (zipf
# scale: log10 of occurrences per billion words), after the substitution costs.
MARGIN = 0.5
# Splits: merged words in OCR are mostly a function word and a common word
# ("pentru familiile", "dezvoltarea unui"); otherwise the token is more often a
# word the list lacks ("formatori" is not "forma tori", "ghidului" not "ghid ului").
MIN_SPLIT_ZIPF = 4.0  # both halves at least this frequent
FUNCTION_WORD_ZIPF = 5.5  # and one of them this frequent
MIN_SPLIT_PART = 4  # and both at least this long (no "pilot are", "format ori")
# Joins: a non-word followed by a rare word may be one word with a space inside
# ("mobili zare"); a frequent second word is just the next word ("prestare a").
MAX_JOIN_ZIPF = 4.0
MAX_ACRONYM = 5  # all-capital tokens up to this length are acronyms: left as printed

# Act numbers after "nr.": digits and what OCR prints for them.
_DIGIT_LIKE = {"l": "1", "I": "1", "|": "1", "g": "9", "}": "0", "{": "0", "O": "0", "o": "0"}
_SLASH_LIKE = frozenset("1lI|}/")
_ACT_NUMBER = re.compile(r"\bnr\.\s*(?P<num>[0-9lI|g}{Oo/]{6,12})(?![\w/])", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    """One repair: the text as printed at ``start`` (offset in the input) and what replaced it."""

    start: int
    printed: str
    repaired: str


@dataclass(frozen=True)
class Repair:
    """The repaired text, the text as printed, and every change, in order of position."""

    text: str
    changes: tuple[Change, ...]
    printed: str = ""

    def printed_span(self, start: int, end: int) -> str:
        """The printed text that became ``self.text[start:end]`` (a change cut by the span is taken whole)."""
        return self.printed[self._to_printed(start, True):self._to_printed(end, False)]

    def _to_printed(self, offset: int, is_start: bool) -> int:
        delta = 0  # repaired offset - printed offset, before the current change
        for change in self.changes:
            begin = change.start + delta
            if offset <= begin:
                break
            if offset < begin + len(change.repaired):  # inside a change: take it whole
                return change.start if is_start else change.start + len(change.printed)
            delta += len(change.repaired) - len(change.printed)
        return offset - delta


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """The Romanian words (lower case) and every prefix of them."""
    words = frozenset(w for w in top_n_list(LANG, VOCABULARY_SIZE) if w.isalpha())
    prefixes = frozenset(w[:i] for w in words for i in range(1, len(w) + 1))
    return words, prefixes


def _zipf(word: str) -> float:
    return zipf_frequency(word, LANG)


@lru_cache(maxsize=None)
def _options(char: str) -> tuple[tuple[str, float], ...]:
    """What one printed character may stand for, with the cost of reading it so."""
    options: dict[str, float] = {char.lower(): 0.0}
    for key in dict.fromkeys((char, char.lower())):
        for table, cost in ((CONFUSIONS, COST), (RARE_CONFUSIONS, RARE_COST)):
            for alternative in table.get(key, ()):
                options.setdefault(alternative, cost)
    return tuple(options.items())


def _spellings(token: str) -> list[tuple[str, float]]:
    """Every word of the list that ``token`` may stand for, with the cost of the substitutions."""
    words, prefixes = _lexicon()
    found: list[tuple[str, float]] = []

    def walk(pos: int, built: str, changes: float) -> None:
        if pos == len(token):
            if built in words:
                found.append((built, changes))
            return
        options = _options(token[pos])
        for option, cost in options:
            candidate = built + option
            if candidate in prefixes:
                walk(pos + 1, candidate, changes + cost)

    walk(0, "", 0)
    return found


def _suspicious(token: str) -> bool:
    """OCR symbols inside, or an upper-case letter inside a lower-case word (comunitarE)."""
    return bool(_SYMBOLS & set(token)) or (not token.isupper() and any(c.isupper() for c in token[1:]))


def _best(token: str) -> str | None:
    """The repaired spelling of one word (lower case), or ``None`` to keep it as printed."""
    lowered = token.lower()
    words, _ = _lexicon()
    known = lowered in words and not _suspicious(token)
    base = _zipf(lowered) + MARGIN if known else float("-inf")
    best: tuple[float, str] | None = None
    for spelling, changes in _spellings(token if not token.isupper() else lowered):
        if spelling == lowered:
            continue
        score = _zipf(spelling) - changes
        if score > base and (best is None or score > best[0]):
            best = (score, spelling)
    return best[1] if best else None


def _split(token: str) -> str | None:
    """``pentrufamiliile`` -> ``pentru familiile``: two frequent words printed as one."""
    words, _ = _lexicon()
    best: tuple[float, str] | None = None
    if token.isupper():
        return None  # acronyms and headings: PNPC, ORDON
    for cut in range(MIN_SPLIT_PART, len(token) - MIN_SPLIT_PART + 1):
        left, right = token[:cut].lower(), token[cut:].lower()
        left = left if left in words else _best(token[:cut]) or ""
        right = right if right in words else _best(token[cut:]) or ""
        if not left or not right:
            continue
        score = min(_zipf(left), _zipf(right))
        if score < MIN_SPLIT_ZIPF or max(_zipf(left), _zipf(right)) < FUNCTION_WORD_ZIPF:
            continue
        if best is None or score > best[0]:
            best = (score, f"{left} {right}")
    return best[1] if best else None


def _recase(printed: str, repaired: str) -> str:
    if len(printed) > 1 and printed.isupper():
        return repaired.upper()
    if printed[:1].isupper() and not printed[1:2].isupper():
        return repaired[:1].upper() + repaired[1:]
    return repaired


def _repair_word(token: str) -> str | None:
    if len(token) < 2 or (token.isupper() and len(token) <= MAX_ACRONYM):
        return None
    words, _ = _lexicon()
    repaired = _best(token)
    if repaired is None and token.lower() not in words:
        repaired = _split(token)
    return _recase(token, repaired) if repaired else None


def _repair_number(digits: str) -> str | None:
    """``34712022`` -> ``347/2022``, ``l4gl2}2l`` -> ``149/2021``; ``None`` when not of that form."""
    if "/" in digits:
        number, _, year = digits.partition("/")
    else:
        number, sep, year = digits[:-5], digits[-5], digits[-4:]
        if sep not in _SLASH_LIKE:
            return None
    number = "".join(_DIGIT_LIKE.get(c, c) for c in number)
    year = "".join(_DIGIT_LIKE.get(c, c) for c in year)
    if not (number.isdigit() and year.isdigit() and len(year) == 4 and 1900 <= int(year) <= 2099):
        return None
    return f"{number}/{year}"


def _join(first: str, second: str) -> str | None:
    """``mobili zare`` -> ``mobilizare``: one word printed with a space inside."""
    words, _ = _lexicon()
    if first.lower() in words and not _suspicious(first):
        return None
    if len(second) < 2 or second.isupper() or _zipf(second.lower()) >= MAX_JOIN_ZIPF:
        return None
    joined = (first + second).lower()
    repaired = joined if joined in words else _best(first + second)
    return _recase(first, repaired) if repaired else None


def repair_changes(text: str) -> Repair:
    """The repaired ``text`` and the list of changes, in order of position."""
    changes: list[Change] = []
    taken: list[tuple[int, int]] = []
    for match in _ACT_NUMBER.finditer(text):
        fixed = _repair_number(match["num"])
        if fixed and fixed != match["num"]:
            changes.append(Change(match.start("num"), match["num"], fixed))
            taken.append((match.start("num"), match.end("num")))
    tokens = [m for m in _WORD.finditer(text) if not any(a <= m.start() < b for a, b in taken)]
    index = 0
    while index < len(tokens):
        match = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and text[match.end():following.start()] == " ":
            joined = _join(match.group(), following.group())
            if joined:
                changes.append(Change(match.start(), text[match.start():following.end()], joined))
                index += 2
                continue
        fixed = _repair_word(match.group())
        if fixed and fixed != match.group():
            changes.append(Change(match.start(), match.group(), fixed))
        index += 1
    changes.sort(key=lambda c: c.start)
    out, pos = [], 0
    for change in changes:
        out.append(text[pos:change.start])
        out.append(change.repaired)
        pos = change.start + len(change.printed)
    out.append(text[pos:])
    return Repair("".join(out), tuple(changes), text)


def repair(text: str) -> str:
    """OCR'd Romanian ``text`` with diacritics, digits and act numbers repaired.

    >>> repair("aprobat prin Hotdrdrea Guvernului nr. 34712022")
    'aprobat prin Hotărârea Guvernului nr. 347/2022'
    """
    return repair_changes(text).text
