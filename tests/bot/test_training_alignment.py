"""Every entity of the NLU training data starts and ends on a token of Rasa's WhitespaceTokenizer.

Rasa drops a misaligned annotation at training with only a warning ("Misaligned entity annotation"),
so "[Saint-Denis (93)](location)" (tokens "Saint-Denis", "(93": the ")" is not in any token) taught DIET
nothing. The pipeline folds the text first (TextNormaliser, length-preserving), as here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.nlu.normaliser import fold_text

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "data" / "nlu").rglob("*.yml"))


def misaligned(path: Path) -> list:
    """(text, entity value) of the annotations that do not fall on token boundaries."""
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    found = []
    for example in load_data(str(path)).training_examples:
        entities = [e for e in example.get("entities") or [] if "start" in e]
        if not entities:
            continue
        folded = Message(data={TEXT: fold_text(example.get(TEXT))})
        tokens = tokenizer.tokenize(folded, TEXT)
        starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
        found += [(example.get(TEXT), e["value"]) for e in entities if e["start"] not in starts or e["end"] not in ends]
    return found


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_entities_align_with_whitespace_tokens(path):
    assert misaligned(path) == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_line_of_an_examples_block_is_skipped(path):
    """A "# comment" inside ``examples: |`` is text, not a comment: Rasa skips it with only a warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_data(str(path))
    assert [str(w.message) for w in caught if "doesn't start with a '-'" in str(w.message)] == []


def test_the_check_sees_a_bracketed_department(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        'version: "3.1"\nnlu:\n- intent: inform\n  examples: |\n    - [Saint-Denis (93)](location)\n',
        encoding="utf-8",
    )
    assert misaligned(bad) == [("Saint-Denis (93)", "Saint-Denis (93)")]
