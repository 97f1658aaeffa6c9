"""Institutions: printed names of responsible bodies and partners → gazetteer entries.

A cell such as ``DGPDC, DGETS, DGASS; Direcția financiară``, ``DGPDC DPDC de sector``
or ``DGASPC UAT în parteneriat cu ONG`` names several parties, often without any
separator. :func:`parse_parties` splits it by matching the longest known name at each
position (labels, acronyms and recorded variants of ``ontology/institutions.ttl``),
word by word, tolerating small typos in long words with rapidfuzz; whatever does not
match is kept as unresolved text — a printed name is never dropped.

    >>> g = Gazetteer.load()
    >>> [(p.institution, p.role.value) for p in parse_parties("DGASPC UAT în parteneriat cu ONG", Role.RESPONSIBLE, g)]
    [('dgaspc-ialomita', 'responsible'), ('uat', 'responsible'), ('ong', 'partner')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SKOS
from rapidfuzz import fuzz, process

from loaders.errors import ReferenceDataError
from loaders.iri import ID, ONTOLOGY
from loaders.model import Match, Party, Role
from loaders.text import collapse, fold

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "ontology" / "institutions.ttl"

_PK = rdflib.Namespace(ONTOLOGY)
_INSTITUTION_NS = ID + "institution/"

# A word may differ from a recorded one by a typo when both are this long and the
# name has another word printed exactly (so a lone acronym is never guessed)...
_FUZZY_MIN_LEN = 5
# ...and at least this similar (rapidfuzz ratio, 0..100).
_FUZZY_TOKEN_CUTOFF = 80.0
# Separators between names; they may also occur inside a recorded name.
_SEPARATORS = {",", ";", "/", "(", ")"}
# Words that join names without being part of one ("UAT și ONG").
_CONNECTORS = {"si", "cu", "etc"}
# "în parteneriat cu": what follows is a partner.
_PARTNERSHIP = ("in", "parteneriat")

_TOKEN = re.compile(r"[,;/()]|[^\s,;/()]+")
_QUOTES = re.compile(r"[„”“\"'«»]")


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry: an institution or a generic actor."""

    key: str  # local name of pkid:institution/{key}
    kind: str  # local name of its class: Ministry, NGO, GenericActor, ...
    label: str  # the Romanian preferred label
    countries: frozenset[str]
    exact_names: tuple[str, ...]  # preferred labels and acronyms
    alias_names: tuple[str, ...]  # recorded variants


@dataclass(frozen=True)
class _Token:
    key: str  # folded, without quotes and dots; a separator is itself
    start: int  # offsets in the text the token was read from
    end: int


@dataclass(frozen=True)
class _Name:
    tokens: tuple[str, ...]
    key: str
    exact: bool  # preferred label or acronym (not a recorded variant)


def _prepare(text: str) -> str:
    """Normalised text with OCR opening quotes (``,,``) read as „ so they do not split names.

    The length is kept (``,,`` → ``„„``), so offsets into it are offsets into ``collapse(text)``.
    """
    return re.sub(r",,(?=\S)", "„„", collapse(text))


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        key = raw if raw in _SEPARATORS else _QUOTES.sub("", fold(raw)).replace(".", "")
        if key:
            found.append(_Token(key, m.start(), m.end()))
    return found


def _token_similarity(printed: str, recorded: str) -> float:
    """100 for the same word; the rapidfuzz ratio for long words close enough; else 0."""
    if printed == recorded:
        return 100.0
    if printed in _SEPARATORS or recorded in _SEPARATORS:
        return 0.0
    if min(len(printed), len(recorded)) < _FUZZY_MIN_LEN:
        return 0.0
    score = fuzz.ratio(printed, recorded)
    return score if score >= _FUZZY_TOKEN_CUTOFF else 0.0


class Gazetteer:
    """The institutions of ``ontology/institutions.ttl``, indexed for matching printed names."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries
        names: list[_Name] = []
        for entry in entries.values():
            for text, exact in [(n, True) for n in entry.exact_names] + [(n, False) for n in entry.alias_names]:
                tokens = tuple(t.key for t in _tokens(_prepare(text)))
                if tokens:
                    names.append(_Name(tokens, entry.key, exact))
        self._names = tuple(names)
        # Index for _match_at: a name can only match where its first word matches the
        # printed word exactly or, for a name of two words or more, by a typo.
        by_first: dict[str, list[_Name]] = {}
        for name in self._names:
            by_first.setdefault(name.tokens[0], []).append(name)
        self._by_first = {first: tuple(found) for first, found in by_first.items()}
        self._fuzzy_firsts = tuple(sorted({
            name.tokens[0] for name in self._names
            if len(name.tokens) >= 2 and name.tokens[0] not in _SEPARATORS and len(name.tokens[0]) >= _FUZZY_MIN_LEN
        }))
        self._candidates_cache: dict[str, tuple[_Name, ...]] = {}

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Gazetteer":
        """The gazetteer in ``path`` (default: the project's ``ontology/institutions.ttl``), read once."""
        return _load(Path(path).resolve() if path is not None else DEFAULT_PATH)

    def entry(self, key: str) -> Entry:
        return self.entries[key]

    def resolve(self, name: str, *, country: str | None = None) -> Party:
        """``name`` as one party (responsible role); unresolved when it is not exactly one known name."""
        found = parse_parties(name, Role.RESPONSIBLE, self, country=country)
        if len(found) == 1 and found[0].text == collapse(name).strip(" .;,"):
            return found[0]
        return Party(collapse(name), Role.RESPONSIBLE)

    def _prefer(self, keys: list[str], country: str | None) -> str:
        """One key among equally good candidates: the one of ``country`` when there is one."""
        if country is not None:
            local = [k for k in keys if country in self.entries[k].countries]
            if local:
                return local[0]
        return keys[0]

    def _candidates(self, first: str) -> tuple[_Name, ...]:
        """The names that may start at a printed word ``first``: same first word, or a typo of it.

        A typo is only accepted inside a name of two words or more (see :meth:`_match_at`),
        so only those names are looked up by a fuzzy first word. Memoised per word.
        """
        found = self._candidates_cache.get(first)
        if found is not None:
            return found
        names = list(self._by_first.get(first, ()))
        if first not in _SEPARATORS and len(first) >= _FUZZY_MIN_LEN:
            close = process.extract(first, self._fuzzy_firsts, scorer=fuzz.ratio,
                                    score_cutoff=_FUZZY_TOKEN_CUTOFF, limit=None, processor=None)
            for other, _, _ in close:
                if other != first:
                    names.extend(n for n in self._by_first[other] if len(n.tokens) >= 2)
        found = tuple(names)
        self._candidates_cache[first] = found
        return found

    def _match_at(self, tokens: list[_Token], i: int, country: str | None) -> tuple[int, str, Match, float] | None:
        """The longest name starting at token ``i``: (end, key, match, score), exact before fuzzy."""
        best: tuple[int, float, bool, list[str]] | None = None  # (length, score, exact, keys)
        for name in self._candidates(tokens[i].key):
            n = len(name.tokens)
            if i + n > len(tokens):
                continue
            scores = [_token_similarity(tokens[i + k].key, name.tokens[k]) for k in range(n)]
            if not all(scores):
                continue
            score = sum(scores) / n
            if score < 100.0 and (n < 2 or 100.0 not in scores):
                continue  # a typo is accepted only inside a longer name with a word printed right
            exact = name.exact and score == 100.0
            rank = (n, score, exact)
            if best is None or rank > best[:3]:
                best = (n, score, exact, [name.key])
            elif rank == best[:3] and name.key not in best[3]:
                best[3].append(name.key)
        if best is None:
            return None
        n, score, exact, keys = best
        key = self._prefer(sorted(keys), country)
        if score < 100.0:
            return i + n, key, Match.FUZZY, round(score, 1)
        return i + n, key, Match.EXACT if exact else Match.ALIAS, None


@functools.cache
def _load(path: Path) -> Gazetteer:
    if not path.is_file():
        raise ReferenceDataError(f"institution gazetteer not found: {path}")
    try:
        graph = rdflib.Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise ReferenceDataError(f"{path.name}: not valid Turtle: {exc}") from exc
    entries: dict[str, Entry] = {}
    for subject in sorted(set(graph.subjects(_PK.country, None)), key=str):
        iri = str(subject)
        if not iri.startswith(_INSTITUTION_NS):
            continue
        key = iri[len(_INSTITUTION_NS):]
        kinds = sorted(str(t)[len(ONTOLOGY):] for t in graph.objects(subject, RDF.type) if str(t).startswith(ONTOLOGY))
        labels = sorted(graph.objects(subject, SKOS.prefLabel), key=lambda l: (getattr(l, "language", "") != "ro", str(l)))
        if not kinds or not labels:
            raise ReferenceDataError(f"{path.name}: {key} has no kind or no preferred label")
        acronyms = sorted(str(a) for a in graph.objects(subject, _PK.acronym))
        entries[key] = Entry(
            key=key,
            kind=kinds[0],
            label=str(labels[0]),
            countries=frozenset(str(c) for c in graph.objects(subject, _PK.country)),
            exact_names=tuple(str(l) for l in labels) + tuple(acronyms),
            alias_names=tuple(sorted(str(a) for a in graph.objects(subject, SKOS.altLabel))),
        )
    if not entries:
        raise ReferenceDataError(f"{path.name}: no institutions")
    return Gazetteer(entries)


def _partnership_at(tokens: list[_Token], i: int) -> int | None:
    """The index after "în parteneriat [cu]" when it starts at ``i``."""
    if tuple(t.key for t in tokens[i:i + 2]) != _PARTNERSHIP:
        return None
    j = i + 2
    return j + 1 if j < len(tokens) and tokens[j].key == "cu" else j


def _span_text(text: str, tokens: list[_Token]) -> str:
    return text[tokens[0].start:tokens[-1].end].strip(" .;,")


def parse_parties(text: str, role: Role, gazetteer: Gazetteer, *, country: str | None = None) -> tuple[Party, ...]:
    """The parties a cell names, in order, with their roles.

    ``role`` applies to the names before ``în parteneriat cu``; the names after it are
    partners. ``country`` (``MD``/``RO``) decides between entries of the same name.
    Unknown names are returned unresolved; a parenthesised qualifier that is not a
    name stays with the party before it (``APSCF (bullying)``). Memoised: the same
    cells repeat across plans, and the answer is an immutable tuple of frozen parties.
    """
    return _parse_parties(text, role, gazetteer, country)


@functools.lru_cache(maxsize=1 << 16)
def _parse_parties(text: str, role: Role, gazetteer: Gazetteer, country: str | None) -> tuple[Party, ...]:
    """:func:`parse_parties`, computed (positional so the cache key is one shape)."""
    printed = collapse(text)
    tokens = _tokens(_prepare(text))
    parties: list[Party] = []
    current_role = role
    unknown: list[_Token] = []
    depth = 0
    unknown_depth = 0

    def flush() -> None:
        run = [t for t in unknown if t.key not in _SEPARATORS]
        while run and run[0].key in _CONNECTORS:
            run.pop(0)
        while run and run[-1].key in _CONNECTORS:
            run.pop()
        unknown.clear()
        if not run:
            return
        run_text = _span_text(printed, run)
        if unknown_depth > 0 and parties:
            last = parties[-1]
            parties[-1] = Party(f"{last.text} ({run_text})", last.role, last.institution, last.match, last.score)
        elif run_text:
            parties.append(Party(run_text, current_role))

    i = 0
    while i < len(tokens):
        token = tokens[i]
        after_partnership = _partnership_at(tokens, i)
        if after_partnership is not None:
            flush()
            current_role = Role.PARTNER
            i = after_partnership
            continue
        found = gazetteer._match_at(tokens, i, country)
        if found is not None:
            flush()
            end, key, match, score = found
            parties.append(Party(_span_text(printed, tokens[i:end]), current_role, key, match, score))
            depth += sum(1 for t in tokens[i:end] if t.key == "(") - sum(1 for t in tokens[i:end] if t.key == ")")
            i = end
            continue
        if token.key in {",", ";", "/"}:
            flush()
        elif token.key == "(":
            flush()
            depth += 1
        elif token.key == ")":
            flush()
            depth = max(0, depth - 1)
        else:
            if not unknown:
                unknown_depth = depth
            unknown.append(token)
        i += 1
    flush()
    return tuple(parties)
