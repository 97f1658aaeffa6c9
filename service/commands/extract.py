"""``plankg extract FILE``: print one document's plan as JSON, Turtle or TriG."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from loaders.errors import PlankgError
from loaders.extract import extract, plan_to_json
from loaders.model import Plan


class ExtractFormat(str, Enum):
    JSON = "json"
    TTL = "ttl"
    TRIG = "trig"


def render(plan: Plan, fmt: ExtractFormat) -> str:
    """The plan as text in ``fmt``: the JSON of docs/extract-json.md, or its RDF graph."""
    if fmt is ExtractFormat.JSON:
        return json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2)
    from rdflib import Dataset, URIRef

    from loaders import iri
    from loaders.rdf import to_graph

    graph = to_graph(plan)
    if fmt is ExtractFormat.TTL:
        return graph.serialize(format="turtle")
    dataset = Dataset()
    named = dataset.graph(URIRef(iri.plan_graph(plan.id)))
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace)
    for triple in graph:
        named.add(triple)
    return dataset.serialize(format="trig")


def extract_command(
    file: Path = typer.Argument(..., help="The document to read (a .txt plan)."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.JSON, "--format", "-f", help="json (docs/extract-json.md), ttl or trig."),
) -> None:
    """Print the plan one document states, with every item, its provenance and the lines left unparsed."""
    try:
        plan = extract(file)
        text = render(plan, fmt)
    except PlankgError as exc:
        typer.echo(f"plankg: error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(text)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
