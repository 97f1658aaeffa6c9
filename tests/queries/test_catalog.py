"""The catalog: header format, parameter types, and the checks every ``queries/*.rq`` passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from service.catalog import (
    Catalog,
    CatalogError,
    NamedQuery,
    Parameter,
    ParameterError,
    ParamType,
    UnknownQuery,
    parse_query_file,
    projected_variables,
)

QUERIES = Path(__file__).resolve().parents[2] / "queries"
HEADER = """#+ title: Items citing a legal act
#+ title_ro: Elemente care citează un act normativ
#+ description: Every item citing the act,
#+ description: grouped by plan.
#+ description_ro: Toate elementele care citează actul.
#+ param: act iri "Legal act IRI" ro="IRI-ul actului" default=https://w3id.org/plankg/eli/md/hg/2014/04/08/270
#+ param: year integer "Year" optional
#+ param: label string@ro "Label" default="Buget municipal"
PREFIX pk: <https://w3id.org/plankg/ontology#>
SELECT ?act ?year ?label ?item WHERE { ?item pk:citesAct ?act ; pk:year ?year ; pk:label ?label }
"""


def test_header_is_parsed() -> None:
    query = parse_query_file(HEADER, "items-citing-act")
    assert query.title == "Items citing a legal act"
    assert query.title_ro == "Elemente care citează un act normativ"
    assert query.description == "Every item citing the act, grouped by plan."
    assert [p.name for p in query.parameters] == ["act", "year", "label"]
    act, year, label = query.parameters
    assert (act.type, act.description_ro, act.required) == (ParamType.IRI, "IRI-ul actului", True)
    assert act.default == "https://w3id.org/plankg/eli/md/hg/2014/04/08/270"
    assert (year.type, year.required, year.default) == (ParamType.INTEGER, False, None)
    assert (label.type, label.language, label.default, label.type_label) == (ParamType.STRING, "ro", "Buget municipal", "string@ro")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("#+ title: T\n#+ title_ro: T\n#+ description: D\nSELECT ?x WHERE {?x ?p ?o}", "description_ro"),  # a missing key
        ("#+ titel: T\n", "unknown header line"),  # a typo in a key
        ("#+ title: T\n#+ title: U\n#+ title_ro: T\n#+ description: D\n#+ description_ro: D\n", "given twice"),
        (HEADER.replace('act iri "Legal', 'act uri "Legal'), "unknown type"),
        (HEADER.replace('"Year" optional', '"Year" maybe'), "unknown option"),
        (HEADER.replace('"Year" optional', '"Year" default=twenty'), "bad default"),
        (HEADER.replace("#+ param: year integer", "#+ param: act integer"), "declared twice"),
        (HEADER.replace('act iri "Legal act IRI"', "act iri"), "quoted description"),
        (HEADER.replace("integer", "integer@ro"), "language tag"),
        # a parameter that is not projected cannot be bound on the embedded store
        (HEADER.replace("SELECT ?act ?year", "SELECT ?year"), "top-level SELECT projection"),
    ],
)
def test_bad_headers_are_refused(header: str, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        parse_query_file(header, "items-citing-act")


def test_query_names_are_url_slugs() -> None:
    with pytest.raises(CatalogError, match="lower-case words"):
        parse_query_file(HEADER, "Items_Citing")


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b }", ["a", "b"]),
        ("SELECT ?a (COUNT(?x) AS ?n) WHERE { ?a ?p ?x } GROUP BY ?a", ["n", "a"]),  # ?x only counted
        ("# SELECT ?z WHERE\nSELECT DISTINCT $a WHERE { ?a ?p ?o }", ["a"]),
        ("ASK { ?a ?p ?o }", []),
    ],
)
def test_projected_variables(sparql: str, expected: list[str]) -> None:
    assert projected_variables(sparql) == expected


P = {t: Parameter("p", t, "a parameter") for t in ParamType}


@pytest.mark.parametrize(
    ("ptype", "text", "term"),
    [
        (ParamType.IRI, "https://w3id.org/plankg/id/institution/dgpdc", URIRef("https://w3id.org/plankg/id/institution/dgpdc")),
        (ParamType.IRI, " http://example.org/a?b=c#d ", URIRef("http://example.org/a?b=c#d")),
        (ParamType.INTEGER, "2024", Literal(2024)),
        (ParamType.INTEGER, "-3", Literal(-3)),
        (ParamType.DECIMAL, "0.5", Literal("0.5", datatype=XSD.decimal)),
        (ParamType.DATE, "2024-06-30", Literal("2024-06-30", datatype=XSD.date)),
        (ParamType.BOOLEAN, "true", Literal(True)),
        (ParamType.STRING, "DGPPDC din sectoroare", Literal("DGPPDC din sectoroare")),
        (ParamType.STRING, 'x" } DROP ALL { "', Literal('x" } DROP ALL { "')),  # kept as one literal, whole
        (ParamType.LANG, "ro", Literal("ro")),
        (ParamType.LANG, "en-GB", Literal("en-gb")),
    ],
)
def test_values_parse_into_terms(ptype: ParamType, text: str, term: object) -> None:
    assert P[ptype].parse(text) == term


def test_language_tagged_strings() -> None:
    param = Parameter("label", ParamType.STRING, "Label", language="ro")
    assert param.parse("Buget municipal") == Literal("Buget municipal", lang="ro")


@pytest.mark.parametrize(
    ("ptype", "text"),
    [
        (ParamType.IRI, "https://w3id.org/plankg/eli/md/hg/2014/04/08/270> } DROP ALL { <x:y"),  # closes the IRI
        (ParamType.IRI, "https://w3id.org/plankg/a b"),  # a space
        (ParamType.IRI, 'https://w3id.org/"quoted"'),
        (ParamType.IRI, "https://w3id.org/{x}"),
        (ParamType.IRI, "file:///etc/passwd"),  # not http(s)
        (ParamType.IRI, "dgpdc"),  # not absolute
        (ParamType.IRI, "https://"),
        (ParamType.INTEGER, "2024) } DROP ALL {"),
        (ParamType.INTEGER, "20.5"),
        (ParamType.INTEGER, ""),
        (ParamType.DECIMAL, "1e400"),
        (ParamType.DATE, "2024-02-30"),  # no such day
        (ParamType.DATE, "30.06.2024"),
        (ParamType.BOOLEAN, "maybe"),
        (ParamType.STRING, "a\x00b"),  # control characters
        (ParamType.LANG, 'ro" . } DROP ALL {'),
        (ParamType.STRING, "x" * 5000),  # too long
    ],
)
def test_bad_values_are_refused(ptype: ParamType, text: str) -> None:
    with pytest.raises(ParameterError) as info:
        P[ptype].parse(text)
    assert info.value.parameter == "p"


def _query() -> NamedQuery:
    return parse_query_file(HEADER, "items-citing-act")


def test_bind_fills_defaults_and_leaves_optional_unbound() -> None:
    assert _query().bind({}) == {
        "act": URIRef("https://w3id.org/plankg/eli/md/hg/2014/04/08/270"),
        "label": Literal("Buget municipal", lang="ro"),
    }
    assert _query().bind({"year": "2023", "act": "https://w3id.org/x"})["year"] == Literal(2023)
    assert "year" not in _query().bind({"year": ""})  # empty: optional stays unbound


def test_bind_refuses_unknown_names() -> None:
    with pytest.raises(ParameterError, match="no such parameter"):
        _query().bind({"bogus": "1"})


def test_required_parameters_without_default() -> None:
    query = parse_query_file(HEADER.replace('"Year" optional', '"Year"'), "items-citing-act")
    with pytest.raises(ParameterError, match="required"):
        query.bind({})


def test_today_is_a_date_default() -> None:
    param = Parameter("date", ParamType.DATE, "Date", default="today")
    assert param.default_term().datatype == XSD.date


def test_unknown_queries(catalog: Catalog) -> None:
    with pytest.raises(UnknownQuery):
        catalog.get("no-such-query")


# ---------------------------------------------------------------- queries/*.rq


def _variables(node: object, used: set[str], bound: set[str]) -> None:
    """Collect the variables an algebra tree uses, and those a pattern, BIND, VALUES or aggregate binds."""
    if isinstance(node, Variable):
        used.add(str(node))
    elif isinstance(node, CompValue):
        if node.name in ("BGP", "TriplesBlock"):
            bound.update(str(x) for triple in node.triples for x in triple if isinstance(x, Variable))
        elif node.name == "Extend":
            bound.add(str(node.var))
        elif node.name == "values":
            bound.update(str(k) for row in node.res for k in row)
        elif node.name.startswith("Aggregate_"):
            bound.add(str(node.res))
        for value in node.values():
            _variables(value, used, bound)
    elif isinstance(node, dict):
        for key, value in node.items():
            _variables(key, used, bound)
            _variables(value, used, bound)
    elif isinstance(node, list | tuple | set):
        for value in node:
            _variables(value, used, bound)


def free_and_used(sparql: str) -> tuple[set[str], set[str]]:
    """Variables nothing binds (they wait for a parameter), and all variables used."""
    used: set[str] = set()
    bound: set[str] = set()
    _variables(prepareQuery(sparql).algebra, used, bound)
    return {v for v in used - bound if not v.startswith("_")}, used


@pytest.mark.parametrize(
    ("sparql", "free"),
    [
        ("SELECT ?a WHERE { ?a ?p ?o FILTER(?o > ?limit) }", {"limit"}),
        ("SELECT ?a WHERE { ?a ?p ?o FILTER NOT EXISTS { ?a ?q ?z } }", set()),
        ("SELECT ?a ?n WHERE { ?a ?p ?o BIND(STR(?o) AS ?n) }", set()),
        ("SELECT ?a WHERE { VALUES ?a { 1 } FILTER(?a = ?year) }", {"year"}),
    ],
)
def test_free_variables_are_found(sparql: str, free: set[str]) -> None:
    assert free_and_used(sparql)[0] == free


def test_there_are_queries(catalog: Catalog) -> None:
    assert len(catalog) >= 16
    assert [q.name for q in catalog] == sorted(p.stem for p in QUERIES.glob("*.rq"))


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_every_query_parses_and_declares_its_parameters(path: Path) -> None:
    query = Catalog.load(QUERIES).get(path.stem)
    assert query.title and query.title_ro and query.description and query.description_ro
    free, used = free_and_used(query.sparql)  # parses (rdflib); the store tests run them on pyoxigraph
    declared = {p.name for p in query.parameters}
    # every declared parameter is a variable of the query and is projected (so bindings reach it) ...
    assert declared <= used, f"declared but unused: {declared - used}"
    assert declared <= set(projected_variables(query.sparql))
    # ... and no variable waits for a value that nothing gives it: a variable that no pattern,
    # BIND, VALUES or aggregate binds must be a declared parameter
    assert free <= declared, f"variables used but never bound nor declared: {free - declared}"
    for param in query.parameters:
        if param.default is not None:
            assert param.default_term() is not None
