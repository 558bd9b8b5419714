"""Answers that depend on the person's Region: the SPRO and the training catalogue of the Carif-Oref."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import places
from actions.safety import answers_on_error
from actions.slots import PLACE_LABEL
from knowledge import kb


def region_of_person(tracker: Tracker) -> Tuple[Optional[str], List[Dict[Text, Any]]]:
    """The Region of the place named in the latest message, else of the place given earlier.

    Returns the Region name (or None) and the slot events that keep the place for later
    answers. A namesake commune counts when all its candidates lie in one Region.
    """
    entities = (tracker.latest_message or {}).get("entities") or []
    said = places.place_query(entities)
    if said:
        resolution = places.resolve(said)
        if resolution.status == "ok":
            return resolution.place.region, [
                SlotSet(PLACE_LABEL, resolution.place.label),
                *places.location_events(entities),
            ]
        if resolution.status == "ambiguous":
            found = {place.region for place in resolution.candidates}
            return (found.pop() if len(found) == 1 else None), []
        return None, []
    place = places.known_place(tracker.current_slot_values())
    return (place.region if place else None), []


class ActionAnswerSpro(Action):
    """What the SPRO is; the Region's orientation service when the place is known, else ask for it."""

    def name(self) -> Text:
        return "action_answer_spro"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_spro_definition")
        region, events = region_of_person(tracker)
        record = kb.region_record(region)
        if record is None:
            dispatcher.utter_message(response="utter_spro_ask_place")
            return []
        service = record.get("spro_service")
        if service:
            website = service.get("website")
            dispatcher.utter_message(
                response="utter_spro_regional_service",
                region=record["name"],
                name=service["name"],
                website=f" ({website})" if website else "",
            )
        else:
            dispatcher.utter_message(response="utter_spro_no_regional_service", region=record["name"])
        return events


class ActionTrainingCatalogue(Action):
    """After the training answer: the Region's Carif-Oref catalogue, else the national one."""

    def name(self) -> Text:
        return "action_training_catalogue"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        region, events = region_of_person(tracker)
        record = kb.region_record(region)
        carif = (record or {}).get("carif_oref") or {}
        url = carif.get("training_catalogue_url") or carif.get("website")
        if record is not None and url:
            dispatcher.utter_message(
                response="utter_training_catalogue_regional", region=record["name"], name=carif["name"], url=url
            )
            return events
        national = kb.regions()["meta"]["national_carif_oref"]
        dispatcher.utter_message(response="utter_training_catalogue_national", url=national["training_catalogue_url"])
        return events
