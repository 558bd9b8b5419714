"""Working out the situation from what the person said."""

from actions.profiles import infer_profile, profile_from_age


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
