"""Intent-classifier choices compared on Wikit nlu-covid (see bench/nlu_comparison.md).

1. Choices: 5-fold stratified cross-validation on the TRAIN split only, for the
   sklearn models (fast): the tf-idf + LinearSVC baseline, char n-gram ranges, C,
   LogisticRegression, the calibrated SVM, the sentence encoder's weight.
2. Final figures: every system trained once on the train split and scored once on
   the test split: baseline, DIET (config.yml without the linear classifier), Rasa's
   LogisticRegressionClassifier, the project pipeline (config.yml, linear classifier)
   and a DIET + linear average (weight 0.5).

Run: `.venv/bin/python bench/nlu_compare.py [--cv-only]` (CV about 1 min; the
test part trains Rasa three times, about 10-15 minutes on 2 cores).
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path
from typing import Callable, Dict, List

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.nlu_wikit import DATA, DIET, LINEAR, as_read, baseline, component, load, pipeline_config, train_and_parse  # noqa: E402
from bot.rasa_plugins.nlu.linear_classifier import build_pipeline, fit_temperature, fold, softmax  # noqa: E402


def cv_models() -> Dict[str, Callable]:
    """Named constructors of the sklearn candidates."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    def feats(lo=2, hi=5, sub=True):
        return make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), preprocessor=fold, sublinear_tf=sub),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(lo, hi), preprocessor=fold, sublinear_tf=sub),
        )

    return {
        "baseline (strip_accents, C=1)": lambda: make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), strip_accents="unicode"),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), strip_accents="unicode"),
            ),
            LinearSVC(C=1.0),
        ),
        "linear component (fold, sublinear, C=1)": lambda: build_pipeline(1.0),
        "  + sentence encoder, weight 0.5": lambda: build_pipeline(1.0, 0.5),
        "  + sentence encoder, weight 1 (config.yml)": lambda: build_pipeline(1.0, 1.0),
        "  + sentence encoder, weight 2": lambda: build_pipeline(1.0, 2.0),
        "  same, C=0.5": lambda: build_pipeline(0.5),
        "  same, char_wb 2-4": lambda: make_pipeline(feats(2, 4), LinearSVC(C=1.0)),
        "  same, char_wb 1-5": lambda: make_pipeline(feats(1, 5), LinearSVC(C=1.0)),
        "  same, char_wb 2-6": lambda: make_pipeline(feats(2, 6), LinearSVC(C=1.0)),
        "  no char n-grams": lambda: make_pipeline(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), preprocessor=fold, sublinear_tf=True), LinearSVC(C=1.0)
        ),
        "LogisticRegression C=20": lambda: make_pipeline(feats(), LogisticRegression(C=20, max_iter=3000)),
        "CalibratedClassifierCV(LinearSVC), 3 folds": lambda: make_pipeline(
            feats(), CalibratedClassifierCV(LinearSVC(C=1.0), cv=3)
        ),
    }


def cross_validate() -> None:
    """Prints 5-fold CV accuracy and macro-F1 on the train split for each sklearn candidate."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    texts, labels = load(DATA / "nlu_train.yml")
    x, y = np.array([as_read(t) for t in texts], dtype=object), np.array(labels)
    print(f"5-fold CV on Wikit train ({len(y)} utterances)")
    print(f"{'candidate':45} {'accuracy':>9} {'macro-F1':>9}")
    for name, make in cv_models().items():
        predicted = np.empty(len(y), dtype=object)
        for train_idx, test_idx in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
            predicted[test_idx] = make().fit(list(x[train_idx]), y[train_idx]).predict(list(x[test_idx]))
        print(
            f"{name:45} {accuracy_score(y, predicted):9.3f} {f1_score(y, predicted, average='macro'):9.3f}", flush=True
        )


def cross_validate_project() -> None:
    """5-fold CV on the project's own training data (all of data/nlu, read as the evaluation report's CV
    reads it: bot.evaluation_report.training_examples) for the sentence encoder's weight."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    from bot.evaluation_report import training_examples
    from bot.rasa_plugins.nlu.sentence_features import training_cache

    texts, labels = training_examples()
    x, y = np.array(texts, dtype=object), np.array(labels)
    print(f"5-fold CV on data/nlu ({len(y)} examples, {len(set(labels))} intents)")
    print(f"{'sentence encoder weight':45} {'accuracy':>9} {'macro-F1':>9}")
    with training_cache():
        for weight in (0.0, 0.5, 1.0, 1.5):
            predicted = np.empty(len(y), dtype=object)
            for train_idx, test_idx in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
                model = build_pipeline(1.0, weight).fit(list(x[train_idx]), y[train_idx])
                predicted[test_idx] = model.predict(list(x[test_idx]))
            print(
                f"{weight:<45} {accuracy_score(y, predicted):9.3f} {f1_score(y, predicted, average='macro'):9.3f}",
                flush=True,
            )


def rasa_rankings(config: dict, texts: List[str]) -> List[List[dict]]:
    """Trains Rasa NLU on Wikit train with ``config`` and returns the intent ranking of each text."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True))
        parsed, _, _ = train_and_parse(path, texts)
    return [[r for r in p["intent_ranking"] if r["name"] != "nlu_fallback"] for p in parsed]


def test_split() -> None:
    """Scores each system once on the test split."""
    from sklearn.metrics import accuracy_score, f1_score

    train, test = load(DATA / "nlu_train.yml"), load(DATA / "nlu_test.yml")
    rows = {"tf-idf + LinearSVC baseline": baseline(train, test)}
    read_train = ([as_read(t) for t in train[0]], train[1])  # the sklearn copies read what the pipeline reads
    read_test = [as_read(t) for t in test[0]]
    model = build_pipeline(1.0).fit(*read_train)
    temperature = fit_temperature(*read_train)
    decision = model.decision_function(read_test)
    linear = [dict(zip(model.classes_, row)) for row in softmax(decision, temperature)]
    rows["linear component alone (sklearn)"] = [max(p, key=p.get) for p in linear]
    with_encoder = build_pipeline(1.0, 1.0).fit(*read_train)
    rows["linear component + sentence encoder (sklearn)"] = list(with_encoder.predict(read_test))
    diet_intents = {**component(DIET), "intent_classification": True}  # config.yml's DIET gives entities only
    diet = rasa_rankings(pipeline_config({LINEAR: [], DIET: [diet_intents]}), test[0])
    rows["DIET (config.yml without linear)"] = [r[0]["name"] for r in diet]
    for weight in (0.3, 0.5):
        mixed = []
        for lin, ranking in zip(linear, diet):
            other = {r["name"]: r["confidence"] for r in ranking}
            scores = {k: (1 - weight) * v + weight * other.get(k, 0.0) for k, v in lin.items()}
            mixed.append(max(scores, key=scores.get))
        rows[f"ensemble linear + DIET (DIET weight {weight})"] = mixed
    logreg = rasa_rankings(pipeline_config({LINEAR: [{"name": "LogisticRegressionClassifier"}]}), test[0])
    rows["Rasa LogisticRegressionClassifier"] = [r[0]["name"] for r in logreg]
    project = rasa_rankings(pipeline_config({DIET: []}), test[0])
    rows["project pipeline (config.yml)"] = [r[0]["name"] for r in project]
    print(f"Wikit test split ({len(test[0])} utterances, {len(set(test[1]))} intents)")
    print(f"{'system':45} {'accuracy':>9} {'macro-F1':>9}")
    for name, predicted in rows.items():
        print(
            f"{name:45} {accuracy_score(test[1], predicted):9.3f} {f1_score(test[1], predicted, average='macro'):9.3f}",
            flush=True,
        )


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    cross_validate()
    cross_validate_project()
    if "--cv-only" not in sys.argv:
        test_split()
