"""``plankg validate [--plan ID] [--format text|table|json|csv|ttl]``: SHACL report of the store.

Reads the plan graphs (one, with ``--plan``), the links graph and the
reference graph from the store named by ``PLANKG_STORE`` and validates them
with :func:`service.validation.validate`. ``text`` groups the results by plan
and severity, each with item code, source lines and message; ``json``/``csv``/
``table`` give one row per result; ``ttl`` is the SHACL validation report graph.

Exit status: 0 when there is no violation (warnings allowed), 1 when there is
at least one violation, 2 when validation could not run (unknown plan, store
error).
"""

from __future__ import annotations

from enum import Enum

import rdflib
import typer

from loaders import iri
from service.output import RowFormat, render_rows
from service.validation import SEVERITIES, Finding, ValidationReport

COLUMNS = ("plan", "severity", "code", "first_line", "last_line", "message", "shape", "file", "item", "focus")


class ReportFormat(str, Enum):
    TEXT = "text"
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    TTL = "ttl"


class Language(str, Enum):
    EN = "en"
    RO = "ro"


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_store)


def validate_store(
    plan: str | None = typer.Option(None, "--plan", help="Validate only this plan id (e.g. 000-c81970cad839fc42)."),
    fmt: ReportFormat = typer.Option(ReportFormat.TEXT, "--format", help="Report format."),
    lang: Language = typer.Option(Language.EN, "--lang", help="Language of the messages."),
) -> None:
    """Validate the plans in the store against the SHACL shapes; exit 1 on violations."""
    from service.cli import fail
    from service.validation import validate

    try:
        data, reference = read_store(plan)
    except LookupError as exc:
        raise fail(str(exc), code=2) from exc
    report = validate(data, reference=reference)
    if plan is not None:
        report = ValidationReport(
            conforms=not any(f.severity == "Violation" and f.plan_id == plan for f in report.results),
            results=tuple(f for f in report.results if f.plan_id == plan),
            graph=report.graph,
        )
    typer.echo(render_report(report, fmt, lang), nl=False)
    if not report.conforms:
        raise typer.Exit(1)


def read_store(plan: str | None) -> tuple[rdflib.Graph, rdflib.Graph | None]:
    """The plan graphs (+ links graph) and the stored reference graph (``None`` when not loaded).

    Raises :class:`LookupError` when ``plan`` is not in the store.
    """
    from service.config import Settings
    from service.store import open_store

    store = open_store(Settings.from_env().store)
    try:
        names = store.graphs()
        plans = [g for g in names if iri.plan_id_of_graph(g) is not None]
        if plan is not None:
            if iri.plan_graph(plan) not in names:
                known = ", ".join(sorted(iri.plan_id_of_graph(g) or "" for g in plans)) or "none"
                raise LookupError(f"plan {plan!r} is not in the store (plans: {known})")
            plans = [iri.plan_graph(plan)]
        data = rdflib.Graph()
        for name in (*plans, *([iri.LINKS_GRAPH] if iri.LINKS_GRAPH in names else [])):
            data += store.graph(name)
        reference = store.graph(iri.REFERENCE_GRAPH) if iri.REFERENCE_GRAPH in names else None
    finally:
        store.close()
    return data, (reference if reference is not None and len(reference) > 0 else None)


def render_report(report: ValidationReport, fmt: ReportFormat, lang: Language = Language.EN) -> str:
    """The report as text (grouped), rows (table/json/csv) or the SHACL report graph (ttl)."""
    if fmt is ReportFormat.TTL:
        return report.graph.serialize(format="turtle")
    if fmt is ReportFormat.TEXT:
        return _text(report, lang)
    rows = [_row(f, lang) for f in report.results]
    return render_rows(COLUMNS, rows, RowFormat(fmt.value), title="plankg validate")


def _message(finding: Finding, lang: Language) -> str:
    return finding.message_ro if lang is Language.RO else finding.message_en


def _row(f: Finding, lang: Language) -> tuple[object, ...]:
    return (f.plan_id, f.severity, f.item_code, f.first_line, f.last_line, _message(f, lang), f.shape,
            f.source_file, f.item_iri, f.focus)


def _label(f: Finding) -> str:
    """The item's printed code, else its id (``2.2-a3``), else nothing."""
    if f.item_code:
        return f.item_code
    return f.item_iri.rsplit("/item/", 1)[-1] if f.item_iri else ""


def _lines(f: Finding) -> str:
    if f.first_line is None:
        return ""
    return f"line {f.first_line}" if f.first_line == f.last_line else f"lines {f.first_line}-{f.last_line}"


def _text(report: ValidationReport, lang: Language) -> str:
    out: list[str] = []
    groups = report.grouped()
    for plan_id, by_severity in groups.items():
        files = {f.source_file for fs in by_severity.values() for f in fs if f.source_file}
        title = f"plan {plan_id}" if plan_id is not None else "reference data"
        out.append(title + (f" ({', '.join(sorted(files))})" if files else ""))
        for severity in SEVERITIES:
            findings = by_severity.get(severity, [])
            if not findings:
                continue
            out.append(f"  {severity} ({len(findings)})")
            for f in findings:
                where = " ".join(part for part in (_label(f), _lines(f)) if part) or f.focus
                out.append(f"    {where}: {_message(f, lang)} [{f.shape}]")
    violations, warnings = report.count("Violation"), report.count("Warning")
    out.append(f"{violations} violation(s), {warnings} warning(s)")
    return "\n".join(out) + "\n"
