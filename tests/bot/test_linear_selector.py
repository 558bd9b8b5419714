"""The FAQ response selector: trained on retrieval keys, output shaped like Rasa's ResponseSelector."""

from pathlib import Path

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.faq import selector_ranking
from bot.rasa_plugins.nlu.linear_selector import LinearResponseSelector

EXAMPLES = {
    "ask_cpf/permis": [
        "cpf permis de conduire",
        "financer le permis avec mon cpf",
        "permis b cpf",
        "le cpf paie le permis ?",
        "payer mon permis avec le compte formation",
    ],
    "ask_cpf/participation": [
        "reste a charge cpf",
        "participation forfaitaire cpf",
        "combien je paie sur le cpf",
        "le cpf 100 euros a payer",
        "frais a ma charge cpf",
    ],
    "ask_vae/cout": ["combien coute une vae", "prix de la vae", "vae gratuite ?", "cout vae", "la vae est payante ?"],
}


def _selector(tmp_path: Path) -> LinearResponseSelector:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("selector")
    component = LinearResponseSelector.create({}, storage, resource, None)
    messages = [Message.build(text, intent=key) for key, texts in EXAMPLES.items() for text in texts]
    messages.append(Message.build("bonjour", intent="greet"))  # not a retrieval intent: not learnt
    component.train(TrainingData(messages))
    return LinearResponseSelector.load({}, storage, resource, None)


def test_ranks_retrieval_keys_like_rasa_response_selector(tmp_path: Path):
    [permis, vae] = _selector(tmp_path).process(
        [
            Message(data={"text": "je voudrais passer mon permis grâce au CPF"}),
            Message(data={"text": "une VAE ça coûte combien"}),
        ]
    )
    ranking = selector_ranking(permis.as_dict())
    assert ranking[0]["intent_response_key"] == "ask_cpf/permis"
    assert ranking[0]["confidence"] > ranking[1]["confidence"]
    assert {r["intent_response_key"] for r in ranking} == set(EXAMPLES)  # greet is no retrieval key
    response = permis.get("response_selector")["default"]["response"]
    assert response["utter_action"] == "utter_ask_cpf/permis"
    assert selector_ranking(vae.as_dict())[0]["intent_response_key"] == "ask_vae/cout"


def test_learns_the_answer_texts_of_the_keys_it_has_phrasings_for(tmp_path: Path):
    from knowledge import faq

    component = LinearResponseSelector.create({}, LocalModelStorage(tmp_path), Resource("s"), None)
    extra = dict((label, text) for text, label in component.extra_examples())
    assert set(extra) == {q.key for items in faq.questions().values() for q in items}
    assert "900" in extra["ask_cpf/permis_conduire"]
