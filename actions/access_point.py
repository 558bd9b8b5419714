"""Finding the nearest single access point: form validation and answer."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions import places
from actions.profiles import infer_profile, profile_from_words, profile_question
from actions.safety import answers_on_error
from actions.slots import LOCATION, PLACE_LABEL, POSTAL_CODE, PROFILE
from knowledge.hours import weekly_text


class ValidateAccessPointForm(FormValidationAction):
    """Accepts a location only when the gazetteer resolves it to one place."""

    def name(self) -> Text:
        return "validate_access_point_form"

    @answers_on_error
    async def run(self, dispatcher, tracker, domain):  # type: ignore[override]
        return await super().run(dispatcher, tracker, domain)

    async def extract_location(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """On a partner site, no place given yet: start from the site's default place.

        Only when the visitor named no place in this message and was not just asked for one
        (an answer to "which place?" always comes from the visitor).
        """
        if tracker.get_slot(LOCATION) or tracker.get_slot(REQUESTED_SLOT) == LOCATION:
            return {}
        entities = (tracker.latest_message or {}).get("entities") or []
        if any(e.get("entity") in (LOCATION, POSTAL_CODE) for e in entities if isinstance(e, dict)):
            return {}
        place = places.site_place(tracker)
        return {LOCATION: place} if place else {}

    def validate_location(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        text = slot_value[-1] if isinstance(slot_value, list) else slot_value
        # "Saint-Denis 93200": the postal code and the name of the same message, resolved together
        entities = (tracker.latest_message or {}).get("entities") or []
        said = places.place_query(entities)
        if said and text in said:
            text = said
        resolution = places.resolve(text)
        if resolution.status == "ok":
            return {LOCATION: text, PLACE_LABEL: resolution.place.label}
        if resolution.status == "ambiguous":
            places.ask_which_place(dispatcher, resolution)
        else:
            places.say_unknown(dispatcher, text)
        return {LOCATION: None, PLACE_LABEL: None}


class ActionFindAccessPoint(Action):
    """Nearest access points for the place given, then the operator or the situation question."""

    def name(self) -> Text:
        return "action_find_access_point"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        resolution = places.resolve(tracker.get_slot(PLACE_LABEL) or tracker.get_slot(LOCATION))
        typed = places.resolve(tracker.get_slot(LOCATION)) if tracker.get_slot(LOCATION) else None
        if typed is not None and typed.place is not None and resolution.place == typed.place:
            resolution = typed  # as typed: it knows the namesakes of a place chosen for its size
        if resolution.status != "ok":
            places.say_unknown(dispatcher, tracker.get_slot(LOCATION))
            return []
        message = tracker.latest_message or {}
        profile = infer_profile(
            entities=message.get("entities") or [],
            slot_profile=tracker.get_slot(PROFILE),
            slot_age=tracker.get_slot("age"),
        ) or profile_from_words(message.get("text"))
        offset = places.requested_offset(message)
        kinds = places.requested_kinds(message)
        events = places.say_nearest(dispatcher, resolution.place, profile, kinds, offset, resolution=resolution)
        if offset:
            return events  # "more places": the operators were already named
        if profile:
            places.say_operators(dispatcher, profile, resolution.place, message.get("entities"))
        else:
            dispatcher.utter_message(response=profile_question(tracker.events))
        return events


class ActionOpeningHours(Action):
    """Opening hours of the nearest access point (of the network named, if any), only when a source gives them."""

    def name(self) -> Text:
        return "action_opening_hours"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        named = places.place_named_in(message)  # "la France services de Guéret": this message's place first
        if named is not None and named.status == "ambiguous":
            places.ask_which_place(dispatcher, named)
            return [SlotSet(LOCATION, None)]
        place = named.place if named is not None and named.status == "ok" else None
        place = place or places.known_place(tracker.current_slot_values())
        if place is None:
            dispatcher.utter_message(response="utter_opening_hours_ask_place")
            return []
        kinds = places.requested_kinds(message)  # the network named ("France services", "Mission locale")
        found = places.referral.nearest_access_points(place.lat, place.lon, limit=1, kinds=kinds or None)
        if kinds:
            found = [hit for hit in found if hit[1] <= places.referral.MAX_KIND_KM]
        if not found:
            dispatcher.utter_message(response="utter_no_access_point", place=place.label)
            return []
        point, distance = found[0]
        where = f" ({point.commune}, à {places.referral.french_km(distance)} km)" if point.commune else ""
        weekly = weekly_text(point.weekly_hours)
        if weekly or point.hours:
            dispatcher.utter_message(
                response="utter_opening_hours", name=point.name, where=where, hours=weekly or point.hours
            )
        elif point.website:  # never invented: the record's own site, else its phone
            dispatcher.utter_message(
                response="utter_opening_hours_unknown", name=point.name, where=where, website=point.website
            )
        elif point.phone:
            dispatcher.utter_message(
                response="utter_opening_hours_unknown_phone", name=point.name, where=where, phone=point.phone
            )
        else:
            dispatcher.utter_message(response="utter_opening_hours_unknown_no_contact", name=point.name, where=where)
        return []
