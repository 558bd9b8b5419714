"""The profile extractor finds the person's situation, not the topics of the question."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.nlu.profile_extractor import ProfileEntityExtractor, find_profiles, merge_profiles


def values(text):
    return sorted(e["value"] for e in find_profiles(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bonjour je suis aide soignante depuis 12 ans et je veux changer de metier, je suis a Quimper", ["salarie"]),
        ("mon fils est en 3eme il veut faire boulanger", ["etudiant"]),
        ("ma fille est au lycée, elle ne sait pas quoi faire", ["etudiant"]),
        ("je suis au chômage depuis 6 mois", ["demandeur_emploi"]),
        ("jsuis demandeuse d'emploi", ["demandeur_emploi"]),
        ("Je suis salariée en CDI", ["salarie"]),
        ("je suis cadre dans la banque depuis 12 ans", ["cadre"]),
        ("ingénieure", ["cadre"]),
        ("j'ai 45 ans, sans emploi", ["demandeur_emploi"]),
        ("j'ai la RQTH", ["handicap"]),
        ("je suis auto-entrepreneur", ["createur"]),
        ("étudiant en L1 je m'ennuie", ["etudiant"]),
        ("je suis retraitée", ["autre"]),
        ("je suis au chômage mais j'ai une RQTH", ["demandeur_emploi", "handicap"]),
        ("allocataire du RSA, je cherche une formation", ["demandeur_emploi"]),
        ("le fait d'être salariée m'empêche-t-il de créer une activité ?", ["salarie"]),
        # the subject right before: a past event, an allowance received, a possessive
        ("j'ai été licenciée en mars, je cherche une formation", ["demandeur_emploi"]),
        ("je viens d'être licencié économique", ["demandeur_emploi"]),
        ("je me suis fait licencier la semaine dernière", ["demandeur_emploi"]),
        ("j'ai perdu mon emploi après 20 ans dans la même boîte", ["demandeur_emploi"]),
        ("je touche le RSA depuis un an, quelle formation ?", ["demandeur_emploi"]),
        ("lancer une activité tout en percevant le RSA, possible ?", ["demandeur_emploi"]),
        ("dois-je parler de mon handicap à un recruteur ?", ["handicap"]),
        ("je suis malvoyante et je cherche un emploi", ["handicap"]),
        ("je suis en fauteuil roulant, quels métiers ?", ["handicap"]),
        ("Mon fils de 22 ans est autiste, il cherche un travail adapté", ["handicap"]),
        ("je suis épileptique, quels métiers me sont fermés ?", ["handicap"]),
        ("ma fille de 15 ans est en 3eme", ["etudiant"]),
        # a situation told in the past tense of a life story (real DEV line, cut)
        ("je fais partie du plan social de l'agence où je bossais comme directeur du développement", ["cadre"]),
        # tests/nlu_holdout_README.md's convention (2026-12-01): placing oneself in a situation ("on est", "on a"),
        # one's studies, a young person out of school, two situations in a row
        ("quand on est infirmière on peut se reconvertir ?", ["salarie"]),
        ("faut il s'inscrire a france travail si on a le RSA", ["demandeur_emploi"]),
        ("Changer de cap quand on a un CDI en poche", ["salarie"]),
        ("licencié pour inaptitude, qui peut m'aider à retrouver un poste adapté ?", ["demandeur_emploi"]),
        ("Comment retrouver un job quand on est mis à la porte à 57 ans ?", ["demandeur_emploi"]),
        ("Situation de handicap : faut-il en parler en entretien ?", ["handicap"]),
        ("Faut-il évoquer son handicap invisible en entreprise ?", ["handicap"]),
        ("ma fille veut arrêter ses études, que faire ?", ["etudiant"]),
        ("Mon enfant rentre en 3e, faut-il déjà penser à son orientation ?", ["etudiant"]),
        ("j'ai 18 ans et j'ai arrêté le lycée, je fais quoi", ["jeune"]),
        ("Bonjour, mon fils a 17 ans et a quitté le lycée, vers qui peut-il se tourner ?", ["jeune"]),
        ("j'ai 23 ans ni en emploi ni en formation", ["jeune"]),
        ("Pour ma part j'ai 21 ans, toujours pas de diplôme", ["jeune"]),
        ("19 ans sans diplome sans emploi besoin daide", ["demandeur_emploi", "jeune"]),
        ("Salarié et auto-entrepreneur : le b.a.-ba pour s'en sortir", ["createur", "salarie"]),
        ("Je suis en arrêt de travail. Que dois-je faire ?", ["autre"]),
        ("Avec mes 900 euros de chômage, j'ai dû financer seul une formation", ["demandeur_emploi"]),
        ("mon chomage se termine en mars, quelle formation ?", ["demandeur_emploi"]),
        # the profile collection of 2026-12-02 (tests/nlu_dev_real.yml): invalidity is a handicap, not "autre"
        ("si je suis en invalidité catégorie 1, combien d'heures puis-je travailler ?", ["handicap"]),
        ("En invalidité 1ère catégorie, quels vont être mes droits ?", ["handicap"]),
        # an adverb between "suis" and the trade; a trade opening the message
        ("j'ai changé de voie à 30 ans et suis aujourd'hui aide soignant", ["salarie"]),
        ("Infirmier, je n'ai pas d'économies pour reprendre un commerce", ["salarie"]),
        # retirement and a parent at home, said as people say them
        ("J'ai pris ma retraite après 36 ans de travail", ["autre"]),
        ("je n'ai eu aucun mal à m'adapter à mon nouveau statut de retraitée", ["autre"]),
        ("Depuis dix années, je suis maman à la maison.", ["autre"]),
        # engineering school is a class, not an engineer's job
        ("J'ai eu mon bac et je suis entrée en école d'ingénieur", ["etudiant"]),
        ("je vais devoir arrêter mon BTS faute d'argent", ["etudiant"]),
        # deafness said with "je souffre d'une", a possessive or the recognition the writer has
        ("je souffre d'une surdité bilatérale depuis une méningite", ["handicap"]),
        ("à l'annonce de ma surdité profonde, le médecin a dit que je ne parlerais pas", ["handicap"]),
        ("la RQTH me permet de me reconvertir", ["handicap"]),
        ("J'occupais un emploi de cadre dans une grande entreprise", ["cadre"]),
        ("j'écris sur mon récent statut d'auto entreprise", ["createur"]),
        # a heading opening with the child
        ("Enfant déscolarisé de 15 ans, que faire ?", ["jeune"]),
        # a past situation counts only when no current one is said (DEV line)
        (
            "J'ai été licencié en décembre. Mon boulot, c'était ma passion, j'étais directeur commercial depuis 31 ans",
            ["demandeur_emploi"],
        ),
    ],
)
def test_stated_situations(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "dans le cadre de ma reconversion, quelles aides ?",
        "améliorer mon cadre de vie",
        "handicap et travail",
        "c'est quoi la RQTH",
        "offres cadres apec",
        "combien je vais toucher au chômage",
        "je veux préparer ma retraite",
        "mon patron part à la retraite",
        "je veux devenir infirmière",
        "Madame, Monsieur, suite à la fin de mon CDD, quels droits ?",
        # the trade named is the project, not the situation
        "je veux m'installer en tant que coiffeuse à domicile",
        "je voudrais travailler en tant que cariste",
        # a farmer is self-employed, not an employee: the situation is asked
        "je suis agricultrice et je veux arrêter, à 50 ans",
        # short-time work is no unemployment; a pension scheme is no retirement
        "je suis au chômage partiel depuis trois mois",
        "retraite progressive, qui peut en bénéficier ?",
        # the RSA, a layoff or a handicap as a topic, or someone else's
        "c'est quoi le montant du RSA ?",
        "un employeur peut-il licencier un salarié malade ?",
        "mon frère a perdu son emploi, comment l'aider ?",
        "accessibilité des locaux en fauteuil roulant",
        "l'autisme au travail, quelles aides pour les employeurs ?",
        "mon collègue est autiste, comment l'aider ?",
        # no young person: an older age, a duration; studies that are over or to be taken up again
        "j'ai 45 ans sans diplôme, quelle formation ?",
        "jfais du batiment depuis 20 ans sans diplome, jpeux avoir un cap avec mon experience ?",
        "après mes études je veux voyager",
        "je veux reprendre mes études à 35 ans",
        # a situation of someone else, in a press or law heading
        "le salarié licencié a-t-il droit au chômage ?",
        # an age compared, not a young person; a school or a platform, not a job or a class
        "mon chirurgien me dit que je suis trop jeune pour une prothèse du genou",
        "Mon master : trois options pour les candidats sans formation",
        # a line addressed to the reader with no first person (README, "Not annotated")
        "En tant que demandeur d'emploi inscrit à France Travail, pouvez-vous être sanctionné ?",
    ],
)
def test_topics_are_not_situations(text):
    assert values(text) == []


def test_a_trade_held_counts_only_when_nothing_stronger_is_said():
    assert values("je suis infirmière depuis 10 ans") == ["salarie"]
    assert values("je travaille en tant que coiffeuse depuis 10 ans") == ["salarie"]
    assert values("en tant que vendeuse je voudrais évoluer") == ["salarie"]
    assert values("je suis cadre infirmier depuis 10 ans") == ["cadre"]


def test_spans_point_into_the_original_text():
    text = "Bonjour, je suis salariée à Brest"
    [entity] = find_profiles(text)
    assert text[entity["start"] : entity["end"]] == "salariée" == entity["text"]


def test_rules_replace_diet_guesses():
    diet = [{"entity": "profile", "value": "jeune", "start": 0, "end": 5}, {"entity": "location", "value": "Brest"}]
    merged = merge_profiles("je suis salarié à Brest", diet)
    assert sorted((e["entity"], e["value"]) for e in merged) == [("location", "Brest"), ("profile", "salarie")]
    assert merge_profiles("handicap et travail à Brest", diet) == [diet[1]]


def test_component_skips_button_payloads():
    payload = Message(
        data={"text": '/inform{"profile":"cadre"}', "entities": [{"entity": "profile", "value": "cadre"}]}
    )
    said = Message(data={"text": "je suis étudiante"})
    ProfileEntityExtractor().process([payload, said])
    assert payload.get("entities") == [{"entity": "profile", "value": "cadre"}]
    assert [e["value"] for e in said.get("entities")] == ["etudiant"]


# The second profile collection of 2026-12-02 (tests/nlu_dev_real.yml, "profile collection 2"), an unseen set:
# each phrasing below is a general form of a line the rules missed there (bench/nlu_real_phrasings.md).
@pytest.mark.parametrize(
    "text, expected",
    [
        # a trade reached ("devenu(e)"), and trades the list lacked
        ("je suis devenue aide-soignante il y a deux ans", ["salarie"]),
        ("je suis chargée de communication dans une PME", ["salarie"]),
        ("je suis chef cuisinier dans un restaurant de Lyon", ["salarie"]),
        ("je suis psychologue dans un hôpital et je veux changer", ["salarie"]),
        # a post held, a civil-service post entered
        ("je suis en poste depuis 15 ans dans la même entreprise", ["salarie"]),
        ("je suis entré dans la fonction publique en 2010", ["salarie"]),
        ("j'enchaîne les CDD depuis un an", ["salarie"]),
        ("je resterai toujours salariée, je crois", ["salarie"]),
        # a class or a degree in progress said with a verb or "filière" / "classe prépa"
        ("j'étudie le droit à Nantes", ["etudiant"]),
        ("je fais une licence de psycho mais je veux changer", ["etudiant"]),
        ("je suis en filière générale et je doute", ["etudiant"]),
        ("je suis en classe prépa et je craque", ["etudiant"]),
        ("me voilà en terminale sans idée d'orientation", ["etudiant"]),
        # someone else put the writer in a situation ("m'a mise en", "m'a rendu")
        ("le médecin conseil m'a mise en invalidité", ["handicap"]),
        ("mon accident m'a rendu handicapé", ["handicap"]),
        ("j'ai droit à l'AAH depuis 2019", ["handicap"]),
        # setting up on one's own now, not a project
        ("je me lance à mon compte le mois prochain", ["createur"]),
        # registration, no job, end of rights, the solidarity allowance, "mon licenciement"
        ("je m'inscris à Pôle emploi demain", ["demandeur_emploi"]),
        ("je n'ai pas d'emploi depuis deux ans", ["demandeur_emploi"]),
        ("j'ai fini par épuiser mes droits", ["demandeur_emploi"]),
        ("je suis en allocation de solidarité spécifique", ["demandeur_emploi"]),
        ("depuis mon licenciement je tourne en rond", ["demandeur_emploi"]),
        ("Aujourd'hui, en fin de droits, je cherche une formation", ["demandeur_emploi"]),
        ("puis-je conserver le RSA si je reprends une formation ?", ["demandeur_emploi"]),
    ],
)
def test_phrasings_of_the_second_profile_collection(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # "une jeune maman" describes an adult, not a young person
        "je suis une jeune maman de 24 ans",
        # an entry exam or a timetable, not a post nor a job lost
        "comment entrer dans la fonction publique ?",
        "je n'ai pas d'emploi du temps fixe",
        "un licenciement économique, c'est quoi ?",
    ],
)
def test_non_situations_of_the_second_profile_collection(text):
    assert values(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # self-employment said as a status, a year of it, a move already made (not a wish)
        ("je suis graphiste en micro - entreprise", ["createur"]),
        ("avec mon activité de micro-entreprise je ne gagne pas encore assez", ["createur"]),
        ("j'exerce le même métier en micro-entreprise depuis 2019", ["createur"]),
        ("j'ai quitté mon CDI il y a 3 ans pour me mettre à mon compte", ["createur"]),
        ("je plaque tout pour me lancer dans l'entrepreneuriat", ["createur"]),
        ("c'est ma troisième année de freelance", ["createur"]),
        ("j'ai décidé de me tourner vers l'entrepreneuriat après 15 ans en tant que cadre", ["createur"]),
        # a layoff one finds oneself in, one is the victim of; a group one belongs to
        ("je me retrouve licenciée après dix ans dans la boîte", ["demandeur_emploi"]),
        ("j'ai été victime d'un licenciement économique en 2020", ["demandeur_emploi"]),
        ("du jour au lendemain on fait partie des personnes sans emploi", ["demandeur_emploi"]),
        # a degree in progress, a class entered next, a grant holder, "j'étudie" after "que"
        ("je suis en train de faire un second master en droit", ["etudiant"]),
        ("je vais rentrer en master 2 en septembre", ["etudiant"]),
        ("boursière échelon 7, le CROUS me verse 500 euros", ["etudiant"]),
        ("retenez simplement que j'étudie la philo", ["etudiant"]),
        # disability words and possessives, a recognition granted to the writer
        ("je suis polyhandicapé depuis la naissance", ["handicap"]),
        ("quand on est handi, trouver un stage est compliqué", ["handicap"]),
        ("j'avais la RQTH depuis 2015", ["handicap"]),
        ("la CPAM m'accorde une pension d'invalidité", ["handicap"]),
        ("j'ai moi-même demandé l'invalidité de première catégorie", ["handicap"]),
        ("il n'y a pas d'ascenseur assez large pour mon fauteuil", ["handicap"]),
        ("j'ai toujours caché mon autisme au travail", ["handicap"]),
        ("en tant qu'Asperger, l'open space m'épuise", ["handicap"]),
        # "en tant qu'" before a vowel, more trades, a civil-service tenure, a career told in the past
        ("en tant qu'intérimaire on n'a aucune considération", ["salarie"]),
        ("étant éboueur, j'ai dû payer ma formation", ["salarie"]),
        ("depuis 15 ans je suis développeur informatique", ["salarie"]),
        ("je suis toujours journaliste mais je prépare ma reconversion", ["salarie"]),
        ("en tant que titulaire C de la fonction publique territoriale, puis-je postuler ?", ["salarie"]),
        ("avant, j'étais femme de ménage", ["salarie"]),
        ("ayant un statut de cadre je ne compte pas mes heures", ["cadre"]),
        # a school left (also "mon lycée", "choisi de quitter"), not schooled, "les jeunes comme moi"
        ("j'ai 17 ans et j'ai quitté mon lycée en octobre", ["jeune"]),
        ("j'ai choisi de quitter l'école l'an dernier", ["jeune"]),
        ("je ne suis pas scolarisée cette année", ["jeune"]),
        ("les jeunes comme moi galèrent à trouver un patron", ["jeune"]),
        # a parent who stopped working for the children
        ("j'ai arrêté de travailler pour élever mes enfants", ["autre"]),
    ],
)
def test_phrasings_of_the_third_profile_collection(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # working somewhere, someone else's post, a training, a wish, a counterfactual, a post sought or left
        "je travaille dans une bibliothèque",
        "je travaille dans un centre pour jeunes en difficulté",
        "mon directeur m'a proposé un nouveau poste",
        "je suis ingénieur de formation",
        "j'aimerais vous dire que je suis étudiante, mais non",
        "je voudrais me lancer dans l'entrepreneuriat",
        "je voudrais créer mon activité en micro-entreprise",
        "je ne suis pas sûre de le retrouver en tant qu'ingénieur",
        "après un petit job en tant qu'agent de sécurité, je ne savais plus quoi faire",
        # a grant's rights, what one studies as a subject, the stock market
        "j'avais déjà épuisé mes droits à la bourse",
        "ce que j'étudie ne me plaît plus",
        "le marché boursier recrute-t-il ?",
    ],
)
def test_non_situations_of_the_third_profile_collection(text):
    assert values(text) == []


# Situations told as a story (profile collection 4, probes n13, n10, N07): one case or more for each rule family.
@pytest.mark.parametrize(
    "text, expected",
    [
        # a contract, a mission or a CDD that ended
        ("mon contrat d interim sest fini la semaine derniere je suis cariste a Dunkerque", ["demandeur_emploi"]),
        ("Cela fait 1 mois que ma mission est terminée", ["demandeur_emploi"]),
        ("mon CDD n'a pas été renouvelé, que faire ?", ["demandeur_emploi"]),
        ("j'ai décidé de ne pas reconduire mon CDD", ["demandeur_emploi"]),
        ("nous avons décidé de rompre mon contrat", ["demandeur_emploi"]),
        ("on n'avait plus de contrat à renouveler", ["demandeur_emploi"]),
        ("je n'ai plus de travail depuis mars", ["demandeur_emploi"]),
        ("je me fais virer au bout de deux semaines", ["demandeur_emploi"]),
        # leaving the army
        ("ancien militaire 15 ans de service je sors de l armee dans 6 mois", ["demandeur_emploi"]),
        ("j'ai quitté la Marine nationale l'an dernier", ["demandeur_emploi"]),
        ("j'ai décidé de déposer le képi", ["demandeur_emploi"]),
        ("Retourné dans la vie civile après vingt ans dans l'armée, je ne trouve rien", ["demandeur_emploi"]),
        ("55 ans, cheffe d'entreprise", ["createur"]),
        # a sick leave told with its length
        ("J'ai été arrêtée pendant plus d'un an et demi", ["autre"]),
        # a trade held
        ("étant juriste au moment du diagnostic", ["salarie"]),
        # "jeune chômeur": a new job seeker
        ("Jeune chômeur depuis plusieurs mois, je cherche", ["demandeur_emploi"]),
    ],
)
def test_situations_told_as_a_story(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "suite à la fin de mon CDD, je souhaiterais connaître mes droits",  # an end that may be to come
        "Je ne vais pas quitter l'armée pour gagner moins.",
        "Mon père avait une exploitation agricole.",
        "A chaque fin de mission, c'est une perte de confiance",
        "Je voulais partir tant que j'étais encore jeune.",
        # a farmer is not read as a creator (test_topics_are_not_situations): the situation is asked
        "Quand j'ai décidé de quitter la ferme, tout le monde était surpris",
    ],
)
def test_non_situations_of_the_stories(text):
    assert values(text) == []


# A post in the civil service said with the trade (end-to-end probe c03 of bench/probes2, 2026-12-02): the person is
# employed, beside being a cadre; a post sought in it is no situation.
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Bonjour, je suis cadre dans la fonction publique territoriale et je souhaite me reconvertir dans le prive.",
            ["cadre", "salarie"],
        ),
        ("je suis infirmière dans la fonction publique hospitalière depuis 10 ans", ["salarie"]),
        ("je veux travailler dans la fonction publique", []),
        ("je suis prête à entrer dans la fonction publique", []),
        ("les concours dans la fonction publique", []),
    ],
)
def test_a_post_in_the_civil_service(text, expected):
    assert values(text) == expected
