"""The linear intent classifier trains, persists, reloads and ranks intents for Rasa."""

from pathlib import Path

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.nlu.linear_classifier import LinearIntentClassifier, base_intent, fold

EXAMPLES = {
    "ask_cpf": [
        "utiliser mon cpf",
        "mon compte formation",
        "combien sur mon cpf",
        "droits cpf formation",
        "financer une formation avec le cpf",
        "solde du compte personnel de formation",
    ],
    "greet": ["bonjour", "salut", "coucou", "bonsoir", "hello", "bonjour a vous"],
    "faq": [
        "c'est quoi la vae",
        "la vae c'est quoi",
        "qu'est-ce que la vae",
        "vae definition",
        "validation des acquis",
        "comment marche la vae",
    ],
}


def _training_data() -> TrainingData:
    messages = []
    for intent, texts in EXAMPLES.items():
        for text in texts:
            # Retrieval intents arrive as faq/ask_x: the classifier learns the base intent.
            messages.append(Message.build(text, intent="faq/ask_vae" if intent == "faq" else intent))
    return TrainingData(messages)


def test_helpers():
    assert fold("L’Éducation À") == "l education a"
    assert fold("La V.A.E, combien ? R.Q.T.H.") == "la vae, combien ? rqth"
    assert base_intent("faq/ask_vae") == "faq" and base_intent("greet") == "greet"


def test_trains_persists_reloads_and_sets_intent_and_ranking(tmp_path: Path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    component = LinearIntentClassifier.create({}, storage, resource, None)
    component.train(_training_data())
    loaded = LinearIntentClassifier.load({}, storage, resource, None)
    [cpf, hello, vae, empty] = loaded.process(
        [
            Message(data={"text": "combien sur mon compte CPF"}),
            Message(data={"text": "Bonjour !"}),
            Message(data={"text": "c quoi la VAE"}),
            Message(data={"text": "  "}),
        ]
    )
    assert cpf.get("intent")["name"] == "ask_cpf"
    assert hello.get("intent")["name"] == "greet"
    assert vae.get("intent")["name"] == "faq"
    ranking = cpf.get("intent_ranking")
    assert [r["name"] for r in ranking][0] == "ask_cpf" and len(ranking) == 3
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6
    assert ranking[0]["confidence"] > ranking[1]["confidence"]
    assert empty.get("intent") is None


def test_untrained_component_leaves_messages_alone(tmp_path: Path):
    storage = LocalModelStorage(tmp_path)
    component = LinearIntentClassifier.load({}, storage, Resource("missing"), None)
    [message] = component.process([Message(data={"text": "bonjour", "intent": {"name": "greet", "confidence": 1}})])
    assert message.get("intent")["name"] == "greet"


def test_ensemble_averages_with_the_earlier_ranking(tmp_path: Path):
    storage = LocalModelStorage(tmp_path)
    component = LinearIntentClassifier.create({"diet_weight": 1.0}, storage, Resource("linear"), None)
    component.train(_training_data())
    earlier = [{"name": "greet", "confidence": 1.0}]
    [message] = component.process([Message(data={"text": "mon cpf", "intent_ranking": earlier})])
    assert message.get("intent")["name"] == "greet"


def test_placeholders_are_tokens_of_their_own():
    folded = fold("Rappelez-moi au <TELEPHONE>, <NOM> ; le téléphone de France Travail ?")
    assert "piitelephone" in folded.split() and "piinom" in folded.split()
    assert folded.split().count("telephone") == 1  # only the word the visitor typed
    assert fold("mes vœux") == "mes voeux"


def test_gibberish_gets_low_confidence_known_words_do_not(tmp_path: Path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    component = LinearIntentClassifier.create({}, storage, resource, None)
    component.train(_training_data())
    gibberish, known = component.process(
        [Message(data={"text": "blorp snark vlim zorglub"}), Message(data={"text": "mon compte formation"})]
    )
    assert gibberish.get("intent")["confidence"] < 0.3  # below the FallbackClassifier's threshold
    assert known.get("intent")["name"] == "ask_cpf"
    assert abs(sum(r["confidence"] for r in known.get("intent_ranking")) - 1.0) < 1e-6


def test_selector_only_examples_are_not_learnt_as_topics():
    from rasa.shared.nlu.training_data.message import Message

    from bot.rasa_plugins.nlu.linear_classifier import LinearIntentClassifier
    from bot.rasa_plugins.nlu.linear_selector import LinearResponseSelector

    plain = Message(data={"text": "c'est quoi le cpf", "intent": "ask_cpf", "intent_response_key": "ask_cpf/general"})
    only = Message(
        data={
            "text": "cpf c koi",
            "intent": "ask_cpf",
            "intent_response_key": "ask_cpf/general",
            "metadata": {"intent": {"selector_only": True}},
        }
    )
    assert LinearIntentClassifier.label(plain) == "ask_cpf"
    assert LinearIntentClassifier.label(only) is None
    assert LinearResponseSelector.label(only) == "ask_cpf/general"
