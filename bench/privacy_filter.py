"""Privacy filter benchmark over the synthetic corpus (tests/web/privacy_corpus.yml).

Prints the load time, the per-message latency (mean, p50, p95, max over several rounds after a
warm-up), the recall on secrets (a secret counts as removed when no piece of it is left: the
same rule as tests/web/test_privacy.py) and the false positives: kept tokens lost (postal codes,
communes, ages) and ordinary messages changed. Writes bench/results/privacy_filter.json.

Run: `.venv-web/bin/python bench/privacy_filter.py [--rounds 5]` (about 10 s).

With ``--nlu`` it also counts the false positives over the NLU sentences: every intent example of
data/nlu/ (training) and tests/nlu_*.yml (development and held-out), entity annotations removed, is
passed through the filter and the sentences it changes are counted per file group (about 1 min). The
changed sentences and their output go to bench/results/privacy_filter_nlu.json (never committed) so
that two runs can be compared: a filter change must not add any.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "web" / "privacy_corpus.yml"
RESULTS = ROOT / "bench" / "results" / "privacy_filter.json"
NLU_RESULTS = ROOT / "bench" / "results" / "privacy_filter_nlu.json"

from knowledge.nlu_sentences import examples, nlu_files  # noqa: E402


def nlu_sentences() -> list[tuple[str, str]]:
    """(file, sentence) for every intent example of data/nlu/ and tests/nlu_*.yml, annotations removed."""
    return [
        (str(path.relative_to(ROOT)), text)
        for path in nlu_files()
        for intent, text in examples(path)
        if intent is not None
    ]


def nlu_false_positives(privacy) -> dict:
    """Sentences of the NLU data the filter changes, counted per group of files (and listed)."""
    groups = {"training": 0, "development": 0, "held-out": 0}
    totals = dict.fromkeys(groups, 0)
    changed = []
    for path, text in nlu_sentences():
        group = "training" if path.startswith("data/") else "held-out" if "holdout" in path else "development"
        totals[group] += 1
        result = privacy.redact(text)
        if result.text != text:
            groups[group] += 1
            changed.append({"file": path, "text": text, "output": result.text, "kinds": result.kinds})
    NLU_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    NLU_RESULTS.write_text(json.dumps(changed, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"changed": len(changed), "sentences": sum(totals.values()), "by_group": groups, "totals": totals}


def leaked(secret: str, output: str) -> bool:
    """True when the secret, one of its capitalised words or 6 of its digits in a row remain."""
    if secret.lower() in output.lower():
        return True
    for word in re.findall(r"[^\W\d_][\w'\-]*", secret):
        if (
            len(word) >= 3
            and word[0].isupper()
            and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", output, re.IGNORECASE)
        ):
            return True
    digits = re.sub(r"\D", "", secret)
    runs = [re.sub(r"\D", "", run) for run in re.findall(r"\d[\d ./\-]*\d", output)]
    return any(digits[i : i + 6] in run for i in range(len(digits) - 5) for run in runs)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the corpus")
    parser.add_argument("--nlu", action="store_true", help="also count the NLU sentences the filter changes")
    args = parser.parse_args()

    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    messages, negatives = corpus["messages"], corpus["negatives"]

    from bot.web.privacy import PrivacyFilter

    started = time.perf_counter()
    privacy = PrivacyFilter()
    load_seconds = time.perf_counter() - started

    texts = [m["text"] for m in messages] + list(negatives)
    for text in texts:  # warm-up
        privacy.redact(text)
    latencies_ms: list[float] = []
    for _ in range(args.rounds):
        for text in texts:
            t0 = time.perf_counter()
            privacy.redact(text)
            latencies_ms.append((time.perf_counter() - t0) * 1000)

    secrets = removed = kept_total = kept_lost = kind_mismatch = 0
    per_kind: dict[str, list[int]] = {}
    for message in messages:
        result = privacy.redact(message["text"])
        message_removed = 0
        for secret in message["secrets"]:
            secrets += 1
            if not leaked(secret, result.text):
                removed += 1
                message_removed += 1
        for kind in message["kinds"]:
            counts = per_kind.setdefault(kind, [0, 0])
            counts[1] += 1
            counts[0] += kind in result.kinds and message_removed == len(message["secrets"])
        kept_total += len(message["keep"])
        kept_lost += sum(token not in result.text for token in message["keep"])
        kind_mismatch += result.kinds != sorted(message["kinds"])
    negatives_changed = sum(privacy.redact(text).text != text for text in negatives)

    report = {
        "corpus": {"messages": len(messages), "negatives": len(negatives), "secrets": secrets},
        "load_seconds": round(load_seconds, 2),
        "latency_ms": {
            "samples": len(latencies_ms),
            "mean": round(statistics.fmean(latencies_ms), 2),
            "p50": round(percentile(latencies_ms, 0.50), 2),
            "p95": round(percentile(latencies_ms, 0.95), 2),
            "max": round(max(latencies_ms), 2),
        },
        "recall": {"secrets_removed": removed, "secrets": secrets, "rate": round(removed / secrets, 4)},
        "recall_by_kind_messages": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_kind.items())},
        "false_positives": {
            "kept_tokens_lost": kept_lost,
            "kept_tokens": kept_total,
            "negatives_changed": negatives_changed,
            "negatives": len(negatives),
            "messages_with_other_kinds": kind_mismatch,
        },
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
    }
    print(f"load: {report['load_seconds']} s")
    lat = report["latency_ms"]
    print(
        f"latency per message over {lat['samples']} calls: mean {lat['mean']} ms, p50 {lat['p50']} ms, "
        f"p95 {lat['p95']} ms, max {lat['max']} ms"
    )
    print(f"recall: {removed}/{secrets} secrets removed ({report['recall']['rate']:.1%})")
    print(
        "messages fully cleaned, by kind: "
        + ", ".join(f"{k} {v}" for k, v in report["recall_by_kind_messages"].items())
    )
    fp = report["false_positives"]
    print(
        f"false positives: {fp['kept_tokens_lost']}/{fp['kept_tokens']} kept tokens lost, "
        f"{fp['negatives_changed']}/{fp['negatives']} ordinary messages changed, "
        f"{fp['messages_with_other_kinds']} messages with other kinds than expected"
    )
    if args.nlu:
        nlu = report["nlu_false_positives"] = nlu_false_positives(privacy)
        print(
            f"NLU sentences changed: {nlu['changed']}/{nlu['sentences']} ("
            + ", ".join(f"{g} {n}/{nlu['totals'][g]}" for g, n in nlu["by_group"].items())
            + f"), listed in {NLU_RESULTS.relative_to(ROOT)}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
