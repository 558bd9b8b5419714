"""The answer that fits the person (actions/answers.py): a 16-25 answer is not given outside 16-25, nor a job seeker's
answer to a person in work. The cases come from the end-to-end probes of bench/probes and bench/probes2 (their
parses by the model orientation-d6097e8266278929, rounded)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker

from actions.answers import Answer, answer_for_person
from actions.fallback import ActionDefaultAskAffirmation
from actions.faq import ActionAnswerFaq
from knowledge import faq
from tests.actions.test_actions import DOMAIN, names, run


def ent(entity: str, value: str) -> Dict[str, str]:
    return {"entity": entity, "value": value}


def _tracker(
    intent: str,
    entities: List[Dict[str, Any]],
    selector: List[Dict[str, Any]],
    ranking: Optional[List[Dict[str, Any]]] = None,
    text: str = "",
    slots: Optional[Dict[str, Any]] = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.4},
        "entities": entities,
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.4}],
        "response_selector": {"default": {"ranking": selector}},
    }
    return Tracker("test", dict(slots or {}), latest, [], False, None, {}, "action_listen")


def _operators(messages) -> List[str]:
    return [m["name"] for m in messages if m["response"] == "utter_operator_line"]


def test_the_replacement_answers_exist():
    keys = set(faq.all_keys())
    assert {"ask_cep/general", "ask_studies/avant_16_ans", "ask_youth/decrochage_16_ans"} <= keys
    assert "utter_youth_age_above" in DOMAIN["responses"]
    assert faq.for_job_seekers("ask_executive/cadre_chomage")
    assert not faq.for_job_seekers("ask_executive/cadre_reconversion") and not faq.for_job_seekers(None)


@pytest.mark.parametrize(
    "key, entities, slot_age, expected",
    [
        ("ask_youth/general", [ent("age", "47")], None, Answer("ask_cep/general", "utter_youth_age_above", True)),
        ("ask_youth/mission_locale_role", [], 40.0, Answer("ask_cep/general", "utter_youth_age_above", True)),
        ("ask_youth/decrochage_16_ans", [ent("age", "15")], None, Answer("ask_studies/avant_16_ans", None, True)),
        ("ask_studies/avant_16_ans", [ent("age", "17")], None, Answer("ask_youth/decrochage_16_ans", None, True)),
        # kept: the age fits, is unknown, or the answer says who is eligible; another topic's answer
        ("ask_youth/general", [ent("age", "20")], 47.0, Answer("ask_youth/general")),
        ("ask_youth/general", [], None, Answer("ask_youth/general")),
        ("ask_youth/cej_conditions", [ent("age", "27")], None, Answer("ask_youth/cej_conditions")),
        ("ask_studies/avant_16_ans", [ent("age", "15")], None, Answer("ask_studies/avant_16_ans")),
        ("ask_cpf/general", [ent("age", "47")], None, Answer("ask_cpf/general")),
        # a job seeker's answer to a person in work: the topic answer
        (
            "ask_executive/cadre_chomage",
            [ent("profile", "cadre"), ent("profile", "salarie")],
            None,
            Answer("ask_executive/general", None, True),
        ),
        ("ask_executive/cadre_chomage", [ent("profile", "cadre")], None, Answer("ask_executive/cadre_chomage")),
        (
            "ask_executive/cadre_chomage",
            [ent("profile", "salarie"), ent("profile", "demandeur_emploi")],
            None,
            Answer("ask_executive/cadre_chomage"),
        ),
    ],
)
def test_answer_for_person(key, entities, slot_age, expected):
    assert answer_for_person(key, entities, slot_age) == expected


def test_a_47_year_old_gets_the_adults_answer_and_why_not_the_mission_locale():
    # N02: "bonjour jai 47 ans jai ete licencie economique ... je sais pas quoi faire maintenant" -> ask_youth 0.38
    ranking = [
        {"name": "ask_youth", "confidence": 0.38},
        {"name": "ask_unemployment", "confidence": 0.16},
        {"name": "ask_career_change", "confidence": 0.14},
    ]
    selector = [{"intent_response_key": "ask_youth/general", "confidence": 0.4}]
    entities = [ent("age", "47"), ent("profile", "demandeur_emploi")]
    messages, events = run(ActionAnswerFaq(), _tracker("ask_youth", entities, selector, ranking))
    said = names(messages)
    assert said[:2] == ["utter_youth_age_above", "utter_ask_cep/general"]
    assert not any(name.startswith("utter_ask_youth") for name in said)
    assert _operators(messages) == ["France Travail"]
    assert {"event": "slot", "name": "profile", "value": "demandeur_emploi", "timestamp": None} in events


def test_over_25_with_no_situation_the_situation_is_asked_not_the_mission_locale_named():
    selector = [{"intent_response_key": "ask_youth/general", "confidence": 0.9}]
    messages, events = run(ActionAnswerFaq(), _tracker("ask_youth", [ent("age", "47")], selector))
    assert names(messages) == ["utter_youth_age_above", "utter_ask_cep/general", "utter_ask_profile"]
    assert events == []


def test_a_parent_of_a_15_year_old_leaving_school_gets_compulsory_school_and_the_cio():
    # P08: "mon fils de 15 ans veut arreter l ecole et travailler direct c est possible ?" -> ask_youth 0.52
    selector = [{"intent_response_key": "ask_youth/decrochage_16_ans", "confidence": 0.58}]
    ranking = [{"name": "ask_youth", "confidence": 0.52}, {"name": "ask_orientation", "confidence": 0.36}]
    messages, _ = run(ActionAnswerFaq(), _tracker("ask_youth", [ent("age", "15")], selector, ranking))
    said = names(messages)
    assert said[0] == "utter_ask_studies/avant_16_ans"
    text = DOMAIN["responses"][said[0]][0]["text"]
    assert "16 ans" in text and "18 ans" in text and "CIO" in text
    operators = _operators(messages)
    assert operators[0] == "Centre d'information et d'orientation (CIO)"
    assert not any("Mission locale" in name for name in operators)


def test_an_unclear_message_gets_the_answer_for_the_age_too():
    # "j'ai 47 ans je sais pas quoi faire": the selector all but sure of the 16-25 answer
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_orientation", "confidence": 0.41},
        {"name": "ask_youth", "confidence": 0.32},
    ]
    selector = [{"intent_response_key": "ask_youth/general", "confidence": 0.94}]
    t = _tracker("nlu_fallback", [ent("age", "47")], selector, ranking, text="j'ai 47 ans je sais pas quoi faire")
    messages, _ = run(ActionDefaultAskAffirmation(), t)
    assert names(messages)[:2] == ["utter_youth_age_above", "utter_ask_cep/general"]


def test_a_civil_servant_cadre_is_not_told_to_register_as_unemployed():
    # c03: "je suis cadre dans la fonction publique territoriale et je souhaite me reconvertir dans le privé"
    ranking = [{"name": "ask_executive", "confidence": 0.72}, {"name": "ask_career_change", "confidence": 0.26}]
    selector = [{"intent_response_key": "ask_executive/cadre_chomage", "confidence": 0.6}]
    entities = [ent("profile", "cadre"), ent("profile", "salarie")]
    messages, _ = run(ActionAnswerFaq(), _tracker("ask_executive", entities, selector, ranking))
    said = names(messages)
    assert said[0] == "utter_ask_executive/general"
    assert "utter_ask_executive/cadre_chomage" not in said
    assert "France Travail" not in _operators(messages)
