"""The real-phrasing files stay what they claim: sourced line by line, never trained on.

* ``tests/nlu_holdout_real.yml``: held-out file reported by ``python -m bot evaluate``;
* ``tests/nlu_dev_real.yml``: DEV half of the second collection of issue 10, for error analysis only.
"""

import re
import unicodedata

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.evaluate import HOLDOUT_PLACES, HOLDOUT_REAL, seen_in_training
from bot.paths import ROOT

DEV_REAL = ROOT / "tests" / "nlu_dev_real.yml"
#: (file, its provenance table, the least number of examples it must keep)
SOURCED_FILES = [
    (HOLDOUT_REAL, ROOT / "tests" / "nlu_holdout_real_PROVENANCE.md", 300),
    (DEV_REAL, ROOT / "tests" / "nlu_dev_real_PROVENANCE.md", 150),
    (HOLDOUT_PLACES, ROOT / "tests" / "nlu_holdout_places_PROVENANCE.md", 60),
]


def _norm(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text))


@pytest.mark.parametrize("path,provenance,least", SOURCED_FILES, ids=lambda v: getattr(v, "name", str(v)))
def test_every_example_has_a_source(path, provenance, least):
    examples = load_data(str(path)).intent_examples
    assert len(examples) >= least
    rows = [
        line.split(" | ")
        for line in provenance.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| intent") and "http" in line
    ]
    sourced = {_norm(row[1]) for row in rows}
    assert all(_norm(m.get("text")) in sourced for m in examples)
    assert all(row[2].strip(" |").startswith("http") for row in rows)


def test_never_in_the_training_data():
    """The same notion of "the same sentence" as the evaluator's, which leaves such lines out."""
    seen = seen_in_training(
        m.get("text")
        for path in sorted((ROOT / "data" / "nlu").rglob("*.yml"))  # data/nlu/faq/ too
        for m in load_data(str(path)).intent_examples
    )
    for path, _, _ in SOURCED_FILES:
        held_out = [m.get("text") for m in load_data(str(path)).intent_examples]
        assert not [t for t in held_out if seen(t)], path.name


def test_the_dev_and_blind_halves_share_no_line():
    blind = {_norm(m.get("text")) for f in (HOLDOUT_REAL, HOLDOUT_PLACES) for m in load_data(str(f)).intent_examples}
    dev = {_norm(m.get("text")) for m in load_data(str(DEV_REAL)).intent_examples}
    assert not blind & dev
