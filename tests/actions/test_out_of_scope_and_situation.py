"""Out of scope with a sure FAQ answer, typed answers to the situation question, the whole place in the slot."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerOutOfScope
from actions.operators import ActionHandleInform
from actions.profiles import ASK_PROFILE, ASK_PROFILE_AGAIN, previous_bot_responses, profile_question
from actions.slot_mappings import ValidateSlotMappings
from knowledge import faq
from tests.actions.test_actions import DOMAIN, RESPONSES, names

FOOD_TRUCK = "la banque refuse de me prêter pour mon food truck"
# The parse of FOOD_TRUCK by the model of 2026-12-01 (orientation-e9ff4f272f73d4e2), rounded.
FOOD_TRUCK_INTENTS = [
    {"name": "out_of_scope", "confidence": 0.97},
    {"name": "ask_business_creation", "confidence": 0.03},
    {"name": "ask_cpf", "confidence": 0.001},
]
FOOD_TRUCK_SELECTOR = [
    {"intent_response_key": "ask_business_creation/financement_pret", "confidence": 0.99},
    {"intent_response_key": "ask_job_search/aide_mobilite", "confidence": 0.001},
]


def _events(*bot_turns: List[str]) -> List[Dict[str, Any]]:
    """A conversation: for each bot turn, a user message then the bot's responses; then the latest message."""
    events: List[Dict[str, Any]] = []
    for responses in bot_turns:
        events.append({"event": "user", "text": "..."})
        events += [{"event": "bot", "text": "...", "metadata": {"utter_action": r}} for r in responses]
    events.append({"event": "user", "text": "latest"})
    return events


def _tracker(
    text: str,
    intent: str = "inform",
    entities: Optional[List[Dict[str, Any]]] = None,
    ranking: Optional[List[Dict[str, Any]]] = None,
    selector: Optional[List[Dict[str, Any]]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[Dict[str, Any]] = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking if ranking is not None else [{"name": intent, "confidence": 0.9}],
        "response_selector": {"default": {"ranking": selector or []}},
    }
    return Tracker("t", dict(slots or {}), latest, events or [], False, None, active_loop or {}, "action_listen")


def _run(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    result = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    for message in dispatcher.messages:
        assert message.get("response") in RESPONSES, message
    return names(dispatcher.messages), result


# 1. Out of scope


def test_a_sure_faq_answer_is_given_instead_of_the_out_of_scope_pointer():
    said, _ = _run(
        ActionAnswerOutOfScope(),
        _tracker(FOOD_TRUCK, "out_of_scope", ranking=FOOD_TRUCK_INTENTS, selector=FOOD_TRUCK_SELECTOR),
    )
    assert said == ["utter_ask_business_creation/financement_pret"]
    assert "Adie" in DOMAIN["responses"][said[0]][0]["text"]


def test_an_unsure_selector_keeps_the_out_of_scope_pointer():
    selector = [{"intent_response_key": "ask_business_creation/financement_pret", "confidence": 0.45}]
    said, _ = _run(
        ActionAnswerOutOfScope(),
        _tracker("mon assurance refuse", "out_of_scope", ranking=FOOD_TRUCK_INTENTS, selector=selector),
    )
    assert said == ["utter_out_of_scope"]
    pointer = DOMAIN["responses"]["utter_out_of_scope"][0]["text"]
    assert "service-public.gouv.fr" in pointer and "France services" in pointer


def test_the_topic_must_be_the_intent_ranked_after_out_of_scope():
    ranking = [FOOD_TRUCK_INTENTS[0], {"name": "ask_cpf", "confidence": 0.03}]
    assert faq.out_of_scope_answer(FOOD_TRUCK, ranking, FOOD_TRUCK_SELECTOR) is None
    low = [FOOD_TRUCK_INTENTS[0], {"name": "ask_business_creation", "confidence": 0.001}]
    assert faq.out_of_scope_answer(FOOD_TRUCK, low, FOOD_TRUCK_SELECTOR) is None
    assert faq.out_of_scope_answer(FOOD_TRUCK, FOOD_TRUCK_INTENTS, []) is None


def test_administrative_questions_keep_the_pointer_even_when_the_selector_is_sure():
    # pets, insurance, energy bills, taxes, housing, sick leave: whatever the two models say
    for text in (
        "comment déclarer mon chien",
        "mon assurance habitation ne veut pas me rembourser",
        "ma facture d'électricité est trop chère",
        "comment payer mes impôts",
        "je cherche un logement social, la banque refuse de me prêter",
        "Envoyer un arrêt maladie : quelles démarches auprès de l'assurance santé ?",
    ):
        assert faq.out_of_scope_answer(text, FOOD_TRUCK_INTENTS, FOOD_TRUCK_SELECTOR) is None, text
    assert faq.out_of_scope_answer(FOOD_TRUCK, FOOD_TRUCK_INTENTS, FOOD_TRUCK_SELECTOR, guard=True)


def test_the_administrative_guard_leaves_orientation_words_alone():
    for text in (FOOD_TRUCK, "je suis en train de changer de métier", "une garantie jeunes", "l'assurance chômage"):
        assert not faq.ADMINISTRATIVE.search(faq.normalise(text)), text


def test_in_a_form_the_answer_is_given_without_the_referral():
    said, events = _run(
        ActionAnswerOutOfScope(),
        _tracker(
            FOOD_TRUCK,
            "out_of_scope",
            ranking=FOOD_TRUCK_INTENTS,
            selector=FOOD_TRUCK_SELECTOR,
            active_loop={"name": "access_point_form"},
        ),
    )
    assert said == ["utter_ask_business_creation/financement_pret"] and events == []


def test_a_situation_typed_after_the_question_but_classified_out_of_scope_gets_the_referral():
    ranking = [{"name": "out_of_scope", "confidence": 0.46}, {"name": "inform", "confidence": 0.2}]
    entities = [{"entity": "profile", "value": "autre", "start": 0, "end": 8}]
    asked = _events([ASK_PROFILE])
    said, events = _run(ActionAnswerOutOfScope(), _tracker("retraité", "out_of_scope", entities, ranking, events=asked))
    assert "utter_operator_intro" in said and "utter_out_of_scope" not in said
    # the same message out of that context: the pointer
    said, _ = _run(ActionAnswerOutOfScope(), _tracker("retraité", "out_of_scope", entities, ranking))
    assert said == ["utter_out_of_scope"]


# 2. Typed answers to the situation question

AGE_31 = [{"entity": "age", "value": "31", "start": 0, "end": 2}]


def test_previous_bot_responses_reads_only_the_last_bot_turn():
    events = _events(["utter_greet"], ["utter_ask_cpf/general", ASK_PROFILE])
    assert previous_bot_responses(events) == {"utter_ask_cpf/general", ASK_PROFILE}
    assert previous_bot_responses(_events([ASK_PROFILE], ["utter_ok"])) == {"utter_ok"}
    assert profile_question(_events([ASK_PROFILE])) == ASK_PROFILE_AGAIN
    assert profile_question(_events([ASK_PROFILE_AGAIN])) == ASK_PROFILE
    assert profile_question([]) == ASK_PROFILE


def test_an_age_above_25_after_the_question_gets_a_different_shorter_question():
    said, _ = _run(ActionHandleInform(), _tracker("31 ans", entities=AGE_31, events=_events([ASK_PROFILE])))
    assert said == [ASK_PROFILE_AGAIN]
    again = DOMAIN["responses"][ASK_PROFILE_AGAIN][0]
    first = DOMAIN["responses"][ASK_PROFILE][0]
    assert again["text"] != first["text"] and len(again["text"]) < len(first["text"])
    assert again["buttons"] == first["buttons"]  # one list of buttons (a YAML anchor in domain.yml)


def test_an_age_alone_after_the_second_question_gets_the_general_referral():
    said, events = _run(
        ActionHandleInform(), _tracker("j'ai 31 ans", entities=AGE_31, events=_events([ASK_PROFILE_AGAIN]))
    )
    assert ASK_PROFILE not in said and ASK_PROFILE_AGAIN not in said
    assert "utter_operator_intro" in said
    assert {"event": "slot", "name": "profile", "value": "autre", "timestamp": None} in events


def test_an_age_up_to_25_after_the_question_is_a_young_person():
    age = [{"entity": "age", "value": "22", "start": 0, "end": 2}]
    said, events = _run(ActionHandleInform(), _tracker("22 ans", entities=age, events=_events([ASK_PROFILE])))
    assert "utter_operator_intro" in said and ASK_PROFILE not in said
    assert any(e.get("name") == "profile" and e.get("value") == "jeune" for e in events)


def test_a_typed_situation_after_the_question_gets_the_referral_not_the_question():
    for text, value in (("je suis salariée", "salarie"), ("au chomage", "demandeur_emploi"), ("étudiant", "etudiant")):
        entities = [{"entity": "profile", "value": value, "start": 0, "end": len(text)}]
        said, events = _run(ActionHandleInform(), _tracker(text, entities=entities, events=_events([ASK_PROFILE])))
        assert "utter_operator_intro" in said and ASK_PROFILE not in said and ASK_PROFILE_AGAIN not in said, text
        assert any(e.get("name") == "profile" and e.get("value") == value for e in events), text


# 3. The whole place in the `location` slot


def _validate(entities, slot_value):
    action = ValidateSlotMappings()
    tracker = _tracker("...", entities=entities)
    return action.validate_location(slot_value, CollectingDispatcher(), tracker, DOMAIN)


def test_the_location_slot_keeps_the_commune_with_its_qualifier():
    text = "Calvi en Haute-Corse"
    entities = [
        {"entity": "location", "value": "Calvi", "start": 0, "end": 5},
        {"entity": "location", "value": "Haute-Corse", "start": 9, "end": 20, "role": "qualifier"},
    ]
    assert text[9:20] == "Haute-Corse"
    assert _validate(entities, "Calvi") == {"location": "Calvi (Haute-Corse)"}


def test_the_action_validates_location_although_a_form_mapping_also_fills_it():
    """The whole action as Rasa calls it: the slot candidates are the events after the latest user message."""
    entities = [
        {"entity": "location", "value": "Valence", "start": 28, "end": 35},
        {"entity": "location", "value": "Tarn-et-Garonne", "start": 39, "end": 54, "role": "qualifier"},
    ]
    events = [
        {"event": "user", "text": "merci beaucoup, j'habite Valence en Tarn-et-Garonne"},
        {"event": "slot", "name": "location", "value": "Valence"},
    ]
    tracker = _tracker("merci beaucoup, j'habite Valence en Tarn-et-Garonne", "thank", entities, events=events)
    tracker.slots["location"] = "Valence"
    assert any(c.get("active_loop") for m in DOMAIN["slots"]["location"]["mappings"] for c in m.get("conditions", []))
    result = asyncio.run(ValidateSlotMappings().run(CollectingDispatcher(), tracker, DOMAIN))
    assert [(e["name"], e["value"]) for e in result] == [("location", "Valence (Tarn-et-Garonne)")]


def test_the_location_slot_is_unchanged_without_a_qualifier():
    entities = [{"entity": "location", "value": "Brest", "start": 0, "end": 5}]
    assert _validate(entities, "Brest") == {"location": "Brest"}
    assert _validate([{"entity": "postal_code", "value": "22300", "start": 0, "end": 5}], "22300") == {
        "location": "22300"
    }


def test_the_validation_action_is_registered_under_rasas_name():
    assert ValidateSlotMappings().name() == "action_validate_slot_mappings"
    assert "action_validate_slot_mappings" in DOMAIN["actions"]
