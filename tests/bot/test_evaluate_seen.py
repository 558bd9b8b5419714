"""`python -m bot evaluate` leaves out held-out lines that are also training examples."""

from pathlib import Path

from bot.evaluate import evaluate, seen_in_training


def test_same_sentence_up_to_case_accents_and_punctuation() -> None:
    seen = seen_in_training(["Qui est concerné par le CEP ?"])
    assert seen("qui est concerne par le cep") and seen("QUI EST CONCERNÉ PAR LE CEP?!")
    assert not seen("qui est concerné par le CEP en 2026 ?")


def test_a_training_line_is_not_scored_and_is_counted(tmp_path: Path) -> None:
    holdout = tmp_path / "holdout.yml"
    holdout.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - Bonjour !\n    - bien le bonjour à vous\n'
        "- intent: thank\n  examples: |\n    - merci infiniment pour votre aide\n",
        encoding="utf-8",
    )
    parsed_texts = []

    def parse(texts):
        parsed_texts.extend(texts)
        return [{"intent": {"name": "greet" if "bonjour" in t else "thank"}, "entities": []} for t in texts]

    report = evaluate(
        Path("unused"), holdout, tmp_path, faq_holdout=None, parse=parse, training_texts=["bonjour", "merci"]
    )
    assert parsed_texts == ["bien le bonjour à vous", "merci infiniment pour votre aide"]
    assert report["examples"] == 2 and report["excluded_seen_in_training"] == 1
