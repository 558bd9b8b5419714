"""A message that fell back between two close topics gets the answer the response selector is all but certain of."""

from __future__ import annotations

from actions.fallback import ActionDefaultAskAffirmation
from knowledge import faq
from tests.actions.test_out_of_scope_and_situation import _run, _tracker

RECRUIT = "dans quels métiers les employeurs ont-ils du mal à recruter près de chez moi ?"
# The parse of RECRUIT by the model of 2026-12-01 (orientation-15d1188d4a21bce9), rounded: two topics too close.
RECRUIT_INTENTS = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "ask_orientation", "confidence": 0.446},
    {"name": "ask_disability", "confidence": 0.432},
    {"name": "ask_job_search", "confidence": 0.075},
]
RECRUIT_SELECTOR = [
    {"intent_response_key": "ask_orientation/metiers_qui_recrutent", "confidence": 0.999},
    {"intent_response_key": "ask_job_search/offres", "confidence": 0.0005},
]


def test_a_near_certain_answer_of_one_of_the_two_closest_topics_is_given_instead_of_did_you_mean():
    said, _ = _run(
        ActionDefaultAskAffirmation(),
        _tracker(RECRUIT, "nlu_fallback", ranking=RECRUIT_INTENTS, selector=RECRUIT_SELECTOR),
    )
    assert said[0] == "utter_ask_orientation/metiers_qui_recrutent"
    assert "utter_did_you_mean" not in said


def test_a_less_sure_selector_keeps_the_did_you_mean_buttons():
    unsure = [{**RECRUIT_SELECTOR[0], "confidence": faq.UNCLEAR_ANSWER - 0.05}, RECRUIT_SELECTOR[1]]
    said, _ = _run(
        ActionDefaultAskAffirmation(), _tracker(RECRUIT, "nlu_fallback", ranking=RECRUIT_INTENTS, selector=unsure)
    )
    assert said == ["utter_did_you_mean"]


def test_the_answer_topic_must_be_one_of_the_two_best_intents():
    third = [RECRUIT_INTENTS[0], RECRUIT_INTENTS[2], RECRUIT_INTENTS[3], RECRUIT_INTENTS[1]]
    assert faq.unclear_answer(RECRUIT, third, RECRUIT_SELECTOR) is None
    assert faq.unclear_answer(RECRUIT, RECRUIT_INTENTS, RECRUIT_SELECTOR) == "ask_orientation/metiers_qui_recrutent"


def test_an_administrative_question_is_never_answered_from_the_selector_alone():
    taxes = "dans quels métiers les employeurs ont-ils du mal à recruter, et comment déclarer mes impôts ?"
    assert faq.unclear_answer(taxes, RECRUIT_INTENTS, RECRUIT_SELECTOR) is None


# A situation and a project in one message, read as close by the model of 2026-12-01 (orientation-168238667c68e5f9).
ANGERS = "Hello, je suis ingénieure et j'aimerais créer ma boîte dans le bio, vers Angers"
ANGERS_INTENTS = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "ask_business_creation", "confidence": 0.45},
    {"name": "inform", "confidence": 0.42},
    {"name": "ask_career_change", "confidence": 0.05},
]
ANGERS_SELECTOR = [
    {"intent_response_key": "ask_business_creation/general", "confidence": 0.73},
    {"intent_response_key": "ask_business_creation/demandeur_emploi_creer", "confidence": 0.1},
]
ANGERS_ENTITIES = [
    {"entity": "profile", "value": "cadre", "start": 15, "end": 25},
    {"entity": "location", "value": "Angers", "start": 74, "end": 80},
]


def test_a_fallback_between_a_topic_and_a_statement_answers_the_topic_and_the_situation():
    said, _ = _run(
        ActionDefaultAskAffirmation(),
        _tracker(ANGERS, "nlu_fallback", entities=ANGERS_ENTITIES, ranking=ANGERS_INTENTS, selector=ANGERS_SELECTOR),
    )
    assert said[0] == "utter_ask_business_creation/general"
    assert "utter_did_you_mean" not in said
    assert len(said) > 1  # then the places near Angers and the operator, as for any statement


def test_a_fallback_between_two_topics_still_asks():
    two_topics = [ANGERS_INTENTS[0], ANGERS_INTENTS[1], {"name": "ask_career_change", "confidence": 0.42}]
    said, _ = _run(
        ActionDefaultAskAffirmation(),
        _tracker("je veux créer ou changer", "nlu_fallback", ranking=two_topics, selector=ANGERS_SELECTOR),
    )
    assert said == ["utter_did_you_mean"]
