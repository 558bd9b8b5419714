"""The NLU normaliser folds French typing variants without moving entity offsets."""

from bot.rasa_plugins.nlu.normaliser import ORIGINAL_TEXT, TextNormaliser, fold_text
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def test_accents_apostrophes_and_dashes_are_folded():
    assert fold_text("Où est la Cité des métiers ?") == "Ou est la Cite des metiers ?"
    assert fold_text("j’ai 20 ans") == "j'ai 20 ans"
    assert fold_text("Saint‑Brieuc – BESANÇON") == "Saint-Brieuc - BESANCON"


def test_length_is_kept_so_entity_offsets_stay_valid():
    for text in ["Île-de-France", "œuvre", "ﬁche métier", "déjà là", "Ça\u00a0va"]:
        assert len(fold_text(text)) == len(text)


def test_button_payloads_are_untouched():
    payload = '/inform{"location":"Besançon (25)"}'
    assert fold_text(payload) == payload


def test_component_rewrites_training_and_runtime_messages():
    component = TextNormaliser()
    training = TrainingData([Message(data={"text": "déménager à Sète", "intent": "inform"})])
    component.process_training_data(training)
    assert training.training_examples[0].get("text") == "demenager a Sete"
    [message] = component.process([Message(data={"text": "Créer mon entreprise"})])
    assert message.get("text") == "Creer mon entreprise"


def test_the_text_as_written_is_kept_beside_but_not_in_the_output():
    component = TextNormaliser()
    training = TrainingData([Message(data={"text": "déménager à Sète", "intent": "inform"})])
    component.process_training_data(training)
    assert training.training_examples[0].get(ORIGINAL_TEXT) == "déménager à Sète"
    [message] = component.process([Message(data={"text": "Créer mon entreprise"})])
    assert message.get(ORIGINAL_TEXT) == "Créer mon entreprise"
    component.process([message])  # a second pass keeps what the visitor wrote
    assert message.get(ORIGINAL_TEXT) == "Créer mon entreprise"
    assert ORIGINAL_TEXT not in message.as_dict(only_output_properties=True)


def test_slash_look_alikes_never_become_a_rasa_command():
    """'／restart' typed by a visitor must stay text: Rasa's RegexMessageHandler, which runs
    after this component, reads any stripped text starting with "/" as a command."""
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    for text in ["\uff0frestart", " \uff0fsession_start", '\uff0finform{"profile":"cadre"}', "\uff0fask_cpf@0.01"]:
        folded = fold_text(text)
        assert len(folded) == len(text)
        assert not folded.strip().startswith("/"), folded
        [message] = TextNormaliser().process([Message(data={"text": text})])
        unpacked = YAMLStoryReader.unpack_regex_message(message)
        assert unpacked.get("intent") is None, text
    assert fold_text("CAP\uff0fBEP") == "CAP\uff0fBEP"  # nothing ever folds into "/"
