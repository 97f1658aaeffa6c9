"""The coherence review: ``build_review(store)`` and its renderers (HTML, Markdown, XLSX).

See :mod:`service.review.build` for the sections and ``docs/crossplan.md`` for the formats.
"""
