"""Real SPARQL clients against /sparql, used the way an analyst's script would."""

from __future__ import annotations

import urllib.error

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

PK = rdflib.Namespace("https://w3id.org/plankg/ontology#")
PREFIXES = "PREFIX pk: <https://w3id.org/plankg/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
TITLE_411 = "Cercetarea fenomenelor și nevoilor în domeniul protecției copilului în mun. Chișinău"


def test_sparqlwrapper_select_json_get_and_post(sparql_server) -> None:
    for method in (GET, POST):
        client = SPARQLWrapper(sparql_server.endpoint)
        client.setMethod(method)
        client.setReturnFormat(JSON)
        client.setQuery(PREFIXES + "SELECT ?code ?title WHERE { ?a a pk:Action ; pk:code ?code ; dcterms:title ?title }")
        bindings = client.queryAndConvert()["results"]["bindings"]
        assert [(b["code"]["value"], b["title"]["value"], b["title"]["xml:lang"]) for b in bindings] == [("4.1.1", TITLE_411, "ro")]


def test_sparqlwrapper_ask_xml(sparql_server) -> None:
    client = SPARQLWrapper(sparql_server.endpoint)
    client.setReturnFormat(XML)
    client.setQuery(PREFIXES + 'ASK { ?i pk:code "4.1.1.1" }')
    document = client.queryAndConvert()  # an xml.dom document
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


def test_sparqlwrapper_construct_turtle(sparql_server) -> None:
    client = SPARQLWrapper(sparql_server.endpoint)
    client.setReturnFormat(TURTLE)
    client.setQuery(PREFIXES + "CONSTRUCT { ?i pk:code ?c } WHERE { ?i a pk:Activity ; pk:code ?c }")
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert sorted(str(o) for o in graph.objects(predicate=PK.code)) == ["1.1.1.3", "4.1.1.1", "4.1.1.2"]


def test_sparqlwrapper_update_is_refused(sparql_server) -> None:
    client = SPARQLWrapper(sparql_server.endpoint)
    client.setMethod(POST)
    client.setQuery("DELETE WHERE { ?s ?p ?o }")
    try:
        client.query()
        refused = False
    except (SPARQLWrapperException, urllib.error.HTTPError):
        refused = True
    assert refused
    assert sparql_server.store.graphs()  # still there


def test_rdflib_sparqlstore_query_and_triples(sparql_server) -> None:
    graph = rdflib.Graph(store=SPARQLStore(sparql_server.endpoint, returnFormat="xml"))
    rows = graph.query(PREFIXES + "SELECT ?code WHERE { ?i a pk:Activity ; pk:code ?code } ORDER BY ?code")
    assert [str(row.code) for row in rows] == ["1.1.1.3", "4.1.1.1", "4.1.1.2"]
    item = rdflib.URIRef("https://w3id.org/plankg/id/plan/000-c81970cad839fc42/item/4.1.1")
    assert set(graph.objects(item, PK.code)) == {rdflib.Literal("4.1.1")}
    assert (item, rdflib.RDF.type, PK.Action) in graph


def test_rdflib_sparqlstore_json_and_post(sparql_server) -> None:
    store = SPARQLStore(sparql_server.endpoint, returnFormat="json", method="POST")
    graph = rdflib.Graph(store=store)
    answer = graph.query(PREFIXES + 'ASK { ?i pk:code "1.1.1.3" }')
    assert answer.askAnswer is True
