"""Word lists used by the recognizers: words that are never a person's name, street types, triggers.

All entries are lower case, with accents (the recognizers compare ``word.lower()`` and its
accent-folded form).
"""

from __future__ import annotations

from knowledge.textnorm import strip_accents


__all__ = [
    "CIVILITIES",
    "GREETINGS",
    "NOT_A_NAME",
    "STREET_TYPES_STRONG",
    "STREET_TYPES_WEAK",
    "STREET_TYPES_ABBREVIATED",
    "STREET_STOP_WORDS",
    "fold",
    "is_common_word",
]


def fold(word: str) -> str:
    """Lower case without accents ("Élodie" -> "elodie")."""
    return strip_accents(word.lower())


CIVILITIES = frozenset({"m", "m.", "mr", "mr.", "mme", "mme.", "mlle", "mlle.", "monsieur", "madame", "mademoiselle"})

GREETINGS = frozenset(
    {
        "bonjour",
        "bonsoir",
        "salut",
        "hello",
        "coucou",
        "allo",
        "allô",
        "merci",
        "cordialement",
        "bonne",
        "journée",
        "soirée",
        "svp",
        "stp",
        "ok",
        "oui",
        "non",
        "re",
        "hey",
        "bjr",
        "slt",
    }
)

# Orientation vocabulary, organisations and acronyms that spaCy or a trigger could mistake for a name.
_DOMAIN = """
cpf vae cep rqth cej bts dut but cap bep bac fac licence master doctorat diplôme perso asperger apec afpa greta cnam
onisep cio agefiph fiphfp fongecif fongécif opco akto uniformation atlas constructys ocapiat transitions pro ptp
pôle emploi france travail mission missions locale locales cité cités métier métiers parcoursup
mon compte personnel formation moncompteformation qualiopi bpifrance crous urssaf caf carif oref région département conseil conseiller conseillère
conseillers bilan compétences alternance apprentissage apprenti apprentie apprentis contrat
professionnalisation stage stagiaire formation formations reconversion démission orientation
emploi emplois travail job jobs cv lettre motivation entretien offre offres chômage chômeur chômeuse
demandeur demandeuse demandeurs salarié salariée salariés cadre cadres étudiant étudiante étudiants
lycéen lycéenne collégien collégienne jeune jeunes retraité retraitée handicap handicapé handicapée
intérimaire intérim indépendant indépendante auto-entrepreneur auto-entrepreneuse entrepreneur
entrepreneuse créateur créatrice création entreprise micro-entreprise freelance fonctionnaire
agent agente ouvrier ouvrière employé employée technicien technicienne ingénieur ingénieure
infirmier infirmière aide-soignant aide-soignante enseignant enseignante professeur vendeur vendeuse
caissier caissière chauffeur cuisinier cuisinière serveur serveuse secrétaire comptable développeur
développeuse maçon électricien plombier boulanger coiffeur coiffeuse mère père parent parents maman
papa femme homme fille garçon enfant enfants veuf veuve divorcé divorcée célibataire
majeur majeure mineur mineure français française européen européenne étranger étrangère
breton bretonne normand normande parisien parisienne marseillais marseillaise lyonnais lyonnaise
belge suisse allemand allemande espagnol espagnole italien italienne portugais portugaise anglais
anglaise marocain marocaine algérien algérienne tunisien tunisienne sénégalais sénégalaise
québécois québécoise canadien canadienne américain américaine africain africaine
inscrit inscrite inscription indemnisé indemnisée allocation allocations are rsa aah caf cpam
sécu sécurité sociale mutuelle urssaf impôts adresse téléphone mail email e-mail courriel
gratuit gratuite gratuits payant payante possible impossible intéressé intéressée intéressant
perdu perdue perdus perplexe motivé motivée sûr sûre certain certaine désolé désolée content contente
ravi ravie là prêt prête disponible libre nouveau nouvelle nouveaux ancien ancienne seul seule
pareil pareille différent différente compliqué compliquée simple urgent urgente important importante
bien mal mieux super top génial parfait nul vrai faux quoi comment pourquoi combien quand où qui
ici là-bas rien personne quelqu'un autre autres
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août
septembre octobre novembre décembre matin midi soir aujourd'hui demain hier
madame monsieur mademoiselle république maire directeur directrice président présidente ministre préfet préfète docteur
informatique numérique commerce vente santé social médico-social bâtiment btp logistique transport
industrie agriculture restauration hôtellerie tourisme sport animation communication marketing banque
assurance immobilier droit art arts culture mode coiffure esthétique sécurité défense armée police
gendarmerie environnement énergie mécanique électricité électronique aéronautique automobile
comptabilité gestion finance rh ressources humaines administration administratif administrative
enseignement éducation petite enfance médical médicale paramédical soins cuisine pâtisserie
boulangerie boucherie menuiserie plomberie peinture maçonnerie nettoyage propreté aide domicile
service services public publique privé privée association bénévole bénévolat agricole
ash aesh atsem avs aed cpe ide idec as ap amp aes deaes auxiliaire asv ase eje cesf tisf etam vrp
drh daf dsi cdi cdd cddi cui pec iae ehpad chu chr hôpital clinique usine sncf ratp edf
"""

# A few extra function words on top of spaCy's French stop words.
_FUNCTION = """
pas plus jamais rien ne n' je j' tu il elle on nous vous ils elles me m' te t' se s' le la les l' un une
des du de d' au aux à a et ou mais donc or ni car que qu' qui quoi dont où ce c' ça cela ceci ceux celle
mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs en y dans sur sous par pour avec sans chez
vers depuis pendant avant après entre contre comme si très trop peu beaucoup aussi encore déjà toujours
est suis es sommes êtes sont été être ai as avons avez ont avoir fait faire veux voudrais cherche
souhaite aimerais peux pouvez pourriez besoin aide aider savoir sais connaître actuellement
vraiment juste surtout plutôt enfin alors bon ben bah euh hum tout toute tous toutes
"""

# Interjections and fillers, often capitalised at the start of a message ("Help ! Je veux
# démissionner", "Mh… non"), and brands and products a visitor names ("c'est ChatGPT ?").
_INTERJECTIONS = """
help sos mh mmh mhh hmm hmmm hum euh heu bof bah beh pff pfff oups ouf aïe zut mince hélas ouais yes wow
waouh ah oh eh hé hein bref voilà bravo
chatgpt openai gpt google youtube linkedin indeed facebook instagram tiktok whatsapp snapchat
"""

# First names that are also ordinary French words and may follow "je suis" / "c'est" ("je suis
# marie" typed without its accent, "c'est claire", "je suis france travail"): alone in lower case
# they are not taken for a name; followed by a surname ("c'est marie dupont") they are.
FIRST_NAMES_ALSO_WORDS = frozenset(
    """
    aimable aime aimee ambre ange arcade argentine aurore auguste ben blanche camelia celeste clair claire
    clemence clement colombe conception constance constant dan don eden esperance fidele fleur flore fortune
    franc france grace gracieuse harmonie hermine incarnation innocent iris jade juste lilas line lorraine
    marie marin marine max melodie modeste narcisse noel nonce olive parfait perle placide prudence prudent
    prune reine romain romaine rosaire rose rosette saint sainte sauveur toussaint urbain victoire violette
    vital
    """.split()
)

NOT_A_NAME = frozenset(w for w in (_DOMAIN + _FUNCTION + _INTERJECTIONS).split()) | GREETINGS | CIVILITIES
_NOT_A_NAME_FOLDED = frozenset(fold(w) for w in NOT_A_NAME)

try:  # spaCy's French stop words (loaded with spaCy anyway in the web-front venv)
    from spacy.lang.fr.stop_words import STOP_WORDS as _SPACY_STOP_WORDS
except ImportError:  # pragma: no cover - spaCy is a dependency of the filter
    _SPACY_STOP_WORDS = frozenset()
_STOP_FOLDED = frozenset(fold(w) for w in _SPACY_STOP_WORDS)


def is_common_word(word: str) -> bool:
    """True when ``word`` is a French function word, greeting, civility or orientation term."""
    folded = fold(word.strip("'’-."))
    return not folded or folded in _NOT_A_NAME_FOLDED or folded in _STOP_FOLDED


# Street types that, after a house number, always mean an address.
STREET_TYPES_STRONG = (
    "rue",
    "ruelle",
    "avenue",
    "av",
    "av.",
    "ave",
    "bd",
    "bd.",
    "bld",
    "bvd",
    "boulevard",
    "impasse",
    "imp.",
    "allée",
    "allee",
    "allées",
    "quai",
    "chemin",
    "ch.",
    "chem.",
    "square",
    "sq.",
    "passage",
    "venelle",
    "sentier",
    "faubourg",
    "fbg",
    "rond-point",
    "esplanade",
    "promenade",
    "parvis",
    "montée",
    "montee",
    "lotissement",
    "lot.",
    "résidence",
    "residence",
    "rés.",
    "hameau",
    "voie",
    "traverse",
    "sente",
    "lieu-dit",
    "lieudit",
    "lieu dit",
)
# Street types that are also ordinary words ("3 cours de maths"): the street name must be
# capitalised, or an address word ("j'habite", "adresse") must come before.
STREET_TYPES_WEAK = (
    "r.",  # "12 r. de la Paix"
    "place",
    "pl.",
    "route",
    "rte",
    "rte.",
    "cours",
    "mail",
    "clos",
    "villa",
    "domaine",
    "chaussée",
    "chaussee",
    "carrefour",
    "cité",
    "cite",
    "zone",
    "za",
    "zi",
    "zac",
    "parc",
    "port",
)
# Abbreviations that are also words or letters ("r", "all", "imp"): an address only with a house
# number before them and a capitalised street name after them ("12 r des Lilas", "8 all des
# Tilleuls"), or a lower-case name after an address word ("j'habite au 14 imp du moulin").
STREET_TYPES_ABBREVIATED = (
    "r",
    "all",
    "all.",
    "imp",
    "chem",
    "blvd",
    "bld.",
    "pl",
    "sq",
    "fg",
    "fbg.",
    "pass.",
    "rés",
    "res",
    "res.",
    "lot",
    "crs",
)
# Words that end a street name.
STREET_STOP_WORDS = frozenset(
    """à a et ou je j' j’ pour dans près pres vers mais avec chez depuis svp stp merci c'est c’est est
    qui que quand comment pourquoi où ou on nous vous il elle ils tel tél tel. téléphone mon ma mes
    votre vos appartement appt apt bâtiment bat bât étage escalier bp cedex code postal cp""".split()
)
