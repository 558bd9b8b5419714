"""resolve() on places as people type them (the ways measured by bench/place_typing.py), on real communes."""

from __future__ import annotations

import pytest

from knowledge.gazetteer import resolve


def ok(query):
    result = resolve(query)
    assert result.status == "ok", (query, result)
    return result


@pytest.mark.parametrize(
    "query, label",
    [
        # one letter dropped, doubled, swapped (never the first); the same letters win over a changed one
        ("Lanion", "Lannion (22)"),
        ("Lannoin", "Lannion (22)"),
        ("lanniion", "Lannion (22)"),
        ("Maripasoua", "Maripasoula (973)"),
        ("Tsingni", "Tsingoni (976)"),
        ("Vieux-Foort", "Vieux-Fort (971)"),
        ("La Plaine-des-Palmites", "La Plaine-des-Palmistes (974)"),
        ("Quimpre", "Quimper (29)"),
        ("Marseile 9e Arrondissement", "Marseille 9e Arrondissement (13)"),
        ("Pars 18e", "Paris 18e Arrondissement (75)"),
        # a misspelt name with its department
        ("Sint-Denis (974)", "Saint-Denis (974)"),
        # "s/" for "sur", "st" for "saint", no hyphens, no accents
        ("Morsang s/ Orge", "Morsang-sur-Orge (91)"),
        ("st brieuc", "Saint-Brieuc (22)"),
        ("chalons en champagne", "Châlons-en-Champagne (51)"),
        # cue words before the name, and a name that starts like one ("Ville-di-...")
        ("à côté de Lannion", "Lannion (22)"),
        ("Ville-di-Pietrabugno", "Ville-di-Pietrabugno (2B)"),
        # a small commune named like a French word, with its department in brackets
        ("Piano (2B)", "Piano (2B)"),
        ("Terre-de-Bas (971)", "Terre-de-Bas (971)"),
    ],
)
def test_typed_variants(query, label):
    assert ok(query).place.label == label


def test_a_misspelt_name_is_flagged():
    assert ok("Lanion").fuzzy and not ok("Lannion").fuzzy


def test_misspelt_department_and_region():
    assert ok("finistre").place.label == "Finistère (29)"
    assert ok("bretagen").place.kind == "region"  # not the small communes named Bretagne (36, 90)


@pytest.mark.parametrize("query", ["Saint-Gorges", "Sint-Denis"])
def test_a_misspelt_shared_name_asks_which_one(query):
    result = resolve(query)
    assert result.status == "ambiguous" and result.fuzzy


def test_postal_code_and_name_together_choose_the_commune():
    assert ok("20215 Piano").place.commune == "Piano"
    assert ok("93200 Saint-Denis").place.department == "93"


@pytest.mark.parametrize(
    "query, departments",
    [
        ("Saint-Pierre", {"974", "972", "975"}),  # overseas namesakes: always asked, never the largest silently
        ("Saint-Barthélemy", {"977"}),  # the collectivity's only commune, and mainland namesakes
    ],
)
def test_overseas_namesakes_are_asked(query, departments):
    result = resolve(query)
    assert result.status == "ambiguous"
    assert departments <= {p.department for p in result.candidates}


def test_a_much_larger_namesake_is_taken_and_the_others_kept():
    result = ok("Bagneux")
    assert result.place.label == "Bagneux (92)"
    assert "03" in {p.department for p in result.others}


def test_doubs_is_still_the_department():
    assert ok("Doubs").place.kind == "department"


def test_short_names_are_not_guessed():
    assert resolve("Brst").status == "unknown"
