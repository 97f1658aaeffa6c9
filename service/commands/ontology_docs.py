"""``plankg ontology-docs OUT_DIR``: HTML documentation of the ontology with pyLODE.

Writes ``OUT_DIR/index.html`` from ``ontology/plankg.ttl`` (classes, properties,
their Romanian and English labels and definitions, alignments) and copies the
Turtle source beside it as ``plankg.ttl``.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
import types
from pathlib import Path

import typer

from loaders.reference import ontology_dir


def register(app: typer.Typer) -> None:
    app.command("ontology-docs")(ontology_docs)


def ontology_docs(
    out_dir: Path = typer.Argument(..., help="Directory to write index.html into (created if missing)."),
) -> None:
    """Write HTML documentation of the plankg ontology (pyLODE) into OUT_DIR."""
    from service.cli import fail

    source = ontology_dir() / "plankg.ttl"
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        html = render_html(source)
    except Exception as exc:  # pyLODE raises bare exceptions on malformed ontologies
        raise fail(f"pyLODE could not document {source}: {exc}") from exc
    (out_dir / "index.html").write_text(html, encoding="utf-8")
    shutil.copyfile(source, out_dir / "plankg.ttl")
    typer.echo(str(out_dir / "index.html"))


def render_html(source: Path) -> str:
    """The pyLODE OntPub HTML page of the ontology in ``source``."""
    return _ontpub()(ontology=str(source)).make_html()


def _ontpub() -> type:
    """pyLODE's OntPub class.

    pyLODE 3.4.1 (the last release for Python 3.11) reads its version from a
    ``pyproject.toml`` that its wheel does not ship, so the import fails; the
    version is then taken from the installed distribution's metadata instead.
    """
    try:
        from pylode import OntPub
    except FileNotFoundError:
        for name in [m for m in sys.modules if m == "pylode" or m.startswith("pylode.")]:
            del sys.modules[name]
        version = types.ModuleType("pylode.version")
        version.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = version
        from pylode import OntPub
    return OntPub
