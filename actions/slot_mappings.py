"""Slot values checked after each extraction: the whole place in the `location` slot."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions import places
from actions.slots import LOCATION


class ValidateSlotMappings(ValidationAction):
    """``action_validate_slot_mappings``: Rasa runs it after the slots of a message are extracted.

    The `location` mapping (`from_entity: location`, no role) keeps the commune alone when the message named
    it with its department or region ("Calvi" of "Calvi en Haute-Corse", the department being a second
    mention with the role "qualifier"), and a later turn would resolve another Calvi. Here the slot gets the
    whole place, as :func:`actions.places.place_query` joins it ("Calvi (Haute-Corse)").

    Only `location` is validated (``bot.rasa_plugins.speedups.VALIDATED_SLOTS`` skips the call on other turns).
    """

    def domain_slots(self, domain: DomainDict) -> List[Text]:
        """`location`, although rasa_sdk leaves out by default the slots that a form's mapping also fills
        (its `from_text` mapping while access_point_form asks for the place)."""
        return [LOCATION]

    def validate_location(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The commune with its qualifier when the message gave one, else the value as extracted."""
        whole = places.whole_place((tracker.latest_message or {}).get("entities"))
        return {LOCATION: whole} if whole else {LOCATION: slot_value}
