"""Custom actions on named trackers, with the real domain and knowledge base.

Assertions are on response names (a renamed response fails here) and on the
variables the visitor will read (place, operator).
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.access_point import ActionFindAccessPoint, ActionOpeningHours, ValidateAccessPointForm
from actions.fallback import ActionDefaultAskAffirmation
from actions.faq import ActionAnswerFaq
from actions.operators import ActionHandleInform

with open("domain.yml", encoding="utf-8") as _handle:
    DOMAIN = yaml.safe_load(_handle)
RESPONSES = set(DOMAIN["responses"])


def tracker(
    intent: str = "inform",
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    ranking: Optional[List[Dict[str, Any]]] = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking if ranking is not None else [{"name": intent, "confidence": 0.9}],
    }
    return Tracker("test", dict(slots or {}), latest, [], False, None, {}, "action_listen")


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    for message in dispatcher.messages:
        assert message.get("response") in RESPONSES, message
    return dispatcher.messages, events


def names(messages) -> List[str]:
    return [m["response"] for m in messages]


def test_nearest_access_point_for_a_postal_code_then_situation_question():
    messages, events = run(ActionFindAccessPoint(), tracker(slots={"location": "22300"}))
    assert names(messages)[0] == "utter_nearest_intro"
    lines = [m for m in messages if m["response"] == "utter_place_line"]
    assert 1 <= len(lines) <= 3
    distances = [float(str(m["distance"]).replace(",", ".").replace("moins de 1", "0")) for m in lines]
    assert distances == sorted(distances)
    assert names(messages)[-1] == "utter_ask_profile"
    assert any(isinstance(e, dict) and e.get("name") == "place_label" for e in events)


def test_operator_named_with_reason_when_situation_known():
    messages, _ = run(ActionFindAccessPoint(), tracker(slots={"location": "Lannion", "profile": "jeune"}))
    operators = [m for m in messages if m["response"] == "utter_operator_line"]
    assert operators and "Mission" in operators[0]["name"]
    assert operators[0]["why"]


def test_form_accepts_a_known_place_and_rejects_an_unknown_one():
    form = ValidateAccessPointForm()
    dispatcher = CollectingDispatcher()
    ok = form.validate_location("Saint-Brieuc", dispatcher, tracker(), DOMAIN)
    assert ok["location"] == "Saint-Brieuc" and "Saint-Brieuc" in ok["place_label"]
    bad = form.validate_location("Zzyzxville", dispatcher, tracker(), DOMAIN)
    assert bad == {"location": None, "place_label": None}
    assert names(dispatcher.messages) == ["utter_unknown_place"]


def test_form_asks_which_namesake_with_buttons():
    form = ValidateAccessPointForm()
    dispatcher = CollectingDispatcher()
    result = form.validate_location("Saint-Denis", dispatcher, tracker(), DOMAIN)
    assert result["location"] is None
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_which_place"
    payloads = [b["payload"] for b in message["buttons"]]
    assert any("93" in p for p in payloads) and any("974" in p for p in payloads)


@pytest.mark.parametrize(
    "intent,entities,expected",
    [
        ("ask_youth", [{"entity": "age", "value": "20"}], "Mission"),
        ("ask_executive", [{"entity": "profile", "value": "cadre"}], "Apec"),
        ("ask_disability", [{"entity": "profile", "value": "handicap"}], "Cap emploi"),
        ("ask_unemployment", [{"entity": "profile", "value": "demandeur_emploi"}], "France Travail"),
        ("ask_cpf", [{"entity": "profile", "value": "cadre"}], "Apec"),
    ],
)
def test_answer_then_operator_by_situation(intent, entities, expected):
    messages, events = run(ActionAnswerFaq(), tracker(intent=intent, entities=entities))
    assert names(messages)[0] == f"utter_{intent}/general"
    first = next(m for m in messages if m["response"] == "utter_operator_line")
    assert expected in first["name"]
    assert names(messages)[-1] == "utter_ask_location_for_operator"
    assert SlotSet("profile", events[0]["value"]) == events[0]


def test_answer_asks_the_situation_when_it_matters_and_only_then():
    messages, events = run(ActionAnswerFaq(), tracker(intent="ask_career_change"))
    assert names(messages) == ["utter_ask_career_change/general", "utter_ask_profile"] and events == []
    messages, events = run(ActionAnswerFaq(), tracker(intent="ask_unemployment"))
    assert names(messages) == ["utter_ask_unemployment/general"] and events == []
    messages, _ = run(ActionAnswerFaq(), tracker(intent="ask_cpf"))
    assert names(messages) == ["utter_ask_cpf/general"]


def test_answer_on_any_topic_then_the_places_it_names():
    entities = [{"entity": "location", "value": "Roubaix"}, {"entity": "profile", "value": "demandeur_emploi"}]
    text = "slt jsuis au chomage depuis 1 an a roubaix jsais plus quoi faire"
    messages, events = run(ActionAnswerFaq(), tracker("ask_unemployment", entities, text=text))
    said = names(messages)
    assert said[0] == "utter_ask_unemployment/general" and said[1] == "utter_nearest_intro"
    lines = [m for m in messages if m["response"] == "utter_place_line"]
    assert lines and lines[0]["commune"] == "Roubaix"
    operators = [m for m in messages if m["response"] == "utter_operator_line"]
    assert operators[0]["name"] == "France Travail"


def test_inform_with_place_and_situation_gives_both():
    t = tracker(entities=[{"entity": "postal_code", "value": "35000"}, {"entity": "profile", "value": "salarie"}])
    messages, _ = run(ActionHandleInform(), t)
    assert "utter_nearest_intro" in names(messages) and "utter_operator_line" in names(messages)


def test_inform_unknown_place():
    messages, events = run(ActionHandleInform(), tracker(entities=[{"entity": "location", "value": "Zzyzxville"}]))
    assert names(messages) == ["utter_unknown_place"]


def test_inform_with_nothing_usable_asks_to_rephrase():
    messages, _ = run(ActionHandleInform(), tracker(entities=[]))
    assert names(messages) == ["utter_ask_rephrase"]


UNKNOWN_HOURS = {
    "utter_opening_hours_unknown",
    "utter_opening_hours_unknown_phone",
    "utter_opening_hours_unknown_no_contact",
}


def test_opening_hours_never_invented():
    messages, _ = run(ActionOpeningHours(), tracker(slots={"location": "75019"}))
    assert names(messages)[0] in {"utter_opening_hours"} | UNKNOWN_HOURS
    if names(messages)[0] == "utter_opening_hours":
        assert messages[0]["hours"]
    messages, _ = run(ActionOpeningHours(), tracker())
    assert names(messages) == ["utter_opening_hours_ask_place"]


def test_opening_hours_of_the_network_named_come_first():
    """p3-36: "la France services de Guéret" is answered with a France services, not Guéret's youth office."""
    text = "a quelle heure ouvre la france services de Guéret ?"
    guéret = {"entity": "location", "value": "Guéret", "start": text.index("Guéret"), "end": len(text) - 2}
    messages, _ = run(ActionOpeningHours(), tracker("ask_opening_hours", [guéret], text=text))
    assert names(messages) == ["utter_opening_hours"]
    assert messages[0]["name"].startswith("France services") and messages[0]["hours"]
    assert " km)" in messages[0]["where"]  # none in Guéret itself: the nearest one, with its distance


def test_opening_hours_unknown_give_the_records_own_contact():
    """A record without hours: said so, with its own site or phone, never another one's (no "mon-cep.org")."""
    text = "horaires de la mission locale de Guéret"
    guéret = {"entity": "location", "value": "Guéret", "start": text.index("Guéret"), "end": len(text)}
    messages, _ = run(ActionOpeningHours(), tracker("ask_opening_hours", [guéret], text=text))
    assert names(messages)[0] in {"utter_opening_hours"} | UNKNOWN_HOURS
    assert messages[0]["name"].startswith("Mission locale")
    if names(messages)[0] != "utter_opening_hours":
        assert "mon-cep.org" not in str(messages[0])


def test_fallback_offers_buttons_for_likely_topics():
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_cpf", "confidence": 0.3}]
    messages, _ = run(ActionDefaultAskAffirmation(), tracker(intent="nlu_fallback", ranking=ranking))
    assert names(messages) == ["utter_did_you_mean"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_cpf", "/out_of_scope"]


def test_fallback_offers_the_conversation_topic_first():
    """ "c'est combien ?" just after a question on the skills assessment: that topic comes first."""
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_capabilities", "confidence": 0.2}]
    t = tracker(intent="nlu_fallback", ranking=ranking, text="c'est combien ?")
    asked = {
        "event": "user",
        "text": "je voudrais faire un bilan",
        "parse_data": {"intent": {"name": "ask_skills_assessment"}},
    }
    place = {"event": "user", "text": "à Pau", "parse_data": {"intent": {"name": "find_access_point"}}}
    now = {"event": "user", "text": "c'est combien ?", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    t.events = [asked, {"event": "bot", "text": "…"}, place, now]
    messages, _ = run(ActionDefaultAskAffirmation(), t)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/ask_skills_assessment", "/ask_capabilities", "/out_of_scope"]
    t.events = [now]  # no earlier question: the ranking alone
    messages, _ = run(ActionDefaultAskAffirmation(), t)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_capabilities", "/out_of_scope"]


def _statement(second: float, events=None) -> Tracker:
    """ "je suis ingénieure et j'aimerais créer ma boîte": inform first, the creation topic second."""
    t = tracker(
        intent="inform",
        text="je suis ingénieure et j'aimerais créer ma boîte",
        ranking=[{"name": "inform", "confidence": 1 - second}, {"name": "ask_business_creation", "confidence": second}],
    )
    t.latest_message["response_selector"] = {
        "default": {"ranking": [{"intent_response_key": "ask_business_creation/general", "confidence": 0.6}]}
    }
    t.events = events or []
    return t


def test_a_statement_that_carries_a_project_gets_the_topic_answer_too():
    messages, _ = run(ActionHandleInform(), _statement(0.33))
    assert names(messages)[0] == "utter_ask_business_creation/general"
    assert "utter_ask_rephrase" not in names(messages)


def test_a_statement_without_a_clear_project_or_answering_the_situation_question_stays_a_statement():
    messages, _ = run(ActionHandleInform(), _statement(0.2))
    assert names(messages) == ["utter_ask_rephrase"]
    asked = [
        {"event": "user", "text": "je veux créer une entreprise"},
        {"event": "bot", "text": "Quelle est votre situation ?", "metadata": {"utter_action": "utter_ask_profile"}},
        {"event": "user", "text": "je suis ingénieure et j'aimerais créer ma boîte"},
    ]
    messages, _ = run(ActionHandleInform(), _statement(0.33, events=asked))
    assert "utter_ask_business_creation/general" not in names(messages)


def test_an_action_that_fails_still_answers(monkeypatch):
    from actions import places

    def boom(*args, **kwargs):
        raise RuntimeError("knowledge base unavailable")

    monkeypatch.setattr(places, "resolve", boom)
    messages, events = run(ActionFindAccessPoint(), tracker(slots={"location": "22300"}))
    assert names(messages) == ["utter_action_error"] and events == []


def site_tracker(
    metadata: Optional[Dict[str, Any]],
    slots: Optional[Dict[str, Any]] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
) -> Tracker:
    """A message sent from a partner site's widget: the web front adds the site's place."""
    latest = {
        "text": "où est le lieu le plus proche ?",
        "intent": {"name": "find_access_point", "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": [],
        "metadata": metadata,
    }
    return Tracker("test", dict(slots or {}), latest, [], False, None, {"name": "access_point_form"}, "action_listen")


def test_form_starts_from_the_site_place_when_no_place_is_named():
    form = ValidateAccessPointForm()
    dispatcher = CollectingDispatcher()
    events = asyncio.run(form.run(dispatcher, site_tracker({"site": "demo", "site_place": "Rennes (35)"}), DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["location"] == "Rennes (35)"
    assert slots["place_label"] == "Rennes (35)"
    # the form's only required slot is filled and valid: Rasa ends the form and answers
    assert dispatcher.messages == []


def test_site_place_then_nearest_answer_names_it():
    form = ValidateAccessPointForm()
    events = asyncio.run(form.run(CollectingDispatcher(), site_tracker({"site_place": "Lannion (22)"}), DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    messages, _ = run(ActionFindAccessPoint(), tracker(slots=slots))
    assert messages[0]["response"] == "utter_nearest_intro"
    assert messages[0]["place"] == "Lannion (22)"


def test_a_place_named_by_the_visitor_wins_over_the_site_place():
    form = ValidateAccessPointForm()
    metadata = {"site": "demo", "site_place": "Rennes (35)"}
    named = site_tracker(metadata, slots={"location": "Lannion"}, entities=[{"entity": "location", "value": "Lannion"}])
    assert asyncio.run(form.extract_location(CollectingDispatcher(), named, DOMAIN)) == {}
    asked = site_tracker(metadata, slots={"requested_slot": "location"})
    assert asyncio.run(form.extract_location(CollectingDispatcher(), asked, DOMAIN)) == {}


@pytest.mark.parametrize("metadata", [None, {}, {"site": "demo"}, {"site_place": ""}, {"site_place": 35}])
def test_without_a_site_place_the_form_asks_for_the_place(metadata):
    form = ValidateAccessPointForm()
    events = asyncio.run(form.run(CollectingDispatcher(), site_tracker(metadata), DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert "location" not in slots and "place_label" not in slots  # Rasa asks for the place


@pytest.mark.parametrize(
    "typed", ["Zorglub0[x]", "Kzx 0[place]", "x{0[location]}", "{location}", "{{7*7}} ${7*7} %(location)s"]
)
def test_unknown_place_echo_survives_rasas_interpolation(typed):
    """Rasa renders utter_unknown_place with str.format and, when the result holds "0[", gives back
    the raw template ("Je ne trouve pas « {location} »"): a visitor's text must never do that."""
    from rasa.core.nlg.interpolator import interpolate_text

    form = ValidateAccessPointForm()
    dispatcher = CollectingDispatcher()
    form.validate_location(typed, dispatcher, tracker(), DOMAIN)
    (message,) = [m for m in dispatcher.messages if m["response"] == "utter_unknown_place"]
    template = DOMAIN["responses"]["utter_unknown_place"][0]["text"]
    said = interpolate_text(template, {"location": None, **{k: v for k, v in message.items() if k != "response"}})
    assert "{" not in said and "0[" not in said
    assert said.startswith("Je ne trouve pas « ") and "»" in said
    assert typed.split("[")[0].split("{")[0] in said  # the visitor's words are still quoted back
