"""Reading a document file: the only module in ``loaders`` that opens files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import DocumentError
from loaders.model import SourceRef
from loaders.text import normalise


@dataclass(frozen=True)
class Document:
    """A text document as lines, with its identity.

    ``raw_lines`` are the lines as in the file (line ends removed; CRLF, CR and
    LF all end a line); ``lines`` are the same lines after
    :func:`loaders.text.normalise`. Line numbers are 1-based everywhere.
    """

    name: str
    path: Path
    sha256: str
    raw_lines: tuple[str, ...]
    lines: tuple[str, ...]

    def line(self, n: int) -> str:
        """The normalised line ``n`` (1-based)."""
        if not 1 <= n <= len(self.lines):
            raise IndexError(f"{self.name}: no line {n}")
        return self.lines[n - 1]

    def ref(self, first: int, last: int | None = None) -> SourceRef:
        """A :class:`SourceRef` to lines ``first``..``last`` (inclusive) of this document."""
        return SourceRef(self.name, self.sha256, first, first if last is None else last)

    @property
    def whole(self) -> SourceRef:
        """A reference to the whole document."""
        return self.ref(1, max(1, len(self.lines)))


def split_lines(text: str) -> tuple[str, ...]:
    """Lines of ``text``: CRLF, CR and LF end a line; a final line end adds no empty line."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = unified.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def document_from_bytes(name: str, data: bytes, path: Path | None = None) -> Document:
    """A :class:`Document` from bytes already in memory (tests build variants this way)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(name, f"not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise DocumentError(name, "not a text file (contains NUL bytes)")
    if text.startswith("\ufeff"):
        text = text[1:]
    raw = split_lines(text)
    return Document(
        name=name,
        path=path if path is not None else Path(name),
        sha256=hashlib.sha256(data).hexdigest(),
        raw_lines=raw,
        lines=tuple(normalise(line) for line in raw),
    )


def read_document(path: str | Path) -> Document:
    """Read the file at ``path``; raise :class:`DocumentError` naming it when it is not UTF-8 text."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(p.name, f"cannot read file: {exc.strerror or exc}") from exc
    return document_from_bytes(p.name, data, p)
