"""SPRO and Carif-Oref answers on named trackers, with the real domain and knowledge base."""

from __future__ import annotations

import pytest

from actions.regional import ActionAnswerSpro, ActionTrainingCatalogue
from knowledge import kb
from tests.actions.test_actions import names, run, tracker


def loc(value: str):
    return [{"entity": "location", "value": value}]


def test_spro_without_a_place_defines_it_and_asks_for_the_place():
    messages, events = run(ActionAnswerSpro(), tracker(intent="ask_spro"))
    assert names(messages) == ["utter_spro_definition", "utter_spro_ask_place"]
    assert events == []


def test_spro_with_a_commune_names_the_regions_service():
    messages, events = run(ActionAnswerSpro(), tracker(intent="ask_spro", entities=loc("Nantes")))
    assert names(messages) == ["utter_spro_definition", "utter_spro_regional_service"]
    line = messages[1]
    record = kb.region_record("Pays de la Loire")
    assert line["region"] == "Pays de la Loire"
    assert line["name"] == record["spro_service"]["name"]
    assert record["spro_service"]["website"] in line["website"]
    assert any(e.get("name") == "place_label" for e in events)


def test_spro_uses_the_place_given_earlier():
    messages, _ = run(ActionAnswerSpro(), tracker(intent="ask_spro", slots={"place_label": "Paris"}))
    assert messages[1]["response"] == "utter_spro_regional_service"
    assert messages[1]["region"] == "Île-de-France"


def test_spro_in_a_region_without_a_verified_service_says_so():
    record = kb.region_record("Bretagne")
    assert record["spro_service"] is None  # the fixture this test relies on
    messages, _ = run(ActionAnswerSpro(), tracker(intent="ask_spro", entities=loc("Rennes")))
    assert names(messages) == ["utter_spro_definition", "utter_spro_no_regional_service"]
    assert messages[1]["region"] == "Bretagne"


def test_spro_with_an_unknown_place_falls_back_to_asking():
    messages, _ = run(ActionAnswerSpro(), tracker(intent="ask_spro", entities=loc("Zzyzxville")))
    assert names(messages) == ["utter_spro_definition", "utter_spro_ask_place"]


@pytest.mark.parametrize("name", sorted(kb.regions()["regions"]))
def test_training_catalogue_of_every_region(name):
    record = kb.region_record(name)
    # the Region's name, as a person writes it, resolves in the gazetteer
    messages, _ = run(ActionTrainingCatalogue(), tracker(intent="ask_training", entities=loc(name)))
    carif = record["carif_oref"] or {}
    expected = carif.get("training_catalogue_url") or carif.get("website")
    if expected:
        assert names(messages) == ["utter_training_catalogue_regional"]
        assert messages[0]["url"] == expected and messages[0]["region"] == name
    else:
        assert names(messages) == ["utter_training_catalogue_national"]


def test_training_catalogue_for_a_commune_is_its_regions():
    messages, _ = run(ActionTrainingCatalogue(), tracker(intent="ask_training", entities=loc("Lille")))
    assert messages[0]["response"] == "utter_training_catalogue_regional"
    assert messages[0]["region"] == "Hauts-de-France"
    assert "c2rp.fr" in messages[0]["url"]


def test_training_catalogue_without_a_place_is_the_national_portal():
    messages, _ = run(ActionTrainingCatalogue(), tracker(intent="ask_training"))
    assert names(messages) == ["utter_training_catalogue_national"]
    assert messages[0]["url"] == kb.regions()["meta"]["national_carif_oref"]["training_catalogue_url"]
    assert "intercariforef.org" in messages[0]["url"]
