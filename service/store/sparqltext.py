"""A small lexer for SPARQL text and the few facts we read from it without parsing.

It knows strings (all four quote forms, escapes), IRIs, comments, variables,
words and brackets, which is enough to:

- measure bracket nesting depth *before* any real parser sees the text
  (:func:`nesting_depth`),
- find the query form and whether the query declares its own dataset
  (:func:`query_form`, :func:`declares_dataset`),
- list the IRIs after ``FROM`` / ``FROM NAMED`` and the ``SERVICE`` / ``LOAD``
  keywords (:func:`dataset_iris`, :func:`keywords`),
- put a ``VALUES`` block at the top of the query's WHERE group
  (:func:`inject_values`), which is how the remote store binds variables.

It is a lexer, not a validator: malformed text gets tokens that the real
parser then rejects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rdflib.term import BNode, Identifier

from loaders.errors import QueryError

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\-.\u00B7\u00C0-\uFFFF]*(?::[A-Za-z0-9_\-.:%\\\u00B7\u00C0-\uFFFF]*)?|:[A-Za-z0-9_\-.:%\\\u00B7\u00C0-\uFFFF]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # comment, string, iri, var, word, open, close, other
    text: str
    start: int

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokens(sparql: str) -> Iterator[Token]:
    """The tokens of ``sparql`` without white space and comments."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        yield Token(kind, match.group(), match.start())


def nesting_depth(sparql: str) -> int:
    """The deepest nesting of ``{ ( [`` brackets outside strings, IRIs and comments."""
    depth = deepest = 0
    for token in tokens(sparql):
        if token.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "close":
            depth -= 1
    return deepest


_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def query_form(sparql: str) -> str | None:
    """``select``, ``ask``, ``construct``, ``describe``, ``update`` or None (not recognised)."""
    for token in tokens(sparql):
        if token.kind != "word":
            continue
        word = token.upper
        if word in ("PREFIX", "BASE"):
            continue
        if word in _FORMS:
            return _FORMS[word]
        if word in _UPDATE_WORDS:
            return "update"
    return None


def keywords(sparql: str) -> set[str]:
    """Upper-cased bare words of the query (keywords, not inside strings or IRIs)."""
    return {t.upper for t in tokens(sparql) if t.kind == "word" and ":" not in t.text}


def _prefixes(toks: list[Token]) -> dict[str, str]:
    prefixes: dict[str, str] = {}
    for i, token in enumerate(toks[:-2]):
        if token.kind == "word" and token.upper == "PREFIX" and toks[i + 1].kind == "word" and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text.rstrip(":")] = toks[i + 2].text[1:-1]
    return prefixes


def dataset_iris(sparql: str) -> tuple[list[str], list[str]]:
    """IRIs after ``FROM`` and after ``FROM NAMED`` (prefixed names expanded when declared)."""
    toks = list(tokens(sparql))
    prefixes = _prefixes(toks)
    default: list[str] = []
    named: list[str] = []
    i = 0
    while i < len(toks):
        if toks[i].kind == "word" and toks[i].upper == "FROM":
            target = default
            j = i + 1
            if j < len(toks) and toks[j].kind == "word" and toks[j].upper == "NAMED":
                target = named
                j += 1
            if j < len(toks):
                target.append(_resolve(toks[j], prefixes))
            i = j
        i += 1
    return default, named


def _resolve(token: Token, prefixes: Mapping[str, str]) -> str:
    if token.kind == "iri":
        return token.text[1:-1]
    prefix, sep, local = token.text.partition(":")
    if sep and prefix in prefixes:
        return prefixes[prefix] + local
    return token.text


def declares_dataset(sparql: str) -> bool:
    """True when the query has a ``FROM`` or ``FROM NAMED`` clause."""
    return any(t.kind == "word" and t.upper == "FROM" for t in tokens(sparql))


def _where_brace(sparql: str) -> int:
    """Offset of the ``{`` opening the query's WHERE group."""
    toks = list(tokens(sparql))
    depth = 0
    form = None
    skip_template = False
    for i, token in enumerate(toks):
        if token.kind == "word" and depth == 0 and form is None and token.upper in _FORMS:
            form = token.upper
            if form == "CONSTRUCT":
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if nxt is not None and nxt.text == "{":
                    skip_template = True
                elif nxt is not None and nxt.kind == "word" and nxt.upper == "WHERE":
                    raise QueryError("variables cannot be bound in the short form CONSTRUCT WHERE { … }; write the template out")
        if token.kind == "open":
            if depth == 0 and token.text == "{" and form is not None:
                if skip_template:
                    skip_template = False
                else:
                    return token.start
            depth += 1
        elif token.kind == "close":
            depth -= 1
    raise QueryError("the query has no WHERE group to bind variables in")


def values_block(bindings: Mapping[str, Identifier]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` from rdflib terms, each written with ``n3()``."""
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise QueryError(f"invalid variable name {name!r}")
        if isinstance(bindings[name], BNode):
            raise QueryError(f"variable ?{name} cannot be bound to a blank node")
    variables = " ".join(f"?{n}" for n in names)
    values = " ".join(bindings[n].n3() for n in names)
    return f"VALUES ({variables}) {{ ({values}) }}"


def inject_values(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """``sparql`` with a VALUES block for ``bindings`` at the top of its WHERE group."""
    if not bindings:
        return sparql
    at = _where_brace(sparql) + 1
    return f"{sparql[:at]} {values_block(bindings)} {sparql[at:]}"
