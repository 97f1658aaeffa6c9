"""Institution resolver: real responsible/partner cells of the five documents → parties."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from loaders.errors import ReferenceDataError
from loaders.model import Match, Role
from loaders.normalise.institutions import DEFAULT_PATH, Gazetteer, parse_parties
from loaders.text import fold

R, P = Role.RESPONSIBLE, Role.PARTNER


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


# (cell as printed, country, expected [(institution key or None, role)])
CASES = [
    # 000, 4.1.2.x: a list with a semicolon and a department
    ("DGPDC, DGETS, DGASS; Direcția financiară", "MD",
     [("dgpdc", R), ("dgets", R), ("dgass", R), ("directia-financiara", R)]),
    # 000: no comma between the first two names
    ("DGPDC DGETS, DGASS", "MD", [("dgpdc", R), ("dgets", R), ("dgass", R)]),
    ("DGPDC,DGETS, DGASS, IGP", "MD", [("dgpdc", R), ("dgets", R), ("dgass", R), ("igp", R)]),
    # 001: a department in parentheses
    ("DGPDC, DGETS, DGASS (Direcția juridică)", "MD",
     [("dgpdc", R), ("dgets", R), ("dgass", R), ("directia-juridica", R)]),
    # 001 partners
    ("Grupuri tineri, APSCF, P4EC", "MD", [("grupuri-tineri", P), ("apscf", P), ("p4ec", P)]),
    ("Consiliul Europei, MSPFM", "MD", [("coe", P), ("mmps", P)]),
    ("AȘM, USM", "MD", [("asm", P), ("usm", P)]),
    ("MECC, P4EC", "MD", [("mecc", P), ("p4ec", P)]),
    # 002: sector units, with and without the typos
    ("DGPDC DPDC de sector", "MD", [("dgpdc", R), ("dpdc-sector", R)]),
    ("DGPDC de sector", "MD", [("dpdc-sector", R)]),
    ("DGPPDC din sectoroare", "MD", [("dpdc-sector", R)]),
    ("DPDC din sectoare Managerii/directorii serviciilor sociale Psihologii", "MD",
     [("dpdc-sector", R), ("managerii-serviciilor-sociale", R), ("psihologii", R)]),
    ("DGPDC din sectoare Managerii/ directorii serviciilor sociale", "MD",
     [("dpdc-sector", R), ("managerii-serviciilor-sociale", R)]),
    ("DGPDC Direcție îngrijire alternativă și adopție", "MD", [("dgpdc", R), ("dgpdc-iaa", R)]),
    ("DPDC din sectoare Centre comunitare Servicii sociale", "MD",
     [("dpdc-sector", R), ("centre-comunitare", R), ("servicii-sociale", R)]),
    ("DGPDC DPDC din sectoare Coordonatorii centrelor comunitare", "MD",
     [("dgpdc", R), ("dpdc-sector", R), ("coordonatorii-centrelor-comunitare", R)]),
    ("Specialiștii pentru protecția drepturilor copiilor din DPDC din sectoare", "MD", [("dpdc-sector", R)]),
    ("DGPDC Serviciu asistență juridică.", "MD", [("dgpdc", R), ("dgpdc-saj", R)]),
    ("Secție monitorizare, evaluare, planificare strategică și managementul calității", "MD",
     [("dgpdc-smepsmc", R)]),
    ("Inspectoratul de poliție Comitetul național pentru combaterea TFU", "MD",
     [("inspectoratul-de-politie", P), ("cnctfu", P)]),
    ("Direcția de poliție din mun. Chișinău a IGP al MAI", "MD", [("dp-chisinau", P)]),
    ("AO Central Internațional „La Strada”", "MD", [("la-strada", P)]),
    ("I.M. „Regia transport electric”", "MD", [("rte", P)]),
    ("Instituții educaționale, sociale, medicale și de drept", "MD",
     [("institutii-educationale-sociale-medicale-drept", P)]),
    ("Comisia municipale pentru prevenirea și combaterea traficului de fințe umane", "MD",
     [("comisia-municipala-tfu", P)]),
    # 003 (OCR): the partner printed with its Romanian name
    ('A.O. ,,Parteneriate pentru fiecare copil"', "MD", [("p4ec", P)]),
    ("Ministerul Muncii qi Protecfiei Sociale", "MD", [("mmps", R)]),
    # 004: "în parteneriat cu" turns the rest into partners
    ("DGASPC UAT în parteneriat cu ONG", "RO", [("dgaspc-ialomita", R), ("uat", R), ("ong", P)]),
    ("DGASPC în parteneriat", "RO", [("dgaspc-ialomita", R)]),
    ("DGASPC/UAT în parteneriat cu ONG", "RO", [("dgaspc-ialomita", R), ("uat", R), ("ong", P)]),
    ("UAT în parteneriat cu ONG/unitati de cult", "RO", [("uat", R), ("ong", P), ("unitati-de-cult", P)]),
    ("DGASPC în parteneriat cu UAT și ONG", "RO", [("dgaspc-ialomita", R), ("uat", P), ("ong", P)]),
    ("DGASPC EIL UAT în parteneriat cu ONG", "RO",
     [("dgaspc-ialomita", R), ("eil-ialomita", R), ("uat", R), ("ong", P)]),
    ("DGASPC UAT în parteneriat cu poliția și ONG", "RO",
     [("dgaspc-ialomita", R), ("uat", R), ("politia-ro", P), ("ong", P)]),
    ("DGASPC în parteneriat cu UAT, ONG, unități de cult", "RO",
     [("dgaspc-ialomita", R), ("uat", P), ("ong", P), ("unitati-de-cult", P)]),
    ("DGASPC în parteneriat cu instituțiile membre EIL", "RO",
     [("dgaspc-ialomita", R), ("institutiile-membre-eil", P)]),
    ("UAT ONG Unitati de cult", "RO", [("uat", R), ("ong", R), ("unitati-de-cult", R)]),
    # unknown names are kept, unresolved
    ("Comitetul național pentru", "MD", [(None, P)]),
    ("DGPDC, Agenția pentru Protecția Copiilor", "MD", [("dgpdc", R), (None, R)]),
]


@pytest.mark.parametrize(("text", "country", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_parse_parties(gazetteer: Gazetteer, text: str, country: str, expected: list) -> None:
    # the cell's column gives the role of its first name; "în parteneriat cu" moves the rest
    parties = parse_parties(text, expected[0][1], gazetteer, country=country)
    assert [(p.institution, p.role) for p in parties] == expected


# (cell, expected match, expected text of the first party)
MATCHES = [
    ("DGPDC", Match.EXACT, "DGPDC"),
    ("Direcția generală pentru protecția drepturilor copilului", Match.EXACT,
     "Direcția generală pentru protecția drepturilor copilului"),
    ("DGPPDC", Match.ALIAS, "DGPPDC"),
    ("MSPSF", Match.ALIAS, "MSPSF"),
    ("Ministerul Muncii si, Protectiei Sociale", Match.ALIAS, "Ministerul Muncii si, Protectiei Sociale"),
    # typos never recorded: close enough to a recorded name, long words only
    ("DGPDC din sectoarele", Match.FUZZY, "DGPDC din sectoarele"),
    ("Direcția generala pentru protectia drepturilor copilulu", Match.FUZZY,
     "Direcția generala pentru protectia drepturilor copilulu"),
    ("Agenția pentru Protecția Copiilor", Match.UNRESOLVED, "Agenția pentru Protecția Copiilor"),
    ("APSCF (bullying)", Match.EXACT, "APSCF (bullying)"),
]


@pytest.mark.parametrize(("text", "match", "printed"), MATCHES, ids=[m[0][:40] for m in MATCHES])
def test_match_kind_and_text(gazetteer: Gazetteer, text: str, match: Match, printed: str) -> None:
    party = parse_parties(text, R, gazetteer)[0]
    assert (party.match, party.text) == (match, printed)
    assert (party.score is not None) == (match is Match.FUZZY)
    if party.score is not None:
        assert 80 <= party.score < 100


def test_typo_resolves_by_fuzzy_match_when_not_recorded(tmp_path: Path) -> None:
    """Without its recorded variant, `DGPPDC din sectoroare` still reaches the sector units."""
    graph = rdflib.Graph().parse(DEFAULT_PATH)
    graph.remove((None, rdflib.SKOS.altLabel, rdflib.Literal("DGPPDC din sectoroare")))
    path = tmp_path / "institutions.ttl"
    graph.serialize(path, format="turtle")
    party = parse_parties("DGPPDC din sectoroare", R, Gazetteer.load(path))[0]
    assert (party.institution, party.match) == ("dpdc-sector", Match.FUZZY)
    assert party.score is not None and party.score >= 85


def test_short_acronyms_are_not_guessed(gazetteer: Gazetteer) -> None:
    """`DGASC` is not silently taken for DGASS or DGASPC: acronyms must match exactly."""
    assert [p.match for p in parse_parties("DGASC", R, gazetteer)] == [Match.UNRESOLVED]


def test_no_printed_name_is_dropped(gazetteer: Gazetteer) -> None:
    text = "DGPDC, Agenția X; DGETS (Direcția Y)"
    parties = parse_parties(text, R, gazetteer)
    assert [p.text for p in parties] == ["DGPDC", "Agenția X", "DGETS (Direcția Y)"]


def test_every_entry_has_kind_country_and_label(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.entries) > 50
    for entry in gazetteer.entries.values():
        assert entry.kind and entry.countries <= {"MD", "RO"} and entry.countries and entry.label


def test_no_name_is_claimed_by_two_entries_of_one_country(gazetteer: Gazetteer) -> None:
    seen: dict[tuple[str, str], str] = {}
    for entry in gazetteer.entries.values():
        for name in entry.exact_names + entry.alias_names:
            for country in entry.countries:
                owner = seen.setdefault((fold(name), country), entry.key)
                assert owner == entry.key, f"{name!r} ({country}) names both {owner} and {entry.key}"


def test_p4ec_is_one_organisation(gazetteer: Gazetteer) -> None:
    keys = {p.institution for text in ("P4EC", "A.O. „Parteneriate pentru fiecare copil”",
                                       "Parteneriate pentru fiecare copil")
            for p in parse_parties(text, P, gazetteer)}
    assert keys == {"p4ec"}


def test_generic_actors_are_not_organisations(gazetteer: Gazetteer) -> None:
    for key in ("ong", "uat", "toate-directiile", "managerii-serviciilor-sociale"):
        assert gazetteer.entry(key).kind == "GenericActor"


def test_missing_gazetteer_is_a_reference_data_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="not found"):
        Gazetteer.load(tmp_path / "none.ttl")


def test_malformed_gazetteer_is_a_reference_data_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix pk: <x> . pk:a pk:b", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="not valid Turtle"):
        Gazetteer.load(path)


# (one printed name, country, expected key or None)
SINGLE_NAMES = [
    ("Ministerul Muncii qi Protecfiei Sociale", "MD", "mmps"),  # 003, OCR
    ("A.O. „Parteneriate pentru fiecare copil”", "MD", "p4ec"),
    ('A.O. ,,Parteneriate pentru fiecare copil"', "MD", "p4ec"),  # 003, OCR quotes kept as printed
    ("DGASPC", "RO", "dgaspc-ialomita"),
    ("DGPDC, DGETS", "MD", None),  # two names are not one
    ("Agenția pentru Protecția Copiilor", "MD", None),
]


@pytest.mark.parametrize(("name", "country", "key"), SINGLE_NAMES, ids=[s[0][:40] for s in SINGLE_NAMES])
def test_resolve_one_name(gazetteer: Gazetteer, name: str, country: str, key: str | None) -> None:
    party = gazetteer.resolve(name, country=country)
    assert party.institution == key
    assert party.text == name
