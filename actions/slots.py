"""Slot, entity and response names shared by the actions."""

from knowledge.kb import PROFILES  # noqa: F401 - one list of situations, re-exported for the actions

LOCATION = "location"
POSTAL_CODE = "postal_code"
PLACE_LABEL = "place_label"
PROFILE = "profile"
AGE = "age"
