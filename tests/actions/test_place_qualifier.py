"""A commune and the department or region that follows it: two entities, one place.

The place extractor (knowledge/places_in_text.py) gives "Calvi en Haute-Corse" as two `location` mentions,
the second with the role "qualifier"; `place_query` joins them again so that the bot resolves and answers
exactly as it did when the extractor gave the whole phrase as one span.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.access_point import ActionFindAccessPoint, ValidateAccessPointForm
from actions.operators import ActionHandleInform
from actions.places import place_query, resolve
from actions.regional import ActionAnswerSpro
from knowledge.places_in_text import QUALIFIER, clean_entities
from tests.actions.test_actions import DOMAIN, names, run, tracker

# words of the training examples outside entities (the extractor learns them; a few are enough here)
COMMON = {"vers", "centre", "le", "plus", "proche", "de", "la", "ou", "cherche", "je", "suis"}


def mention(text: str, value: str, role: str = "") -> dict:
    start = text.index(value)
    entity = {"entity": "location", "start": start, "end": start + len(value), "value": value}
    return {**entity, "role": role} if role else entity


def summary(resolution) -> tuple:
    """Everything the answer depends on: status, place, the namesakes offered or said."""
    return (
        resolution.status,
        resolution.place.label if resolution.place else None,
        [p.label for p in resolution.candidates],
        [p.label for p in resolution.others],
        resolution.fuzzy,
    )


def test_place_query_joins_a_commune_and_the_qualifier_after_it():
    text = "je suis a Calvi en Haute-Corse"
    entities = [mention(text, "Calvi"), mention(text, "Haute-Corse", QUALIFIER)]
    assert place_query(entities) == "Calvi (Haute-Corse)"
    assert resolve(place_query(entities)).place.label == "Calvi (2B)"


def test_place_query_keeps_the_postal_code_first():
    text = "93200 Saint-Denis (93)"
    code = {"entity": "postal_code", "start": 0, "end": 5, "value": "93200"}
    qualifier = {"entity": "location", "start": 19, "end": 21, "value": "93", "role": QUALIFIER}
    entities = [code, mention(text, "Saint-Denis"), qualifier]
    assert place_query(entities) == "93200 Saint-Denis (93)"


def test_a_qualifier_before_the_commune_or_without_positions_is_a_place_of_its_own():
    text = "Haute-Corse puis Calvi"
    entities = [mention(text, "Haute-Corse", QUALIFIER), mention(text, "Calvi")]
    assert place_query(entities) == "Calvi"
    # a button payload has no positions: nothing says the department follows the commune
    assert (
        place_query(
            [{"entity": "location", "value": "Calvi"}, {"entity": "location", "value": "2B", "role": QUALIFIER}]
        )
        == "2B"
    )


# (message, the single span the extractor gave before the qualifier became its own mention)
MESSAGES = [
    ("Calvi en Haute-Corse", "Calvi en Haute-Corse"),
    ("euh je suis a Ambert dans le 63", "Ambert dans le 63"),
    ("jhabite saint benoit a la reunion", "saint benoit a la reunion"),
    ("Saint-Denis (93)", "Saint-Denis (93)"),
    ("je vis à Saint-Pierre (974) depuis peu", "Saint-Pierre (974)"),
    ("Saint-Martin (974)", "Saint-Martin (974)"),
    ("Piano (2B)", "Piano (2B)"),
    ("Villette 78", "Villette 78"),
    ("je suis a Saint-Pierre en Martinique", "Saint-Pierre en Martinique"),
    ("je suis a Lorient en Morbihan", "Lorient en Morbihan"),
]


@pytest.mark.parametrize("text, joined", MESSAGES)
def test_the_two_mentions_resolve_as_the_whole_phrase_did(text, joined):
    entities = clean_entities(text, [], COMMON)
    assert [e.get("role") for e in entities] == [None, QUALIFIER]
    assert summary(resolve(place_query(entities))) == summary(resolve(joined))


def test_the_answer_for_saint_benoit_at_la_reunion_and_the_slot_that_keeps_it():
    text = "jhabite saint benoit a la reunion"
    entities = clean_entities(text, [], COMMON)
    messages, events = run(ActionHandleInform(), tracker("inform", entities, {"location": "saint benoit"}, text=text))
    assert messages[0]["response"] == "utter_nearest_intro" and messages[0]["place"] == "Saint-Benoît (974)"
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["place_label"] == "Saint-Benoît (974)"
    # the slot mapping gave "saint benoit" alone (from_entity ignores the qualifier): the action sets it back
    assert slots["location"] == "saint benoit (la reunion)"
    later, _ = run(ActionFindAccessPoint(), tracker("find_access_point", slots={"location": slots["location"]}))
    assert later[0]["place"] == "Saint-Benoît (974)"
    assert "utter_ask_which_place" not in names(later)


def test_a_namesake_missing_in_the_department_given_is_still_asked():
    text = "Saint-Martin (974)"
    entities = clean_entities(text, [], COMMON)
    messages, events = run(ActionHandleInform(), tracker("inform", entities, {"location": "Saint-Martin"}, text=text))
    assert names(messages) == ["utter_ask_which_place"]
    assert [e["value"] for e in events if e.get("name") == "location"] == [None]


def test_the_form_takes_the_commune_with_its_department():
    text = "je cherche un lieu d'accueil a Ambert dans le 63"
    entities = clean_entities(text, [], COMMON)
    dispatcher = CollectingDispatcher()
    result = ValidateAccessPointForm().validate_location(
        "Ambert", dispatcher, tracker("find_access_point", entities, text=text), DOMAIN
    )
    assert result == {"location": "Ambert (63)", "place_label": "Ambert (63)"}
    assert dispatcher.messages == []


def test_the_region_of_a_commune_with_its_region():
    text = "le spro a saint benoit a la reunion"
    entities = clean_entities(text, [], COMMON)
    messages, events = run(ActionAnswerSpro(), tracker("ask_spro", entities, text=text))
    assert any(e.get("name") == "place_label" and e["value"] == "Saint-Benoît (974)" for e in events)
    assert any(e.get("name") == "location" and e["value"] == "saint benoit (la reunion)" for e in events)
