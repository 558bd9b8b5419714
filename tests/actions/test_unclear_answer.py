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
