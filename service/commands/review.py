"""``plankg review``: the coherence review of the loaded plans, as HTML, Markdown or XLSX.

``--out FILE`` writes the file; without it the review goes to stdout — except
XLSX (binary) when stdout is a terminal, which is refused with a hint to use
``--out``. The review reads the links graph, which ``plankg load`` refreshes;
``--refresh`` recomputes it first (after loading with a store tool other than
``plankg load``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from loaders.errors import PlankgError
from service.review.build import MAX_FINDINGS
from service.review.formats import ReviewFormat, render


def _fail(message: str) -> typer.Exit:
    typer.echo(f"plankg: error: {message}", err=True)
    return typer.Exit(1)


def review(
    fmt: ReviewFormat = typer.Option(ReviewFormat.HTML, "--format", help="html (one self-contained page), md or xlsx."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
    refresh: bool = typer.Option(False, "--refresh", help="Recompute the cross-plan links graph first."),
    max_findings: int = typer.Option(MAX_FINDINGS, "--max-findings", min=0, help="Findings shown per section (0: all)."),
) -> None:
    """Write the coherence review of the plans in the store named by PLANKG_STORE."""
    from service.config import Settings
    from service.review.build import build_review
    from service.store import open_store

    if out is None and fmt is ReviewFormat.XLSX and sys.stdout.isatty():
        raise _fail("xlsx is binary: give --out FILE, or redirect stdout to a file")
    try:
        store = open_store(Settings.from_env().store)
        try:
            if refresh:
                from service.crossplan.refresh import refresh as refresh_links

                refresh_links(store)
            data = render(build_review(store, max_findings=max_findings), fmt)
        finally:
            store.close()
    except PlankgError as exc:
        raise _fail(str(exc)) from exc
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise _fail(f"cannot write {out}: {exc.strerror}") from exc
    typer.echo(f"review written to {out} ({len(data)} bytes)", err=True)


def register(app: typer.Typer) -> None:
    app.command("review")(review)
