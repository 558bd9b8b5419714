"""The distress detector overrides the classifier for a crisis message, before the fallback, and nothing else."""

from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.nlu.distress_detector import OTHERS_SCALE, DistressDetector, crisis_ranking
from knowledge.distress import CRISIS_INTENT


def _message(text, ranking):
    message = Message(data={"text": text})
    message.set("intent", ranking[0] if ranking else None)
    message.set("intent_ranking", ranking)
    return message


def _ranking(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_a_crisis_phrase_wins_over_a_confident_classifier():
    # "j'ai envie de mourir" was out_of_scope at 0.75 for the model of 2026-12-01 without the detector
    message = _message("j'ai envie de mourir", _ranking(("out_of_scope", 0.75), ("inform", 0.05)))
    DistressDetector().process([message])
    assert message.get("intent") == {"name": CRISIS_INTENT, "confidence": 1.0}
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == CRISIS_INTENT
    assert ranking[1] == {"name": "out_of_scope", "confidence": 0.75 * OTHERS_SCALE}


def test_the_fallback_classifier_keeps_the_crisis_intent_even_after_a_sure_classifier():
    """The other intents are scaled down so that the ambiguity threshold (0.08 in config.yml) never fires."""
    message = _message("je veux me foutre en l'air", _ranking(("goodbye", 0.99), ("thank", 0.01)))
    DistressDetector().process([message])
    fallback = FallbackClassifier({"threshold": 0.3, "ambiguity_threshold": 0.08})
    fallback.process([message])
    assert message.get("intent")["name"] == CRISIS_INTENT


def test_other_messages_and_button_payloads_are_left_alone():
    ranking = _ranking(("ask_career_change", 0.53), ("ask_orientation", 0.09))
    figure = _message("je meurs d'envie de devenir pilote", list(ranking))
    payload = _message('/inform{"profile":"salarie"}', _ranking(("inform", 1.0)))
    DistressDetector().process([figure, payload])
    assert figure.get("intent_ranking") == ranking and figure.get("intent")["name"] == "ask_career_change"
    assert payload.get("intent")["name"] == "inform"


def test_crisis_ranking_keeps_one_crisis_entry():
    ranking = crisis_ranking(_ranking((CRISIS_INTENT, 0.4), ("inform", 0.3)))
    assert [r["name"] for r in ranking] == [CRISIS_INTENT, "inform"]
    assert ranking[0]["confidence"] == 1.0


def test_the_classifier_alone_never_gives_the_crisis_intent():
    """Without a crisis phrase, the classifier's express_distress is taken out and the rest renormalised."""
    ranking = _ranking((CRISIS_INTENT, 0.62), ("ask_career_change", 0.2), ("ask_orientation", 0.1))
    message = _message("je meurs d'envie de devenir pilote", ranking)
    DistressDetector().process([message])
    names = [r["name"] for r in message.get("intent_ranking")]
    assert CRISIS_INTENT not in names and names[0] == "ask_career_change"
    assert message.get("intent")["name"] == "ask_career_change"
    assert abs(message.get("intent")["confidence"] - 0.2 / 0.38) < 1e-9
    # above the fallback threshold of config.yml (0.3) once renormalised: the career answer, not "reformulez"
    FallbackClassifier({"threshold": 0.3, "ambiguity_threshold": 0.08}).process([message])
    assert message.get("intent")["name"] == "ask_career_change"


def test_ranking_without_crisis_on_a_ranking_of_the_crisis_intent_alone():
    message = _message("tout va bien", _ranking((CRISIS_INTENT, 1.0)))
    DistressDetector().process([message])
    assert message.get("intent_ranking") == [] and message.get("intent")["name"] is None
