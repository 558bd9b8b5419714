"""bench/profile_extraction.py counts profile and age errors per line the way bot/evaluate.py does."""

import importlib.util
from collections import Counter

import pytest

from bot.paths import ROOT

_spec = importlib.util.spec_from_file_location("profile_extraction", ROOT / "bench" / "profile_extraction.py")
scorer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scorer)


def _e(entity, value):
    return {"entity": entity, "value": value}


def test_counts_per_value_overall_and_age():
    pairs = [
        # right value, age missed, location ignored
        ([_e("profile", "salarie"), _e("age", "45"), _e("location", "Lyon")], [_e("profile", "salarie")]),
        # wrong value: one false positive and one false negative
        ([_e("profile", "cadre")], [_e("profile", "salarie"), _e("age", "19")]),
        # the same value twice in gold, once found
        ([_e("profile", "etudiant"), _e("profile", "etudiant")], [_e("profile", "etudiant")]),
        # values are matched normalised ("Demandeur-Emploi" as "demandeur emploi")
        ([_e("profile", "Demandeur_emploi")], [_e("profile", "demandeur_emploi")]),
    ]
    counts = scorer.count(pairs)
    assert counts["profile"] == Counter(tp=3, fp=1, fn=2)
    assert counts["salarie"] == Counter(tp=1, fp=1)
    assert counts["cadre"] == Counter(fn=1)
    assert counts["etudiant"] == Counter(tp=1, fn=1)
    assert counts["age"] == Counter(fp=1, fn=1)
    p, r, f = scorer.prf(counts["profile"])
    assert (p, r) == (0.75, 0.6) and f == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))


def test_nothing_to_find_and_nothing_found_is_perfect():
    assert scorer.prf(Counter()) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("blind", ["tests/nlu_holdout_real.yml", "tests/nlu_holdout_places.yml"])
def test_refuses_errors_on_the_blind_file(capsys, blind):
    with pytest.raises(SystemExit):
        scorer.main(["--errors", blind])
    assert "refused" in capsys.readouterr().err


def test_section_splits_a_file(tmp_path):
    path = tmp_path / "dev.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: ask_youth\n  examples: |\n    - j\'ai [19](age) ans\n'
        "# profile collection, test\n- intent: ask_unemployment\n  examples: |\n"
        '    - je suis [au chômage]{"entity": "profile", "value": "demandeur_emploi"}\n',
        encoding="utf-8",
    )
    after = scorer.read_examples(path, section="profile collection")
    before = scorer.read_examples(path, before_section="profile collection")
    assert [t for t, _ in after] == ["je suis au chômage"]
    assert [t for t, _ in before] == ["j'ai 19 ans"]
    assert scorer.count((g, scorer.predict(t)) for t, g in after)["profile"] == Counter(tp=1)


def test_section_and_before_section_keep_the_lines_between(tmp_path):
    path = tmp_path / "dev.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: ask_youth\n  examples: |\n    - j\'ai [19](age) ans\n'
        "# profile collection 2, test\n- intent: ask_unemployment\n  examples: |\n"
        '    - je suis [au chômage]{"entity": "profile", "value": "demandeur_emploi"}\n'
        "# profile collection 3, test\n- intent: ask_studies\n  examples: |\n"
        '    - je suis [en terminale]{"entity": "profile", "value": "etudiant"}\n',
        encoding="utf-8",
    )
    between = scorer.read_examples(path, section="profile collection 2", before_section="profile collection 3")
    assert [t for t, _ in between] == ["je suis au chômage"]
    assert [t for t, _ in scorer.read_examples(path, section="profile collection 3")] == ["je suis en terminale"]
