"""The sentence encoder beside tf-idf: meaning without shared words, nothing kept from visitors."""

from __future__ import annotations

import pickle

import numpy as np

from bot.rasa_plugins.nlu import sentence_features
from bot.rasa_plugins.nlu.linear_classifier import build_pipeline

TRAIN = [
    ("je veux changer de métier", "career_change"),
    ("reconversion professionnelle", "career_change"),
    ("me reconvertir à 40 ans", "career_change"),
    ("quel temps fera-t-il demain", "weather"),
    ("va-t-il pleuvoir ce week-end", "weather"),
    ("la météo de samedi", "weather"),
]
#: no word and few letter sequences in common with the training examples of their class
UNSEEN = [
    ("faire un autre travail", "career_change"),
    ("soleil ou nuages ?", "weather"),
    ("annonce de tempête", "weather"),
]


def test_embeddings_place_paraphrases_near_each_other():
    a, b, c = sentence_features.embed(
        ["je veux changer de métier", "exercer une autre profession", "prévisions d'orage"]
    )
    assert np.isclose(np.linalg.norm(a), 1, atol=1e-3)
    assert float(a @ b) > float(a @ c) + 0.1


def test_the_sentence_features_classify_what_tfidf_alone_cannot():
    texts, labels = zip(*TRAIN)
    dense = build_pipeline(1.0, sentence_weight=1.0).fit(list(texts), list(labels))
    sparse = build_pipeline(1.0).fit(list(texts), list(labels))
    unseen, expected = zip(*UNSEEN)
    assert list(dense.predict(list(unseen))) == list(expected)
    assert list(sparse.predict(list(unseen))) != list(expected)


def test_training_cache_holds_texts_only_while_training():
    with sentence_features.training_cache():
        sentence_features.embed(["une phrase d'entraînement"])
        assert "une phrase d'entraînement" in sentence_features._training_cache
    assert sentence_features._training_cache is None
    sentence_features.embed(["un message de visiteur"])  # serving: nothing kept
    assert sentence_features._training_cache is None


def test_a_trained_pipeline_pickles_without_the_encoder():
    texts, labels = zip(*TRAIN)
    model = build_pipeline(1.0, sentence_weight=1.0).fit(list(texts), list(labels))
    blob = pickle.dumps(model)
    assert len(blob) < 500_000  # the encoder's 30 MB of weights stay in its package
    assert list(pickle.loads(blob).predict(["reconversion"])) == ["career_change"]


def test_the_second_component_reads_the_first_ones_embedding_then_it_is_gone(monkeypatch):
    """The intent classifier and the response selector embed each message: the encoder runs once, and
    nothing of the message is left in the process after the second reader."""
    real = sentence_features.encoder()
    calls = []

    class Counting:
        def encode(self, texts):
            calls.append(list(texts))
            return real.encode(texts)

    monkeypatch.setattr(sentence_features, "encoder", lambda: Counting())
    text = "je voudrais changer de métier à Quimper"
    first = sentence_features.embed([text])
    second = sentence_features.embed([text])
    assert calls == [[text]]
    assert np.allclose(first, second)
    assert text not in sentence_features._recent
    sentence_features.embed([text])
    assert calls == [[text], [text]]
    sentence_features._recent.clear()
