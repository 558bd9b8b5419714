"""Shared steps of the place-related actions: resolve a place, list access points, name operators."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Sequence

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.formatting import operator_contact, place_details, visitor_echo
from actions.slots import PLACE_LABEL
from knowledge import gazetteer, referral, territories
from knowledge.places_in_text import QUALIFIER

NEAREST_LIMIT = 3
MAX_CHOICES = 5
MAX_SITE_PLACE_CHARS = 100
MAX_OFFSET = 30
# Kinds offered as filter buttons under a list of places, in this order.
FILTER_KINDS = ("mission_locale", "cio", "info_jeunes", "france_services")
# Kinds offered as a filter button only when the list shown has a place of that kind (a job seeker's list, one
# that a France Travail agency is part of): "Seulement : France Travail" then shows the next agencies. The
# button's payload carries the place named, so the web front takes it back only as offered in the session.
FILTER_KINDS_WHEN_LISTED = ("france_travail",)
PLACE_KIND, PLACE_OFFSET = "place_kind", "place_offset"  # entities of the "more places" / filter buttons


def resolve(text: Optional[str]) -> "gazetteer.Resolution":
    """Resolves what the person wrote (commune, postal code, department, region)."""
    return gazetteer.resolve(str(text or ""))


def place_query(entities: Optional[Iterable[Dict[str, Any]]]) -> Optional[str]:
    """The text to resolve for the place a parsed message names, or None.

    The last postal code and the last place named: together when the message has both
    ("Saint-Denis 93200" -> "93200 Saint-Denis": the code chooses among namesakes and the name
    among the communes of a code), else whichever there is. A commune and the department or region
    that follows it (a `location` with the role "qualifier", knowledge/places_in_text.py) are one
    place: "Calvi en Haute-Corse" -> "Calvi (Haute-Corse)", which the gazetteer resolves as it did
    the whole phrase.
    """
    values: Dict[str, List[str]] = {"location": [], "postal_code": []}
    commune: Optional[Dict[str, Any]] = None  # the last place named without a qualifier yet
    for e in entities or ():
        value = e.get("value") if isinstance(e, dict) else None
        if e.get("entity") not in values or not isinstance(value, str) or not value.strip():
            continue
        if e["entity"] == "location" and e.get("role") == QUALIFIER and commune is not None and _follows(e, commune):
            values["location"][-1] = f"{values['location'][-1]} ({value.strip()})"
            commune = None
            continue
        values[e["entity"]].append(value.strip())
        commune = e if e["entity"] == "location" and e.get("role") != QUALIFIER else None
    code, name = (values["postal_code"] or [None])[-1], (values["location"] or [None])[-1]
    if code and name and name != code:
        return f"{code} {name}"
    return code or name


def location_events(entities: Optional[Iterable[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """Keeps the whole place in the `location` slot when a message named a commune with its qualifier.

    The slot's mapping (`from_entity: location`, no role) fills it with the commune alone in Rasa 3.6
    ("saint benoit" of "saint benoit à la Réunion"), which a later turn would resolve on its own; the
    action that answered for the place sets it back to what was resolved ("saint benoit (la reunion)")."""
    query = whole_place(entities)
    return [SlotSet("location", query)] if query else []


def whole_place(entities: Optional[Iterable[Dict[str, Any]]]) -> Optional[str]:
    """The place to keep in the `location` slot when a message named a commune with its qualifier
    ("Calvi (Haute-Corse)", :func:`place_query`), else None (the slot's mapping is right)."""
    entities = list(entities or ())
    named = [e for e in entities if isinstance(e, dict) and e.get("entity") == "location"]
    if not any(e.get("role") == QUALIFIER for e in named):
        return None
    return place_query(entities)


def _follows(qualifier: Dict[str, Any], commune: Dict[str, Any]) -> bool:
    """The qualifier comes after the commune in the message (both spans known), as the extractor finds them."""
    start, end = qualifier.get("start"), commune.get("end")
    return isinstance(start, int) and isinstance(end, int) and start >= end


def ask_which_place(dispatcher: CollectingDispatcher, resolution: "gazetteer.Resolution") -> None:
    """Namesakes, or a name typed with a slip that fits several: let the person choose with buttons
    rather than guess; the message says how to name one that is not listed (postal code, department)."""
    buttons = [
        {"title": place.label, "payload": f'/inform{{"location":"{place.label}"}}'}
        for place in resolution.candidates[:MAX_CHOICES]
    ]
    response = "utter_ask_which_place_spelling" if resolution.fuzzy else "utter_ask_which_place"
    dispatcher.utter_message(response=response, buttons=buttons)


def say_assumed(dispatcher: CollectingDispatcher, resolution: "gazetteer.Resolution") -> None:
    """A much more populous namesake was taken ("Bagneux" is Bagneux (92)), or a name typed with a slip was read
    as the nearest commune name ("Lanion" is Lannion (22)): say which, and how to name another."""
    place = resolution.place
    if place is not None and resolution.fuzzy:
        dispatcher.utter_message(response="utter_place_corrected", place=place.label)
        return
    if place is None or not resolution.others:
        return
    dispatcher.utter_message(response="utter_place_assumed", place=place.label, example=resolution.others[0].label)


def say_unknown(dispatcher: CollectingDispatcher, text: Optional[str]) -> None:
    """Unknown place: say so and show the expected forms. The text is shortened, not logged."""
    dispatcher.utter_message(response="utter_unknown_place", location=visitor_echo(text))


def _button(title: str, place: "gazetteer.Place", kinds: Sequence[str] = (), offset: int = 0) -> Dict[str, str]:
    entities: Dict[str, Any] = {"location": place.label}
    if kinds:
        entities[PLACE_KIND] = kinds[0]
    if offset:
        entities[PLACE_OFFSET] = str(offset)
    return {"title": title, "payload": "/find_access_point" + json.dumps(entities, ensure_ascii=False)}


def say_nearest(
    dispatcher: CollectingDispatcher,
    place: "gazetteer.Place",
    profile: Optional[str] = None,
    kinds: Optional[Iterable[str]] = None,
    offset: int = 0,
    resolution: Optional["gazetteer.Resolution"] = None,
) -> List[Dict[str, Any]]:
    """Lists the places offered near a resolved place (for the situation, or of some kinds); returns slot events.

    With the ``resolution`` the place came from, a namesake chosen for its size is said first
    (:func:`say_assumed`).

    Each line gives why it is offered, address, phone, today's hours and the date of the data; a last
    message asks to check before travelling, with buttons for the next places and a filter by kind.
    """
    kinds = tuple(kinds or ())
    offset = max(0, min(int(offset or 0), MAX_OFFSET))
    if resolution is not None and not offset:
        say_assumed(dispatcher, resolution)
    offered = referral.local_referral(place.lat, place.lon, profile, offset + NEAREST_LIMIT, kinds or None)[offset:]
    if not offered:
        if offset:
            dispatcher.utter_message(response="utter_no_more_places", place=place.label)
        elif territories.is_territory(place.department):
            say_territory(dispatcher, place)
        else:
            dispatcher.utter_message(response="utter_no_access_point", place=place.label)
        return [SlotSet(PLACE_LABEL, place.label)]
    dispatcher.utter_message(response="utter_nearest_intro", place=place.label)
    missing = False
    for rank, item in enumerate(offered, start=offset + 1):
        point = item.point
        missing = missing or not (point.address or point.phone)
        dispatcher.utter_message(
            response="utter_place_line",
            rank=rank,
            name=point.name,
            commune=point.commune or "",
            distance=referral.french_km(item.distance_km),
            details=place_details(point, why=item.why) or "",
        )
    if missing:
        dispatcher.utter_message(response="utter_place_details_missing")
    buttons = [_button("Voir d'autres lieux", place, kinds, offset + NEAREST_LIMIT)]
    listed = {item.point.kind for item in offered}
    filters = FILTER_KINDS + tuple(kind for kind in FILTER_KINDS_WHEN_LISTED if kind in listed)
    buttons += [
        _button(f"Seulement : {referral.KIND_LABELS[kind]}", place, (kind,)) for kind in filters if kind not in kinds
    ]
    dispatcher.utter_message(response="utter_places_check", buttons=buttons)
    return [SlotSet(PLACE_LABEL, place.label)]


def requested_kinds(message: Optional[Dict[str, Any]]) -> tuple:
    """Kinds asked for in a message: a filter button's entity, else kinds named in the text."""
    message = message or {}
    chosen = [e.get("value") for e in message.get("entities") or () if e.get("entity") == PLACE_KIND]
    chosen = [k for k in chosen if k in referral.KIND_LABELS]
    return tuple(chosen) if chosen else referral.kinds_named_in(message.get("text"))


def requested_offset(message: Optional[Dict[str, Any]]) -> int:
    """How many places were already shown, from the "more places" button (0 otherwise)."""
    for e in (message or {}).get("entities") or ():
        if e.get("entity") == PLACE_OFFSET:
            try:
                return max(0, min(int(str(e.get("value"))), MAX_OFFSET))
            except ValueError:
                return 0
    return 0


TERRITORY_RESPONSES = ("utter_territory_services", "utter_territory_no_service")


def say_territory(dispatcher: CollectingDispatcher, place: "gazetteer.Place") -> None:
    """A Pacific collectivity: its local employment service, said once a turn (knowledge/territories.yml)."""
    if any(m.get("response") in TERRITORY_RESPONSES for m in dispatcher.messages):
        return
    services = territories.local_services(place.department)
    if services:
        dispatcher.utter_message(response="utter_territory_services", place=place.label, services=services)
    else:
        dispatcher.utter_message(response="utter_territory_no_service", place=place.label)


def say_operators(
    dispatcher: CollectingDispatcher,
    profile: str,
    place: Optional["gazetteer.Place"],
    entities: Optional[Iterable[Dict[str, Any]]] = None,
) -> None:
    """Names the operator(s) for a profile, region-aware when the place is known, and the first operator of
    each other situation the message's ``entities`` state (:func:`actions.profiles.companion_profiles`).

    In a Pacific collectivity the national operators do not receive people: its local service instead."""
    from actions.profiles import companion_profiles  # profiles imports no places

    if place is not None and territories.is_territory(place.department):
        say_territory(dispatcher, place)
        return
    operators = referral.operators_for_situations(
        profile,
        companion_profiles(entities or (), profile),
        place.region if place else None,
        place.department if place else None,
    )
    dispatcher.utter_message(response="utter_operator_intro")
    for operator in operators:
        dispatcher.utter_message(
            response="utter_operator_line",
            name=operator["name"],
            why=operator["why"],
            contact=operator_contact(operator),
        )
    if place is None:
        dispatcher.utter_message(response="utter_ask_location_for_operator")


def site_place(tracker: Any) -> Optional[str]:
    """The partner site's default place (label) sent by the web front in the message metadata.

    The web widget of a partner site sends ``{"site": id, "site_place": label}`` with every
    message (bot/web/sites.py), so that "le lieu le plus proche" starts from the site's centre
    unless the visitor names another place.
    """
    latest = getattr(tracker, "latest_message", None) or {}
    metadata = latest.get("metadata") if isinstance(latest, dict) else None
    value = metadata.get("site_place") if isinstance(metadata, dict) else None
    if isinstance(value, str) and value.strip() and len(value) <= MAX_SITE_PLACE_CHARS:
        return value.strip()
    return None


# Responses of a turn that found, listed or asked for a place: no second offer to find one.
_PLACE_TURN = frozenset(
    {
        "utter_ask_location_for_operator",
        "utter_nearest_intro",
        "utter_no_access_point",
        "utter_no_more_places",
        "utter_territory_services",
        "utter_territory_no_service",
        "utter_unknown_place",
        "utter_ask_which_place",
        "utter_ask_which_place_spelling",
    }
)


def say_france_services_near(
    dispatcher: CollectingDispatcher, message: Optional[Dict[str, Any]]
) -> List[Dict[str, Any]]:
    """After the out-of-scope pointer, the nearest France services when the message names a place that resolves
    ("un logement social à Evreux"): its agents help with every administrative step. Returns the slot events."""
    resolution = place_named_in(message)
    if resolution is None or resolution.status != "ok" or resolution.place is None:
        return []
    events = say_nearest(dispatcher, resolution.place, None, ("france_services",), resolution=resolution)
    return events + location_events((message or {}).get("entities"))


def offer_place_search(dispatcher: CollectingDispatcher, slots: Dict[str, Any]) -> None:
    """After an answer that leads to a local place (knowledge/faq: ``offers_place``), asks for the postal code,
    unless the place is known or was dealt with in this turn, or a question with buttons is pending."""
    said = [m for m in dispatcher.messages if m.get("buttons") or m.get("response") in _PLACE_TURN]
    if not said and known_place(slots) is None:
        dispatcher.utter_message(response="utter_ask_location_for_operator")


def known_place(slots: Dict[str, Any]) -> Optional["gazetteer.Place"]:
    """The place already given in the conversation, if it resolves unambiguously."""
    for text in (slots.get(PLACE_LABEL), slots.get("location")):
        if text:
            resolution = resolve(text)
            if resolution.status == "ok":
                return resolution.place
    return None


def place_named_in(message: Optional[Dict[str, Any]]) -> Optional["gazetteer.Resolution"]:
    """How the place named in a message (location or postal code entity) resolves; None when it names none."""
    query = place_query((message or {}).get("entities"))
    return resolve(query) if query else None


def answer_place_in_message(
    dispatcher: CollectingDispatcher,
    message: Optional[Dict[str, Any]],
    slots: Dict[str, Any],
    ask_profile: bool = False,
    events: Sequence[Dict[str, Any]] = (),
) -> Optional[List[Dict[str, Any]]]:
    """A place named in any message: the places for the situation there, and the operators when it is known.

    A place with namesakes gets the question of which one (buttons), rather than no local answer.
    The situation is asked in the wording :func:`actions.profiles.profile_question` picks from the
    conversation's ``events``. Returns the slot events, or None when the message names no place that resolves.
    """
    from actions.profiles import infer_profile, profile_from_words, profile_question  # profiles imports no places

    resolution = place_named_in(message)
    if resolution is not None and resolution.status == "ambiguous":
        ask_which_place(dispatcher, resolution)
        return [SlotSet("location", None)]
    if resolution is None or resolution.status != "ok" or resolution.place is None:
        return None
    named = resolution.place
    message = message or {}
    profile = infer_profile(
        entities=message.get("entities") or [],
        slot_profile=slots.get("profile"),
        slot_age=slots.get("age"),
        intent=(message.get("intent") or {}).get("name"),
    ) or profile_from_words(message.get("text"))
    events = say_nearest(dispatcher, named, profile, requested_kinds(message), resolution=resolution)
    events += location_events(message.get("entities"))
    if profile:
        say_operators(dispatcher, profile, named, message.get("entities"))
        events.append(SlotSet("profile", profile))
    elif ask_profile and not territories.is_territory(named.department):
        # in a Pacific collectivity the situation chooses no operator: its local service was just said
        dispatcher.utter_message(response=profile_question(events))
    return events
