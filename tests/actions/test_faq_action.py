"""action_answer_faq on named trackers, with the real domain and FAQ files."""

from __future__ import annotations

import asyncio

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq

with open("domain.yml", encoding="utf-8") as _handle:
    DOMAIN = yaml.safe_load(_handle)
RESPONSES = DOMAIN["responses"]


def _tracker(intent: str, selector_ranking) -> Tracker:
    latest = {
        "text": "question",
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [],
        "intent_ranking": [{"name": intent, "confidence": 0.9}],
        "response_selector": {"default": {"ranking": selector_ranking}},
    }
    return Tracker("test", {}, latest, [], False, None, {}, "action_listen")


def _run(tracker):
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerFaq().run(dispatcher, tracker, DOMAIN))
    return [m.get("response") for m in dispatcher.messages]


def test_the_precise_answer_is_given():
    ranking = [{"intent_response_key": "ask_cpf/permis_conduire", "confidence": 0.8}]
    said = _run(_tracker("ask_cpf", ranking))
    assert said == ["utter_ask_cpf/permis_conduire"]
    assert "900 €" in RESPONSES[said[0]][0]["text"]


def test_when_unsure_the_topic_answer_and_a_person():
    ranking = [
        {"intent_response_key": k, "confidence": 0.05}
        for k in ("ask_cpf/permis_conduire", "ask_cpf/participation", "ask_cpf/solde", "ask_cpf/vae")
    ]
    said = _run(_tracker("ask_cpf", ranking))
    assert said == ["utter_ask_cpf/general", "utter_faq_person", "utter_ask_location_for_operator"]
    assert all(name in RESPONSES for name in said)
    person = RESPONSES["utter_faq_person"][0]["text"]
    assert "mon-cep.org" in person and "Cité des métiers" in person
    assert "code postal" not in person  # asked apart, only when no place is known (below)


def test_when_unsure_with_a_place_named_the_places_and_no_postal_code_asked():
    """Probe set 3, second run: "on habite à Lorient, qui peut l'aider ?" was asked its postal code right before
    the places of Lorient."""
    ranking = [{"intent_response_key": "ask_youth/cej_conditions", "confidence": 0.1}]
    tracker = _tracker("ask_youth", ranking)
    tracker.latest_message["entities"] = [{"entity": "location", "value": "Lorient"}]
    tracker.slots["location"] = "Lorient"
    said = _run(tracker)
    assert said[:2] == ["utter_ask_youth/general", "utter_faq_person"]
    assert "utter_nearest_intro" in said and "utter_ask_location_for_operator" not in said


def test_after_a_button_the_topic_answer_then_the_situation_asked():
    said = _run(_tracker("ask_skills_assessment", []))
    assert said == ["utter_ask_skills_assessment/general", "utter_ask_profile"]


def test_a_topic_without_precise_questions_gets_the_default_answer():
    said = _run(_tracker("greet", []))
    assert said == ["utter_default"]
