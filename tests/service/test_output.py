"""The --format convention every command shares: table for people, json and csv for scripts."""

from __future__ import annotations

import csv
import io
import json

import pytest

from service.output import RowFormat, compact, render_rows

COLUMNS = ("item", "code", "title", "cost")
ROWS = [
    ("https://w3id.org/plankg/id/plan/001-0c94d01ded17afb5/item/1.2.4.5", "1.2.4.5", "Crearea Centrului de asistență", 400000),
    ("https://w3id.org/plankg/id/plan/004-31818754cbf6239c/item/OS.III.3-m3", None, "Valorizarea voluntarilor", None),
]


@pytest.mark.parametrize(
    ("iri", "short"),
    [
        ("https://w3id.org/plankg/id/plan/000-c81970cad839fc42/item/3.1.1.1", "pkid:plan/000-c81970cad839fc42/item/3.1.1.1"),
        ("https://w3id.org/plankg/eli/md/hg/2014/04/08/270", "pkeli:md/hg/2014/04/08/270"),
        ("https://w3id.org/plankg/ontology#SameText", "pk:SameText"),
        ("https://w3id.org/plankg/theme/trafficking", "pkth:trafficking"),
        ("http://example.org/other", "http://example.org/other"),  # not ours: as it is
        ("DGPDC, DGETS", "DGPDC, DGETS"),
    ],
)
def test_compact_shortens_only_plankg_namespaces(iri: str, short: str) -> None:
    assert compact(iri) == short


def test_json_keeps_full_iris_and_nulls() -> None:
    records = json.loads(render_rows(COLUMNS, ROWS, RowFormat.JSON))
    assert records[0]["item"] == ROWS[0][0]
    assert records[0]["cost"] == 400000
    assert records[1]["code"] is None


def test_csv_has_a_header_and_empty_cells_for_nulls() -> None:
    rows = list(csv.reader(io.StringIO(render_rows(COLUMNS, ROWS, RowFormat.CSV))))
    assert rows[0] == list(COLUMNS)
    assert rows[1][0] == ROWS[0][0]
    assert rows[2][1] == "" and rows[2][3] == ""


def test_table_is_for_people_with_compact_iris() -> None:
    text = render_rows(COLUMNS, ROWS, RowFormat.TABLE, title="Costs")
    assert "Costs" in text and "Valorizarea voluntarilor" in text
    assert "pkid:" in text
    assert "https://w3id.org/plankg/id/" not in text
