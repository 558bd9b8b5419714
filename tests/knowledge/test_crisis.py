"""The crisis answer and its helplines: sourced, dated, short, and said as generated into domain.yml."""

from pathlib import Path

import pytest
import yaml

from knowledge import crisis
from knowledge.kb import KnowledgeError

ROOT = Path(__file__).resolve().parents[2]


def test_the_answer_gives_the_3114_and_the_emergency_numbers_each_sourced():
    answer, helplines = crisis.load_crisis()
    phones = {phone: record for record in helplines for phone in record["phones"]}
    assert {"3114", "15", "112"} <= set(phones)
    for record in helplines:
        assert record["source"] and record["checked"] and record["applies_from"]
    assert any("3114.fr" in s or "service-public" in s for s in phones["3114"]["source"])
    assert answer.index("3114") < answer.index("15 (Samu)")  # the helpline first, then the emergency
    assert "gratuit" in answer and "24 h/24" in answer and "7 j/7" in answer


def test_the_domain_says_the_generated_answer():
    with open(ROOT / "domain.yml", encoding="utf-8") as handle:
        responses = yaml.safe_load(handle)["responses"]
    assert responses[crisis.RESPONSE] == [{"text": crisis.crisis_answer()}]


def test_the_crisis_answer_asks_for_no_identity():
    with open(ROOT / "domain.yml", encoding="utf-8") as handle:
        responses = yaml.safe_load(handle)["responses"]
    said = crisis.crisis_answer() + " " + responses["utter_crisis_offer"][0]["text"]
    assert "?" not in said  # nothing is asked of the visitor
    assert "ni votre nom ni vos coordonnées" in said


def _write(tmp_path, data):
    path = tmp_path / "crisis.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _valid():
    with open(crisis.CRISIS_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_a_helpline_without_source_is_refused(tmp_path):
    data = _valid()
    del data["helplines"][0]["source"]
    with pytest.raises(KnowledgeError, match="source"):
        crisis.load_crisis(_write(tmp_path, data))


def test_an_answer_that_forgets_a_number_is_refused(tmp_path):
    data = _valid()
    data["answer_fr"] = data["answer_fr"].replace("le 112", "les secours")
    with pytest.raises(KnowledgeError, match="112"):
        crisis.load_crisis(_write(tmp_path, data))


def test_an_answer_in_tutoiement_is_refused(tmp_path):
    data = _valid()
    data["answer_fr"] = data["answer_fr"].replace("Ce que vous vivez", "Ce que tu vis")
    with pytest.raises(KnowledgeError, match="vouvoiement"):
        crisis.load_crisis(_write(tmp_path, data))
