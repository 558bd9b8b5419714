"""The domain and the code agree: every response is used, every response an action names exists.

`rasa data validate` warns about responses used only by custom actions; this
test is the stricter check for those.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _domain():
    with open(ROOT / "domain.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _used_in(paths):
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    quoted = re.findall(r"[\"'](utter_[a-z_]+)[\"']", text)  # response="utter_x" in actions
    steps = re.findall(r"action: (utter_[a-z_]+)", text)  # rule and story steps
    return set(quoted) | set(steps)


def test_every_response_is_used_by_a_rule_story_form_or_action():
    from knowledge import faq

    responses = set(_domain()["responses"]) - set(faq.responses())  # said by action_answer_faq
    used = _used_in(list((ROOT / "data").rglob("*.yml")) + list((ROOT / "actions").glob("*.py")))
    # Rasa itself uses these: form questions (utter_ask_<slot>), fallbacks.
    implicit = {"utter_ask_location", "utter_ask_profile", "utter_default", "utter_ask_rephrase"}
    assert responses - used - implicit == set()


def test_every_response_named_in_actions_exists():
    responses = set(_domain()["responses"])
    named = _used_in(list((ROOT / "actions").glob("*.py"))) - {"utter_action"}  # Rasa's key in a bot event's metadata
    assert named <= responses, named - responses


def test_answers_are_polite_and_short():
    for name, variants in _domain()["responses"].items():
        for variant in variants:
            text = variant["text"]
            assert len(text) <= 600, name
            assert not re.search(r"\b(tu|ton|ta|tes|toi)\b", text, flags=re.IGNORECASE), name  # vouvoiement


def test_carry_over_slots_is_off():
    assert _domain()["session_config"]["carry_over_slots_to_new_session"] is False


def test_faq_answers_carry_the_official_site_of_their_facts():
    """Each FAQ answer names the official site recorded, with its source, in knowledge/faq.yml."""
    with open(ROOT / "knowledge" / "faq.yml", encoding="utf-8") as handle:
        faq = yaml.safe_load(handle)
    responses = _domain()["responses"]
    for record in faq:
        assert record["source"] and record["checked"], record["intent"]
        site = record.get("official_site")
        if site:
            host = site.split("//")[-1].split("/")[0].removeprefix("www.")
            name = f"utter_{record['intent']}"
            if name not in responses:  # a retrieval topic: its topic answer is generated
                name = f"{name}/general"
            assert host in responses[name][0]["text"], record["intent"]


def test_button_payloads_render_as_written_without_an_interpolation_error():
    """Rasa reads "{...}" in a response as a slot template: a JSON payload must be written with
    doubled braces, or every profile question logs an interpolation error."""
    import asyncio
    import json

    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(ROOT / "domain.yml"))
    generator = TemplatedNaturalLanguageGenerator(domain.responses)
    tracker = DialogueStateTracker.from_events("t", [], slots=domain.slots)
    with_buttons = [name for name, variants in domain.responses.items() if any(v.get("buttons") for v in variants)]
    assert "utter_ask_profile" in with_buttons
    from structlog.testing import capture_logs

    for name in with_buttons:
        with capture_logs() as logged:
            message = asyncio.run(generator.generate(name, tracker, "rest"))
        assert not [e for e in logged if e.get("log_level") in ("error", "exception")], (name, logged)
        for button in message["buttons"]:
            payload = button["payload"]
            assert "{{" not in payload and "0[" not in payload, payload
            if "{" in payload:
                intent, entities = payload.split("{", 1)
                assert intent.startswith("/") and isinstance(json.loads("{" + entities), dict), payload
