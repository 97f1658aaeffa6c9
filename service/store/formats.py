"""Writing a :class:`QueryResult` in the SPARQL 1.1 result formats and RDF formats.

SELECT / ASK: SPARQL 1.1 Query Results JSON, XML, CSV and TSV (CSV and TSV
have no boolean form). CONSTRUCT / DESCRIBE: Turtle, N-Triples, N-Quads,
JSON-LD, RDF/XML, written by pyoxigraph. :func:`negotiate` picks a media type
from an ``Accept`` header.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib.term import BNode, Identifier, Literal, URIRef

from service.store.base import QueryResult
from service.store.terms import to_ox

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"

SELECT_TYPES: tuple[str, ...] = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
ASK_TYPES: tuple[str, ...] = (SPARQL_JSON, SPARQL_XML)
GRAPH_TYPES: tuple[str, ...] = (TURTLE, NTRIPLES, NQUADS, JSONLD, RDFXML)
ALIASES = {"application/json": SPARQL_JSON, "application/xml": SPARQL_XML, "text/xml": SPARQL_XML, "text/plain": NTRIPLES}

_OX_FORMATS = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    NQUADS: ox.RdfFormat.N_QUADS,
    JSONLD: ox.RdfFormat.JSON_LD,
    RDFXML: ox.RdfFormat.RDF_XML,
}


def _accepted(accept: str) -> list[tuple[str, float, int]]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def _matches(media_range: str, media_type: str) -> int:
    """Specificity of the match (3 exact, 2 type/*, 1 */*), 0 when not matching."""
    if media_range == media_type:
        return 3
    kind = media_type.split("/")[0]
    if media_range == f"{kind}/*":
        return 2
    if media_range == "*/*":
        return 1
    return 0


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The media type of ``offered`` (first = default) the ``Accept`` header prefers, or None."""
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    choice: str | None = None
    ranges = _accepted(accept)
    for index, media_type in enumerate(offered):
        candidates = [media_type] + [alias for alias, target in ALIASES.items() if target == media_type]
        quality, specificity = -1.0, 0
        for media_range, q, _ in ranges:
            for candidate in candidates:
                match = _matches(media_range, candidate)
                if candidate != media_type and match != 3:
                    continue  # aliases match only when named exactly
                if match > specificity or (match and match == specificity and q > quality):
                    quality, specificity = q, match
        if specificity and quality > 0:
            key = (quality, specificity, -index)
            if best is None or key > best:
                best, choice = key, media_type
    return choice


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _xml_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype is not None:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_term(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv_term(term: Identifier | None) -> str:
    if term is None:
        return ""
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def serialize(result: QueryResult, media_type: str) -> bytes:
    """``result`` written as ``media_type`` (one of the offered types of its kind)."""
    if result.kind == "graph":
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.triples]  # type: ignore[arg-type]
        if media_type == NQUADS:
            data = ox.serialize((ox.Quad(t.subject, t.predicate, t.object) for t in triples), format=ox.RdfFormat.N_QUADS)
        else:
            data = ox.serialize(triples, format=_OX_FORMATS[media_type])
        return data or b""
    if media_type == SPARQL_JSON:
        if result.kind == "ask":
            body: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
        else:
            body = {
                "head": {"vars": list(result.variables)},
                "results": {"bindings": [{k: _json_term(v) for k, v in row.items()} for row in result.rows]},
            }
        if result.truncated:
            body["plankg:truncated"] = True
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    if media_type == SPARQL_XML:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        lines += [f"  <variable name={quoteattr(v)}/>" for v in result.variables]
        lines.append("</head>")
        if result.kind == "ask":
            lines.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
        else:
            lines.append("<results>")
            for row in result.rows:
                lines.append("  <result>")
                lines += [f"    <binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items()]
                lines.append("  </result>")
            lines.append("</results>")
        lines.append("</sparql>")
        return ("\n".join(lines) + "\n").encode("utf-8")
    if media_type == CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_term(row.get(v)) for v in result.variables])
        return buffer.getvalue().encode("utf-8")
    if media_type == TSV:
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_term(row.get(v)) for v in result.variables) for row in result.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"cannot write a {result.kind} result as {media_type}")
