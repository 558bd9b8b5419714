"""Local places in chat: the right place for the situation, hours and date, next places and kind filter."""

from __future__ import annotations

import json

from actions.access_point import ActionFindAccessPoint
from actions.fallback import ActionDefaultAskAffirmation
from actions.faq import ActionAnswerFaq, ActionAnswerOutOfScope
from actions.operators import ActionHandleInform
from rasa_sdk.executor import CollectingDispatcher

from tests.actions.test_actions import DOMAIN, names, run, tracker


def place_lines(messages):
    return [m for m in messages if m["response"] == "utter_place_line"]


def test_lannion_20_year_old_gets_the_lannion_mission_locale_first():
    entities = [{"entity": "age", "value": "20"}, {"entity": "location", "value": "Lannion"}]
    messages, events = run(ActionHandleInform(), tracker("inform", entities, text="j'ai 20 ans, j'habite à Lannion"))
    lines = place_lines(messages)
    assert "Mission locale" in lines[0]["name"] and lines[0]["commune"] == "Lannion"
    assert "16 et 25 ans" in lines[0]["details"] and "Données DILA" in lines[0]["details"]
    assert all("Données" in line["details"] or "informations relevées" in line["details"] for line in lines)
    check = next(m for m in messages if m["response"] == "utter_places_check")
    titles = [b["title"] for b in check["buttons"]]
    assert titles[0] == "Voir d'autres lieux" and any("CIO" in t for t in titles)
    assert "utter_operator_line" in names(messages)


def test_pupil_in_lannion_gets_the_cio():
    messages, _ = run(
        ActionFindAccessPoint(), tracker("find_access_point", slots={"location": "Lannion", "profile": "etudiant"})
    )
    assert place_lines(messages)[0]["name"].startswith("Centre d'information et d'orientation")


def test_today_hours_of_a_france_services_desk():
    messages, _ = run(
        ActionFindAccessPoint(),
        tracker("find_access_point", slots={"location": "Lannion"}, text="où aller à Lannion ?"),
    )
    first = place_lines(messages)[0]
    assert first["name"] == "France services de Lannion"
    assert "aujourd'hui" in first["details"] and "Données ANCT d'août 2024" in first["details"]


def test_mission_locale_named_in_the_question_filters_the_kind():
    messages, _ = run(
        ActionFindAccessPoint(),
        tracker(
            "find_access_point",
            [{"entity": "location", "value": "Vannes"}],
            {"location": "Vannes"},
            text="la mission locale la plus proche de Vannes",
        ),
    )
    lines = place_lines(messages)
    assert lines and all("Mission locale" in line["name"] or "mission locale" in line["name"].lower() for line in lines)
    assert lines[0]["commune"] == "Vannes"


def test_more_places_button_shows_the_next_ones():
    first, _ = run(ActionFindAccessPoint(), tracker("find_access_point", slots={"location": "Brest"}))
    check = next(m for m in first if m["response"] == "utter_places_check")
    payload = check["buttons"][0]["payload"]
    entities = [{"entity": k, "value": v} for k, v in json.loads(payload[len("/find_access_point") :]).items()]
    more, _ = run(ActionFindAccessPoint(), tracker("find_access_point", entities, {"location": "Brest"}))
    assert [m["rank"] for m in place_lines(more)] == [4, 5, 6]
    assert {m["name"] for m in place_lines(more)}.isdisjoint({m["name"] for m in place_lines(first)})
    assert "utter_operator_intro" not in names(more) and "utter_ask_profile" not in names(more)


def test_kind_filter_button():
    entities = [{"entity": "location", "value": "Brest"}, {"entity": "place_kind", "value": "cio"}]
    messages, _ = run(ActionFindAccessPoint(), tracker("find_access_point", entities, {"location": "Brest"}))
    assert all("CIO" in m["name"] or "orientation" in m["name"] for m in place_lines(messages))


def test_place_named_in_a_topic_question_gets_the_local_answer():
    entities = [{"entity": "location", "value": "Brest"}]
    messages, events = run(
        ActionAnswerFaq(),
        tracker(
            "ask_job_search",
            entities,
            {"profile": "demandeur_emploi"},
            text="je cherche un conseiller pôle emploi à Brest",
        ),
    )
    lines = place_lines(messages)
    assert lines and "Brest" in lines[0]["commune"]
    operators = [m for m in messages if m["response"] == "utter_operator_line"]
    assert operators[0]["name"] == "France Travail"
    assert any(isinstance(e, dict) and e.get("name") == "place_label" for e in events)


def test_unclear_question_naming_a_place_still_gets_the_local_answer():
    ranking = [{"name": "ask_job_search", "confidence": 0.4}, {"name": "find_access_point", "confidence": 0.3}]
    t = tracker(
        "nlu_fallback",
        [{"entity": "location", "value": "Brest"}],
        text="je cherche un conseiller pôle emploi à Brest",
        ranking=ranking,
    )
    messages, events = run(ActionDefaultAskAffirmation(), t)
    lines = place_lines(messages)
    assert lines and "Brest" in lines[0]["commune"]
    operators = [m for m in messages if m["response"] == "utter_operator_line"]
    assert operators[0]["name"] == "France Travail"  # "pôle emploi" tells the situation
    assert "utter_did_you_mean" not in names(messages)  # answered: no "did you mean" after the answer


def test_topic_question_with_a_place_and_no_situation_asks_it():
    messages, _ = run(
        ActionAnswerFaq(),
        tracker(
            "ask_orientation",
            [{"entity": "location", "value": "Vannes"}],
            text="je veux me réorienter, j'habite Vannes",
        ),
    )
    assert place_lines(messages) and names(messages)[-1] == "utter_ask_profile"


def test_namesake_in_a_topic_question_is_asked_not_dropped():
    entities = [{"entity": "location", "value": "Saint-Pierre"}]
    messages, events = run(
        ActionAnswerFaq(),
        tracker("ask_job_search", entities, text="je cherche un conseiller pôle emploi à Saint-Pierre"),
    )
    ask = next(m for m in messages if m["response"] == "utter_ask_which_place")
    titles = [b["title"] for b in ask["buttons"]]
    assert "Saint-Pierre (974)" in titles and "Saint-Pierre (972)" in titles
    assert not place_lines(messages)


def test_misspelt_name_that_fits_several_asks_with_the_spelling_message():
    entities = [{"entity": "location", "value": "Saint-Gorges"}]
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text="Saint-Gorges"))
    [ask] = [m for m in messages if m["response"].startswith("utter_ask_which_place")]
    assert ask["response"] == "utter_ask_which_place_spelling"
    assert all(b["title"].startswith("Saint-Georges (") for b in ask["buttons"])


def test_larger_namesake_taken_is_said_with_how_to_name_another():
    entities = [{"entity": "location", "value": "Bagneux"}]
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text="j'habite à Bagneux"))
    assumed = next(m for m in messages if m["response"] == "utter_place_assumed")
    assert assumed["place"] == "Bagneux (92)" and assumed["example"].startswith("Bagneux (")
    assert names(messages).index("utter_place_assumed") < names(messages).index("utter_place_line")


def test_postal_code_and_name_of_one_message_are_resolved_together():
    entities = [{"entity": "location", "value": "Saint-Denis"}, {"entity": "postal_code", "value": "97400"}]
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text="Saint-Denis 97400"))
    intro = next(m for m in messages if m["response"] == "utter_nearest_intro")
    assert intro["place"] == "97400 Saint-Denis"
    assert "utter_ask_which_place" not in names(messages)


def test_form_takes_the_postal_code_typed_with_the_name():
    from actions.access_point import ValidateAccessPointForm
    from tests.actions.test_actions import DOMAIN

    entities = [{"entity": "location", "value": "Saint-Denis"}, {"entity": "postal_code", "value": "93200"}]
    dispatcher = CollectingDispatcher()
    result = ValidateAccessPointForm().validate_location(
        "Saint-Denis", dispatcher, tracker("inform", entities, text="Saint-Denis 93200"), DOMAIN
    )
    assert result["place_label"] == "93200 Saint-Denis" and not dispatcher.messages


def test_pacific_collectivity_gets_its_local_employment_service_once():
    """Papeete (987): no listed place, and the national operators do not receive people there."""
    entities = [{"entity": "profile", "value": "demandeur_emploi"}, {"entity": "location", "value": "Papeete"}]
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text="je cherche un emploi à Papeete"))
    assert names(messages) == ["utter_territory_services"]
    assert "SEFI" in messages[0]["services"] and messages[0]["place"].startswith("Papeete")
    # Wallis-et-Futuna: no verified service, said so rather than a national operator
    messages, _ = run(ActionFindAccessPoint(), tracker("find_access_point", slots={"location": "98600"}))
    assert "utter_territory_no_service" in names(messages)
    assert "utter_operator_line" not in names(messages) and "utter_no_access_point" not in names(messages)


def test_a_question_from_noumea_gets_the_local_service_and_no_situation_question():
    """Probe p3-31 (bench/probes3): "je suis a Nouméa je cherche du travail" was asked its situation after the
    local service, although no situation leads to a national operator there."""
    entities = [{"entity": "location", "value": "Nouméa"}]
    messages, _ = run(
        ActionAnswerFaq(), tracker("ask_job_search", entities, text="je suis a Nouméa je cherche du travail")
    )
    assert "utter_territory_services" in names(messages)
    assert "utter_ask_profile" not in names(messages) and "utter_operator_line" not in names(messages)
    # the same topic from mainland France still asks it
    entities = [{"entity": "location", "value": "Quimper"}]
    messages, _ = run(ActionAnswerFaq(), tracker("ask_job_search", entities, text="je cherche du travail a Quimper"))
    assert "utter_ask_profile" in names(messages)


def test_nearest_france_travail_agency_of_quimper_named_in_the_question():
    messages, _ = run(
        ActionFindAccessPoint(),
        tracker(
            "find_access_point",
            [{"entity": "location", "value": "Quimper"}],
            {"location": "Quimper"},
            text="où est l'agence France Travail la plus proche de Quimper",
        ),
    )
    lines = place_lines(messages)
    assert lines and all(line["name"].startswith("Agence France Travail") for line in lines)
    assert lines[0]["commune"] == "Quimper" and "vérifiez avant de vous déplacer" in lines[0]["details"]
    assert "Données Pôle emploi de novembre 2019" in lines[0]["details"]


def test_job_seeker_in_quimper_gets_the_agency_then_a_france_services():
    messages, _ = run(
        ActionFindAccessPoint(),
        tracker("find_access_point", slots={"location": "Quimper", "profile": "demandeur_emploi"}),
    )
    lines = place_lines(messages)
    assert lines[0]["name"].startswith("Agence France Travail") and lines[1]["name"].startswith("France services")
    assert "utter_operator_line" in names(messages)


def test_a_person_with_a_disability_in_lyon_is_offered_the_cap_emploi_first(monkeypatch, tmp_path):
    """With the directory imported (synthetic sample): the nearest Cap emploi, its reason, then France services."""
    from tests.knowledge.synced_directory import SAMPLE_CAP_EMPLOI, use_synced_directory

    use_synced_directory(monkeypatch, tmp_path)
    messages, _ = run(
        ActionFindAccessPoint(),
        tracker("find_access_point", slots={"location": "69003 Lyon", "profile": "handicap"}),
    )
    lines = place_lines(messages)
    assert lines[0]["name"] == SAMPLE_CAP_EMPLOI and lines[0]["commune"] == "Lyon"
    assert "situation de handicap : Cap emploi vous accompagne" in lines[0]["details"]
    assert "6 avenue de l'Exemple" in lines[0]["details"]
    assert all(line["name"].startswith("France services") for line in lines[1:])


def _filter_buttons(messages):
    check = next(m for m in messages if m["response"] == "utter_places_check")
    return {b["title"]: b["payload"] for b in check["buttons"] if b["title"].startswith("Seulement : ")}


def test_a_list_with_a_france_travail_agency_offers_a_france_travail_filter_that_shows_the_agencies():
    messages, _ = run(
        ActionFindAccessPoint(),
        tracker("find_access_point", slots={"location": "Quimper", "profile": "demandeur_emploi"}),
    )
    filters = _filter_buttons(messages)
    assert list(filters)[-1] == "Seulement : France Travail"
    payload = filters["Seulement : France Travail"]
    entities = json.loads(payload[len("/find_access_point") :])
    assert payload.startswith("/find_access_point{") and entities["place_kind"] == "france_travail"
    # the button, replayed as Rasa parses it, lists only agencies, with no France Travail button again
    parsed = [{"entity": k, "value": v} for k, v in entities.items()]
    agencies, _ = run(ActionFindAccessPoint(), tracker("find_access_point", parsed, {"location": "Quimper"}))
    lines = place_lines(agencies)
    assert len(lines) == 3 and all(line["name"].startswith("Agence France Travail") for line in lines)
    assert "Seulement : France Travail" not in _filter_buttons(agencies)


def test_no_france_travail_filter_under_a_list_without_an_agency():
    for slots in ({"location": "Lannion"}, {"location": "Lannion", "profile": "etudiant"}):
        messages, _ = run(ActionFindAccessPoint(), tracker("find_access_point", slots=slots))
        assert place_lines(messages) and not any(line["name"].startswith("Agence") for line in place_lines(messages))
        filters = _filter_buttons(messages)
        assert "Seulement : France Travail" not in filters and "Seulement : Mission locale" in filters


def test_a_name_typed_with_a_slip_says_which_commune_was_understood():
    entities = [{"entity": "location", "value": "Lanion"}]
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text="j'habite à Lanion"))
    corrected = next(m for m in messages if m["response"] == "utter_place_corrected")
    assert corrected["place"] == "Lannion (22)"
    assert names(messages).index("utter_place_corrected") < names(messages).index("utter_place_line")


def test_a_name_typed_exactly_gets_no_correction():
    entities = [{"entity": "location", "value": "Lannion"}]
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text="j'habite à Lannion"))
    assert "utter_place_corrected" not in names(messages) and place_lines(messages)


def _faq_tracker(key, entities=(), slots=None, text="comment trouver ma mission locale"):
    intent = key.split("/")[0]
    t = tracker(intent, list(entities), slots=slots, text=text)
    t.latest_message["response_selector"] = {"default": {"ranking": [{"intent_response_key": key, "confidence": 0.9}]}}
    return t


def test_an_answer_leading_to_a_place_asks_for_the_postal_code_once_when_no_place_is_known():
    messages, _ = run(ActionAnswerFaq(), _faq_tracker("ask_youth/mission_locale_trouver"))
    said = names(messages)
    assert said[0] == "utter_ask_youth/mission_locale_trouver"
    assert said.count("utter_ask_location_for_operator") == 1
    assert "code postal" not in DOMAIN["responses"]["utter_ask_youth/mission_locale_trouver"][0]["text"]


def test_an_answer_leading_to_a_place_does_not_ask_for_a_place_given_in_the_message():
    entities = [{"entity": "location", "value": "Plouguerneau"}]
    messages, _ = run(
        ActionAnswerFaq(),
        _faq_tracker("ask_youth/mission_locale_trouver", entities, text="mission locale Plouguerneau"),
    )
    said = names(messages)
    assert "utter_nearest_intro" in said and "utter_ask_location_for_operator" not in said


def test_an_answer_leading_to_a_place_does_not_ask_for_a_place_already_known():
    messages, _ = run(ActionAnswerFaq(), _faq_tracker("ask_youth/mission_locale_trouver", slots={"location": "Brest"}))
    assert "utter_ask_location_for_operator" not in names(messages)


def test_other_answers_do_not_offer_a_place_search():
    messages, _ = run(ActionAnswerFaq(), _faq_tracker("ask_cpf/permis_conduire", text="cpf permis"))
    assert names(messages) == ["utter_ask_cpf/permis_conduire"]


def test_an_administrative_question_naming_a_town_gets_the_nearest_france_services():
    entities = [{"entity": "location", "value": "Evreux"}]
    t = tracker("out_of_scope", entities, text="je cherche un logement social a Evreux")
    messages, events = run(ActionAnswerOutOfScope(), t)
    said = names(messages)
    assert said[0] == "utter_out_of_scope" and "utter_nearest_intro" in said
    lines = place_lines(messages)
    assert lines and all(line["name"].startswith("France services") for line in lines)
    assert float(lines[0]["distance"].replace(",", ".").replace("moins de 1", "0")) < 15
    assert any(isinstance(e, dict) and e.get("name") == "place_label" for e in events)


def test_an_administrative_question_without_a_place_gets_the_pointer_only():
    messages, _ = run(ActionAnswerOutOfScope(), tracker("out_of_scope", [], text="combien de temps pour un passeport"))
    assert names(messages) == ["utter_out_of_scope"]


def _operator_names(messages):
    return [m["name"] for m in messages if m["response"] == "utter_operator_line"]


def test_a_laid_off_engineer_is_referred_to_france_travail_and_the_apec():
    entities = [{"entity": "profile", "value": "cadre"}, {"entity": "profile", "value": "demandeur_emploi"}]
    text = "je suis ingenieur je viens d etre licenciee je dois m inscrire a france travail ou a l apec"
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text=text))
    operators = _operator_names(messages)
    assert operators[0] == "France Travail" and any("Apec" in name for name in operators)


def test_a_young_job_seeker_is_referred_to_france_travail_and_the_mission_locale():
    entities = [{"entity": "age", "value": "22"}, {"entity": "profile", "value": "demandeur_emploi"}]
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text="j'ai 22 ans je touche le rsa"))
    operators = _operator_names(messages)
    assert operators[0] == "France Travail" and any("Mission locale" in name for name in operators)
    assert len(operators) == len(set(operators))


def test_one_situation_names_only_its_operators():
    entities = [{"entity": "profile", "value": "demandeur_emploi"}]
    messages, _ = run(ActionHandleInform(), tracker("inform", entities, text="je suis au chomage"))
    assert _operator_names(messages) == ["France Travail"]
