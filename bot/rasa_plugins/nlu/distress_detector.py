"""Decides the intent ``express_distress``: a crisis message gets it whatever the classifier said, and only a
crisis message does. Runs after the intent classifier, before the fallback.

A message that speaks of suicide, of a wish to die or of self-harm must get the crisis answer first (the 3114
and the emergency numbers, data/rules/distress.yml), not a guess of the classifier nor "reformulez". The phrases
are set ones, so rules on the folded text (``knowledge/distress.py``, with its guards against figures of speech:
"mourir d'ennui", "tuer le temps", "mort de rire") are more reliable than a classifier trained on a few dozen
examples:

* a crisis phrase: ``express_distress`` at confidence 1; the classifier's other intents stay in the ranking,
  scaled by ``OTHERS_SCALE`` so that the fallback's ambiguity threshold never fires;
* no crisis phrase: the classifier's ``express_distress`` is taken out of the ranking and the other intents'
  confidences renormalised (what the classifier says given that this is not a crisis). Acting on it alone gave
  the crisis answer to "je meurs d'envie de devenir pilote" (0.62), "je cherche à tuer le temps" (0.69) and a
  visitor who wanted another working life (0.93) in the first model trained with the intent (2026-12-01).

Button payloads are left alone. Nothing of the text is logged or stored.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.nlu.components import StatelessComponent, typed_text
from knowledge.distress import CRISIS_INTENT, is_crisis

#: The classifier's other intents are kept in the ranking at this share of their confidence.
OTHERS_SCALE = 0.5


def _others(ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [
        {
            INTENT_NAME_KEY: r.get(INTENT_NAME_KEY),
            PREDICTED_CONFIDENCE_KEY: float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0),
        }
        for r in ranking or []
        if r.get(INTENT_NAME_KEY) not in (CRISIS_INTENT, None)
    ]


def crisis_ranking(ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """``ranking`` with ``express_distress`` first at confidence 1, the other intents scaled by OTHERS_SCALE."""
    others = [{**r, PREDICTED_CONFIDENCE_KEY: r[PREDICTED_CONFIDENCE_KEY] * OTHERS_SCALE} for r in _others(ranking)]
    return [{INTENT_NAME_KEY: CRISIS_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}] + others


def ranking_without_crisis(ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """``ranking`` without ``express_distress``, the other confidences divided by what it left (best first)."""
    crisis = sum(
        float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in ranking or [] if r.get(INTENT_NAME_KEY) == CRISIS_INTENT
    )
    rest = 1.0 - crisis
    others = _others(ranking)
    if rest > 1e-6:
        others = [{**r, PREDICTED_CONFIDENCE_KEY: min(1.0, r[PREDICTED_CONFIDENCE_KEY] / rest)} for r in others]
    return sorted(others, key=lambda r: r[PREDICTED_CONFIDENCE_KEY], reverse=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DistressDetector(StatelessComponent):
    """Sets ``express_distress`` on typed messages with a crisis phrase, and only on them (see the module docstring)."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = typed_text(message)
            if text is None:
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            if is_crisis(text):
                ranking = crisis_ranking(ranking)
            elif any(r.get(INTENT_NAME_KEY) == CRISIS_INTENT for r in ranking):
                ranking = ranking_without_crisis(ranking)
            else:
                continue
            best = ranking[0] if ranking else {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}
            message.set(INTENT, best, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
