"""A discouraged visitor gets one sentence of acknowledgement, then the usual answer (never instead of it)."""

from __future__ import annotations

from actions.fallback import ActionDefaultAskAffirmation
from actions.faq import ActionAnswerFaq
from actions.operators import ActionHandleInform
from actions.support import ACKNOWLEDGEMENT
from tests.actions.test_actions import DOMAIN, names, run, tracker


def test_the_acknowledgement_is_a_short_sentence_of_the_domain():
    [variant] = DOMAIN["responses"][ACKNOWLEDGEMENT]
    assert len(variant["text"]) <= 120 and variant["text"].count(".") <= 1


def test_a_discouraged_job_seeker_gets_the_acknowledgement_then_the_operator():
    text = "j'ai 58 ans et je suis au chômage depuis 2 ans, personne ne veut de moi"
    entities = [{"entity": "age", "value": 58}, {"entity": "profile", "value": "demandeur_emploi"}]
    messages, events = run(ActionHandleInform(), tracker(entities=entities, text=text))
    said = names(messages)
    assert said[0] == ACKNOWLEDGEMENT and said.count(ACKNOWLEDGEMENT) == 1
    operators = [m["name"] for m in messages if m["response"] == "utter_operator_line"]
    assert "France Travail" in operators
    assert events and events[-1]["value"] == "demandeur_emploi"


def test_the_same_statement_without_discouragement_has_no_acknowledgement():
    text = "j'ai 58 ans et je suis au chômage depuis 2 ans"
    entities = [{"entity": "age", "value": 58}, {"entity": "profile", "value": "demandeur_emploi"}]
    messages, _ = run(ActionHandleInform(), tracker(entities=entities, text=text))
    assert ACKNOWLEDGEMENT not in names(messages) and "utter_operator_line" in names(messages)


def test_discouragement_alone_asks_the_situation_rather_than_to_rephrase():
    messages, _ = run(ActionHandleInform(), tracker(text="je galère depuis des mois"))
    assert names(messages) == [ACKNOWLEDGEMENT, "utter_ask_profile"]


def test_a_discouraged_question_gets_the_acknowledgement_then_the_faq_answer():
    text = "je suis perdu et découragé, je n'y arrive plus"
    messages, _ = run(ActionAnswerFaq(), tracker(intent="ask_orientation", text=text))
    assert names(messages)[:2] == [ACKNOWLEDGEMENT, "utter_ask_orientation/general"]


def test_the_fallback_acknowledges_before_its_question():
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_job_search", "confidence": 0.3}]
    t = tracker(intent="nlu_fallback", ranking=ranking, text="j'en ai marre, personne me rappelle")
    messages, _ = run(ActionDefaultAskAffirmation(), t)
    assert names(messages) == [ACKNOWLEDGEMENT, "utter_did_you_mean"]


def test_button_payloads_and_crisis_messages_get_no_acknowledgement():
    payload = tracker(
        text='/inform{"profile":"demandeur_emploi"}', entities=[{"entity": "profile", "value": "demandeur_emploi"}]
    )
    assert ACKNOWLEDGEMENT not in names(run(ActionHandleInform(), payload)[0])
    crisis = tracker(intent="ask_orientation", text="a quoi bon vivre, personne ne veut de moi")
    assert ACKNOWLEDGEMENT not in names(run(ActionAnswerFaq(), crisis)[0])
