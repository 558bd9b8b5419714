"""The gazetteer-backed `location` extractor: adds missed places, widens, drops non-places."""

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.nlu.place_extractor import PlaceEntityExtractor, common_vocabulary
from knowledge.places_in_text import clean_entities, dictionary_place_names, find_places

COMMON = {"vers", "centre", "port", "plan", "le", "plus", "proche", "de", "la", "reunion", "ou", "cherche"}


def values(entities):
    return [e["value"] for e in entities if e["entity"] == "location"]


def mentions(entities):
    """Location values with their role ("qualifier" for the department or region after a commune)."""
    return [(e["value"], e.get("role")) for e in entities if e["entity"] == "location"]


def diet(text, value, entity="location"):
    start = text.index(value)
    return {"entity": entity, "start": start, "end": start + len(value), "value": value, "extractor": "DIETClassifier"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("je vis a Rostrenen et j'ai pas de voiture", ["Rostrenen"]),
        ("ou aller, j'habite Bar-le-Duc", ["Bar-le-Duc"]),
        ("trouver un point d'accueil dans le Cantal", ["Cantal"]),
        ("il y a une cite des metiers en Haute-Savoie ?", ["Haute-Savoie"]),
        ("OU ALLER A PONTARLIER", ["PONTARLIER"]),
        ("st etienne", ["st etienne"]),
        ("c'est Les Abymes", ["Les Abymes"]),
        ("vers Sisteron", ["Sisteron"]),
        ("g besoin d'un endroit pr me renseigner ds le 93", ["93"]),
        ("ya un truc comme la cite des metiers dans le 2B ?", ["2B"]),
        ("horaires cite des metiers strasbourg", ["strasbourg"]),
        ("point accueil orientation lyon 7", ["lyon 7"]),
        ("je vis a plouha", ["plouha"]),
    ],
)
def test_places_the_context_marks_are_found(text, expected):
    assert values(find_places(text, COMMON)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "je cherche un appartement a louer",  # "Louer" is a commune; here a verb
        "combien coute un billet d'avion",  # "Avion" is a town; "d'" is a weak cue
        "ou se trouve le centre le plus proche",  # "centre" is a region alias and an ordinary word
        "je suis cadre depuis 12 ans",  # a number before "ans" is not the department 12
        "c'est ouvert le 15 aout ?",
        "Vers quel metier aller ?",  # ordinary word, capitalised only because it starts the sentence
        "comment on fait une mayonnaise",
    ],
)
def test_ordinary_words_are_not_places(text):
    assert find_places(text, COMMON) == []


def test_spans_already_taken_are_left_alone():
    text = "75019 Paris"
    assert values(find_places(text, COMMON, taken=[(0, 5)])) == ["Paris"]
    assert find_places(text, COMMON, taken=[(0, 11)]) == []


def test_truncated_diet_span_is_widened():
    text = "jhabite saint benoit"
    assert values(clean_entities(text, [diet(text, "saint")], COMMON)) == ["saint benoit"]


def test_diet_spans_that_are_not_places_are_dropped_and_punctuation_trimmed():
    text = "comment on fait une mayonnaise"
    assert values(clean_entities(text, [diet(text, "mayonnaise")], COMMON)) == []
    text = "accueil pres de Villefranche-de-Rouergue (12200)"
    code = diet(text, "12200", "postal_code")
    entities = clean_entities(text, [diet(text, "Villefranche-de-Rouergue ("), code], COMMON)
    assert values(entities) == ["Villefranche-de-Rouergue"]
    assert code in entities


def test_unknown_capitalised_place_is_kept_so_the_bot_can_say_it_does_not_know_it():
    text = "j'habite a Trifouillis-les-Oies"
    assert values(clean_entities(text, [diet(text, "Trifouillis-les-Oies")], COMMON)) == ["Trifouillis-les-Oies"]


def test_postal_code_tagged_as_location_is_not_counted_twice():
    text = "Paris 19e, 75019"
    entities = clean_entities(
        text, [diet(text, "Paris 19e"), diet(text, "75019"), diet(text, "75019", "postal_code")], COMMON
    )
    assert values(entities) == ["Paris 19e"]
    assert [e["value"] for e in entities if e["entity"] == "postal_code"] == ["75019"]


def test_other_entities_pass_through():
    text = "j'ai 20 ans, je vis a Brest"
    age = diet(text, "20", "age")
    assert age in clean_entities(text, [age], COMMON)


def test_vocabulary_is_learnt_outside_entities_and_stored_with_the_model(tmp_path):
    examples = [
        Message(
            data={
                "text": "vers quel centre aller a Brest",
                "intent": "find_access_point",
                "entities": [{"entity": "location", "start": 25, "end": 30, "value": "Brest"}],
            }
        ),
    ]
    assert common_vocabulary(examples) == {"vers", "quel", "centre", "aller", "a"}
    storage = LocalModelStorage(tmp_path)
    resource = Resource("place_extractor")
    component = PlaceEntityExtractor.create({}, storage, resource, None)
    component.train(TrainingData(examples))
    loaded = PlaceEntityExtractor.load({}, storage, resource, None)
    assert loaded.common_words == {"vers", "quel", "centre", "aller", "a"}
    assert {"courant", "cours", "ligne"} <= loaded.dictionary_names
    [message] = loaded.process([Message(data={"text": "je vis a Rostrenen"})])
    assert values(message.get("entities")) == ["Rostrenen"]
    [message] = loaded.process([Message(data={"text": "je vis a Calvi en Haute-Corse"})])
    commune, qualifier = message.get("entities")
    assert (commune["value"], commune["start"], commune["end"], "role" in commune) == ("Calvi", 9, 14, False)
    assert (qualifier["value"], qualifier["role"], qualifier["entity"]) == ("Haute-Corse", "qualifier", "location")


@pytest.fixture(scope="module")
def dictionary():
    return dictionary_place_names()


def test_commune_names_that_are_french_words_come_from_spacy(dictionary):
    assert {"courant", "cours", "ligne", "falaise"} <= dictionary
    assert not {"rostrenen", "brest", "plouha", "carhaix"} & dictionary


@pytest.mark.parametrize(
    "text",
    [
        "Mon employeur peut-il etre au courant si je fais un bilan ?",
        "je suis au courant",
        "je suis en cours de formation",
        "je cherche une formation en ligne",
    ],
)
def test_small_communes_named_like_french_words_need_a_capital(text, dictionary):
    assert find_places(text, COMMON, dictionary_names=dictionary) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("je vis a Courant", ["Courant"]),  # the capital says it is the commune
        ("courant", ["courant"]),  # the answer to "where do you live?"
        ("je vis a tarare", ["tarare"]),  # a French word, but a town of 10,000+
        ("cite des metiers moulins", ["moulins"]),  # a prefecture, even under 20,000
        ("je vis a carhaix", ["carhaix"]),  # short name of Carhaix-Plouguer
        ("je vis a rostrenen", ["rostrenen"]),
    ],
)
def test_places_still_found_with_the_dictionary(text, expected, dictionary):
    assert values(find_places(text, COMMON, dictionary_names=dictionary)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "j'ai fait la grasse matinée puis je suis allé au cnam",  # Grasse, 50,000 inhabitants
        "je fais la grasse mat tous les jours depuis que je suis au chomage",
        "je voudrais un métier bien payé, pas une orange",  # Orange
        "je fais des tours de garde la nuit",  # Tours, La Garde
        "je me suis cogné le menton",  # Menton
        "le tampon de France Travail est illisible",  # Le Tampon
    ],
)
def test_big_towns_named_like_french_words_are_not_places_after_a_determiner(text, dictionary):
    assert find_places(text, COMMON, dictionary_names=dictionary) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("je cherche un emploi a grasse", ["grasse"]),
        ("près de grasse", ["grasse"]),
        ("mission locale grasse", ["grasse"]),
        ("grasse", ["grasse"]),
        ("j'habite au tampon", ["tampon"]),
        ("le tampon", ["le tampon"]),  # the answer to "where do you live?"
        ("je travaille a tours", ["tours"]),
        ("je vis dans la creuse", ["creuse"]),  # a department is never a common noun here
        ("cite des metiers paris", ["paris"]),
    ],
)
def test_big_towns_named_like_french_words_are_places_after_a_place_cue(text, expected, dictionary):
    assert values(find_places(text, COMMON, dictionary_names=dictionary)) == expected


def test_diet_span_made_of_an_ordinary_lower_case_word_is_dropped():
    text = "centre le + proche de 75020 ?"
    code = diet(text, "75020", "postal_code")
    assert values(clean_entities(text, [diet(text, "centre"), code], COMMON)) == []
    text = "je suis en region centre"
    assert values(clean_entities(text, [diet(text, "centre")], COMMON)) == ["centre"]
    text = "je vis dans le Centre"
    assert values(clean_entities(text, [diet(text, "Centre")], COMMON)) == ["Centre"]


def test_particles_left_at_the_end_of_a_diet_span_are_dropped():
    text = "je suis de Saint-Denis de la banlieue"
    assert values(clean_entities(text, [diet(text, "Saint-Denis de la")], COMMON)) == ["Saint-Denis"]
    text = "j'habite a Saint-Denis de La Reunion"
    assert values(clean_entities(text, [diet(text, "Saint-Denis de La")], COMMON)) == ["Saint-Denis de La Reunion"]
    text = "je vis a Villefranche-de-Rouergue"
    assert values(clean_entities(text, [diet(text, "Villefranche-de-Rouergue")], COMMON)) == [
        "Villefranche-de-Rouergue"
    ]


Q = "qualifier"


@pytest.mark.parametrize(
    "text, expected",
    [
        # two mentions, as the held-out file annotates them: [Calvi](location) en [Haute-Corse](location)
        ("Calvi en Haute-Corse", [("Calvi", None), ("Haute-Corse", Q)]),
        ("euh je suis a Ambert dans le 63", [("Ambert", None), ("63", Q)]),
        ("jhabite saint benoit a la reunion", [("saint benoit", None), ("la reunion", Q)]),  # the region's name
        ("je suis a Saint-Pierre en Martinique", [("Saint-Pierre", None), ("Martinique", Q)]),
        ("je vis a Brest dans le Finistere", [("Brest", None), ("Finistere", Q)]),
        ("je suis a Lorient en Morbihan", [("Lorient", None), ("Morbihan", Q)]),  # not "Lorient en", misspelt
        # "de" makes it one name, as data/nlu and the held-out files annotate it
        ("j'habite a Saint-Denis de la Reunion", [("Saint-Denis de la Reunion", None)]),
        # a comma separates two places: no qualifier
        ("je vis a Brest, en Bretagne", [("Brest", None), ("Bretagne", None)]),
        # a department after a place that is not one of its communes: two places, the last one counts
        ("je vis a Brest en Haute-Corse", [("Brest", None), ("Haute-Corse", None)]),
    ],
)
def test_a_commune_and_its_department_or_region_are_two_mentions(text, expected):
    # new contract (was one span, "Calvi en Haute-Corse"); actions.places.place_query joins them again
    assert mentions(find_places(text, COMMON)) == expected


def test_diet_span_is_cut_at_a_comma():
    text = "je suis a Pointe-a-Pitre, ou je peux aller ?"
    assert values(clean_entities(text, [diet(text, "Pointe-a-Pitre, ou")], COMMON)) == ["Pointe-a-Pitre"]


@pytest.mark.parametrize(
    "text, value, kept",
    [
        ("Quelle est la durée moyenne d'une VAE ?", "moyenne", []),  # real question: no commune "Moyenne"
        ("je travaille dans la grande distribution", "grande", []),  # "Grane" only by a fuzzy match
        ("je suis a quimperr", "quimperr", ["quimperr"]),  # a misspelt town is no dictionary word
        ("je vis dans la creuse", "creuse", ["la creuse"]),  # a dictionary word that names a department
        ("je cherche a sete", "sete", ["sete"]),
    ],
)
def test_a_lower_case_dictionary_word_is_no_fuzzy_place(text, value, kept):
    from knowledge.french_words import is_french_word

    assert values(clean_entities(text, [diet(text, value)], COMMON, set(), is_french_word())) == kept


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Saint-Denis (93)", ["Saint-Denis", "93"]),  # the department: role "qualifier" (was one span)
        ("je vis à Saint-Pierre (974) depuis peu", ["Saint-Pierre", "974"]),
        ("Piano (2B)", ["Piano", "2B"]),
        ("Morsang s/ Orge", ["Morsang s/ Orge"]),
        ("Piano 20215", ["Piano"]),
        # misspelt names where the context marks a place
        ("Lanion", ["Lanion"]),
        ("jhabite a st georgs", ["st georgs"]),
        ("Saint-Gorges", ["Saint-Gorges"]),
        ("La Plaine-des-Palmites", ["La Plaine-des-Palmites"]),
        ("Vieux-Foort", ["Vieux-Foort"]),
        ("jhabite a st calais du desret", ["st calais du desret"]),
        ("à Saint-Brieuc c'est ouvert quand ?", ["Saint-Brieuc"]),
        # and not where it does not: ordinary words, elisions, a capital alone on a known word
        ("j'ai mal à la gorge depuis 3 jours", []),
        ("est-ce que j'aurai droit au chômage ?", []),
        ("Prud'hommes : quels sont les Délais de Prescription ?", []),
        ("je cherche a travailler", []),
        ("je veux une formation en cuisine", []),
        ("je cherche un CDD à mi-temps", []),
        # a participle typed without its accent is a French word, not a misspelt commune (real DEV line)
        ("Le salarié doit-il rembourser les allocations chômage qu'il a percues si le licenciement est abusif ?", []),
    ],
)
def test_places_as_people_type_them(text, expected):
    from knowledge.french_words import is_french_word

    assert values(clean_entities(text, [], COMMON, set(), is_french_word())) == expected


@pytest.mark.parametrize("span", ["Saint-Denis", "Saint-Denis (974)", "974"])
def test_diet_spans_of_a_commune_and_its_department_become_the_two_mentions(span):
    # was: DIET's "Saint-Denis" widened to "Saint-Denis (974)"
    text = "Saint-Denis (974)"
    assert mentions(clean_entities(text, [diet(text, span)], COMMON)) == [("Saint-Denis", None), ("974", Q)]


def test_a_qualifier_comes_from_the_gazetteer_not_from_diet():
    text = "je vis a Brest, en Bretagne"
    found = clean_entities(text, [diet(text, "Brest"), diet(text, "Bretagne")], COMMON)
    assert mentions(found) == [("Brest", None), ("Bretagne", None)]


def test_misspelt_name_lookups_are_bounded_per_message(monkeypatch):
    from knowledge import places_in_text
    from knowledge.gazetteer import gazetteer

    gaz = gazetteer()
    calls = []
    real = gaz.resolve
    monkeypatch.setattr(gaz, "resolve", lambda query: calls.append(query) or real(query))
    text = "Je " + " ".join(f"Zorbal{i}x Quintrel{i}y" for i in range(60))  # a message full of unknown names
    assert find_places(text, COMMON, is_french_word=lambda word: False) == []
    assert len(calls) == places_in_text.MAX_FUZZY_LOOKUPS


@pytest.mark.parametrize("folded", ["percues", "recu", "licencie", "decues", "garcon"])
def test_french_forms_typed_without_accents_are_french_words(folded):
    from knowledge.french_words import is_french_word

    assert is_french_word()(folded)


@pytest.mark.parametrize("name", ["lanion", "brest", "georgs"])
def test_restoring_accents_does_not_make_place_names_french_words(name):
    from knowledge.french_words import is_french_word

    assert not is_french_word()(name)


# --- real phrasings of the places collection (2026-12-02, bench/nlu_real_phrasings.md) -------------------------
def french():
    from knowledge.french_words import is_french_word

    return is_french_word()


@pytest.mark.parametrize(
    "text",
    [
        "je suis bénévole a la croix rouge",  # Croix, 21,000 inhabitants, after "à la"
        "J'ai travaillé à la Croix-Rouge pendant 5 ans",  # Croix and Rouge are both communes
        "les Apprentis d'Auteuil m'ont aidé à trouver une formation",
    ],
)
def test_organisation_names_are_not_places(text, dictionary):
    assert values(clean_entities(text, [], COMMON, dictionary, french())) == []
    word = "Croix" if "Croix" in text else ("croix" if "croix" in text else "Auteuil")
    assert values(clean_entities(text, [diet(text, word)], COMMON, dictionary, french())) == []


def test_after_chez_comes_a_company_not_a_place(dictionary):
    text = "j'ai travaillé chez Orange pendant 5 ans"
    assert values(clean_entities(text, [], COMMON, dictionary, french())) == []
    assert values(clean_entities(text, [diet(text, "Orange")], COMMON, dictionary, french())) == []
    assert values(clean_entities("je vis à Orange", [], COMMON, dictionary, french())) == ["Orange"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("J'occupais à l'époque un poste de Responsable de Centre : j'ai validé un Master par VAE.", []),
        ("l'IFAS du Centre hospitalier de Laval", ["Laval"]),
        ("J'ai découvert ce forum sur le site du Centre de gestion de la Loire (CDG42)", ["Loire"]),
        ("« Job dating inversé » à Rennes, un pas vers l'inclusion", ["Rennes"]),
        ("un « Salon des Formations Supérieures » organisé à Lyon", ["Lyon"]),
        ("je vis dans le Centre", ["Centre"]),  # the region, after a place cue
        ("je suis en region Centre", ["Centre"]),
    ],
)
def test_a_noun_heading_a_name_is_not_a_place(text, expected, dictionary):
    common = COMMON | {"job", "salon"}
    assert values(clean_entities(text, [], common, dictionary, french())) == expected


def test_diet_span_of_a_noun_heading_a_name_is_dropped(dictionary):
    text = "J'occupais un poste de Responsable de Centre : j'ai validé un Master par VAE."
    assert values(clean_entities(text, [diet(text, "Centre")], COMMON, dictionary, french())) == []
    text = "l'IFAS du Centre hospitalier de Laval"
    assert values(clean_entities(text, [diet(text, "Centre"), diet(text, "Laval")], COMMON, dictionary)) == ["Laval"]


def test_a_place_cue_before_another_noun_does_not_make_a_place(dictionary):
    # "au" belongs to "pied": "des tours" are towers, not Tours
    assert find_places("Pôle emploi place ses agents au pied des tours", COMMON, dictionary_names=dictionary) == []
    assert values(find_places("je travaille a tours", COMMON, dictionary_names=dictionary)) == ["tours"]


def test_a_big_town_named_in_the_vocabulary_is_a_place_at_the_start_of_a_sentence(dictionary):
    common = COMMON | {"marseille"}  # a training example names Marseille outside an entity
    text = "Marseille : la recherche d'emploi se fait au cœur des quartiers"
    assert values(clean_entities(text, [], common, dictionary, french())) == ["Marseille"]
    assert values(clean_entities("Vers quel metier aller ?", [], common, dictionary, french())) == []


def test_no_misspelt_place_inside_a_hyphened_name():
    text = "C'est ainsi qu'au Lycée Émile-Letournel de St Pierre et Miquelon des échanges ont été organisés"
    assert values(clean_entities(text, [], COMMON, set(), french())) == ["St Pierre et Miquelon"]


def test_diet_span_of_a_town_named_like_a_noun_after_its_determiner_is_dropped(dictionary):
    text = "Pôle emploi place ses agents au pied des tours"
    assert values(clean_entities(text, [diet(text, "tours")], COMMON, dictionary)) == []
    for text in ("je travaille a tours", "près de grasse"):
        word = text.split()[-1]
        assert values(clean_entities(text, [diet(text, word)], COMMON, dictionary)) == [word]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("J'ai souhaité quitter la région parisienne, car au bout de 10 ans", ["région parisienne"]),
        ("très dynamique sur la région bordelaise, notamment à Pessac", ["région bordelaise", "Pessac"]),
        ("je cherche un job en region lyonnaise", ["region lyonnaise"]),
        ("une sauce bordelaise", []),
    ],
)
def test_a_city_area_named_with_its_adjective_is_a_place(text, expected, dictionary):
    assert values(clean_entities(text, [], COMMON, dictionary, french())) == expected


def test_diet_locations_off_keeps_only_the_places_the_rules_find(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("place_extractor_rules_only")
    component = PlaceEntityExtractor.create({"diet_locations": False}, storage, resource, None)
    component.train(TrainingData([Message(data={"text": "vers quel centre aller", "intent": "find_access_point"})]))
    text = "je cherche un job dans le Vaucluse a Monteux"
    message = Message(data={"text": text, "entities": [diet(text, "job", "location"), diet(text, "Monteux")]})
    [out] = component.process([message])
    assert values(out.get("entities")) == ["Vaucluse", "Monteux"]  # the rules find both; DIET's "job" is gone
    default = PlaceEntityExtractor.create({}, storage, Resource("place_extractor_default"), None)
    default.train(TrainingData([Message(data={"text": "vers quel centre aller", "intent": "find_access_point"})]))
    text = "je suis a Quimperlé-sur-Mer-Inconnue"
    [kept] = default.process([Message(data={"text": text, "entities": [diet(text, "Quimperlé-sur-Mer-Inconnue")]})])
    [dropped] = component.process(
        [Message(data={"text": text, "entities": [diet(text, "Quimperlé-sur-Mer-Inconnue")]})]
    )
    assert values(kept.get("entities")) and not [
        e for e in dropped.get("entities") if e.get("extractor") == "DIETClassifier"
    ]


# --- ordinary words and compounds are no communes (probe set 3, p3-46 and p3-38) ------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Ma petite-fille de 16 ans veut quitter le lycée pour faire un CAP pâtissier",  # was Petite-Île (974)
        "SELECT * FROM users; DROP TABLE sessions;--",  # was La Table (73)
        "ma grand-mère veut m'aider à payer ma formation",  # was Le Grand-Serre
        "mon grand-père était menuisier",  # was Grandpré
        "ma belle-fille est au chômage",  # was Belleville, asked which one
        "mes petites-filles cherchent une alternance",
        "mon petit-fils cherche un apprentissage",
        "ma belle-mère veut reprendre une formation",
        "mon beau-frère est au RSA",
        "ma demi-sœur cherche un emploi",
        "mon arrière-petit-fils a 16 ans",
        "ma fille cherche une formation",
        "je mets la table",
        "Je cherche un poste en CDI, Table ronde jeudi",
        "ma sage-femme m'a parlé d'une reconversion",
    ],
)
def test_ordinary_words_and_compounds_are_no_communes(text, dictionary):
    assert values(clean_entities(text, [], COMMON, dictionary, french())) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("je vis à Vire", ["Vire"]),  # a French word ("virer"), a commune named exactly so
        ("près de Bègles", ["Bègles"]),
        ("je cherche une formation près de Bègles", ["Bègles"]),
        ("je vis à La Table", ["La Table"]),  # the name with its article
        ("j'habite à Table", ["Table"]),  # without it, after a place cue
        ("j'habite Petite-Île", ["Petite-Île"]),
        ("je vis à Petite-Ile", ["Petite-Ile"]),
        ("je vis à la Petite-Ile", ["Petite-Ile"]),
        ("je travaille au Havre", ["Havre"]),
        ("cite des metiers havre", ["havre"]),  # a big town without its article
        ("je vis à Sète", ["Sète"]),
        ("Saint-Gorges", ["Saint-Gorges"]),  # a slip in a hyphened name, no determiner before it
    ],
)
def test_communes_named_like_words_stay_places_with_a_cue(text, expected, dictionary):
    assert values(clean_entities(text, [], COMMON, dictionary, french())) == expected


@pytest.mark.parametrize(
    "text",
    [
        "j'ai perdu mon Aigle en peluche",  # Aigle, a commune; a capitalised noun after a possessive
        "je parle de une Table ronde demain",
        "la ROUGE du match de hier",  # Rouge, a commune; capitals inside a lower-case message
    ],
)
def test_a_capital_does_not_make_a_common_noun_a_place(text, dictionary):
    assert values(clean_entities(text, [], COMMON, dictionary, french())) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mission locale ORANGE", ["ORANGE"]),  # a big town in capitals stays a place
        ("Le More-Rouge", ["More-Rouge"]),  # a slip in Le Morne-Rouge: the capitalised article opens the name
        ("je vis près de Aigle", ["Aigle"]),
    ],
)
def test_capitalised_places_named_like_words_stay_places(text, expected, dictionary):
    assert values(clean_entities(text, [], COMMON, dictionary, french())) == expected
