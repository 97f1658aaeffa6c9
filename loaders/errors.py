"""The exception tree of plankg.

``PlankgError`` is the root; every error a user can cause derives from it and
says what went wrong in words (file, line, reason where there is one).
"""

from __future__ import annotations


class PlankgError(Exception):
    """Base class of every error plankg raises on purpose."""


class DocumentError(PlankgError):
    """A document could not be read or understood."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {reason}")


class UnknownLayout(DocumentError):
    """No reader recognises the document's layout."""


class ReferenceDataError(PlankgError):
    """The reference data (institutions, legal acts, themes) is missing or malformed."""


class StoreError(PlankgError):
    """The graph store failed or refused an operation."""


class QueryError(PlankgError):
    """A query is malformed, refused, too large or took too long."""
