"""The fixed SPARQL the service runs itself, one ``.rq`` file each.

The top folder holds the queries of the REST resources and of loading;
``crossplan/`` those of the cross-plan step, ``review/`` those of the
coherence review. :func:`query_text` returns the text of
``service/sparql/<name>.rq`` (``name`` may be ``crossplan/items``). Values are
never pasted into these texts: callers bind variables through
``store.query(text, bindings={...})``. A variable a caller binds must be in
scope at the top level of the query (projected out of any sub-select), so the
binding works the same on the embedded store (substitution) and on remote
stores (a ``VALUES`` block).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from loaders.errors import QueryError

HERE = Path(__file__).resolve().parent


def names() -> list[str]:
    """The names of every query here (``plans``, ``crossplan/items`` …), sorted."""
    return sorted(p.relative_to(HERE).with_suffix("").as_posix() for p in HERE.rglob("*.rq"))


@cache
def query_text(name: str) -> str:
    """The text of ``<name>.rq``; raises ``QueryError`` for an unknown name."""
    path = HERE / f"{name}.rq"
    if name not in names() or not path.is_file():
        raise QueryError(f"no internal query named {name!r}")
    return path.read_text(encoding="utf-8")
