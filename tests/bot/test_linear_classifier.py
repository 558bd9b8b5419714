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


def test_detector_only_examples_are_not_learnt():
    """express_distress is set by the distress detector; its phrasings are not learnt by the classifier, nor by the
    cross-validation that stands for it."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.evaluation_report import training_examples
    from bot.rasa_plugins.nlu.linear_classifier import LinearIntentClassifier
    from bot.paths import ROOT

    examples = load_data(str(ROOT / "data" / "nlu" / "distress.yml")).intent_examples
    assert examples and all(LinearIntentClassifier.label(m) is None for m in examples)
    assert "express_distress" not in training_examples()[1]


def test_tfidf_folding_is_the_same_on_the_text_as_written_and_normalised():
    from bot.rasa_plugins.nlu.normaliser import fold_text

    for text in ["Créer – mon\u00a0entreprise à Sète", "L’Éducation nationale", "la V.A.E ?", "appelez le <TELEPHONE>"]:
        assert fold(text) == fold(fold_text(text))


def _encoder_inputs(monkeypatch, tmp_path: Path, unfolded: bool) -> list:
    """Texts the sentence encoder receives while the component trains on normalised messages and parses one."""
    from bot.rasa_plugins.nlu import sentence_features
    from bot.rasa_plugins.nlu.normaliser import TextNormaliser

    seen: list = []
    real = sentence_features.embed
    monkeypatch.setattr(sentence_features, "embed", lambda texts: seen.extend(texts) or real(texts))
    normaliser = TextNormaliser()
    data = _training_data()
    data.training_examples.append(Message.build("réorientation après la 3ème", intent="ask_cpf"))
    normaliser.process_training_data(data)
    config = {"sentence_weight": 1.0, "unfolded_text": unfolded}
    component = LinearIntentClassifier.create(config, LocalModelStorage(tmp_path), Resource("linear"), None)
    component.train(data)
    [message] = component.process(normaliser.process([Message(data={"text": "Où utiliser mon CPF ?"})]))
    assert message.get("intent")["name"] == "ask_cpf"
    return seen


def test_unfolded_text_gives_the_encoder_the_accents(monkeypatch, tmp_path: Path):
    seen = _encoder_inputs(monkeypatch, tmp_path, unfolded=True)
    assert "réorientation après la 3ème" in seen and "Où utiliser mon CPF ?" in seen
    assert "reorientation apres la 3eme" not in seen


def test_by_default_the_encoder_reads_the_normalised_text(monkeypatch, tmp_path: Path):
    seen = _encoder_inputs(monkeypatch, tmp_path, unfolded=False)
    assert "reorientation apres la 3eme" in seen and "Ou utiliser mon CPF ?" in seen
    assert "réorientation après la 3ème" not in seen
