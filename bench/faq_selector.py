"""Quick measurement of the precise-FAQ answer (topic classifier x response selector) without training Rasa.

Reproduces the two linear components of config.yml (bot/rasa_plugins/nlu/linear_classifier.py and
bot/rasa_plugins/nlu/linear_selector.py) with sklearn on the YAML training data, and scores the answer the bot
gives (knowledge.faq.select_answer, as actions/faq.py and `python -m bot evaluate` do):

    PYTHONPATH=. .venv/bin/python bench/faq_selector.py --dev          # train on data/nlu, score tests/nlu_dev_faq.yml
    PYTHONPATH=. .venv/bin/python bench/faq_selector.py --cv 5         # k-fold CV over the precise-question phrasings
    PYTHONPATH=. .venv/bin/python bench/faq_selector.py --dev --selector-sentence 1   # try a selector option

Texts are folded as the pipeline folds them (TextNormaliser) before the sentence encoder reads them; the answers'
own texts are read as written, as LinearResponseSelector.extra_examples gives them. DIET is left out (its intent is replaced by the linear classifier's in config.yml) and the
FallbackClassifier does not change which topic answers (`bot.evaluate._top_intent`), so the figures
match `bot evaluate`'s "precise FAQ" to within the training's randomness. Use the held-out file
(--holdout) only to report, never to choose.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path
from typing import List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bot.rasa_plugins.nlu.linear_classifier import LinearIntentClassifier, build_pipeline, fit_temperature  # noqa: E402
from bench.nlu_wikit import as_read, component  # noqa: E402
from knowledge import faq  # noqa: E402

#: the two linear components' settings in config.yml (the defaults of the options below)
TOPIC = component("bot.rasa_plugins.nlu.linear_classifier.LinearIntentClassifier")
SELECTOR = component("bot.rasa_plugins.nlu.linear_selector.LinearResponseSelector")

Example = Tuple[str, str, str, bool, str]  # text, topic intent, retrieval key ("" if none), selector_only, file name


def load_examples(paths: Sequence[Path]) -> List[Example]:
    """Every intent example of the YAML files (Rasa's reader, so metadata is read as Rasa does)."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
    from bot.rasa_plugins.nlu.linear_classifier import base_intent, selector_only

    out: List[Example] = []
    for path in paths:
        data = load_data(str(path))
        for m in data.intent_examples:
            if m.get(TEXT):
                out.append(
                    (
                        as_read(m.get(TEXT)),
                        base_intent(m.get(INTENT)),
                        m.get(INTENT_RESPONSE_KEY) or "",
                        selector_only(m),
                        Path(path).name,
                    )
                )
    return out


class Fitted:
    """A fitted linear component with the Rasa class's probabilities() (temperature, known share)."""

    def __init__(self, texts: List[str], labels: List[str], c: float, weight: float, temperature: bool = True):
        from bot.rasa_plugins.nlu.sentence_features import training_cache  # noqa: F401 (cache kept by caller)

        self.component = LinearIntentClassifier.__new__(LinearIntentClassifier)
        self.component.config = {**LinearIntentClassifier.get_default_config(), "C": c, "sentence_weight": weight}
        self.component.temperature = fit_temperature(texts, labels, c, sentence_weight=weight) if temperature else 5.0
        self.component.model = build_pipeline(c, weight).fit(texts, labels)

    def ranking(self, texts: List[str], length: int = 10) -> List[List[Tuple[str, float]]]:
        """Best-first (label, confidence) for each text, cut at ``length`` like process()."""
        out = []
        for probs in self.component.probabilities(texts):
            out.append(sorted(probs.items(), key=lambda kv: kv[1], reverse=True)[:length])
        return out


def train(examples: List[Example], args: argparse.Namespace) -> Tuple[Fitted, Fitted]:
    """The topic classifier and the selector, trained as the pipeline trains them."""
    topic_texts = [e[0] for e in examples if not e[3]]
    topic_labels = [e[1] for e in examples if not e[3]]
    sel = [(e[0], e[2]) for e in examples if e[2]]
    seen = {k for _, k in sel}
    sel += [(q.answer, q.key) for items in faq.questions().values() for q in items if q.key in seen]
    if args.no_answers:
        sel = [(t, k) for t, k in sel if t not in {q.answer for v in faq.questions().values() for q in v}]
    topic = Fitted(topic_texts, topic_labels, TOPIC["C"], TOPIC["sentence_weight"], temperature=not args.fast)
    selector = Fitted(
        [t for t, _ in sel], [k for _, k in sel], args.selector_c, args.selector_sentence, temperature=not args.fast
    )
    return topic, selector


#: Rankings of every scored text, kept to replay other thresholds (--thresholds).
RANKINGS: List[Tuple[str, list, list]] = []


def answers(
    topic: Fitted, selector: Fitted, texts: List[str], threshold: float = faq.PRECISE_THRESHOLD
) -> List[Tuple[str, str, str]]:
    """(answered key, topic intent, selector top-1) for each text, as the bot chooses."""
    topics = set(faq.retrieval_intents())
    out = []
    for t_rank, s_rank in zip(topic.ranking(texts), selector.ranking(texts)):
        intent = t_rank[0][0]
        ranking = [{"intent_response_key": k, "confidence": c} for k, c in s_rank]
        intent_ranking = [{"name": n, "confidence": c} for n, c in t_rank]
        RANKINGS.append((intent, ranking, intent_ranking))
        key = (
            faq.select_answer(intent, ranking, threshold=threshold, intent_ranking=intent_ranking)[0]
            if intent in topics
            else None
        )
        out.append((key, intent, s_rank[0][0]))
    return out


def replay(
    gold: List[str], rankings: List[Tuple[str, list, list]], threshold: float, topic_floor: float = faq.TOPIC_FLOOR
) -> float:
    """Answer accuracy of stored rankings with another PRECISE_THRESHOLD or TOPIC_FLOOR."""
    topics = set(faq.retrieval_intents())
    hits = 0
    for g, (intent, ranking, intent_ranking) in zip(gold, rankings):
        key = (
            faq.select_answer(
                intent, ranking, threshold=threshold, intent_ranking=intent_ranking, topic_floor=topic_floor
            )[0]
            if intent in topics
            else None
        )
        hits += key == g
    return hits / max(len(gold), 1)


def report(name: str, gold: List[str], texts: List[str], got: List[Tuple[str, str, str]], show: bool) -> float:
    """Prints accuracy, selector top-1, topic accuracy and (with ``show``) the errors; returns accuracy."""
    n = len(gold)
    acc = sum(g == a for g, (a, _, _) in zip(gold, got)) / n
    top1 = sum(g == s for g, (_, _, s) in zip(gold, got)) / n
    topic = sum(g.split("/")[0] == i for g, (_, i, _) in zip(gold, got)) / n
    print(f"{name}: n={n} answer accuracy {acc:.3f}  selector top-1 {top1:.3f}  topic {topic:.3f}")
    if show:
        kinds = collections.Counter()
        for t, g, (a, i, s) in zip(texts, gold, got):
            if g == a:
                continue
            kind = (
                "wrong topic"
                if i != g.split("/")[0]
                else "general instead"
                if a and a.endswith("/general") and not g.endswith("/general")
                else "other precise"
            )
            kinds[kind] += 1
            print(f"  [{kind}] {g} -> {a} (sel {s}) :: {t}")
        print("  errors by kind:", dict(kinds))
    return acc


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", action="store_true", help="score tests/nlu_dev_faq.yml")
    parser.add_argument("--holdout", action="store_true", help="score tests/nlu_holdout_faq.yml (report only)")
    parser.add_argument("--ask", nargs="*", default=[], metavar="TEXT", help="print the key answered for these texts")
    parser.add_argument(
        "--thresholds",
        nargs="*",
        type=float,
        default=[],
        help="also report the CV accuracy with these PRECISE_THRESHOLD values",
    )
    parser.add_argument(
        "--topic-floors",
        nargs="*",
        type=float,
        default=[],
        help="also report the dev and CV accuracy with these TOPIC_FLOOR values",
    )
    parser.add_argument("--cv", type=int, default=0, help="k-fold CV over the precise-question phrasings")
    parser.add_argument("--selector-c", type=float, default=SELECTOR["C"], help="default: config.yml")
    parser.add_argument(
        "--selector-sentence", type=float, default=SELECTOR["sentence_weight"], help="default: config.yml"
    )
    parser.add_argument("--no-answers", action="store_true", help="selector without the answers' texts")
    parser.add_argument("--fast", action="store_true", help="fixed temperature 5 (no temperature CV)")
    parser.add_argument("--errors", action="store_true", help="list the errors")
    parser.add_argument(
        "--cv-skip",
        nargs="*",
        default=[],
        metavar="FILE",
        help="data files whose examples are always trained on, never scored (to compare data changes)",
    )
    args = parser.parse_args(argv)

    from bot.rasa_plugins.nlu.sentence_features import training_cache

    paths = sorted((ROOT / "data" / "nlu").rglob("*.yml"))
    examples = load_examples(paths)
    with training_cache():
        if args.dev or args.holdout or args.ask:
            start = time.time()
            topic, selector = train(examples, args)
            print(f"trained in {time.time() - start:.0f} s")
            if args.ask:
                asked = [as_read(text) for text in args.ask]
                for text, (key, intent, top) in zip(args.ask, answers(topic, selector, asked)):
                    print(f"{key} (topic {intent}, selector top-1 {top}) :: {text}")
            for flag, path in ((args.dev, "tests/nlu_dev_faq.yml"), (args.holdout, "tests/nlu_holdout_faq.yml")):
                if flag:
                    held = load_examples([ROOT / path])
                    texts, gold = [e[0] for e in held], [e[2] for e in held]
                    RANKINGS.clear()
                    report(path, gold, texts, answers(topic, selector, texts), args.errors)
                    for floor in args.topic_floors:
                        accuracy = replay(gold, RANKINGS, faq.PRECISE_THRESHOLD, floor)
                        print(f"  TOPIC_FLOOR {floor}: answer accuracy {accuracy:.3f}")
        if args.cv:
            idx = [i for i, e in enumerate(examples) if e[2] and e[4] not in args.cv_skip]
            rng = random.Random(0)
            rng.shuffle(idx)
            folds = [idx[f :: args.cv] for f in range(args.cv)]
            gold_all, texts_all, got_all = [], [], []
            RANKINGS.clear()
            for f, test in enumerate(folds):
                held = set(test)
                topic, selector = train([e for i, e in enumerate(examples) if i not in held], args)
                texts = [examples[i][0] for i in test]
                gold_all += [examples[i][2] for i in test]
                texts_all += texts
                got_all += answers(topic, selector, texts)
                print(f"  fold {f + 1}/{args.cv} done", flush=True)
            report(f"{args.cv}-fold CV", gold_all, texts_all, got_all, args.errors)
            for threshold in args.thresholds:
                print(
                    f"  PRECISE_THRESHOLD {threshold}: CV answer accuracy {replay(gold_all, RANKINGS, threshold):.3f}"
                )
            for floor in args.topic_floors:
                accuracy = replay(gold_all, RANKINGS, faq.PRECISE_THRESHOLD, floor)
                print(f"  TOPIC_FLOOR {floor}: CV answer accuracy {accuracy:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
