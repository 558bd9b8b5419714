"""Shared steps of the place-related actions: resolve a place, list access points, name operators."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.formatting import french_km, operator_contact, place_details
from actions.slots import PLACE_LABEL
from knowledge import gazetteer, referral

NEAREST_LIMIT = 3
MAX_CHOICES = 5
MAX_SITE_PLACE_CHARS = 100


def resolve(text: Optional[str]) -> "gazetteer.Resolution":
    """Resolves what the person wrote (commune, postal code, department, region)."""
    return gazetteer.resolve(str(text or ""))


def ask_which_place(dispatcher: CollectingDispatcher, resolution: "gazetteer.Resolution") -> None:
    """Namesakes: let the person choose with buttons rather than guess."""
    buttons = [
        {"title": place.label, "payload": f'/inform{{"location":"{place.label}"}}'}
        for place in resolution.candidates[:MAX_CHOICES]
    ]
    dispatcher.utter_message(response="utter_ask_which_place", buttons=buttons)


def say_unknown(dispatcher: CollectingDispatcher, text: Optional[str]) -> None:
    """Unknown place: say so and show the expected forms. The text is shortened, not logged."""
    dispatcher.utter_message(response="utter_unknown_place", location=str(text or "")[:60])


def say_nearest(dispatcher: CollectingDispatcher, place: "gazetteer.Place") -> List[Dict[str, Any]]:
    """Lists the nearest access points of a resolved place; returns the slot events."""
    found = referral.nearest_access_points(place.lat, place.lon, limit=NEAREST_LIMIT)
    if not found:
        dispatcher.utter_message(response="utter_no_access_point", place=place.label)
    else:
        dispatcher.utter_message(response="utter_nearest_intro", place=place.label)
        missing = False
        for rank, (point, distance) in enumerate(found, start=1):
            details = place_details(point)
            missing = missing or details is None
            dispatcher.utter_message(
                response="utter_place_line",
                rank=rank,
                name=point.name,
                commune=point.commune or "",
                distance=french_km(distance),
                details=details or "",
            )
        if missing:
            dispatcher.utter_message(response="utter_place_details_missing")
    return [SlotSet(PLACE_LABEL, place.label)]


def say_operators(
    dispatcher: CollectingDispatcher, profile: str, place: Optional["gazetteer.Place"]
) -> None:
    """Names the operator(s) for a profile, region-aware when the place is known."""
    operators = referral.operators_for(
        profile, place.region if place else None, place.department if place else None
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


def known_place(slots: Dict[str, Any]) -> Optional["gazetteer.Place"]:
    """The place already given in the conversation, if it resolves unambiguously."""
    for text in (slots.get(PLACE_LABEL), slots.get("location")):
        if text:
            resolution = resolve(text)
            if resolution.status == "ok":
                return resolution.place
    return None
