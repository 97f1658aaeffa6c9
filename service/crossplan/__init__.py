"""The cross-plan step: cross-reference resolution, theme classification and similar items.

Everything it derives goes into one named graph, ``https://w3id.org/plankg/graph/links``,
rebuilt from scratch by :func:`service.crossplan.refresh.refresh` (see ``docs/crossplan.md``).
"""
