"""Numeric entities DIET proposes are kept only when plausible (postal codes, ages)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.nlu.number_entities import NumberEntityChecker, check_numbers


def span(text, value, entity, extractor="DIETClassifier"):
    start = text.index(value)
    return {"entity": entity, "start": start, "end": start + len(value), "value": value, "extractor": extractor}


def kept(text, entities, kind):
    return [e["value"] for e in check_numbers(text, entities) if e["entity"] == kind]


@pytest.mark.parametrize(
    "text, value",
    [
        ("point accueil orientation lyon 7", "7"),
        ("g besoin d'un endroit pr me renseigner ds le 93", "93"),
        ("mon salaire est de 1800 euros", "1800"),
    ],
)
def test_numbers_that_are_not_postal_codes_are_dropped(text, value):
    assert kept(text, [span(text, value, "postal_code")], "postal_code") == []


def test_postal_code_is_trimmed_and_counted_once():
    text = "accueil orientation pres de Villefranche-de-Rouergue (12200)"
    entities = [span(text, "12200)", "postal_code"), span(text, "12200", "postal_code", "RegexEntityExtractor")]
    assert kept(text, entities, "postal_code") == ["12200"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("je vis a Rostrenen, c'est ou le plus proche sans faire 50 km ?", "50"),
        ("jai rater mon bac 2 fois", "2"),
        ("Paris 19e, 75019", "19e"),
        ("ca fait 20 minutes que je cherche", "20"),
        ("une entreprise de 45 salaries", "45"),
        ("je gagne 30 k", "30"),
        ("j'ai 120 ans", "120"),
    ],
)
def test_numbers_that_are_not_ages_are_dropped(text, value):
    assert kept(text, [span(text, value, "age")], "age") == []


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("j'ai 19 ans et pas de diplome", "19", "19"),
        ("jai 17ans", "17ans", "17"),
        ("22 ans, sans emploi", "22", "22"),
        ("je suis jeune, 24", "24", "24"),
    ],
)
def test_plausible_ages_are_kept(text, value, expected):
    assert kept(text, [span(text, value, "age")], "age") == [expected]


def test_other_entities_pass_through_and_payloads_are_left_alone():
    text = "je vis a Brest"
    place = span(text, "Brest", "location")
    assert check_numbers(text, [place]) == [place]
    component = NumberEntityChecker.create({}, None, None, None)
    payload = Message(data={"text": '/inform{"age": "7"}', "entities": [{"entity": "age", "value": "7"}]})
    typed = Message(data={"text": "lyon 7", "entities": [span("lyon 7", "7", "postal_code")]})
    component.process([payload, typed])
    assert payload.get("entities") == [{"entity": "age", "value": "7"}]
    assert typed.get("entities") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jai 16 ans jpeux faire quoi", ["16"]),
        ("apprentissage a 22 ans c'est possible ?", ["22"]),
        ("19 ans sans diplome sans emploi besoin daide", ["19"]),
        ("decrocheur scolaire, 17 ans, que faire", ["17"]),
        ("bonjour g 19 ans jai rater mon bac 2 fois", ["19"]),
        ("agee de 45 ans, je veux changer de metier", ["45"]),
        ("j'ai 20 ans d'experience dans la vente", []),
        ("ca fait 12 ans que je suis dans la vente", []),
        ("je suis cadre depuis 15 ans", []),
        ("j'ai travaille 20 ans chez le meme patron", []),
        # ages weighed in a list are not the person's
        ("se reconvertir a 35 ans, 45 ou 55 ans ?", []),
        ("changer de metier a 40 ou 50 ans", []),
        # the asker's own age in an impersonal question (tests/nlu_holdout_README.md)
        ("est-ce qu'a 50 ans, c'est trop tard ?", ["50"]),
        ("Elles ont repris les études après 40 ans", []),
        ("j'ai 19 ans et 2 enfants", ["19"]),
        # real DEV lines: an adverb between "j'ai" and the age; the age of the child a parent asks for
        ("Je souhaite faire un apprentissage, parce que j'ai déjà 22 ans", ["22"]),
        ("mon fils de 16 ans est en 3eme", ["16"]),
        # a person described with their age (DIET found "jeune de 18 ans" in one training run and not the next)
        ("jeune de 18 ans", ["18"]),
        ("je suis une étudiante de 20 ans en L2", ["20"]),
        ("un lyceen de 17 ans qui veut arreter", ["17"]),
        # the limits of a scheme or a law are no one's age (real DEV lines)
        ("Vous avez entre 16 à 18 ans et êtes sorti du système scolaire ?", []),
        ("L'école ou une formation obligatoire jusqu'à 18 ans", []),
        ("aides pour les jeunes de 16 à 25 ans", []),
        ("12 trimestres avant 20 ans", []),
    ],
)
def test_stated_ages_are_added_when_diet_missed_them(text, expected):
    assert kept(text, [], "age") == expected


def test_an_age_diet_found_is_not_added_twice_and_a_duration_it_took_is_dropped():
    text = "j'ai 19 ans"
    assert kept(text, [span(text, "19", "age")], "age") == ["19"]
    text = "je suis salarie depuis 18 ans"
    assert kept(text, [span(text, "18", "age")], "age") == []
    text = "se reconvertir a 35 ans, 45 ou 55 ans"
    assert kept(text, [span(text, "35", "age")], "age") == []
    assert kept(text, [span(text, "55", "age")], "age") == []
    text = "formation obligatoire jusqu'a 18 ans"
    assert kept(text, [span(text, "18", "age")], "age") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # the profile collection of 2026-12-02: the age one started working at, a range with a one-digit bound
        ("Je travaille depuis que j'ai 20 ans.", []),
        ("Note : de 8 à 20 ans, j'ai vécu au Québec.", []),
        # an age about to be reached (DEV line)
        ("Je vais avoir 22 ans et je ne sais pas quoi faire de ma vie", ["22"]),
    ],
)
def test_ages_of_life_stories(text, expected):
    assert [e["value"] for e in check_numbers(text, []) if e["entity"] == "age"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the second profile collection of 2026-12-02: an age about to be or just reached, the asker's own age in an
        # impersonal clause
        ("J'aurai 31 ans en mars et je veux changer de voie", ["31"]),
        ("je viens d'avoir 50 ans, est-il trop tard ?", ["50"]),
        ("quand on a seulement 16 ans, comment choisir ?", ["16"]),
        # a past event of a life story is not the person's age now
        ("Mais à 46 ans, j'ai été licenciée économique", []),
        ("à 18 ans et mon bac en poche, je me suis lancé dans la vente", []),
        ("À l'âge de 39 ans, j'ai repris des études", []),
        ("À 55 ans, mon poste a été supprimé", []),
        ("il n'a été diagnostiqué qu'à 17 ans", []),
        # but not an age with a present statement, nor "est-ce qu'à 50 ans"
        ("à 45 ans je suis perdue, que faire ?", ["45"]),
        ("à 40 ans, j'ai envie de changer de métier", ["40"]),
        ("est-ce qu'à 50 ans on peut encore se reconvertir ?", ["50"]),
    ],
)
def test_ages_of_the_second_profile_collection(text, expected):
    assert [e["value"] for e in check_numbers(text, []) if e["entity"] == "age"] == expected
