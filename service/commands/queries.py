"""``plankg queries``: list the named queries of ``queries/`` with their parameters."""

from __future__ import annotations

import json

import typer

from loaders.errors import PlankgError
from service.catalog import Catalog, NamedQuery
from service.output import RowFormat, render_rows

COLUMNS = ("name", "title", "title_ro", "parameters", "description")


def _parameters(query: NamedQuery) -> str:
    """``act:iri=https://…, year:integer?`` — a compact line for table and csv output."""
    parts = []
    for p in query.parameters:
        text = f"{p.name}:{p.type_label}"
        if p.default is not None:
            text += f"={p.default}"
        elif not p.required:
            text += "?"
        parts.append(text)
    return ", ".join(parts)


def list_queries(
    fmt: RowFormat = typer.Option(RowFormat.TABLE, "--format", help="table, json or csv."),
) -> None:
    """List the named queries: name, titles (en, ro), parameters and description."""
    try:
        catalog = Catalog.load()
    except PlankgError as exc:
        typer.echo(f"plankg: error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if fmt is RowFormat.JSON:
        typer.echo(json.dumps([q.describe() for q in catalog], ensure_ascii=False, indent=2))
        return
    rows = [(q.name, q.title, q.title_ro, _parameters(q), q.description) for q in catalog]
    out = render_rows(COLUMNS, rows, fmt, title="plankg named queries")
    typer.echo(out, nl=not out.endswith("\n"))


def register(app: typer.Typer) -> None:
    app.command("queries")(list_queries)
