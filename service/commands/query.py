"""``plankg query NAME_OR_SPARQL``: run a named query, or a raw read-only SPARQL query.

``NAME`` (a file stem of ``queries/``) runs that query with ``--param k=v``
values bound as RDF terms. Anything else is taken as SPARQL text (``-`` reads
it from stdin) and goes through the same checks as ``/sparql``
(:func:`service.safety.check_query`: read-only, no ``SERVICE``/``LOAD``, size
and depth limits) and the configured deadline and row cap.

Formats: ``table``, ``json``, ``csv`` for SELECT and ASK; CONSTRUCT and
DESCRIBE also print as ``ttl``, ``nt`` or ``jsonld`` (or as subject/predicate/
object rows in the tabular formats).
"""

from __future__ import annotations

import sys
from enum import Enum

import typer

from loaders.errors import PlankgError
from service.catalog import NAME_PATTERN, Catalog, result_table
from service.output import RowFormat, render_rows


class QueryFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    TTL = "ttl"
    NT = "nt"
    JSONLD = "jsonld"


RDF_FORMATS = {QueryFormat.TTL: "turtle", QueryFormat.NT: "nt", QueryFormat.JSONLD: "json-ld"}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"plankg: error: {message}", err=True)
    return typer.Exit(1)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["act=https://…", "year=2024"]`` -> a dict; a pair without ``=`` or given twice is an error."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        name = name.strip()
        if not eq or not name:
            raise _fail(f"--param takes NAME=VALUE, not {pair!r}")
        if name in values:
            raise _fail(f"--param {name} given twice")
        values[name] = value
    return values


def run_query(
    name_or_sparql: str = typer.Argument(..., help="A named query (see `plankg queries`), SPARQL text, or - to read SPARQL from stdin."),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE for a named query's parameter (repeatable)."),
    fmt: QueryFormat = typer.Option(QueryFormat.TABLE, "--format", help="table, json, csv; ttl, nt or jsonld for CONSTRUCT/DESCRIBE."),
) -> None:
    """Run a named query with parameters, or a raw read-only SPARQL query, on the store named by PLANKG_STORE."""
    from service.config import Settings
    from service.safety import check_query
    from service.store import open_store

    values = parse_params(param)
    try:
        catalog = Catalog.load()
        text = sys.stdin.read() if name_or_sparql == "-" else name_or_sparql
        named = NAME_PATTERN.match(text.strip()) is not None
        if named:
            query = catalog.get(text.strip())
            bindings = query.bind(values)
            title = query.title
        elif values:
            raise _fail("--param applies to named queries only; raw SPARQL takes its values in the text")
        settings = Settings.from_env()
        store = open_store(settings.store)
        try:
            if named:
                result = store.query(query.sparql, bindings=bindings, timeout=settings.query_timeout, max_rows=settings.max_rows)
            else:
                title = None
                check_query(text, settings, store)
                result = store.query(text, timeout=settings.query_timeout, max_rows=settings.max_rows)
        finally:
            store.close()
    except PlankgError as exc:
        raise _fail(str(exc)) from exc
    if fmt in RDF_FORMATS:
        if result.kind != "graph":
            raise _fail(f"--format {fmt.value} is for CONSTRUCT and DESCRIBE; use table, json or csv")
        typer.echo(result.to_graph().serialize(format=RDF_FORMATS[fmt]), nl=False)
    else:
        columns, rows = result_table(result)
        out = render_rows(columns, rows, RowFormat(fmt.value), title=title)
        typer.echo(out, nl=not out.endswith("\n"))
    if result.truncated:
        typer.echo(f"plankg: warning: results truncated at {settings.max_rows} rows (PLANKG_MAX_ROWS)", err=True)


def register(app: typer.Typer) -> None:
    app.command("query")(run_query)
