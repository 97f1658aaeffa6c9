"""The named query library: ``queries/*.rq`` files with a ``#+`` header.

Each file is valid SPARQL; its leading ``#+`` comment lines (see
``docs/queries.md``) give a title and description in English and Romanian
and the typed parameters with their defaults. The file stem is the query's
name and URL slug.

Parameter values arrive as text (command line, query string). They are
parsed into RDF terms here — IRIs checked to be absolute http(s) IRIs,
integers, decimals, dates, booleans, strings, language-tagged strings and
language tags — and handed to :meth:`Store.query` as ``bindings``; they are
never pasted into the query text.

Example::

    >>> catalog = Catalog.load("queries")                       # doctest: +SKIP
    >>> query = catalog.get("items-citing-act")                  # doctest: +SKIP
    >>> result = query.run(store, {"act": "https://w3id.org/plankg/eli/md/hg/2014/04/08/270"})  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from loaders.errors import QueryError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from service.store.base import QueryResult, Store

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "queries"
NAME_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_VALUE_LENGTH = 2000


class CatalogError(QueryError):
    """A ``.rq`` file's header is malformed or disagrees with its query."""


class UnknownQuery(QueryError):
    """No named query has this name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no named query called {name!r}")


class ParameterError(QueryError):
    """A parameter value is missing, unknown or not of its declared type."""

    def __init__(self, parameter: str, reason: str) -> None:
        self.parameter = parameter
        self.reason = reason
        super().__init__(f"parameter {parameter!r}: {reason}")


class ParamType(str, Enum):
    """The types a parameter may declare; each parses text into one RDF term."""

    IRI = "iri"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    BOOLEAN = "boolean"
    STRING = "string"  # plain literal; ``string@ro`` adds a language tag
    LANG = "lang"  # a BCP 47 language tag, bound as a plain literal ("ro", "en-GB")


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_IRI_SHAPE = re.compile(r"^https?://[^/?#\s]+[^\s]*$", re.IGNORECASE)
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_DECIMAL = re.compile(r"^[+-]?\d{1,18}(?:\.\d{1,18})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANG = re.compile(r"^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Parameter:
    """A typed query parameter, bound to the SPARQL variable of the same name."""

    name: str
    type: ParamType
    description: str
    description_ro: str = ""
    default: str | None = None  # text, parsed like a user value; ``today`` for dates
    required: bool = True  # False: may stay unbound (the variable then matches anything)
    language: str | None = None  # for ``string@xx``

    @property
    def type_label(self) -> str:
        """The type as written in the header (``string@ro`` keeps its tag)."""
        return f"{self.type.value}@{self.language}" if self.language else self.type.value

    def parse(self, text: str) -> Identifier:
        """Parse ``text`` into the RDF term to bind; raise :class:`ParameterError` if it is not one."""
        if len(text) > MAX_VALUE_LENGTH:
            raise ParameterError(self.name, f"value longer than {MAX_VALUE_LENGTH} characters")
        parse = _PARSERS[self.type]
        return parse(self, text)

    def default_term(self) -> Identifier | None:
        """The bound default, or ``None`` when the parameter has none."""
        if self.default is None:
            return None
        if self.type is ParamType.DATE and self.default == "today":
            return Literal(dt.date.today().isoformat(), datatype=XSD.date)
        return self.parse(self.default)


def _parse_iri(param: Parameter, text: str) -> Identifier:
    value = text.strip()
    if _IRI_FORBIDDEN.search(value) or not _IRI_SHAPE.match(value):
        raise ParameterError(param.name, f"not an absolute http(s) IRI: {text!r}")
    return URIRef(value)


def _parse_integer(param: Parameter, text: str) -> Identifier:
    value = text.strip()
    if not _INTEGER.match(value):
        raise ParameterError(param.name, f"not an integer: {text!r}")
    return Literal(int(value), datatype=XSD.integer)


def _parse_decimal(param: Parameter, text: str) -> Identifier:
    value = text.strip()
    if not _DECIMAL.match(value):
        raise ParameterError(param.name, f"not a decimal number: {text!r}")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the pattern excludes it
        raise ParameterError(param.name, f"not a decimal number: {text!r}") from exc
    return Literal(number, datatype=XSD.decimal)


def _parse_date(param: Parameter, text: str) -> Identifier:
    value = text.strip()
    if _DATE.match(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return Literal(value, datatype=XSD.date)
    raise ParameterError(param.name, f"not a date (YYYY-MM-DD): {text!r}")


def _parse_boolean(param: Parameter, text: str) -> Identifier:
    value = text.strip().lower()
    if value in ("true", "1", "yes"):
        return Literal(True)
    if value in ("false", "0", "no"):
        return Literal(False)
    raise ParameterError(param.name, f"not a boolean (true/false): {text!r}")


def _parse_string(param: Parameter, text: str) -> Identifier:
    if _CONTROL.search(text):
        raise ParameterError(param.name, "control characters are not allowed")
    if param.language:
        return Literal(text, lang=param.language)
    return Literal(text)


def _parse_lang(param: Parameter, text: str) -> Identifier:
    value = text.strip()
    if not _LANG.match(value):
        raise ParameterError(param.name, f"not a language tag: {text!r}")
    return Literal(value.lower())


_PARSERS = {
    ParamType.IRI: _parse_iri,
    ParamType.INTEGER: _parse_integer,
    ParamType.DECIMAL: _parse_decimal,
    ParamType.DATE: _parse_date,
    ParamType.BOOLEAN: _parse_boolean,
    ParamType.STRING: _parse_string,
    ParamType.LANG: _parse_lang,
}


@dataclass(frozen=True)
class NamedQuery:
    """One ``queries/<name>.rq`` file: its metadata, parameters and SPARQL text."""

    name: str
    title: str
    title_ro: str
    description: str
    description_ro: str
    parameters: tuple[Parameter, ...]
    sparql: str
    path: Path | None = None

    def parameter(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        raise ParameterError(name, f"query {self.name!r} has no such parameter")

    def bind(self, values: Mapping[str, str] | None = None) -> dict[str, Identifier]:
        """Parse ``values`` (text by parameter name), fill in defaults, check required ones.

        Unknown names, malformed values and missing required parameters raise
        :class:`ParameterError`. An empty value for an optional parameter
        leaves it unbound.
        """
        values = dict(values or {})
        for name in values:
            self.parameter(name)  # raises for unknown names
        bindings: dict[str, Identifier] = {}
        for param in self.parameters:
            text = values.get(param.name)
            if text is not None and (text != "" or param.type is ParamType.STRING):
                bindings[param.name] = param.parse(text)
                continue
            default = param.default_term()
            if default is not None:
                bindings[param.name] = default
            elif param.required:
                raise ParameterError(param.name, "a value is required")
        return bindings

    def run(self, store: "Store", values: Mapping[str, str] | None = None, *,
            timeout: float | None = None) -> "QueryResult":
        """Bind ``values`` and run the query on ``store``."""
        return store.query(self.sparql, bindings=self.bind(values), timeout=timeout)

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary (used by ``plankg queries`` and ``GET /queries``)."""
        return {
            "name": self.name,
            "title": self.title,
            "title_ro": self.title_ro,
            "description": self.description,
            "description_ro": self.description_ro,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type_label,
                    "description": p.description,
                    "description_ro": p.description_ro,
                    "default": p.default,
                    "required": p.required and p.default is None,
                }
                for p in self.parameters
            ],
        }


_HEADER_KEYS = ("title", "title_ro", "description", "description_ro", "param")


def _parse_param(spec: str, where: str) -> Parameter:
    try:
        tokens = shlex.split(spec, posix=True)
    except ValueError as exc:
        raise CatalogError(f"{where}: bad param line {spec!r}: {exc}") from exc
    if len(tokens) < 3 or not re.match(r'^\S+\s+\S+\s+"', spec):
        raise CatalogError(f"{where}: a param needs a name, a type and a quoted description: {spec!r}")
    name, type_text, description, *options = tokens
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise CatalogError(f"{where}: bad parameter name {name!r}")
    base, _, language = type_text.partition("@")
    try:
        ptype = ParamType(base)
    except ValueError as exc:
        known = ", ".join(t.value for t in ParamType)
        raise CatalogError(f"{where}: parameter {name!r} has unknown type {type_text!r} (known: {known})") from exc
    if language and (ptype is not ParamType.STRING or not _LANG.match(language)):
        raise CatalogError(f"{where}: parameter {name!r}: only string@<tag> takes a language tag")
    default: str | None = None
    description_ro = ""
    required = True
    for option in options:
        key, eq, value = option.partition("=")
        if key == "default" and eq:
            default = value
        elif key == "ro" and eq:
            description_ro = value
        elif option == "optional":
            required = False
        else:
            raise CatalogError(f"{where}: parameter {name!r}: unknown option {option!r}")
    param = Parameter(name, ptype, description, description_ro, default, required, language or None)
    if default is not None:
        try:
            param.default_term()
        except ParameterError as exc:
            raise CatalogError(f"{where}: bad default: {exc}") from exc
    return param


def parse_query_file(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Parse one ``.rq`` file's header and body into a :class:`NamedQuery`."""
    where = str(path or name)
    if not NAME_PATTERN.match(name):
        raise CatalogError(f"{where}: a query name is lower-case words joined by '-': {name!r}")
    fields: dict[str, list[str]] = {key: [] for key in _HEADER_KEYS}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#+"):
            continue
        key, colon, value = stripped[2:].strip().partition(":")
        key = key.strip()
        if not colon or key not in fields:
            raise CatalogError(f"{where}:{number}: unknown header line {stripped!r}")
        fields[key].append(value.strip())
    for key in ("title", "title_ro", "description", "description_ro"):
        if not fields[key]:
            raise CatalogError(f"{where}: the header has no '#+ {key}:' line")
        if key.startswith("title") and len(fields[key]) > 1:
            raise CatalogError(f"{where}: '#+ {key}:' given twice")
    params = tuple(_parse_param(spec, where) for spec in fields["param"])
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise CatalogError(f"{where}: a parameter is declared twice")
    query = NamedQuery(
        name=name,
        title=fields["title"][0],
        title_ro=fields["title_ro"][0],
        description=" ".join(fields["description"]),
        description_ro=" ".join(fields["description_ro"]),
        parameters=params,
        sparql=text,
        path=path,
    )
    missing = [p for p in names if p not in projected_variables(text)]
    if missing:
        raise CatalogError(
            f"{where}: parameters {missing} must appear in the top-level SELECT projection"
            " (bindings are applied to projected variables only)"
        )
    return query


_SELECT_CLAUSE = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"#[^\n]*")
_ALIAS = re.compile(r"\bAS\s+[?$]([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)


def projected_variables(sparql: str) -> list[str]:
    """Variables named in the first (top-level) SELECT clause, including ``AS ?x`` aliases."""
    body = _COMMENT.sub("", sparql)
    match = _SELECT_CLAUSE.search(body)
    if match is None:
        return []
    clause = match.group(1)
    names = [m.group(1) for m in _ALIAS.finditer(clause)]
    depth = 0
    outside = []
    for char in clause:  # keep only what is outside parentheses: plain ?var projections
        depth += char == "("
        outside.append(char if depth == 0 else " ")
        depth -= char == ")"
    names += _VARIABLE.findall("".join(outside))
    return names


def plain(term: Identifier | None) -> Any:
    """A result term as a plain value: IRIs and text as ``str``, numbers as ``int``/``float``, booleans as ``bool``."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return str(term)
    return str(term)


def result_table(result: "QueryResult") -> tuple[tuple[str, ...], list[list[Any]]]:
    """Columns and rows of plain values for a select or ask result (an ask gives one ``boolean`` column)."""
    if result.kind == "ask":
        return ("boolean",), [[bool(result.boolean)]]
    if result.kind == "graph":
        columns = ("subject", "predicate", "object")
        return columns, [[plain(t) for t in triple] for triple in result.triples]
    return result.variables, [[plain(row.get(v)) for v in result.variables] for row in result.rows]


@dataclass
class Catalog:
    """The named queries of one directory, by name."""

    queries: dict[str, NamedQuery] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: str | Path | None = None) -> "Catalog":
        """Read every ``*.rq`` file of ``directory`` (default: the project's ``queries/``)."""
        root = Path(directory) if directory is not None else DEFAULT_DIRECTORY
        if not root.is_dir():
            raise CatalogError(f"{root}: not a directory of named queries")
        queries: dict[str, NamedQuery] = {}
        for path in sorted(root.glob("*.rq")):
            query = parse_query_file(path.read_text(encoding="utf-8"), path.stem, path)
            queries[query.name] = query
        return cls(queries)

    def get(self, name: str) -> NamedQuery:
        """The query called ``name``; raise :class:`UnknownQuery` if there is none."""
        try:
            return self.queries[name]
        except KeyError:
            raise UnknownQuery(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self.queries

    def __iter__(self) -> Iterator[NamedQuery]:
        return iter(self.queries[name] for name in sorted(self.queries))

    def __len__(self) -> int:
        return len(self.queries)
