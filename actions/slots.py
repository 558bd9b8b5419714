"""Slot, entity and response names shared by the actions."""

LOCATION = "location"
POSTAL_CODE = "postal_code"
PLACE_LABEL = "place_label"
PROFILE = "profile"
AGE = "age"

PROFILES = (
    "jeune",
    "demandeur_emploi",
    "salarie",
    "cadre",
    "handicap",
    "createur",
    "etudiant",
    "autre",
)
