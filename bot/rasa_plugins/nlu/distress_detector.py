"""Makes a crisis message the intent ``express_distress`` whatever the classifier said, before the fallback.

A message that speaks of suicide, of a wish to die or of self-harm must get the crisis answer first (the 3114
and the emergency numbers, data/rules/distress.yml), not a guess of the classifier nor "reformulez". The phrases
are set ones, so rules on the folded text (``knowledge/distress.py``, with its guards against figures of speech:
"mourir d'ennui", "tuer le temps", "mort de rire") are more reliable than a classifier trained on a few dozen
examples; the classifier's own ``express_distress`` still answers what no rule names.

Runs after the intent classifier and before ``FallbackClassifier``: the crisis intent gets confidence 1 and
the classifier's other intents are kept below it, scaled by ``OTHERS_SCALE`` so that the fallback's ambiguity
threshold never fires. Button payloads are left alone. Nothing of the text is logged or stored.
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


def crisis_ranking(ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """``ranking`` with ``express_distress`` first at confidence 1, the other intents scaled by OTHERS_SCALE."""
    others = [
        {
            INTENT_NAME_KEY: r.get(INTENT_NAME_KEY),
            PREDICTED_CONFIDENCE_KEY: float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) * OTHERS_SCALE,
        }
        for r in ranking or []
        if r.get(INTENT_NAME_KEY) not in (CRISIS_INTENT, None)
    ]
    return [{INTENT_NAME_KEY: CRISIS_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}] + others


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DistressDetector(StatelessComponent):
    """Sets the intent ``express_distress`` on typed messages with a crisis phrase (see the module docstring)."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = typed_text(message)
            if text is None or not is_crisis(text):
                continue
            ranking = crisis_ranking(message.get(INTENT_RANKING_KEY) or [])
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
