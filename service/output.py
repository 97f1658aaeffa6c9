"""Rendering tabular results for the command line: table, json, csv.

Every command that prints rows goes through :func:`render_rows`, so the
``--format`` convention is the same everywhere.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Sequence
from enum import Enum
from typing import Any


class RowFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


# Namespaces shortened in tables for people (scripts get full IRIs in json/csv).
_TABLE_PREFIXES = (
    ("https://w3id.org/plankg/ontology#", "pk:"),
    ("https://w3id.org/plankg/id/", "pkid:"),
    ("https://w3id.org/plankg/eli/", "pkeli:"),
    ("https://w3id.org/plankg/theme/", "pkth:"),
    ("https://w3id.org/plankg/funding/", "pkfund:"),
    ("https://w3id.org/plankg/graph/", "pkg:"),
)


def compact(value: str) -> str:
    """``https://w3id.org/plankg/id/plan/x`` -> ``pkid:plan/x``, for tables people read."""
    for namespace, prefix in _TABLE_PREFIXES:
        if value.startswith(namespace):
            return prefix + value[len(namespace):]
    return value


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def render_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: RowFormat, *, title: str | None = None) -> str:
    """Render ``rows`` (sequences aligned with ``columns``) as text in ``fmt``."""
    if fmt is RowFormat.JSON:
        records = [{c: _plain(v) for c, v in zip(columns, row)} for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt is RowFormat.CSV:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else _plain(v) for v in row] for row in rows])
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else compact(str(v)) for v in row))
    console = Console(record=True, width=shutil.get_terminal_size((160, 40)).columns, force_terminal=False)
    with console.capture() as capture:
        console.print(table)
    return capture.get()
