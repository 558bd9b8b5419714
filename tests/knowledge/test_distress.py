"""The distress detector: crisis phrases however they are typed, not the figures of speech; discouragement."""

import pytest

from knowledge.distress import CRISIS_INTENT, crisis_phrase, discouragement_phrase, fold, is_crisis, is_discouraged
from knowledge.nlu_sentences import examples, nlu_files


@pytest.mark.parametrize(
    "text, kind",
    [
        ("j'en peux plus, je veux en finir", "end_life"),
        ("je pense au suicide depuis que j'ai perdu mon travail", "suicide"),
        ("a quoi bon vivre, personne ne veut de moi", "no_will_to_live"),
        ("À quoi bon vivre ?", "no_will_to_live"),
        ("j'ai envie de mourir", "die"),
        ("JAI ENVIE DE MOURRIR", "die"),  # capitals, no apostrophe, a common misspelling
        ("g envi de mourir", "die"),  # SMS
        ("jveux mourir", "die"),
        ("je voudrais être morte", "die"),
        ("j'ai envie de crever", "die"),
        ("je veux me foutre en l'air", "kill_self"),
        ("je vais me foutre en lair", "kill_self"),
        ("je pense à me tuer", "kill_self"),
        ("je vais me tuer", "kill_self"),
        ("j'ai envie d'en finir avec la vie", "end_life"),
        ("en finir avec la vie", "end_life"),
        ("j'ai décidé d'en finir.", "end_life"),
        ("je veux en finir avec tout ça", "end_life"),
        ("je vais me suicider", "suicide"),
        ("je vais me suicidé", "suicide"),
        ("jpense a me sucider", "suicide"),  # misspelt
        ("je me suis deja suicidée une fois", "suicide"),
        ("j'ai des pensées suicidaires", "suicide"),
        ("je veux mettre fin à mes jours", "end_life"),
        ("je pense a mettre fin a ma vie", "end_life"),
        ("j'ai plus envie de vivre", "no_will_to_live"),
        ("jai pu envi de vivre", "no_will_to_live"),
        ("je n'ai plus envie de vivre depuis mon licenciement", "no_will_to_live"),
        ("je ne veux plus vivre", "no_will_to_live"),
        ("jveux plus vivre comme ca", "no_will_to_live"),
        ("ma vie n'a plus de sens", "no_will_to_live"),
        ("marre de vivre", "no_will_to_live"),
        ("j'ai envie de disparaître", "no_will_to_live"),
        ("je veux disparaitre de ce monde", "no_will_to_live"),
        ("j'ai des idées noires depuis mon licenciement", "dark_thoughts"),
        ("je me scarifie", "self_harm"),
        ("j'ai envie de me faire du mal", "self_harm"),
        ("je veux me jeter sous un train", "self_harm"),
        ("j'ai envie de me pendre", "self_harm"),
        ("je voudrais m'endormir et ne plus me réveiller", "no_will_to_live"),
        ("tout le monde serait mieux sans moi", "burden"),
        ("je suis un poids pour ma famille", "burden"),
        # Warning signs quoted by prevention sites (read 2026-12-01): heyhoegaathet.be/fr/la-question-de-toute-une-vie-
        # hey-ca-va/signes, parler-peut-sauver.ch (comment interpréter les signaux d'alerte), suicideactionmontreal.org
        # (signes de détresse), ilya1espoir.com/idees-suicidaires, mathildeallix.fr (signes avant-coureurs de la crise
        # suicidaire), maison-ellae.org/suicide-et-idees-noires; typed as people type them.
        ("Je ne peux plus vivre ainsi.", "no_will_to_live"),
        ("je regrette d'être né", "die"),
        ("Si seulement je pouvais disparaître", "no_will_to_live"),
        ("Sans moi vous serez plus heureux", "burden"),
        ("Vous seriez mieux sans moi", "burden"),
        ("sans moi vous iriez tous beaucoup mieux", "burden"),
        ("Je serais mieux mort", "die"),
        ("je préférerais ne plus être sur terre", "no_will_to_live"),
        ("La vie ne vaut plus la peine d'être vécue", "no_will_to_live"),
        ("je suis tellement fatigué que j'aimerais ne pas me réveiller", "no_will_to_live"),
        ("je ne supporte plus de vivre", "no_will_to_live"),
        ("je veux que tout s'arrete", "no_will_to_live"),
        ("je veux dormir pour toujours", "no_will_to_live"),
        ("je ne veux plus exister", "no_will_to_live"),
        ("je pense tout le temps a la mort", "no_will_to_live"),
        ("je vois pas d'autre solution que la mort", "no_will_to_live"),
        ("je me laisse mourir", "die"),
        ("je vais me tirer une balle", "kill_self"),
        ("j'ai deja fait une TS", "suicide"),
        ("je vais sauter du pont", "self_harm"),
        ("j'ai acheté des cachets pour en finir", "end_life"),
    ],
)
def test_crisis_phrases_however_typed(text, kind):
    assert crisis_phrase(text) == kind
    assert is_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        # the figures of speech of the brief
        "tuer le temps",
        "je cherche une activité pour tuer le temps",
        "je meurs d'envie de devenir pilote",
        "une formation à mourir d'ennui",
        "je suis mort de rire",
        "mort de fatigue après le boulot",
        "je suis morte de fatigue",
        # others close to the patterns
        "je me tue au travail",
        "je me tue à la tâche pour rien",
        "je crève de faim avec le RSA",
        "je préfère mourir de rire",
        "je veux en finir avec le chômage",
        "comment en finir avec les petits boulots ?",
        "je voudrais en finir avec mon CDI et me reconvertir",
        "il faut en finir avec ce dossier",
        "ce serait du suicide de démissionner sans projet",
        "c'est un suicide professionnel de quitter mon CDI",
        "je veux travailler dans la prévention du suicide",
        "je n'ai pas envie de mourir de faim",
        "je ne veux pas en finir, je veux m'en sortir",
        "je veux vivre à Paris",
        "j'ai plus envie de vivre à Paris, je cherche un emploi en Bretagne",
        "je veux disparaître des fichiers de France Travail",
        "je vais me jeter à l'eau et créer mon entreprise",
        "j'ai tout foutu en l'air avec mon dernier emploi",
        "je veux mettre fin à mon contrat",
        "je voudrais ne plus me réveiller à 5h pour aller au boulot",
        "l'équipe ira très bien sans moi pendant mes congés",
        "je n'ai pas envie de vivre de petits boulots",
        "j'en ai marre de la vie de bureau",
        "porter des charges va me faire du mal au dos",
        "j'en peux plus de mon travail, j'ai envie de changer",
        "je veux changer de vie",
        "je me suis tiré une balle dans le pied en démissionnant",
        "je veux sauter le pas de la reconversion",
        "je pense à la mort de mon entreprise",
        "je ne peux plus vivre avec un smic",
        "je veux partir pour toujours à l'étranger",
        "je ne veux plus être là dans 5 ans",
        "mon travail n'a plus de sens",
        "je ne vois pas d'issue à ma reconversion",
        "pour en finir, voici ma question",
        "je veux que tout s'arrête avec mon employeur",
        "je voudrais ne pas me réveiller en retard",
        "je fais des TS en pharmacie",
        "",
        '/inform{"profile":"salarie"}',
    ],
)
def test_figures_of_speech_and_job_talk_are_not_crisis(text):
    assert crisis_phrase(text) is None


def test_folding_reads_accents_apostrophes_and_capitals_alike():
    assert fold("J’AI  ENVIE\u00a0de Mourir — ça") == fold("j'ai envie de mourir - ca") == "j ai envie de mourir ca"


def test_no_other_training_or_held_out_sentence_holds_a_crisis_phrase():
    """Precision on every sentence the team and the public wrote about orientation (about 8,500): a crisis phrase
    only in the crisis intent's own examples, which all hold one (the classifier's guess alone is never acted on)."""
    flagged, crisis_examples, crisis_found = [], 0, 0
    for path in nlu_files():
        for intent, text in examples(path):
            if intent == CRISIS_INTENT:
                crisis_examples += 1
                crisis_found += is_crisis(text)
            elif is_crisis(text):
                flagged.append((path.name, intent, text))
    assert flagged == []
    assert crisis_examples >= 20 and crisis_found == crisis_examples


@pytest.mark.parametrize(
    "text, kind",
    [
        ("j'ai 58 ans et je suis au chômage depuis 2 ans, personne ne veut de moi", "rejected"),
        ("personne me rappelle apres les entretiens", "rejected"),
        ("je suis perdu et découragé, je n'y arrive plus", "discouraged"),
        ("je suis decouragee", "discouraged"),
        ("j'ai perdu confiance en moi", "confidence"),
        ("je n'y arrive plus", "worn_out"),
        ("j'en peux plus de mon travail", "worn_out"),
        ("je suis à bout", "worn_out"),
        ("je galère depuis des mois", "struggling"),
        ("refus sur refus depuis six mois", "rejected"),
        ("je n'ai plus d'espoir de retrouver un poste", "hopeless"),
        ("je me sens inutile depuis mon licenciement", "worthless"),
        ("je ne vois plus d'issue", "hopeless"),
        ("je suis au bord du gouffre", "hopeless"),
        ("ça ne sert à rien de continuer", "hopeless"),
        ("je n'ai plus la force de continuer", "worn_out"),
    ],
)
def test_discouragement(text, kind):
    assert discouragement_phrase(text) == kind
    assert not is_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "est-ce qu'une vraie personne me répond ?",
        "je suis nul en maths, quel métier ?",
        "comment venir à bout de mes dettes",
        "je n'y arrive pas à me connecter au site",
        "je galère avec le site du CPF",
        "je cherche une formation de cariste",
        "c koi le cpf",
    ],
)
def test_not_discouragement(text):
    assert not is_discouraged(text)


def test_a_crisis_message_is_not_merely_discouraged():
    text = "a quoi bon vivre, personne ne veut de moi"
    assert is_crisis(text) and not is_discouraged(text)


def test_the_crisis_intent_is_not_offered_to_label_inbox_questions():
    """The detector alone sets it and its messages never reach the inbox (knowledge/inbox.py)."""
    from knowledge import maintainer

    assert CRISIS_INTENT not in maintainer.domain_intents()
    assert "ask_cpf" in maintainer.domain_intents()
