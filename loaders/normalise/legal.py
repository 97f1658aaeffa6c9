"""Legal references: printed citations of acts → acts of ``ontology/legal-acts.ttl``.

A citation names a kind (``HG``, ``Hot. Guvern``, ``Hotărârea Guvernului``,
``Legea``/``Legii``, ``Ordinul``, ``decizia CMC``), a number (``nr. 270``,
``241-XVI``), a year (``/2005``) or a date (``din 08-04-2014``, ``(din 16 iulie
2020)``), and sometimes a subdivision, before (``pnct. 12 din HG nr.386/2020``) or
after (``HG nr. 270 … traficului, art. 40.``). An act is identified by kind +
number + year (numbers repeat across years); a citation without a year resolves
only when exactly one known act has that kind and number; a citation of an
unknown act is kept with ``act=None``.

    >>> acts = LegalActs.load()
    >>> [(r.text, r.act) for r in find_legal_refs("conform HG 270", acts)]
    [('HG 270', 'md/hg/2014/04/08/270')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDFS, SKOS

from loaders.errors import ReferenceDataError
from loaders.iri import BASE, ONTOLOGY
from loaders.model import LegalRef
from loaders.text import collapse, fold

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "ontology" / "legal-acts.ttl"

_PK = rdflib.Namespace(ONTOLOGY)
_ELI = BASE + "eli/"

MONTHS = {
    "ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "mai": 5, "iunie": 6,
    "iulie": 7, "august": 8, "septembrie": 9, "octombrie": 10, "noiembrie": 11, "decembrie": 12,
}

# The kinds as printed, each a named group; letters with and without diacritics.
_A = "[ăâîa]"
_KINDS = (
    ("hg", rf"\bH\.?\s?G\b\.?|\bHot(?:{_A}r{_A}r(?:ea|ii|e))?\.?\s+(?:a\s+)?Guv(?:ern(?:ului)?)?\b\.?"),
    ("law", r"\bLeg(?:ea|ii|e)\b"),
    ("order", r"\bOrdin(?:ul|ului)?\b(?:\s+(?:al\s+)?(?-i:[A-ZĂÂÎȘȚ]{2,})\b)?"),
    ("council-decision", rf"\b(?:[Dd]ecizi(?:a|ei|e)|[Hh]ot{_A}r{_A}r(?:ea|ii|e))\s+(?:a\s+)?CMC\b"),
)
_NUMBER = r"(?:\s*nr\.?\s*|\s+)(?P<number>\d{1,5})(?:\s*-\s*(?P<suffix>[IVXL]+))?(?:\s*/\s*(?P<year>\d{4}))?"
_DATE = (
    r"(?:\s*,?\s*\(?\s*din\s+(?:(?P<day>\d{1,2})[-./](?P<month>\d{1,2})[-./](?P<dyear>\d{4})"
    r"|(?P<tday>\d{1,2})\s+(?P<tmonth>" + "|".join(MONTHS) + r")\s+(?P<tyear>\d{4})"
    r"|(?P<yyear>\d{4})\b)\)?)"
)
_REF = re.compile(
    "(?P<kind>" + "|".join(f"(?P<{k.replace('-', '_')}>{p})" for k, p in _KINDS) + ")"
    + f"(?:{_NUMBER})?{_DATE}?",
    re.IGNORECASE,
)
# A subdivision printed before the act ("pnct. 12 din", "art. 40 al") or after it.
_SUB_BEFORE = re.compile(r"\b(?P<sub>art(?:icolul|\.)|p(?:u)?n?ct(?:ul|\.))\s*(?P<n>\d+[a-z]?)\s+(?:din|al|a)\s*$", re.IGNORECASE)
_SUB_AFTER = re.compile(r"\b(?P<sub>art(?:icolul|\.)|p(?:u)?n?ct(?:ul|\.))\s*(?P<n>\d+[a-z]?)", re.IGNORECASE)


@dataclass(frozen=True)
class LegalAct:
    """One act, strategy, programme or plan of the reference data."""

    key: str  # ELI-style path: md/hg/2014/04/08/270 (the local name of its IRI)
    kind: str  # hg, law, order, council-decision, strategy, programme, action-plan
    number: str | None
    year: int | None
    date: str | None  # ISO date when known
    jurisdiction: str
    label: str  # Romanian preferred label
    names: tuple[str, ...]  # folded titles and labels, for matching plan titles


@dataclass(frozen=True)
class LegalActs:
    """The reference legal acts, resolvable by kind + number + year."""

    acts: tuple[LegalAct, ...]

    @classmethod
    def load(cls, path: str | Path | None = None) -> LegalActs:
        """The acts of ``path`` (default ``ontology/legal-acts.ttl``); :class:`ReferenceDataError` if unreadable."""
        return _load(Path(path) if path is not None else DEFAULT_PATH)

    def get(self, key: str) -> LegalAct:
        for act in self.acts:
            if act.key == key:
                return act
        raise KeyError(key)

    def resolve(self, kind: str, number: str | None, year: int | None, date: str | None = None) -> str | None:
        """The key of the one act with this kind, number and year (or date), else ``None``.

        Without a year, the number must name exactly one act of that kind; without
        a number (a council decision cited by its date), the date must.
        """
        same_kind = [a for a in self.acts if a.kind == kind]
        if number is not None:
            found = [a for a in same_kind if a.number == number and (year is None or a.year == year)]
        elif date is not None:
            found = [a for a in same_kind if a.date == date]
        else:
            found = []
        return found[0].key if len(found) == 1 else None


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> LegalActs:
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ReferenceDataError(f"{path.name}: cannot read the legal acts: {exc}") from exc
    acts = []
    for subject, kind in graph.subject_objects(_PK.actKind):
        key = str(subject)[len(_ELI):] if str(subject).startswith(_ELI) else None
        if key is None:
            raise ReferenceDataError(f"{path.name}: act IRI outside {_ELI}: {subject}")
        number = graph.value(subject, _PK.actNumber)
        year = graph.value(subject, _PK.actYear)
        date = graph.value(subject, DCTERMS.date)
        label = [o for o in graph.objects(subject, SKOS.prefLabel) if getattr(o, "language", None) == "ro"]
        names = {fold(collapse(str(o))) for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, DCTERMS.title)
                 for o in graph.objects(subject, p)}
        acts.append(LegalAct(
            key=key,
            kind=str(kind),
            number=str(number) if number is not None else None,
            year=int(year) if year is not None else None,
            date=str(date) if date is not None else None,
            jurisdiction=str(graph.value(subject, _PK.jurisdiction) or ""),
            label=str(min(label)) if label else key,
            names=tuple(sorted(names)),
        ))
    if not acts:
        raise ReferenceDataError(f"{path.name}: no legal acts (no pk:actKind)")
    return LegalActs(tuple(sorted(acts, key=lambda a: a.key)))


def _kind_of(match: re.Match[str]) -> str:
    for kind, _ in _KINDS:
        if match.group(kind.replace("-", "_")):
            return kind
    raise AssertionError("a kind group always matches")


def _date_of(match: re.Match[str]) -> tuple[str | None, int | None]:
    if match["dyear"]:
        year, month, day = int(match["dyear"]), int(match["month"]), int(match["day"])
    elif match["tyear"]:
        year, month, day = int(match["tyear"]), MONTHS[match["tmonth"].lower()], int(match["tday"])
    elif match["yyear"]:
        return None, int(match["yyear"])
    else:
        return None, None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None, year
    return f"{year:04d}-{month:02d}-{day:02d}", year


def _subdivision(match: re.Match[str]) -> str:
    """``art. 40`` -> ``40``; a point (``pnct. 12``) -> ``pct. 12``."""
    return match["n"] if match["sub"].lower().startswith("art") else f"pct. {match['n']}"


def find_legal_refs(text: str, acts: LegalActs) -> tuple[LegalRef, ...]:
    """Every act ``text`` cites, in order, resolved against ``acts`` where possible.

    A council decision counts only with a number or a date (``Adoptarea Deciziei
    CMC privind …`` announces a decision, it does not cite one). ``article`` holds
    an article number (``40``) or a point (``pct. 12``) when one is printed.
    """
    text = collapse(text)
    found: list[tuple[re.Match[str], LegalRef]] = []
    for match in _REF.finditer(text):
        kind = _kind_of(match)
        date, date_year = _date_of(match)
        number = match["number"]
        year = int(match["year"]) if match["year"] else date_year
        if number is None and date is None:
            continue  # a kind word without an act: "Legea" in running text, "Deciziei CMC privind"
        before = _SUB_BEFORE.search(text[:match.start()])
        article = _subdivision(before) if before else None
        ref = LegalRef(
            text=match.group().rstrip(" ,(").rstrip(),
            kind=kind,
            number=number,
            year=year,
            article=article,
            act=acts.resolve(kind, number, year, date),
        )
        found.append((match, ref))
    refs = []
    for index, (match, ref) in enumerate(found):
        if ref.article is None:
            stop = found[index + 1][0].start() if index + 1 < len(found) else len(text)
            after = _SUB_AFTER.search(text, match.end(), stop)
            # "art. 5 din <next act>" belongs to the next citation, not to this one
            claimed = _SUB_BEFORE.search(text[:stop]) if index + 1 < len(found) else None
            if after and not (claimed and claimed.start() == after.start()):
                ref = LegalRef(ref.text, ref.kind, ref.number, ref.year, _subdivision(after), ref.act)
        refs.append(ref)
    return tuple(refs)


def find_implemented(text: str, acts: LegalActs) -> tuple[str, ...]:
    """Keys of the strategies, programmes and plans whose title or label ``text`` contains.

    For plan titles: ``Planul de acțiuni … implementării Strategiei municipale pentru
    protecția drepturilor copilului 2020-2025`` → the municipal strategy. Matching is
    on folded text with spaced hyphens made one (``2022 - 2026``). When the name
    matched for one act is part of the name matched for another (a programme
    inside its action plan's title), only the longer, more specific one is kept.
    """
    folded = _squash(fold(collapse(text)))
    matched: dict[str, str] = {}
    for act in acts.acts:
        if act.kind not in {"strategy", "programme", "action-plan"}:
            continue
        names = [name for name in map(_squash, act.names) if name in folded]
        if names:
            matched[act.key] = max(names, key=len)
    return tuple(
        key for key, name in matched.items()
        if not any(name != other and name in other for other in matched.values())
    )


def _squash(s: str) -> str:
    return re.sub(r"\s*-\s*", "-", s)
