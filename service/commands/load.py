"""``plankg load PATH…``: documents into the store, with a progress bar and a summary.

The progress bar goes to stderr, the summary (one row per file: file, plan id,
items, triples, SHACL violations and warnings, status, reason) to stdout in ``--format``.
The exit status is 1 when any file failed, 0 otherwise.
"""

from __future__ import annotations

from pathlib import Path

import typer

from service.output import RowFormat, render_rows

COLUMNS = ("file", "plan", "items", "triples", "violations", "warnings", "status", "reason")


def register(app: typer.Typer) -> None:
    app.command("load")(load)


def load(
    paths: list[Path] = typer.Argument(..., help="Document files or folders (folders: every *.txt, recursively)."),
    fmt: RowFormat = typer.Option(RowFormat.TABLE, "--format", help="Summary format."),
    force: bool = typer.Option(False, "--force", help="Reload files even when their hash is unchanged."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip SHACL validation of each plan."),
) -> None:
    """Load plans into the store named by PLANKG_STORE, skipping unchanged files."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from service.config import Settings
    from service.loading import Status, load_paths
    from service.store import open_store

    store = open_store(Settings.from_env().store)
    try:
        with Progress(
            TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
            console=Console(stderr=True), transient=True,
        ) as bar:
            task = bar.add_task("", total=None)

            def progress(done: int, total: int, name: str) -> None:
                bar.update(task, completed=done, total=total, description=name)

            report = load_paths(paths, store, progress=progress, force=force, validate=not no_validate)
    finally:
        store.close()
    rows = [
        (
            f.path,
            f.plan_id,
            f.items,
            f.triples,
            f.violations,
            f.warnings,
            f.status.value,
            f"line {f.line}: {f.reason}" if f.line is not None else f.reason,
        )
        for f in report.files
    ]
    typer.echo(render_rows(COLUMNS, rows, fmt, title="plankg load"), nl=False)
    if report.reference is not None:
        typer.echo(f"reference graph: {report.reference.value}", err=True)
    if any(f.status is Status.FAILED for f in report.files):
        typer.echo(f"plankg: error: {len(report.failed)} file(s) failed to load", err=True)
        raise typer.Exit(1)
