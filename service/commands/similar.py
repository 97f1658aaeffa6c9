"""``plankg similar ITEM``: the items of other plans (or other parts of one plan) most like ITEM.

``ITEM`` is ``PLAN_ID/ITEM_ID`` (``001-0c94d01ded17afb5/1.1``) or an item
IRI. The matches are the similarity links of the links graph (named query
``similar-items``), best first: kind, score, the other item and the shared
terms that explain the link. An unknown item is an error (exit 1).
"""

from __future__ import annotations

import typer
from rdflib import URIRef

from loaders import iri
from loaders.errors import PlankgError
from service.catalog import Catalog, plain
from service.output import RowFormat, render_rows

COLUMNS = ("kind", "score", "plan", "code", "title", "sharedTerms", "item")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"plankg: error: {message}", err=True)
    return typer.Exit(1)


def item_iri(text: str) -> str:
    """``PLAN_ID/ITEM_ID`` or an item IRI -> the item IRI; raises ``ValueError`` for anything else."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return text
    plan_id, slash, item_id = text.partition("/")
    if not slash or not plan_id or not item_id or "/" in item_id:
        raise ValueError(f"ITEM must be PLAN_ID/ITEM_ID (e.g. 001-0c94d01ded17afb5/1.1) or an item IRI, not {text!r}")
    return iri.item(plan_id, item_id)


def similar_rows(store: object, item: str, limit: int) -> list[tuple[object, ...]]:
    """The best ``limit`` matches of ``item`` as rows aligned with :data:`COLUMNS`."""
    result = Catalog.load().get("similar-items").run(store, {"item": item})  # type: ignore[arg-type]
    rows = []
    for row in result.rows:
        values = {k: plain(v) for k, v in row.items()}
        rows.append((
            values["kind"].rsplit("#", 1)[-1], round(values["score"], 3),
            values["otherPlan"].rsplit("/plan/", 1)[-1],
            values.get("otherCode") or values["other"].rsplit("/item/", 1)[-1], values["otherTitle"], values.get("sharedTerms") or "", values["other"],
        ))
    rows.sort(key=lambda r: (-r[1], r[6], r[0]))
    return rows[:limit]


def similar(
    item: str = typer.Argument(..., help="PLAN_ID/ITEM_ID (e.g. 001-0c94d01ded17afb5/1.1) or an item IRI."),
    fmt: RowFormat = typer.Option(RowFormat.TABLE, "--format", help="table, json or csv."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="Show at most this many matches."),
) -> None:
    """Show the items most similar to ITEM, best first."""
    from service.config import Settings
    from service.sparql import query_text
    from service.store import open_store

    try:
        target = item_iri(item)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    try:
        store = open_store(Settings.from_env().store)
        try:
            found = store.query(query_text("crossplan/item"), bindings={"item": URIRef(target)})
            if not found.rows:
                raise _fail(f"no item {item} in the store")
            rows = similar_rows(store, target, limit)
        finally:
            store.close()
    except PlankgError as exc:
        raise _fail(str(exc)) from exc
    title = f"similar to {item}: {found.rows[0]['title']}"
    out = render_rows(COLUMNS, rows, fmt, title=title)
    typer.echo(out, nl=not out.endswith("\n"))


def register(app: typer.Typer) -> None:
    app.command("similar")(similar)
