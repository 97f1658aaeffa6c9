"""The vocabulary of the synthetic corpus, taken from the sample documents at run time.

Nothing here is hand-written Romanian: :func:`Vocabulary.from_samples` reads
``data/plans/*.txt`` and collects, by a shallow look at the three table layouts,
the pieces a plan is made of — title heads (``Elaborarea``, ``Organizarea`` …)
and title bodies, objective titles, deadlines as printed, indicators, indicator
bullets, responsible and partner cells, funding cells. Institutions come from
the gazetteer ``ontology/institutions.ttl`` and legal acts from
``ontology/legal-acts.ttl`` when those files exist; until they do, the
responsible and partner cells of the samples stand in for the institutions.

Every pool is a sorted tuple, so the corpus depends on the seed and on the
sample files only (never on set or dict order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import SKOS

from loaders.text import collapse, normalise

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "plans"
GAZETTEER = ROOT / "ontology" / "institutions.ttl"
LEGAL_ACTS = ROOT / "ontology" / "legal-acts.ttl"
PK = rdflib.Namespace("https://w3id.org/plankg/ontology#")

_CODE_CELL = re.compile(r"^(?:\[bookmark: _GoBack\])?(\d+(?:\.\d+){1,3})\.?\s+(\S.*)$")
_NOISE = re.compile(
    r"\[bookmark: _GoBack\]"
    r"|\((?:activitatea\s+)?\d+(?:\.\d+)+\)\.?"  # cross-references: we add our own
    r"|\(?(?:în baza |conform |implementare )?(?:Ghidului pentru implementare )?"
    r"(?:HG|Hot\. Guvern|Legii)\s*(?:nr\.\s*)?\d+(?:/\d{4})?(?: din [\d-]+)?\)?"
)
_DEADLINE_HINT = re.compile(r"\b20\d\d\b|anual|semestri|periodic|permanent|necesitate", re.I)


def _clean(text: str) -> str:
    """One line of title text without artefacts, legal citations or cross-references."""
    text = collapse(_NOISE.sub(" ", text))
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return text.strip(" ,;:.-")


def _cells_rows(lines: list[str]) -> list[list[str]]:
    """Cells of the cell-per-line layout: a cell starts with a tab, later lines continue it."""
    cells: list[str] = []
    for line in lines:
        if line.startswith("\t"):
            cells.append(line[1:])
        elif cells and line.strip():
            cells[-1] = f"{cells[-1]}\n{line}"
    # activity cell followed by deadline, responsible, partners, indicator
    rows = []
    for i, cell in enumerate(cells):
        m = _CODE_CELL.match(cell.strip())
        if m and m.group(1).count(".") == 3 and i + 4 < len(cells):
            rows.append([cell.strip()] + [collapse(c) for c in cells[i + 1 : i + 5]])
    return rows


def _tab_rows(lines: list[str], min_cells: int) -> list[list[str]]:
    return [[collapse(c) for c in line.split("\t")] for line in lines if line.count("\t") + 1 >= min_cells]


@dataclass(frozen=True)
class LegalAct:
    """A legal act of the reference data, enough to print a citation of it."""

    kind: str  # hg, law, ...
    number: str
    year: int
    date: str | None  # ISO date, when known
    country: str


@dataclass(frozen=True)
class Vocabulary:
    """The pools every synthetic plan draws from (all sorted, all non-empty)."""

    heads: tuple[str, ...]  # first words of item titles ("Elaborarea")
    bodies: tuple[tuple[str, ...], ...]  # the rest of item titles, as words
    objectives: tuple[str, ...]  # objective and direction titles
    deadlines: tuple[str, ...]  # as printed in 000/001
    deadlines_tabs: tuple[str, ...]  # as printed in 002 (semesters)
    indicators: tuple[str, ...]  # result indicators of 000/001
    indicators_tabs: tuple[str, ...]  # monitoring indicators of 002
    bullets: tuple[str, ...]  # 004's indicator bullets
    impact: tuple[str, ...]  # impact indicators of general objectives
    parties_md: tuple[str, ...]  # names to print as responsible/partner, Moldova
    parties_ro: tuple[str, ...]
    funding_ro: tuple[str, ...]  # 004's funding sources, one name each
    funding_md: tuple[str, ...]  # 002's funding cells ("În limitele bugetului alocat")
    acts: tuple[LegalAct, ...]

    @classmethod
    def from_samples(
        cls, samples: Path = SAMPLES, gazetteer: Path = GAZETTEER, legal_acts: Path = LEGAL_ACTS
    ) -> "Vocabulary":
        """Collect the pools from the sample documents and the reference data."""
        docs = {p.name[:3]: [normalise(x) for x in p.read_text(encoding="utf-8").splitlines()]
                for p in sorted(samples.glob("*.txt"))}
        titles: set[str] = set()
        objectives: set[str] = set()
        deadlines: set[str] = set()
        deadlines_tabs: set[str] = set()
        indicators: set[str] = set()
        indicators_tabs: set[str] = set()
        bullets: set[str] = set()
        impact: set[str] = set()
        parties_md: set[str] = set()
        parties_ro: set[str] = set()
        funding_ro: set[str] = set()
        funding_md: set[str] = set()
        for key in ("000", "001"):
            lines = docs.get(key, [])
            for row in _cells_rows(lines):
                titles.add(_CODE_CELL.match(row[0]).group(2))
                if _DEADLINE_HINT.search(row[1]) and len(row[1]) < 40:
                    deadlines.add(row[1])
                parties_md.update(_split_parties(row[2] + ", " + row[3]))
                if row[4]:
                    indicators.add(row[4])
            for line in lines:
                m = _CODE_CELL.match(line.strip())
                if m and m.group(1).count(".") in (1, 2):
                    objectives.add(m.group(2))
                if re.match(r"^I\.\d+\.\d+ ", line):
                    impact.add(line.split(" ", 1)[1])
        for row in _tab_rows(docs.get("002", []), 8):
            if re.fullmatch(r"\d+\.", row[0]) or (row[0] == "" and len(row[1]) > 20):
                titles.add(row[1])
                if row[2]:
                    deadlines_tabs.add(row[2])
                if row[7]:
                    indicators_tabs.add(row[7])
                if row[4]:
                    funding_md.add(row[4])
                parties_md.update(_split_parties(row[5]))
            elif re.match(r"Obiectiv", row[0]):
                objectives.add(re.sub(r"^Obiectiv\w*\s+(?:general|specific)\s*(?:nr\.)?\s*:?\s*[\d.]+\s*", "", row[0]))
        for row in _tab_rows(docs.get("004", []), 6):
            if row[1] and row[1] != "Măsuri" and row[1] != "Măsurile":
                titles.add(row[1])
                listed = re.split(r"▪|\s(?=Număr)", re.sub(r"<[^>]*>", "", row[2]))
                bullets.update(b.strip() for b in listed if len(b.strip()) > 10)
                parties_ro.update(w for w in re.split(r"\s+în parteneriat cu\s+|\s+|/|,", row[4]) if w.isupper())
                funding_ro.update(_split_funding(row[5]))
            m = re.match(r"^OS\.[IVX]+\.\d+\.\s+(.*)", row[0])
            if m:
                objectives.add(m.group(1))
        for line in docs.get("004", []):
            m = re.match(r"^Direcția de acțiune [IVX]+: (.*)", line)
            if m:
                objectives.add(m.group(1))
        heads, bodies = _split_titles(titles)
        gaz_md, gaz_ro = _gazetteer(gazetteer)
        return cls(
            heads=heads,
            bodies=bodies,
            objectives=tuple(sorted(o for o in (_clean(x) for x in objectives) if len(o) > 15 and o[0].isupper())),
            deadlines=tuple(sorted(deadlines)),
            deadlines_tabs=tuple(sorted(deadlines_tabs)),
            indicators=tuple(sorted(indicators)),
            indicators_tabs=tuple(sorted(indicators_tabs)),
            bullets=tuple(sorted(bullets)),
            impact=tuple(sorted(_clean(x) for x in impact)),
            parties_md=gaz_md or tuple(sorted(parties_md)),
            parties_ro=gaz_ro or tuple(sorted(parties_ro)),
            funding_ro=tuple(sorted(funding_ro)),
            funding_md=tuple(sorted(funding_md)),
            acts=_legal_acts(legal_acts),
        )


def _split_parties(cell: str) -> set[str]:
    parts = (_clean(p) for p in re.split(r"[,;]", cell))
    return {p for p in parts if 1 < len(p) < 40 and "(" not in p}


def _split_funding(cell: str) -> set[str]:
    """``Buget CJ Bugete locale Fonduri externe`` -> its source names."""
    names = re.findall(r"Bugete?(?:le)? (?:CJI?|locale?|ONG/[Uu]nit\w+ de cult|instituțiilor membre EIL)|Fonduri externe", cell)
    return set(names)


def _split_titles(titles: set[str]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    heads: set[str] = set()
    bodies: set[tuple[str, ...]] = set()
    for title in titles:
        words = _clean(title).split()
        if len(words) < 4 or not words[0][0].isupper():
            continue
        heads.add(words[0].strip(",."))
        bodies.add(tuple(words[1:]))
    return tuple(sorted(heads)), tuple(sorted(bodies))


def _gazetteer(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Acronyms and preferred labels of the gazetteer's institutions, by country."""
    if not path.exists():
        return (), ()
    g = rdflib.Graph().parse(path)
    names: dict[str, set[str]] = {"MD": set(), "RO": set()}
    for inst, country in g.subject_objects(PK.country):
        pool = names.get(str(country))
        if pool is None:
            continue
        acronym = g.value(inst, PK.acronym)
        label = g.value(inst, SKOS.prefLabel)
        chosen = acronym if acronym is not None else label
        if chosen is not None and len(str(chosen)) < 60:
            pool.add(str(chosen))
    return tuple(sorted(names["MD"])), tuple(sorted(names["RO"]))


def _legal_acts(path: Path) -> tuple[LegalAct, ...]:
    """The laws and government decisions of the reference data (those plans cite by number)."""
    if not path.exists():
        return ()
    g = rdflib.Graph().parse(path)
    acts = []
    for act in set(g.subjects(PK.actKind, None)):
        kind = str(g.value(act, PK.actKind))
        number, year = g.value(act, PK.actNumber), g.value(act, PK.actYear)
        if kind not in ("hg", "law") or number is None or year is None:
            continue
        date = g.value(act, rdflib.URIRef("http://purl.org/dc/terms/date"))
        country = g.value(act, PK.jurisdiction)
        acts.append(LegalAct(kind, str(number), int(year), str(date) if date else None, str(country or "MD")))
    return tuple(sorted(acts, key=lambda a: (a.kind, a.year, a.number)))
