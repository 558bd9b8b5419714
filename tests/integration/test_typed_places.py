"""Places as people type them, through the real stack: misspelt, with the department in brackets,
with the postal code, namesakes asked in a question, a larger namesake said, an unknown place.

The texts of utter_ask_which_place and utter_place_assumed come from the model's domain: a model trained
before them fails the two tests that read them."""

import re

from tests.integration.conftest import buttons, texts


def _first_place_line(reply: str) -> str:
    return next(line for line in reply.splitlines() if re.match(r"^1\. ", line))


def test_misspelt_commune_gets_its_places(client):
    reply = texts(client.say("je cherche une mission locale à Lanion"))
    assert "Lannion (22)" in reply and "Lannion" in _first_place_line(reply)


def test_department_in_brackets_picks_the_namesake(client):
    reply = texts(client.say("je cherche un lieu d'accueil à Saint-Denis (974)"))
    assert "Saint-Denis (974)" in reply
    assert "Saint-Denis" in _first_place_line(reply) or "km" in _first_place_line(reply)
    assert "Plusieurs communes" not in reply


def test_postal_code_with_the_name_picks_the_namesake(client):
    reply = texts(client.say("j'habite Saint-Denis 93200"))
    assert "93200 Saint-Denis" in reply and "Plusieurs communes" not in reply


def test_namesake_in_a_question_is_asked_then_answered(client):
    answer = client.say("je cherche un conseiller pôle emploi à Saint-Pierre")
    labels = [b["title"] for b in buttons(answer)]
    assert "Saint-Pierre (974)" in labels and "Saint-Pierre (972)" in labels
    assert "écrivez son code postal ou son département" in texts(answer)  # how to name one not listed
    chosen = next(b for b in buttons(answer) if b["title"] == "Saint-Pierre (972)")
    reply = texts(client.click(chosen["payload"]))
    assert "Saint-Pierre (972)" in reply and re.search(r"^1\. ", reply, re.M)


def test_larger_namesake_taken_is_said(client):
    reply = texts(client.say("je cherche un lieu d'accueil à Bagneux"))
    assert "Bagneux (92)" in reply
    assert re.search(r"Bagneux \((?!92)\d\w\)", reply)  # how to name the other one
    assert re.search(r"^1\. ", reply, re.M)


def test_unknown_commune_asks_for_the_commune_or_postal_code(client):
    client.say("je cherche un lieu d'accueil")
    reply = texts(client.say("Trifouillis-les-Oies"))
    assert "code postal" in reply and "commune" in reply


def _first_distance_km(reply: str) -> float:
    return float(re.search(r"à ([\d ,]+) km", _first_place_line(reply)).group(1).replace(" ", "").replace(",", "."))


def test_commune_then_its_department_gets_places_near_the_commune(client):
    # two location mentions ("Ambert", then "63" with the role "qualifier"), resolved together
    reply = texts(client.say("euh je suis a Ambert dans le 63"))
    assert "Ambert (63)" in reply and "Plusieurs communes" not in reply
    assert _first_distance_km(reply) <= 30


def test_commune_then_its_region_gets_places_near_it_and_keeps_it(client):
    reply = texts(client.say("jhabite saint benoit a la reunion"))
    assert "Saint-Benoît (974)" in reply and _first_distance_km(reply) <= 30
    # a later question starts from the same place, not from "saint benoit" alone (a namesake)
    later = texts(client.say("je cherche un lieu d'accueil"))
    assert "Saint-Benoît (974)" in later and "Plusieurs communes" not in later
