"""The FAQ is data: sourced, dated answers, training phrasings and held-out questions for each one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge import build_faq_responses, faq

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "data" / "nlu" / "faq"
HOLDOUT = ROOT / "tests" / "nlu_holdout_faq.yml"
MIN_PHRASINGS = 10
MIN_QUESTIONS = 150


def _nlu_examples(path: Path) -> dict:
    """`intent` -> list of example texts of a Rasa NLU YAML file."""
    out = {}
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        if "intent" in block:
            lines = [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]
            out.setdefault(block["intent"], []).extend(lines)
    return out


def _training() -> dict:
    merged = {}
    for path in sorted(TRAINING_DIR.glob("*.yml")):
        for intent, texts in _nlu_examples(path).items():
            merged.setdefault(intent, []).extend(texts)
    return merged


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def test_every_question_is_valid_and_sourced():
    questions = faq.questions()  # raises FaqError on a missing source, date or figure date
    for items in questions.values():
        for q in items:
            assert q.source and q.checked, q.key
            if list(faq.figures(q.answer)):
                assert q.applies_from, q.key


def test_enough_precise_questions():
    total = sum(len(items) for items in faq.questions().values())
    assert total >= MIN_QUESTIONS, f"{total} precise questions"


def test_a_figure_without_a_date_is_refused():
    record = {
        "id": "x",
        "question": "Combien ?",
        "answer": "Le CPF paie 900 € au plus.",
        "source": ["https://example.org"],
        "checked": "2026-11-30",
    }
    with pytest.raises(faq.FaqError, match="applies_from"):
        faq.parse_question("ask_cpf", record, "test")
    faq.parse_question("ask_cpf", {**record, "applies_from": "2026-02-26"}, "test")


def test_an_answer_without_a_source_is_refused():
    record = {"id": "x", "question": "Qui ?", "answer": "Tout le monde.", "checked": "2026-11-30"}
    with pytest.raises(faq.FaqError, match="source"):
        faq.parse_question("ask_cpf", record, "test")
    with pytest.raises(faq.FaqError, match="source"):
        faq.parse_question("ask_cpf", {**record, "source": []}, "test")


def test_tutoiement_is_refused():
    record = {"id": "x", "question": "Qui ?", "answer": "Tu peux demander.", "source": ["s"], "checked": "2026-11-30"}
    with pytest.raises(faq.FaqError, match="vouvoiement"):
        faq.parse_question("ask_cpf", record, "test")


def test_domain_responses_are_generated_from_the_knowledge_files():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in faq.responses().items():
        assert domain["responses"].get(name) == variants, name
    assert build_faq_responses.main(["--check"]) == 0


def test_generated_block_replaces_itself():
    block = build_faq_responses.render({"utter_ask_x/general": [{"text": "Réponse « citée » : 1 €"}]})
    once = build_faq_responses.updated("responses:\n  utter_a:\n    - text: a\n", block)
    assert build_faq_responses.updated(once, block) == once
    parsed = yaml.safe_load(once)
    assert parsed["responses"]["utter_ask_x/general"][0]["text"] == "Réponse « citée » : 1 €"


def test_each_question_has_enough_training_phrasings():
    training = _training()
    for intent, items in faq.questions().items():
        for key in [f"{intent}/{faq.GENERAL}"] + [q.key for q in items]:
            assert len(set(map(_norm, training.get(key, [])))) >= MIN_PHRASINGS, key
    known = set(faq.all_keys())
    assert set(training) <= known, set(training) - known


def test_each_question_is_in_the_held_out_file_and_never_in_training():
    holdout = _nlu_examples(HOLDOUT)
    # Every precise question of every topic, and every topic answer, has a held-out question.
    for key in faq.all_keys():
        assert holdout.get(key), f"{key} has no held-out question"
    assert set(holdout) <= set(faq.all_keys()), set(holdout) - set(faq.all_keys())
    trained = {
        _norm(t)
        for path in (ROOT / "data" / "nlu").rglob("*.yml")
        for texts in _nlu_examples(path).values()
        for t in texts
    }
    leaked = [t for texts in holdout.values() for t in texts if _norm(t) in trained]
    assert not leaked, leaked


def test_retrieval_topics_are_answered_by_the_faq_action():
    rules = (ROOT / "data" / "rules" / "faq.yml").read_text(encoding="utf-8")
    parsed = yaml.safe_load(rules)["rules"]
    for intent in faq.retrieval_intents():
        steps = [r["steps"] for r in parsed if r["steps"][0].get("intent") == intent]
        assert steps and steps[0][1] == {"action": "action_answer_faq"}, intent


def _rank(*pairs):
    return [{"intent_response_key": k, "confidence": c} for k, c in pairs]


def test_select_answer_takes_the_precise_answer_of_the_topic():
    ranking = _rank(("ask_cpf/permis_conduire", 0.7), ("ask_cpf/general", 0.2))
    assert faq.select_answer("ask_cpf", ranking) == ("ask_cpf/permis_conduire", True)


def test_select_answer_falls_back_to_the_topic_answer_when_unsure():
    flat = [
        ("ask_cpf/permis_conduire", 0.05),
        ("ask_cpf/participation", 0.05),
        ("ask_cpf/solde", 0.05),
        ("ask_cpf/vae", 0.05),
    ]
    assert faq.select_answer("ask_cpf", _rank(*flat)) == ("ask_cpf/general", False)
    assert faq.select_answer("ask_cpf", []) == ("ask_cpf/general", False)  # a button, no text


def test_select_answer_stays_in_the_topic_unless_the_selector_is_sure():
    other = "ask_skills_assessment/duree"
    ranking = _rank((other, 0.25), ("ask_cpf/participation", 0.2), ("ask_cpf/solde", 0.05))
    assert faq.select_answer("ask_cpf", ranking, precise_min=0.0) == ("ask_cpf/participation", True)
    # the topic's own precise answer is too doubtful too (PRECISE_MIN_CONFIDENCE): the topic's answer
    assert faq.select_answer("ask_cpf", ranking) == ("ask_cpf/general", False)
    assert faq.select_answer("ask_cpf", _rank((other, 0.9))) == (other, True)


def test_select_answer_ignores_topics_without_precise_questions():
    assert faq.select_answer("greet", _rank(("ask_cpf/participation", 0.2))) == (None, False)


def test_select_answer_weighs_each_answer_by_its_topic_confidence():
    # The selector prefers a VAE answer, the intent classifier is sure of the CPF topic: the CPF answer wins.
    ranking = _rank(("ask_vae/financement", 0.5), ("ask_cpf/vae", 0.4), ("ask_cpf/solde", 0.05))
    intents = [{"name": "ask_cpf", "confidence": 0.9}, {"name": "ask_vae", "confidence": 0.05}]
    assert faq.select_answer("ask_cpf", ranking, intent_ranking=intents) == ("ask_cpf/vae", True)
    # Both models lean the same way: the answer of the other topic.
    intents = [{"name": "ask_cpf", "confidence": 0.5}, {"name": "ask_vae", "confidence": 0.45}]
    assert faq.select_answer("ask_cpf", ranking, intent_ranking=intents) == ("ask_vae/financement", True)


def test_select_answer_leaves_out_answers_of_topics_the_classifier_all_but_excludes():
    """The case of "je suis perdue": sure of the orientation topic, none of its answers in the selector's short
    ranking; a lone VAE answer must not get the VAE topic's whole share and be given with confidence."""
    ranking = _rank(("ask_youth/decrochage_16_ans", 0.32), ("ask_vae/validation_partielle", 0.05))
    intents = [
        {"name": "ask_orientation", "confidence": 0.998},
        {"name": "ask_vae", "confidence": 0.0004},
        {"name": "ask_youth", "confidence": 0.0001},
    ]
    assert faq.select_answer("ask_orientation", ranking, intent_ranking=intents) == ("ask_orientation/general", False)
    # A topic the classifier does weigh still lends its precise answer, when the selector is sure of it.
    intents[1]["confidence"] = 0.3
    assert faq.select_answer("ask_orientation", ranking, intent_ranking=intents) == ("ask_orientation/general", False)
    sure = _rank(("ask_vae/validation_partielle", 0.6), ("ask_youth/decrochage_16_ans", 0.1))
    assert faq.select_answer("ask_orientation", sure, intent_ranking=intents) == ("ask_vae/validation_partielle", True)


def test_a_doubtful_answer_of_another_topic_gives_way_to_the_classified_topic():
    """ "chauffeur routier, je voudrais un diplome avec mon experience": the classifier says VAE, the selector leans
    to the driving-licence aid at 0.47 (bench/probes, N14): the VAE answer, not the licence aid."""
    ranking = _rank(
        ("ask_job_search/aide_permis", 0.47), ("ask_vae/etapes_france_vae", 0.2), ("ask_vae/financement", 0.1)
    )
    intents = [{"name": "ask_vae", "confidence": 0.39}, {"name": "ask_job_search", "confidence": 0.35}]
    assert faq.select_answer("ask_vae", ranking, intent_ranking=intents, precise_min=0.0) == (
        "ask_vae/etapes_france_vae",
        True,
    )
    # the VAE answer at 0.2 is under PRECISE_MIN_CONFIDENCE: the VAE topic's answer
    assert faq.select_answer("ask_vae", ranking, intent_ranking=intents) == ("ask_vae/general", False)
    assert faq.select_answer("ask_vae", ranking, intent_ranking=intents, cross_topic_min=0.4)[0] == (
        "ask_job_search/aide_permis"
    )


def test_a_doubtful_precise_answer_of_the_classified_topic_gives_way_to_its_general_answer():
    """ "je suis maman solo 3 enfants … je veux reprendre un boulot mais j'ai peur" (bench/probes2, n05; N08 alike):
    the classifier says job search (0.59), and the topic's only answer in the selector's ranking, the
    driving-licence aid, has 0.078 of confidence (all its topic's share): the job-search answer and a person
    (bench/faq_floor.md), not the licence aid."""
    ranking = _rank(
        ("ask_youth/decrochage_16_ans", 0.113),
        ("ask_training/reprise_etudes_adulte", 0.089),
        ("ask_unemployment/conditions_allocation", 0.088),
        ("ask_job_search/aide_permis", 0.078),
        ("ask_studies/apres_la_3e", 0.052),
    )
    intents = [
        {"name": "ask_job_search", "confidence": 0.594},
        {"name": "ask_career_change", "confidence": 0.163},
        {"name": "inform", "confidence": 0.064},
        {"name": "ask_training", "confidence": 0.051},
    ]
    assert faq.PRECISE_MIN_CONFIDENCE == 0.3
    assert faq.select_answer("ask_job_search", ranking, intent_ranking=intents) == ("ask_job_search/general", False)
    assert faq.select_answer("ask_job_search", ranking, intent_ranking=intents, precise_min=0.0) == (
        "ask_job_search/aide_permis",
        True,
    )
    # a sure precise answer of the topic is still given, and the topic's general answer keeps its confidence
    sure = _rank(("ask_job_search/aide_permis", 0.35), ("ask_youth/decrochage_16_ans", 0.1))
    assert faq.select_answer("ask_job_search", sure, intent_ranking=intents) == ("ask_job_search/aide_permis", True)
    general = _rank(("ask_job_search/general", 0.3), ("ask_job_search/offres", 0.05))
    assert faq.select_answer("ask_job_search", general, intent_ranking=intents) == ("ask_job_search/general", True)


def test_select_answer_with_intent_ranking_still_falls_back_when_unsure():
    flat = _rank(
        ("ask_cpf/permis_conduire", 0.05),
        ("ask_cpf/participation", 0.05),
        ("ask_cpf/solde", 0.05),
        ("ask_cpf/vae", 0.05),
    )
    intents = [{"name": "ask_cpf", "confidence": 0.9}]
    assert faq.select_answer("ask_cpf", flat, intent_ranking=intents) == ("ask_cpf/general", False)
    assert faq.select_answer("ask_cpf", [], intent_ranking=intents) == ("ask_cpf/general", False)
    assert faq.select_answer("greet", flat, intent_ranking=[{"name": "greet", "confidence": 0.9}]) == (None, False)


def test_the_privacy_answers_quote_the_durations_the_code_applies(monkeypatch):
    from knowledge import retention

    record = {
        "id": "x",
        "question": "Combien de temps ?",
        "answer": "Effacée après $conversation_minutes minutes ; questions gardées $inbox_days jours.",
        "source": ["s"],
        "checked": "2026-11-30",
        "applies_from": "2026-11-28",
    }
    assert (
        faq.parse_question("ask_privacy", record, "test").answer
        == "Effacée après 30 minutes ; questions gardées 90 jours."
    )
    monkeypatch.setattr(retention, "CONVERSATION_TTL_SECONDS", 600)
    monkeypatch.setattr(retention, "INBOX_RETENTION_DAYS", 30)
    assert "après 10 minutes" in faq.parse_question("ask_privacy", record, "test").answer
    assert "gardées 30 jours" in faq.parse_question("ask_privacy", record, "test").answer
    answers = [q.answer for q in faq.questions()["ask_privacy"]] + [faq.topic_answers()["ask_privacy"]]
    assert all("$" not in a for a in answers)


def test_an_unknown_placeholder_is_refused():
    record = {"id": "x", "question": "Q ?", "answer": "Gardée $forever.", "source": ["s"], "checked": "2026-11-30"}
    with pytest.raises(faq.FaqError, match="placeholder"):
        faq.parse_question("ask_cpf", record, "test")


def test_another_topics_general_answer_does_not_replace_the_classified_topic():
    """ "je suis agricultrice et je veux arrêter, à 50 ans": the classifier says career change, the selector
    leans to the youth topic's general answer ("si vous avez entre 16 et 25 ans…"): the career-change answer
    is given, not the other topic's general one."""
    selector = [
        {"intent_response_key": "ask_youth/general", "confidence": 0.5},
        {"intent_response_key": "ask_career_change/general", "confidence": 0.2},
        {"intent_response_key": "ask_career_change/tester_metier", "confidence": 0.05},
    ]
    intents = [{"name": "ask_career_change", "confidence": 0.55}, {"name": "ask_youth", "confidence": 0.4}]
    key, _ = faq.select_answer("ask_career_change", selector, intent_ranking=intents)
    assert key is not None and key.startswith("ask_career_change/")
    # a precise answer of another topic may still win when both models lean to it
    selector[0] = {"intent_response_key": "ask_youth/cej_conditions", "confidence": 0.5}
    key, _ = faq.select_answer("ask_career_change", selector, intent_ranking=intents)
    assert key == "ask_youth/cej_conditions"
