"""The real-phrasing held-out file stays what it claims: sourced line by line, never trained on."""

import re
import unicodedata

from rasa.shared.nlu.training_data.loading import load_data

from bot.evaluate import HOLDOUT_REAL
from bot.paths import ROOT

PROVENANCE = ROOT / "tests" / "nlu_holdout_real_PROVENANCE.md"


def _norm(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text))


def test_at_least_150_examples_each_with_a_source():
    examples = load_data(str(HOLDOUT_REAL)).intent_examples
    assert len(examples) >= 150
    rows = [
        line.split(" | ")
        for line in PROVENANCE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| intent") and "http" in line
    ]
    sourced = {_norm(row[1]) for row in rows}
    assert all(_norm(m.get("text")) in sourced for m in examples)
    assert all(row[2].strip(" |").startswith("http") for row in rows)


def test_never_in_the_training_data():
    training = {
        _norm(m.get("text"))
        for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
        for m in load_data(str(path)).intent_examples
    }
    held_out = [m.get("text") for m in load_data(str(HOLDOUT_REAL)).intent_examples]
    assert not [t for t in held_out if _norm(t) in training]
