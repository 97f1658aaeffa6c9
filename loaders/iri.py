"""Every IRI plankg mints is minted here, and only here.

Data IRIs are stable: they depend on the plan id and the item id (see
``docs/MODEL.md``), never on load order, so reloading a plan yields the same
IRIs and links from other graphs keep pointing at the right thing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BASE = "https://w3id.org/plankg/"
ONTOLOGY = BASE + "ontology#"  # prefix pk:
ID = BASE + "id/"
GRAPH = BASE + "graph/"

REFERENCE_GRAPH = GRAPH + "reference"  # ontology + institutions + legal acts + themes
LINKS_GRAPH = GRAPH + "links"  # derived cross-plan links (resolution, similarity, themes)


def term(local: str) -> str:
    """An ontology term: ``term("Activity")`` -> ``pk:Activity``."""
    return ONTOLOGY + local


def plan(plan_id: str) -> str:
    return f"{ID}plan/{plan_id}"


def plan_graph(plan_id: str) -> str:
    return f"{GRAPH}plan/{plan_id}"


def plan_id_of_graph(graph_iri: str) -> str | None:
    prefix = GRAPH + "plan/"
    return graph_iri[len(prefix):] if graph_iri.startswith(prefix) else None


def source_document(sha256: str) -> str:
    return f"{ID}source/{sha256}"


def item(plan_id: str, item_id: str) -> str:
    return f"{ID}plan/{plan_id}/item/{item_id}"


def part(owner_iri: str, kind: str, n: int | None = None) -> str:
    """A node that belongs to one item or plan: its deadline, cost, n-th indicator..."""
    return f"{owner_iri}/{kind}" if n is None else f"{owner_iri}/{kind}/{n}"


def institution(key: str) -> str:
    return f"{ID}institution/{key}"


def legal_act(key: str) -> str:
    """``key`` is the act's ELI-style path, e.g. ``md/hg/2014/04/08/270``."""
    return f"{BASE}eli/{key}"


def theme(key: str) -> str:
    return f"{BASE}theme/{key}"


def funding_kind(key: str) -> str:
    return f"{BASE}funding/{key}"


def recurrence(key: str) -> str:
    return f"{BASE}recurrence/{key}"


def link(source_iri: str, target_iri: str, kind: str) -> str:
    """A derived link between two items; deterministic in its ends and kind."""
    digest = hashlib.sha256(f"{source_iri} {target_iri} {kind}".encode()).hexdigest()[:20]
    return f"{ID}link/{kind}/{digest}"


def local_name(iri: str, namespace: str) -> str | None:
    return iri[len(namespace):] if iri.startswith(namespace) else None


_SLUG_DROP = re.compile(r"[^a-z0-9.]+")


def slug(text: str) -> str:
    """A URL-safe key: ASCII, lower case, ``-`` between words, dots kept (codes)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return _SLUG_DROP.sub("-", folded).strip("-.")
