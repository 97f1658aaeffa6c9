"""``GET /review`` over real HTTP, and the ``plankg review`` / ``plankg similar`` commands."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from service.app import create_app
from service.config import Settings
from service.loading import load_paths
from service.store import open_store
from service.store.base import Store

PLANKG = [sys.executable, "-m", "service.cli"]
ROOT = Path(__file__).resolve().parents[2]


def test_review_over_http(linked_store: Store, serve: Callable[[FastAPI], str]) -> None:
    base = serve(create_app(store=linked_store, settings=Settings(store="memory:")))
    html = httpx.get(f"{base}/review", timeout=60)
    assert html.status_code == 200 and html.headers["content-type"] == "text/html; charset=utf-8"
    assert "3.1.1.1" in html.text and "<svg" in html.text
    md = httpx.get(f"{base}/review", params={"format": "md"}, timeout=60)
    assert md.headers["content-type"] == "text/markdown; charset=utf-8" and "Valorizarea voluntarilor" in md.text
    xlsx = httpx.get(f"{base}/review", params={"format": "xlsx"}, timeout=60)
    assert xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="plankg-review.xlsx"' in xlsx.headers["content-disposition"]
    assert "misplaced-codes" in load_workbook(io.BytesIO(xlsx.content)).sheetnames
    cut = httpx.get(f"{base}/review", params={"format": "md", "max_findings": "3"}, timeout=60)
    assert cut.status_code == 200 and "82 more findings not shown" in cut.text
    bad = httpx.get(f"{base}/review", params={"format": "pdf"}, timeout=60)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad-parameter"


@pytest.fixture(scope="module")
def store_spec(tmp_path_factory: pytest.TempPathFactory, plans_dir: Path) -> str:
    path = tmp_path_factory.mktemp("review-store")
    store = open_store(f"embedded:{path}")
    load_paths([plans_dir], store, validate=False)
    store.close()
    return f"embedded:{path}"


def plankg(store_spec: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PLANKG_STORE": store_spec}
    return subprocess.run([*PLANKG, *args], capture_output=True, env=env, cwd=ROOT, timeout=120, check=False)


def test_review_command_formats(store_spec: str, tmp_path: Path) -> None:
    md = plankg(store_spec, "review", "--format", "md")
    assert md.returncode == 0 and "| 3.1.1.1 |" in md.stdout.decode()
    out = tmp_path / "review.xlsx"
    written = plankg(store_spec, "review", "--format", "xlsx", "--out", str(out))
    assert written.returncode == 0 and b"review written to" in written.stderr
    assert load_workbook(out).sheetnames[1] == "overlaps"
    piped = plankg(store_spec, "review", "--format", "xlsx")  # stdout is a pipe, not a terminal: allowed
    assert piped.returncode == 0 and piped.stdout[:2] == b"PK"
    html = plankg(store_spec, "review")
    assert html.returncode == 0 and html.stdout.startswith(b"<!DOCTYPE html>")


def test_review_command_cannot_write(store_spec: str, tmp_path: Path) -> None:
    result = plankg(store_spec, "review", "--format", "md", "--out", str(tmp_path / "missing" / "review.md"))
    assert result.returncode == 1 and result.stderr.startswith(b"plankg: error: cannot write")


@pytest.mark.parametrize(("argument", "twin"), [
    ("001-0c94d01ded17afb5/1.1", "002-e89f7127f5da514e,2.1"),
    ("https://w3id.org/plankg/id/plan/002-e89f7127f5da514e/item/2.1", "001-0c94d01ded17afb5,1.1"),
])
def test_similar_command(store_spec: str, argument: str, twin: str) -> None:
    result = plankg(store_spec, "similar", argument, "--format", "csv", "--limit", "1")
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0 and lines[0] == "kind,score,plan,code,title,sharedTerms,item"
    assert len(lines) == 2 and lines[1].startswith(f"SameText,1.0,{twin},")


@pytest.mark.parametrize(("argument", "message"), [
    ("001-0c94d01ded17afb5/9.9.9", b"no item 001-0c94d01ded17afb5/9.9.9 in the store"),
    ("just-a-plan", b"ITEM must be PLAN_ID/ITEM_ID"),
])
def test_similar_command_errors(store_spec: str, argument: str, message: bytes) -> None:
    result = plankg(store_spec, "similar", argument)
    assert result.returncode == 1 and message in result.stderr and not result.stdout
