"""Short names of double-barrelled communes ("Carhaix" for Carhaix-Plouguer)."""

import yaml

from knowledge.build.short_names import short_names
from knowledge.gazetteer import SHORT_NAMES, Gazetteer, load_index, resolve


def test_short_names_resolve_to_their_commune():
    assert resolve("Carhaix").place.label == "Carhaix-Plouguer (29)"
    assert resolve("29270 carhaix").place.commune == "Carhaix-Plouguer"
    assert resolve("rueil").place.label == "Rueil-Malmaison (92)"


def test_a_short_name_shared_by_several_communes_is_ambiguous():
    result = resolve("clohars")
    assert result.status == "ambiguous"
    assert {c.commune for c in result.candidates} == {"Clohars-Carnoët", "Clohars-Fouesnant"}


def test_short_names_never_hide_a_commune_of_that_name():
    # "Boulogne" is a commune of Vendée, and the short name of two towns: asked, the towns first
    labels = [c.label for c in resolve("Boulogne").candidates]
    assert labels == ["Boulogne-Billancourt (92)", "Boulogne-sur-Mer (62)", "Boulogne (85)"]
    assert resolve("Boulogne-Billancourt").place.commune == "Boulogne-Billancourt"
    assert resolve("Boulogne (85)").place.label == "Boulogne (85)"


def test_a_small_commune_named_like_the_start_of_a_town_makes_the_name_ambiguous():
    clermont = resolve("clermont")
    assert clermont.status == "ambiguous" and clermont.candidates[0].label == "Clermont-Ferrand (63)"
    assert "Clermont (60)" in [c.label for c in clermont.candidates]
    assert [c.label for c in resolve("Aix").candidates][:2] == ["Aix-en-Provence (13)", "Aix-les-Bains (73)"]
    # a city whose longer namesakes are smaller stays itself
    assert resolve("Saint-Étienne").place.label == "Saint-Étienne (42)"
    assert resolve("Lyon").place.label == "Lyon (69)"


def test_towns_known_by_the_first_word_of_a_longer_name():
    assert resolve("vitry").place.label == "Vitry-sur-Seine (94)"
    assert resolve("Rosny").place.label == "Rosny-sous-Bois (93)"  # not Osny, a letter away
    assert {c.commune for c in resolve("noisy").candidates} == {"Noisy-le-Grand", "Noisy-le-Sec"}


def test_builder_skips_french_words_articles_and_small_communes():
    gaz = Gazetteer(load_index())
    names = short_names(gaz, lambda word: word in {"petit", "grande", "baie"})
    assert names["carhaix"] == ["29024"]
    assert not {"petit", "grande", "baie", "saint", "le"} & set(names)
    assert all(gaz.by_insee[code].population >= 2000 for codes in names.values() for code in codes)


def test_committed_file_is_valid_and_points_at_real_communes():
    data = yaml.safe_load(SHORT_NAMES.read_text(encoding="utf-8"))
    gaz = Gazetteer(load_index())
    assert len(data) > 100
    for short, codes in data.items():
        assert isinstance(short, str) and short not in gaz.by_name
        assert codes and all(code in gaz.by_insee for code in codes)
