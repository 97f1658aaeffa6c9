"""Shared fixtures: the sample documents of data/plans."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
DOC_000 = PLANS / "000_c81970cad839fc42.txt"
DOC_001 = PLANS / "001_0c94d01ded17afb5.txt"
DOC_002 = PLANS / "002_e89f7127f5da514e.txt"
DOC_003 = PLANS / "003_21bc908ee7e690f7.txt"
DOC_004 = PLANS / "004_31818754cbf6239c.txt"
SAMPLE_DOCUMENTS = (DOC_000, DOC_001, DOC_002, DOC_003, DOC_004)


@pytest.fixture(scope="session")
def plans_dir() -> Path:
    """The folder of the sample documents."""
    return PLANS


@pytest.fixture(scope="session")
def sample_documents() -> tuple[Path, ...]:
    """The five sample documents, in name order."""
    return SAMPLE_DOCUMENTS
