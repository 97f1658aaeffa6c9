"""docs/queries.md documents the header format and every named query with its parameters."""

from __future__ import annotations

import re
from pathlib import Path

from service.catalog import Catalog, ParamType

DOC = Path(__file__).resolve().parents[2] / "docs" / "queries.md"


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### `([a-z0-9-]+)`\s*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_query_is_documented(catalog: Catalog) -> None:
    sections = _sections()
    missing = [q.name for q in catalog if q.name not in sections]
    assert not missing, f"named queries not documented in docs/queries.md: {missing}"
    stale = sorted(set(sections) - {q.name for q in catalog})
    assert not stale, f"docs/queries.md documents queries that do not exist: {stale}"


def test_every_parameter_is_documented(catalog: Catalog) -> None:
    sections = _sections()
    for query in catalog:
        for param in query.parameters:
            assert f"| `{param.name}` | `{param.type_label}` |" in sections[query.name], (query.name, param.name)
        assert query.title in sections[query.name]


def test_every_parameter_type_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for ptype in ParamType:
        assert f"| `{ptype.value}` |" in text, ptype
