"""The fixed SPARQL of the coherence review, one ``.rq`` file each (see :func:`query_text`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from loaders.errors import QueryError

HERE = Path(__file__).resolve().parent


@cache
def query_text(name: str) -> str:
    """The text of ``<name>.rq`` in this folder; raises ``QueryError`` for an unknown name."""
    path = HERE / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no review query named {name!r}")
    return path.read_text(encoding="utf-8")
