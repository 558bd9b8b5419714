"""The first-name list of the privacy filter (knowledge/data/first_names.txt) and its builder."""

from knowledge.build.first_names import first_names as build_first_names
from knowledge.first_names import first_names


def test_builder_keeps_insee_counts_only_above_the_threshold() -> None:
    entries = [
        {"prenom": "Kévin", "naissancesByYear": {"1990": 400, "1991": 300}},
        {"prenom": "KEVIN", "naissancesByYear": {"1992": 10}},  # same name, other spelling: summed
        {"prenom": "Ysolde", "naissancesByYear": {"1990": 12}},
        {"prenom": "'abbas", "languages": ["arabic"]},  # no INSEE count: another list
        {"prenom": "Jo", "naissancesByYear": {"1950": 9000}},  # too short to tell from a word
        {"prenom": "Marie Louise", "naissancesByYear": {"1920": 9000}},  # two words
    ]
    assert build_first_names(entries, min_births=500) == ["kevin"]


def test_committed_list_holds_common_first_names_normalised() -> None:
    names = first_names()
    assert {"kevin", "jerome", "nathalie", "yasmine", "enzo"} <= names
    assert all(name == name.lower() and name.isascii() and len(name) >= 3 for name in names)
    assert "salarie" not in names and "cadre" not in names
