"""Distances and contacts as the visitor reads them."""

from actions.fallback import intent_labels, suggestions
from actions.formatting import operator_contact, place_details
from knowledge.referral import french_km


def test_french_distances():
    assert french_km(0.4) == "moins de 1"
    assert french_km(12.345) == "12,3"
    assert french_km(154.6) == "155"


def test_place_details_only_show_known_facts():
    assert place_details({"address": None, "phone": None, "website": None}) is None
    text = place_details(
        {
            "address": "30 avenue Corentin-Cariou",
            "postal_code": "75019",
            "commune": "Paris",
            "phone": None,
            "website": "https://example.org",
        }
    )
    assert text == "Adresse : 30 avenue Corentin-Cariou, 75019 Paris. Site : https://example.org."


def test_operator_contact():
    assert operator_contact({"website": "https://www.francetravail.fr", "phone": "39 49"}) == (
        " (https://www.francetravail.fr, tél. 39 49)"
    )
    assert operator_contact({"website": None, "phone": None}) == ""


def test_fallback_suggests_only_labelled_intents_best_first():
    ranking = [
        {"name": "nlu_fallback"},
        {"name": "ask_cpf"},
        {"name": "greet"},
        {"name": "ask_vae"},
        {"name": "ask_training"},
    ]
    assert suggestions(ranking) == ["ask_cpf", "ask_vae"]


def test_every_label_names_a_domain_intent():
    import yaml

    with open("domain.yml", encoding="utf-8") as handle:
        intents = set(yaml.safe_load(handle)["intents"])
    assert set(intent_labels()) <= intents


def test_stale_place_tells_to_check_before_travelling():
    from knowledge import kb

    points = {p.id: p for p in kb.load_access_points()}
    assert "vérifiez avant de vous déplacer" in place_details(points["cdm-cotes-darmor"])
    assert "2017" in place_details(points["cdm-cotes-darmor"])
    assert "vérifiez avant de vous déplacer" not in (place_details(points["cdm-paris"]) or "")


def test_a_france_travail_agency_of_2019_says_its_source_date_and_to_check_before_travelling():
    from knowledge.kb import knowledge_base

    agency = next(p for p in knowledge_base()[0] if p.kind == "france_travail")
    details = place_details(agency)
    assert "Données Pôle emploi de novembre 2019" in details
    assert "Information ancienne (dernière source : 2019) : vérifiez avant de vous déplacer" in details
    assert "Tél." not in details and "Site" not in details  # the source gives neither
