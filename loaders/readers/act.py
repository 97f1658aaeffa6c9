"""Reader for an OCR'd legal act that sets actions: a ministerial order (003).

The layout, top to bottom: the heading ``ORDIN``; the place (``mun. Chișinău``);
``nr. … din 10 ianuarie 2024``; the title (``Cu privire la …``); the preamble
(``În scopul …``, ``în temeiul …``) naming the plan objective served and the
acts the order rests on; the operative formula ``ORDON:``; numbered points, one
of which lists the actions ``a)`` … ``f)``; the signature.

The text is OCR'd: every block is repaired with :mod:`loaders.normalise.ocr`
before it is read, and the printed text is kept beside the repaired one
(``title_text``; a party's text is its printed span). What the points say:

- the point with lettered actions names who carries them out: ``X în comun cu Y``
  → X responsible, Y partner of every action;
- a later point with a deadline (``în luna februarie 2024``) for a deliverable
  (``spre validare conceptul …``) gives that deadline to the one action whose
  title names the deliverable; the point itself is kept as a plan note;
- the issuer is the institution whose organisation act is the legal basis
  (``… cu privire la organizarea și funcționarea Ministerului …``), else the one
  on whose web page the order is published, else the first responsible.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from loaders.documents import Document
from loaders.errors import DocumentError
from loaders.iri import slug
from loaders.model import CrossRef, Deadline, Item, Level, Note, Party, Plan, Role, SourceRef, Unparsed
from loaders.normalise.deadlines import parse_deadline
from loaders.normalise.institutions import Gazetteer, parse_parties
from loaders.normalise.legal import MONTHS, LegalActs, find_implemented, find_legal_refs
from loaders.normalise.ocr import Repair, repair_changes
from loaders.text import collapse, fold

LAYOUT = "OCR'd legal act: ORDIN heading, number and date, title, preamble, ORDON:, numbered points with actions a), b) … (003)"
SPECIFICITY = 2

_MONTH = "|".join(MONTHS)
# Heading and operative formula, with the letters OCR confuses with digits (0RDIN, ORDlN).
_HEADING = re.compile(r"^[o0]rd[il1|]n(ul)?\b")
_OPERATIVE = re.compile(r"^([o0]rd[o0]n|dispun|[o0]rd[o0]nez)\s*:?$")
_NUMBER_DATE = re.compile(
    rf"^nr\.\s*(?P<number>\S.*?)\s+din\s+(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})"
    r"|(?P<dday>\d{1,2})[./-](?P<dmonth>\d{1,2})[./-](?P<dyear>\d{4}))\b",
    re.IGNORECASE,
)
_PREAMBLE = re.compile(r"^(in scopul|in temeiul|in conformitate|in baza|in vederea|avind in vedere|avand in vedere|intru executarea)\b")
_POINT = re.compile(r"^(?P<n>\d{1,2})\.\s+\S")
_LETTER = re.compile(r"^(?P<letter>[a-z])\)\s*")
_SIGNATURE = re.compile(r"^(ministru|ministrul|viceministru|secretar|director|sef|prim-ministru)\b")
_JOINT = re.compile(r"\s+(?:în comun cu|împreună cu|în parteneriat cu)\s+", re.IGNORECASE)
_PARTNER_END = re.compile(r",\s+(?:în cadrul|care|vor|va)\b|\s+vor asigura|\s+va asigura|,?\s+vor\b|,?\s+va\b")
_RESPONSIBLE_END = re.compile(r"\s+(?:în comun cu|împreună cu|în parteneriat cu|vor asigura|va asigura)\b|,", re.IGNORECASE)
_ORGANISATION = re.compile(r"organizarea și funcționarea (?P<name>.+?),?\s*$")
_PUBLISHED = re.compile(r"pagina web oficială a (?P<name>.+?)\s+(?:și|se)\b")
_OBJECTIVE = re.compile(
    r"\b(?:obiectiv(?:ul|ului)?\s+(?:general|specific)|acțiun(?:ea|ii)|activit[ăa]ț(?:ii|ea)|măsur(?:a|ii))"
    r"\s+(?:nr\.\s*)?(?P<code>\d+(?:\.\d+)*)\b"
)
_POINT_DEADLINE = re.compile(
    rf"\b(?:(?:în\s+)?luna\s+(?:{_MONTH})\s+\d{{4}}|(?:până|pînă)\s+(?:la|în)\s+[^,.;]+\d{{4}}|în\s+termen\s+de\s+[^,.;]+)",
    re.IGNORECASE,
)
_DELIVERABLE = re.compile(r"\bspre\s+(?:validare|aprobare|examinare|coordonare|avizare)\s+(?P<object>\w+)", re.IGNORECASE)
_STEM = 6  # letters compared when matching inflected words (deliverable in action titles)


@functools.lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


@functools.lru_cache(maxsize=1)
def _acts() -> LegalActs:
    return LegalActs.load()


def matches(doc: Document) -> bool:
    """An ``ORDIN`` heading among the first lines and an ``ORDON:`` line before lettered actions."""
    printed = [line for line in doc.lines if line.strip()]
    # the heading is looked for first, so the other layouts' documents are not folded whole
    if not any(_HEADING.match(fold(collapse(line))) for line in printed[:5]):
        return False
    lines = [fold(collapse(line)) for line in printed]
    operative = next((i for i, line in enumerate(lines) if _OPERATIVE.match(line)), None)
    return operative is not None and any(_LETTER.match(line) for line in lines[operative:])


@dataclass(frozen=True)
class _Block:
    """Consecutive printed lines read as one text: ``repair`` holds the printed and the repaired text."""

    first: int
    last: int
    repair: Repair

    @property
    def text(self) -> str:
        return self.repair.text

    @property
    def printed(self) -> str:
        return self.repair.printed


def _block(lines: list[tuple[int, str]]) -> _Block:
    return _Block(lines[0][0], lines[-1][0], repair_changes(" ".join(collapse(t) for _, t in lines)))


@dataclass
class _Sections:
    heading: list[tuple[int, str]]
    before: list[tuple[int, str]]
    place: list[tuple[int, str]]
    number_date: tuple[int, str]
    title: list[tuple[int, str]]
    preamble: list[tuple[int, str]]
    operative: tuple[int, str]
    points: list[list[tuple[int, str]]]
    signature: list[tuple[int, str]]


def _sections(doc: Document) -> _Sections:
    lines = [(n, line) for n, line in enumerate(doc.lines, 1) if line.strip()]
    folded = [fold(repair_changes(collapse(line)).text) for _, line in lines]
    heading = next((i for i, f in enumerate(folded[:5]) if _HEADING.match(f)), None)
    operative = next((i for i, f in enumerate(folded) if _OPERATIVE.match(f)), None)
    number = next((i for i, (_, t) in enumerate(lines) if _NUMBER_DATE.match(collapse(t))), None)
    if heading is None or operative is None:
        raise DocumentError(doc.name, "not an order: expected an ORDIN heading and an ORDON: line")
    if number is None or not heading < number < operative:
        raise DocumentError(doc.name, "order without its 'nr. … din <date>' line between heading and ORDON:")
    start = next((i for i in range(number + 1, operative) if _PREAMBLE.match(folded[i])), operative)
    points: list[list[tuple[int, str]]] = []
    signature: list[tuple[int, str]] = []
    for i in range(operative + 1, len(lines)):
        if signature or _SIGNATURE.match(folded[i]):
            signature.append(lines[i])
        elif _POINT.match(collapse(lines[i][1])) or not points:
            points.append([lines[i]])
        else:
            points[-1].append(lines[i])
    return _Sections(
        heading=lines[heading:heading + 1],
        before=lines[:heading],
        place=lines[heading + 1:number],
        number_date=lines[number],
        title=lines[number + 1:start],
        preamble=lines[start:operative],
        operative=lines[operative],
        points=points,
        signature=signature,
    )


def _split_letters(point: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[list[tuple[int, str]]]]:
    """A point's introduction and its lettered parts."""
    intro: list[tuple[int, str]] = []
    letters: list[list[tuple[int, str]]] = []
    for n, line in point:
        if _LETTER.match(collapse(line)):
            letters.append([(n, line)])
        elif letters:
            letters[-1].append((n, line))
        else:
            intro.append((n, line))
    return intro, letters


def _party(block: _Block, start: int, end: int, role: Role, country: str | None) -> tuple[Party, ...]:
    """The parties named in ``block.text[start:end]``; one party keeps its printed text."""
    parties = parse_parties(block.text[start:end], role, _gazetteer(), country=country)
    if len(parties) == 1:
        p = parties[0]
        return (Party(collapse(block.repair.printed_span(start, end)), p.role, p.institution, p.match, p.score),)
    return parties


def _who(intro: _Block, country: str | None) -> tuple[tuple[Party, ...], tuple[Party, ...]]:
    """Responsible and partners from ``1. X în comun cu Y, în cadrul …, vor asigura …``."""
    text = intro.text
    head = _POINT.match(text)
    begin = head.end() - 1 if head else 0
    end = _RESPONSIBLE_END.search(text, begin)
    responsible = _party(intro, begin, end.start() if end else len(text), Role.RESPONSIBLE, country)
    partners: tuple[Party, ...] = ()
    joint = _JOINT.search(text, begin)
    if joint:
        stop = _PARTNER_END.search(text, joint.end())
        partners = _party(intro, joint.end(), stop.start() if stop else len(text), Role.PARTNER, country)
    return responsible, partners


def _issuer(preamble: _Block, points: list[_Block], responsible: tuple[Party, ...], country: str | None) -> Party | None:
    for block, pattern in [(preamble, _ORGANISATION)] + [(p, _PUBLISHED) for p in points]:
        found = pattern.search(block.text)
        if found:
            name = re.sub(r"\bși,\s*", "și ", found["name"])  # OCR comma after the conjunction
            party = _gazetteer().resolve(name, country=country)
            if party.institution:
                printed = collapse(block.repair.printed_span(found.start("name"), found.end("name")))
                return Party(printed, party.role, party.institution, party.match, party.score)
    return responsible[0] if responsible else None


def _country(doc: Document, keys: list[str], place: str) -> str:
    acts = _acts()
    countries = {acts.get(k).jurisdiction for k in keys if k} - {""}
    if len(countries) == 1:
        return countries.pop()
    folded = fold(place)
    if "chisinau" in folded or "moldova" in folded:
        return "MD"
    if "bucuresti" in folded or "romania" in folded or "judet" in folded:
        return "RO"
    raise DocumentError(doc.name, "cannot tell the country: no known act cited and no known place")


def _date(found: re.Match[str]) -> str:
    if found["year"]:
        return f"{int(found['year']):04d}-{MONTHS[found['month'].lower()]:02d}-{int(found['day']):02d}"
    return f"{int(found['dyear']):04d}-{int(found['dmonth']):02d}-{int(found['dday']):02d}"


def _words(text: str) -> set[str]:
    """Folded words of four letters or more."""
    return {w for w in re.findall(r"[a-z]+", fold(text)) if len(w) >= 4}


def _same_word(a: str, b: str) -> bool:
    """Inflected forms of one word: ``ghid``/``ghidul``, ``concept``/``conceptul``."""
    k = min(_STEM, len(a), len(b))
    return a[:k] == b[:k]


def _shared(phrase: set[str], title: set[str]) -> int:
    return sum(1 for w in phrase if any(_same_word(w, t) for t in title))


def _deadline_target(point: _Block, items: list[Item]) -> tuple[Deadline, str] | None:
    """The deadline a point sets and the id of the action that names its deliverable.

    The deliverable is the phrase after ``spre validare`` (…) up to the deadline;
    the action must name its head word (``conceptul``) and, among those that do,
    share strictly the most words with the phrase (``concept de pilotare``).
    """
    when = _POINT_DEADLINE.search(point.text)
    what = _DELIVERABLE.search(point.text)
    if not when or not what:
        return None
    head = fold(what["object"])
    phrase = _words(point.text[what.start("object"):when.start()])
    scored = sorted(
        ((_shared(phrase, _words(it.title)), it.id) for it in items if _shared({head}, _words(it.title))),
        reverse=True,
    )
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return parse_deadline(when.group()), scored[0][1]


def _after_code(printed: str) -> str:
    """The printed text of an action without its letter: ``a) realizarca …`` → ``realizarca …``."""
    letter = _LETTER.match(printed)
    return printed[letter.end():] if letter else printed


def _item_notes(block: _Block) -> tuple[Note, ...]:
    if not block.repair.changes:
        return ()
    pairs = "; ".join(f"{c.printed} → {c.repaired}" for c in block.repair.changes)
    return (Note(f"OCR repaired: {pairs}", "ocr-repair"),)


def _number_note(number_line: _Block) -> Note:
    """The order's number: repaired when it reads as one, else kept as printed and flagged."""
    printed = _NUMBER_DATE.match(number_line.printed)
    repaired = _NUMBER_DATE.match(number_line.text) or printed
    assert printed is not None and repaired is not None  # the line was chosen by this pattern
    if re.fullmatch(r"\d+(?:[-/]\w+)?", repaired["number"]):
        return Note(f"nr. {repaired['number']}", "act-number")
    return Note(f"nr. {printed['number']} (number unreadable in the OCR text, kept as printed)", "act-number-unreadable")


@dataclass
class _Operative:
    """What the numbered points yield: actions, plan notes and the lines they took."""

    items: list[Item]
    notes: list[Note]
    consumed: list[SourceRef]
    other_points: list[_Block]
    responsible: tuple[Party, ...] = ()


def _actions(doc: Document, point: list[tuple[int, str]], prefix: str, out: _Operative, country: str) -> None:
    """The lettered actions of one point, with who carries them out (from the point's introduction)."""
    intro, letters = _split_letters(point)
    responsible: tuple[Party, ...] = ()
    partners: tuple[Party, ...] = ()
    if intro:
        intro_block = _block(intro)
        out.consumed.append(doc.ref(intro_block.first, intro_block.last))
        out.notes.append(Note(intro_block.text, "order-point"))
        responsible, partners = _who(intro_block, country)
        out.responsible = out.responsible or responsible
    for order, lines in enumerate(letters, 1):
        block = _block(lines)
        letter = _LETTER.match(block.text)
        assert letter is not None  # _split_letters starts a part at a letter
        out.items.append(Item(
            id=prefix + letter["letter"],
            level=Level.ACTION,
            code=letter["letter"],  # normalised like every code; printed "a)"
            code_text=f"{letter['letter']})",
            title=block.text[letter.end():].strip().rstrip(";.,").strip(),
            title_text=_after_code(block.printed),
            parent=None,
            order=order,
            source=doc.ref(block.first, block.last),
            responsible=responsible,
            partners=partners,
            legal_refs=find_legal_refs(block.text, _acts()),
            notes=_item_notes(block),
        ))


def _operative(doc: Document, points: list[list[tuple[int, str]]], country: str) -> _Operative:
    out = _Operative([], [], [], [])
    lettered = [p for p in points if _split_letters(p)[1]]
    for point in points:
        if point in lettered:
            head = _POINT.match(collapse(point[0][1]))
            # ids are the letters; with several lettered points, the point number comes first
            prefix = "" if len(lettered) == 1 else f"{head['n'] if head else lettered.index(point) + 1}-"
            _actions(doc, point, prefix, out, country)
            continue
        block = _block(point)
        out.other_points.append(block)
        out.notes.append(Note(block.text, "order-point"))
        out.consumed.append(doc.ref(block.first, block.last))
    for block in out.other_points:
        target = _deadline_target(block, out.items)
        if target:
            deadline, item_id = target
            out.items = [
                replace(it, deadline=deadline, notes=it.notes + (Note(block.text, "deadline-source"),))
                if it.id == item_id else it
                for it in out.items
            ]
    return out


def read(doc: Document) -> Plan:
    """The order as a plan: its actions, who carries them out, what it rests on and serves."""
    s = _sections(doc)
    consumed: list[SourceRef] = [doc.ref(n) for n, _ in s.heading + s.place + s.title + s.preamble + s.signature]
    consumed += [doc.ref(s.number_date[0]), doc.ref(s.operative[0])]
    place = _block(s.place) if s.place else None
    number_line = _block([s.number_date])
    title = _block(s.title) if s.title else number_line
    preamble = _block(s.preamble) if s.preamble else _block([s.operative])
    notes = ([Note(place.text, "place")] if place else []) + [_number_note(number_line)]

    legal_basis = find_legal_refs(preamble.text, _acts())
    implements = find_implemented(preamble.text, _acts())
    cross_refs = tuple(
        CrossRef(collapse(preamble.repair.printed_span(m.start(), m.end())), m["code"])
        for m in _OBJECTIVE.finditer(preamble.text)
    )
    country = _country(doc, [r.act or "" for r in legal_basis] + list(implements), place.text if place else "")
    operative = _operative(doc, s.points, country)

    notes += operative.notes + [Note(collapse(line), "signature") for _, line in s.signature]
    repairs = sum(len(b.repair.changes) for b in [title, preamble, *operative.other_points])
    if repairs:
        notes.append(Note(f"OCR text: {repairs} repairs outside the actions (title, preamble, points)", "ocr-repair"))
    date = _NUMBER_DATE.match(number_line.text) or _NUMBER_DATE.match(number_line.printed)
    assert date is not None  # the line was chosen by this pattern
    return Plan(
        id=slug(doc.name.rsplit(".", 1)[0]),
        title=title.text,
        title_text=title.printed,
        kind="order",
        country=country,
        source=doc.whole,
        issuer=_issuer(preamble, operative.other_points, operative.responsible, country),
        date=_date(date),
        legal_basis=legal_basis,
        implements=implements,
        items=tuple(operative.items),
        cross_refs=cross_refs,
        unparsed=tuple(Unparsed(n, n, line.strip(), "text before the ORDIN heading") for n, line in s.before),
        notes=tuple(notes),
        consumed=tuple(consumed + operative.consumed),
    )
