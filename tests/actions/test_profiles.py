"""Working out the situation from what the person said."""

from actions.profiles import age_band, infer_profile, known_age, profile_from_age


def ent(entity, value):
    return {"entity": entity, "value": value}


def test_age_16_to_25_means_jeune():
    assert profile_from_age(20) == "jeune"
    assert profile_from_age("16") == "jeune"
    assert profile_from_age(26) is None
    assert profile_from_age("vingt") is None


def test_stated_situation_beats_earlier_one_and_topic():
    assert infer_profile(entities=[ent("profile", "cadre")], slot_profile="salarie", intent="ask_youth") == "cadre"


def test_disability_wins_over_other_stated_situations():
    entities = [ent("profile", "handicap"), ent("profile", "demandeur_emploi")]
    assert infer_profile(entities=entities) == "handicap"


def test_topic_gives_the_situation_when_nothing_is_stated():
    assert infer_profile(intent="ask_youth") == "jeune"
    assert infer_profile(intent="ask_executive") == "cadre"
    assert infer_profile(intent="ask_cpf") is None


def test_age_in_the_message_and_in_the_slot():
    assert infer_profile(entities=[ent("age", "19")]) == "jeune"
    assert infer_profile(slot_age=22.0) == "jeune"
    assert infer_profile(slot_age=45.0) is None


def test_unknown_values_are_ignored():
    assert infer_profile(entities=[ent("profile", "astronaute")], slot_profile="pirate") is None


def test_a_business_creation_question_makes_a_stated_employee_a_creator():
    baker = [{"entity": "profile", "value": "salarie"}]
    assert infer_profile(entities=baker, intent="ask_business_creation") == "createur"
    assert infer_profile(entities=baker, intent="ask_career_change") == "salarie"
    disabled = [{"entity": "profile", "value": "handicap"}]
    assert infer_profile(entities=disabled, intent="ask_business_creation") == "handicap"


def test_age_band_against_the_missions_locales_16_to_25():
    expected = ["below", "youth", "youth", "above", "above", "above"]
    assert [age_band(a) for a in (15, "16", 25, 25.5, 26, 47.0)] == expected
    assert age_band(None) is None and age_band("vingt") is None and age_band(float("nan")) is None


def test_the_age_stated_now_beats_the_one_kept():
    assert known_age([ent("age", "47")], 20.0) == "47"
    assert known_age([], 20.0) == 20.0


def test_a_stated_age_outside_16_25_is_no_young_person_whatever_the_topic():
    # bench/probes N02: "j'ai 47 ans ... je sais pas quoi faire", classified ask_youth
    assert infer_profile(entities=[ent("age", "47")], intent="ask_youth") is None
    assert infer_profile(slot_age=15.0, intent="ask_youth") is None
    assert infer_profile(entities=[ent("age", "47"), ent("profile", "demandeur_emploi")], intent="ask_youth") == (
        "demandeur_emploi"
    )
    assert infer_profile(entities=[ent("age", "20")], intent="ask_youth") == "jeune"
    assert infer_profile(entities=[ent("age", "47")], intent="ask_executive") == "cadre"
