"""Choosing the reader for a document from its content.

Every module in :mod:`loaders.readers` is a reader when it exposes

- ``LAYOUT: str`` — a one-line description of the layout, used in error messages;
- ``matches(doc: Document) -> bool`` — whether the document has this layout;
- ``read(doc: Document) -> Plan`` — the plan the document states;
- optionally ``SPECIFICITY: int`` (default 0) — when several readers match, the
  one with the highest specificity wins; a tie is an error.

Nothing lost: a reader accounts for every non-empty line of the document. A
line is accounted for when it lies inside the ``source`` range of an item (or
of one of its indicators), inside a range of ``plan.consumed`` (lines read into
plan-level fields: title, date, legal basis, column headers, column-number
rows, footnotes), or inside an ``Unparsed`` entry of ``plan.unparsed`` with a
reason. :func:`unaccounted_lines` lists the lines a plan fails to account for;
``tests/loaders/test_nothing_lost.py`` requires it to be empty for every
sample document.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from loaders.documents import Document
from loaders.errors import UnknownLayout
from loaders.model import Plan


def readers() -> list[ModuleType]:
    """Every reader module of :mod:`loaders.readers`, in name order."""
    import loaders.readers as package

    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"loaders.readers.{info.name}")
        if all(hasattr(module, attr) for attr in ("LAYOUT", "matches", "read")):
            found.append(module)
    return found


def _describe(modules: list[ModuleType]) -> str:
    return "; ".join(f"{m.__name__.rsplit('.', 1)[-1]}: {m.LAYOUT}" for m in modules)


def detect(doc: Document) -> ModuleType:
    """The reader module for ``doc``.

    Raises :class:`UnknownLayout` naming the file when no reader matches (the
    message lists the layouts expected) or when several match equally.
    """
    available = readers()
    matching = [m for m in available if m.matches(doc)]
    if not matching:
        expected = _describe(available) or "no readers are installed"
        raise UnknownLayout(doc.name, f"unknown layout; expected one of: {expected}")
    best = max(getattr(m, "SPECIFICITY", 0) for m in matching)
    winners = [m for m in matching if getattr(m, "SPECIFICITY", 0) == best]
    if len(winners) > 1:
        raise UnknownLayout(doc.name, f"ambiguous layout; several readers match: {_describe(winners)}")
    return winners[0]


def unaccounted_lines(doc: Document, plan: Plan) -> list[int]:
    """The non-empty lines of ``doc`` that ``plan`` does not account for (see the module doc)."""
    covered: set[int] = set()

    def cover(first: int, last: int) -> None:
        covered.update(range(first, last + 1))

    for item in plan.items:
        cover(item.source.first_line, item.source.last_line)
        for indicator in item.indicators:
            if indicator.source is not None:
                cover(indicator.source.first_line, indicator.source.last_line)
    for indicator in plan.indicators:
        if indicator.source is not None:
            cover(indicator.source.first_line, indicator.source.last_line)
    for ref in plan.consumed:
        cover(ref.first_line, ref.last_line)
    for gap in plan.unparsed:
        cover(gap.first_line, gap.last_line)
    return [n for n, line in enumerate(doc.lines, 1) if line.strip() and n not in covered]
