"""``review(store)``: the whole coherence review in every format — the entry point ``bench/steps.py`` times.

The review itself lives in :mod:`service.review`; this builds it once and
renders it as HTML, Markdown and XLSX, returning the sizes in bytes.
"""

from __future__ import annotations

from service.review.build import build_review
from service.review.formats import ReviewFormat, render
from service.store.base import Store


def review(store: Store) -> dict[str, int]:
    """Build the review of ``store`` and render every format; the size of each, by format name."""
    built = build_review(store)
    return {fmt.value: len(render(built, fmt)) for fmt in ReviewFormat}
