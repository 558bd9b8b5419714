"""Distress in a message: crisis phrases (suicide, a wish to die, self-harm) and discouragement (pure functions).

Used by the Rasa component ``bot.rasa_plugins.nlu.distress_detector.DistressDetector``, which makes a crisis
phrase the intent ``express_distress`` whatever the classifier said (the crisis answer comes first, from the
rule of data/rules/distress.yml), by the actions, which say one sentence of acknowledgement before the usual
answer to a discouraged visitor, and by the inbox, which never keeps a crisis message.

The patterns are set phrases on the folded text (lower case, no accents, apostrophes and hyphens as spaces), so
"j'ai envie de mourir", "jai envie de mourrir", "g envi de mourir" and "J'AI ENVIE DE MOURIR" read the same.
They favour precision: figures of speech stay out ("je meurs d'envie de devenir pilote", "une formation à mourir
d'ennui", "mort de rire", "tuer le temps", "je me tue au travail", "ce serait du suicide de démissionner",
"en finir avec le chômage"). The intent classifier does not learn `express_distress` (its guesses fired on figures
of speech, see the component): a crisis phrase no pattern names gets no crisis answer, so the list must grow with
reviewed phrasings.

Standard library only. Nothing here logs or keeps the text.
"""

from __future__ import annotations

import re
from typing import List, Optional, Pattern, Tuple

from knowledge.textnorm import strip_accents

__all__ = ["CRISIS_INTENT", "fold", "crisis_phrase", "is_crisis", "discouragement_phrase", "is_discouraged"]

#: The intent of a message in crisis (SPEC §4 allows added intents); the detector sets it, a rule answers it.
CRISIS_INTENT = "express_distress"

_APOSTROPHES = re.compile(r"[\u2019\u2018'`\u00b4\u02bc]")
_JOINERS = re.compile(r"[\-\u2010-\u2014_/]")
_SPACES = re.compile(r"\s+")
# Text beyond this is not read (the web front caps a message at 1,000 characters).
MAX_CHARS = 2000


def fold(text: str) -> str:
    """Lower case, no accents, œ/æ spelt out, apostrophes and hyphens as spaces, one space between words.

    Punctuation stays (it ends a clause: "je veux en finir." is not "je veux en finir avec le chômage")."""
    text = str(text or "")[:MAX_CHARS].lower().replace("œ", "oe").replace("æ", "ae")
    text = _JOINERS.sub(" ", _APOSTROPHES.sub(" ", strip_accents(text)))
    return _SPACES.sub(" ", text).strip()


# --- building blocks (folded text) -----------------------------------------------------------------------
# "je veux", "jveux", "j'voudrais", "g envie" (SMS for "j'ai envie"), "j'aimerais", "je pense à", "j'ai décidé de".
# Not "je préfère mourir (que de…)" nor "je vais mourir": figures of speech as often as not.
_WANT = (
    r"(?<![a-z])(?:j\s?)?(?:veux|veut|veu|ve|voudrais|voudrai|voudrait|aimerais|aimerai|"
    r"pense\s+a|pense|songe\s+a|compte|envie|envi|envies|anvie|besoin|decide|decidee)"
)
# The same, and "je vais" ("je vais en finir").
_WANT_OR_GOING = r"(?:" + _WANT + r"|(?<![a-z])(?:vais|vai))"
# "je n'ai pas envie de mourir", "jamais envie d'en finir": the wish is denied.
_NEGATION = re.compile(r"(?<![a-z])(?:pas|jamais)\s+$")
# Figures of speech after "mourir de" / "crever de": "mourir d'ennui", "crever de faim", "mourir de rire".
_FIGURE = (
    r"(?:\s+(?:d|de|du)\s+(?:ennui|rire|rigoler|faim|soif|froid|chaud|chaleur|fatigue|envie|peur|honte|"
    r"impatience|curiosite|jalousie|bonheur|plaisir|joie|trouille|stress))"
)
_DIE = r"(?:mourir|mourrir|mourire|mourrire|crever|creve)"
# "vivre ici", "vivre à Paris", "vivre de mon art", "la vie de bureau": a place or a way to live, not life itself.
_PLACE_AFTER = r"(?!\s+(?:ici|la\s+bas|a|au|aux|en|dans|chez|sur|pres|loin|avec|de|d|du|des)\b)"

# One (name, pattern) per kind of crisis phrase; the name says which kind matched (tests, never logs).
# fmt: off
_CRISIS: List[Tuple[str, str]] = [
    # "suicide", "me suicider", "suicidé", "suicidaire", and common misspellings ("sucide", "suiscider").
    ("suicide", r"(?<![a-z])(?:suicid|suicd|sucid|suisid|suissid|suicyd|suiscid|suicic)\w*"),
    # "envie de mourir", "je veux mourir", "j'aimerais crever", not "mourir d'ennui" / "mourir de rire".
    ("die", _WANT + r"\s+(?:de\s+|d\s+)?(?:juste\s+|vraiment\s+|seulement\s+|tellement\s+)?" + _DIE + r"(?![a-z])(?!" + _FIGURE + r")"),
    ("die", _WANT + r"\s+(?:d\s+|de\s+)?etre\s+morte?s?(?![a-z])(?!\s+(?:de|d)\s)"),
    # "je préférerais être mort", "je serais mieux morte", "je regrette d'être né".
    ("die", r"(?<![a-z])(?:prefererais|prefererai|prefere|serais|serai)\s+(?:mieux\s+)?(?:d\s+|de\s+)?etre\s+morte?s?"
            r"(?![a-z])(?!\s+(?:de|d)\s)"),
    ("die", r"(?<![a-z])(?:serais|serai)\s+mieux\s+morte?s?(?![a-z])(?!\s+(?:de|d)\s)"),
    ("die", r"(?<![a-z])regrette\s+(?:d\s+|de\s+)?etre\s+nee?s?(?![a-z])"),
    # "je veux me laisser mourir", "je me laisse mourir".
    ("die", r"(?<![a-z])me\s+(?:laisser|laisse|laisserais)\s+mourir(?![a-z])(?!" + _FIGURE + r")"),
    # "me tuer", "me flinguer", not "je me tue au travail" / "me tuer à la tâche".
    ("kill_self", _WANT + r"\s+(?:de\s+|d\s+|a\s+)?me\s+(?:tuer|flinguer|buter|supprimer)(?![a-z])"
                  r"(?!\s+(?:au|a|pour|de|des|du|d)\b)"),
    ("kill_self", r"(?<![a-z])je\s+vais\s+me\s+(?:tuer|flinguer|buter)(?![a-z])(?!\s+(?:au|a|pour)\b)"),
    # "je vais me tirer une balle", not "se tirer une balle dans le pied".
    ("kill_self", r"(?<![a-z])me\s+(?:tirer|tire|mettre|mets|mette)\s+une\s+balle(?![a-z])(?!\s+dans\s+le\s+pied)"),
    # "j'ai fait une TS" (tentative de suicide).
    ("suicide", r"(?<![a-z])(?:fait|faite|refait|refaire|faire)\s+(?:une|des|deux|trois|plusieurs)\s+ts(?![a-z])"),
    # "me foutre en l'air" (folded "me foutre en l air"), "me fout en lair".
    ("kill_self", r"(?<![a-z])me\s+(?:foutre|foutr|fout|foute|fou|foutrai)\s+en\s+l\s?air(?![a-z])"),
    # "mettre fin à mes jours / à ma vie", "mettre un terme à ma vie".
    ("end_life", r"(?<![a-z])(?:mettre|mettrai|mettrais|met|mets|mis)\s+(?:fin|un\s+terme)\s+a\s+"
                 r"(?:mes\s+jours|ma\s+vie|mon\s+existence|ses\s+jours)(?![a-z])"),
    # "je veux en finir", "envie d'en finir", ending the clause or "avec la vie / avec tout",
    # not "en finir avec le chômage".
    ("end_life", _WANT_OR_GOING + r"\s+(?:d\s+|de\s+)?en\s+finir(?![a-z])(?=\s*(?:$|[.,;:!?)]|avec\s+(?:la\s+vie|ma\s+vie|"
                 r"cette\s+vie|l\s+existence|tout|ce\s+monde|moi|moi\s+meme)(?![a-z])|une\s+bonne\s+fois|pour\s+de\s+bon|"
                 r"definitivement|une\s+fois\s+pour\s+toutes))"),
    # "des cachets pour en finir." (the message or the sentence ends there; not "pour en finir, ma question").
    ("end_life", r"(?<![a-z])pour\s+en\s+finir(?=\s*(?:$|[.!?]))"),
    ("end_life", r"(?<![a-z])en\s+finir\s+avec\s+(?:la\s+vie|ma\s+vie|cette\s+vie|l\s+existence|ce\s+monde)(?![a-z])"),
    # "plus envie de vivre", "pu envi de vivre", "je ne veux plus vivre", "à quoi bon vivre", not "vivre à Paris".
    ("no_will_to_live", r"(?<![a-z])(?:plus|pu|plu|pas|aucune)\s+(?:d\s+|l\s+|la\s+|le\s+)?(?:envie|envi|anvie|gout|force|raison)"
                        r"\s+de\s+vivre(?![a-z])" + _PLACE_AFTER),
    ("no_will_to_live", r"(?<![a-z])(?:j\s?)?(?:veux|veut|veu|ve|voudrais)\s+(?:plus|pu|plu)\s+vivre(?![a-z])" + _PLACE_AFTER),
    ("no_will_to_live", r"(?<![a-z])a\s+quoi\s+(?:bon|ca\s+sert\s+de|sert\s+de)\s+vivre(?![a-z])"),
    # "je ne peux plus vivre comme ça / ainsi", "je ne supporte plus de vivre", "je ne veux plus exister",
    # "arrêter de vivre", "la vie ne vaut (plus) la peine (d'être vécue)".
    ("no_will_to_live", r"(?<![a-z])(?:peux|peu|peut|supporte|supporterai)\s+(?:plus|pu|plu)\s+(?:de\s+)?vivre(?![a-z])"
                        r"(?!\s+(?:ici|la\s+bas|a|au|aux|en|dans|chez|sur|pres|loin|avec|de|d|du|des|sans)\b)"),
    ("no_will_to_live", r"(?<![a-z])(?:veux|veut|voudrais|envie\s+de|plus\s+envie\s+d)\s*(?:plus|pu|plu)?\s*exister(?![a-z])"
                        r"(?!\s+(?:pour|aux|au|dans|sur)\b)"),
    ("no_will_to_live", r"(?<![a-z])(?:arreter|arrete|cesser)\s+de\s+vivre(?![a-z])" + _PLACE_AFTER),
    ("no_will_to_live", r"(?<![a-z])(?:la|ma)\s+vie\s+ne\s+vaut\s+(?:plus|pas|pu)\s+(?:la\s+peine|d\s+etre\s+vecue|le\s+coup)(?![a-z])"),
    ("no_will_to_live", r"(?<![a-z])(?:pouvais|pourrais|voudrais\s+juste|aimerais\s+juste)\s+disparaitre(?![a-z])"
                        r"(?!\s+(?:de|des|du|d)\b(?!\s+ce\s+monde))"),
    # "je veux que tout s'arrête" (the clause ends there), "dormir pour toujours", "ne plus être là / sur terre",
    # "je pense (tout le temps) à la mort" (not "à la mort de mon père").
    ("no_will_to_live", _WANT + r"\s+que\s+tout\s+s\s+arrete(?![a-z])(?=\s*(?:$|[.,;:!?)]|pour\s+de\s+bon|definitivement))"),
    ("no_will_to_live", r"(?<![a-z])(?:dormir|m\s+endormir|partir)\s+pour\s+toujours(?![a-z])" + _PLACE_AFTER),
    ("no_will_to_live", _WANT + r"\s+(?:de\s+)?(?:ne\s+)?(?:plus|pu)\s+etre\s+(?:sur\s+terre|de\s+ce\s+monde|en\s+vie|la(?=\s*(?:$|[.,;:!?)])))"),
    ("no_will_to_live", r"(?<![a-z])(?:prefererais|prefere|prefererai)\s+(?:ne\s+)?(?:plus|pas)\s+etre\s+(?:sur\s+terre|de\s+ce\s+monde|en\s+vie|la)(?![a-z])"),
    ("no_will_to_live", r"(?<![a-z])pense\s+(?:tout\s+le\s+temps\s+|souvent\s+|sans\s+arret\s+|beaucoup\s+|trop\s+)?a\s+la\s+mort"
                        r"(?![a-z])(?!\s+(?:de|d|du|des)\b)"),
    ("no_will_to_live", r"(?<![a-z])(?:pas|plus|aucune)\s+(?:d\s+)?autre\s+(?:issue|solution)\s+que\s+(?:la\s+mort|mourir|le\s+suicide)"
                        r"|(?<![a-z])(?:issue|solution)\s+a\s+part\s+(?:la\s+mort|mourir)"),
    ("no_will_to_live", r"(?<![a-z])(?:marre|ras\s+le\s+bol|fatiguee?|lasse?)\s+de\s+(?:vivre|la\s+vie)(?![a-z])" + _PLACE_AFTER),
    ("no_will_to_live", r"(?<![a-z])(?:ma|la)\s+vie\s+(?:n\s+a|a)\s+(?:plus|pu|aucun)\s+(?:de\s+|aucun\s+)?sens(?![a-z])"),
    ("no_will_to_live", _WANT + r"\s+(?:de\s+|d\s+)?disparaitre(?![a-z])(?:\s+de\s+(?:ce\s+monde|la\s+surface)|(?!\s+(?:de|des|du|d)\b))"),
    # "ne plus me réveiller" (not "ne plus me réveiller à 5 h"); "tout le monde serait mieux sans moi",
    # "je suis un poids pour ma famille".
    ("no_will_to_live", r"(?<![a-z])(?:ne\s+(?:plus|jamais|pas)|plus\s+jamais|plus|pu|plu)\s+me\s+reveiller(?![a-z])"
                        r"(?!\s*(?:a|avant|le|la|les|tot|si|en|au|pour|\d)\b)"),
    ("burden", r"(?<![a-z])(?:serait|seraient|serais|serai|sera|seront|seriez|serez|irait|iraient|iriez|irez|vivrait|vivraient)\s+"
               r"(?:tous\s+|toutes\s+)?(?:tellement\s+|bien\s+|beaucoup\s+)?mieux\s+sans\s+moi(?![a-z])"),
    ("burden", r"(?<![a-z])sans\s+moi\s+(?:vous|ils|elles|tout\s+le\s+monde|ma\s+famille|mes\s+enfants)\s+"
               r"(?:serez|seriez|seront|seraient|sera|serait|irez|iriez|iront|iraient|ira|irait)\s+(?:tous\s+)?"
               r"(?:beaucoup\s+|bien\s+)?(?:mieux|plus\s+heureu)"),
    ("burden", r"(?<![a-z])(?:un\s+poids|un\s+fardeau|une\s+charge)\s+pour\s+(?:ma\s+famille|mes\s+proches|mes\s+enfants|"
               r"les\s+autres|tout\s+le\s+monde|mon\s+entourage|mes\s+parents)(?![a-z])"),
    # "idées noires", "pensées suicidaires / morbides", "idées de mort".
    ("dark_thoughts", r"(?<![a-z])(?:idees?|pensees?)\s+(?:noires?|morbides?|de\s+mort)(?![a-z])"),
    # Self-harm: "me scarifier", "je me fais du mal", "me couper les veines", "me jeter d'un pont".
    ("self_harm", r"(?<![a-z])(?:me|m)\s+(?:scarifier|scarifie|mutiler|mutile|taillader|defenestrer|pendre)(?![a-z])"),
    ("self_harm", r"(?<![a-z])(?:scarification|automutilation|auto\s+mutilation)s?(?![a-z])"),
    ("self_harm", r"(?<![a-z])(?:me\s+faire|je\s+me\s+fais|me\s+fais)\s+du\s+mal(?![a-z])(?!\s+(?:au|aux|a)\b)"),
    ("self_harm", r"(?<![a-z])me\s+(?:couper|ouvrir|taillader)\s+les\s+veines(?![a-z])"),
    ("self_harm", r"(?<![a-z])me\s+jeter\s+(?:sous\s+(?:un|le)\s+(?:train|metro|camion|bus|voiture)|d\s+un\s+pont|"
                  r"du\s+haut|par\s+la\s+fenetre|dans\s+le\s+vide|d\s+une?\s+(?:falaise|immeuble|pont))"),
    # "je vais sauter du pont / par la fenêtre", not "sauter le pas".
    ("self_harm", _WANT_OR_GOING + r"\s+(?:de\s+|d\s+)?sauter\s+(?:d\s+un\s+pont|du\s+pont|du\s+haut|du\s+toit|par\s+la\s+fenetre|"
                  r"d\s+une?\s+(?:falaise|immeuble|pont)|dans\s+le\s+vide|sous\s+(?:un|le)\s+(?:train|metro))"),
    ("self_harm", r"(?<![a-z])avaler\s+(?:toute?s?\s+)?(?:mes|des|les|une\s+boite\s+de)\s+(?:medicaments|medocs|cachets|comprimes)"),
]
# fmt: on

# A crisis word used as a figure of speech or as a subject of work: not the person's crisis.
_NOT_CRISIS = re.compile(
    r"(?<![a-z])prevention\s+(?:du\s+|de\s+|des\s+)?suicid"  # "travailler dans la prévention du suicide"
    r"|(?<![a-z])suicid\w*\s+(?:professionnel|commercial|social|politique|economique|financier|assiste|collectif)"
    r"|(?<![a-z])(?:c\s+est|c\s+etait|ce\s+serait|ca\s+serait|ce\s+sera|serait|ce\s+qui\s+serait)\s+(?:du|un|une\s+forme\s+de)\s+"
    r"(?:vrai\s+|pur\s+)?suicid"  # "ce serait du suicide de démissionner"
)

_CRISIS_COMPILED: List[Tuple[str, Pattern[str]]] = [(name, re.compile(p)) for name, p in _CRISIS]


def crisis_phrase(text: str) -> Optional[str]:
    """The kind of crisis phrase the message holds ("suicide", "die", "kill_self", "end_life",
    "no_will_to_live", "burden", "dark_thoughts", "self_harm"), or None. A negated wish ("je n'ai pas envie de mourir")
    and the figures of speech of the module docstring are not crisis phrases."""
    folded = fold(text)
    if not folded:
        return None
    for name, pattern in _CRISIS_COMPILED:
        for match in pattern.finditer(folded):
            before = folded[: match.start()]
            if name in ("die", "kill_self", "end_life") and _NEGATION.search(before):
                continue  # "je ne veux pas mourir", "pas envie d'en finir"
            if name == "suicide" and _NOT_CRISIS.search(folded[max(0, match.start() - 40) : match.end() + 30]):
                continue
            return name
    return None


def is_crisis(text: str) -> bool:
    """Whether the message speaks of suicide, of a wish to die or of self-harm (see :func:`crisis_phrase`)."""
    return crisis_phrase(text) is not None


# "personne" as "nobody", not "une (vraie) personne", "la personne".
_NOBODY = r"(?<![a-z])(?<!une\s)(?<!vraie\s)(?<!la\s)(?<!cette\s)(?<!autre\s)(?<!seule\s)personne"
# Discouragement without crisis: the person says they are worn out, rejected, losing confidence.
# fmt: off
_DISCOURAGED: List[Tuple[str, str]] = [
    # "personne ne veut de moi", "personne me rappelle" (not "une vraie personne me répond").
    ("rejected", _NOBODY + r"\s+(?:ne\s+|n\s+)?(?:veut|voudra|veux|voudrait)\s+(?:de\s+moi|m\s+embaucher|me\s+prendre|m\s+engager|me\s+recruter)"),
    ("rejected", _NOBODY + r"\s+(?:ne\s+|n\s+)?(?:me|m)\s+(?:repond|rappelle|embauche|prend|recrute|engage|donne\s+(?:ma|une)\s+chance)"),
    ("rejected", r"(?<![a-z])(?:refus\s+sur\s+refus|que\s+des\s+refus|enchaine\s+les\s+refus|aucune\s+reponse\s+a\s+mes\s+candidatures)"),
    ("discouraged", r"(?<![a-z])(?:decouragee?s?|decouragement|demoralisee?s?|demotivee?s?|desesperee?s?|deprimee?s?|deprime|"
                    r"desabusee?s?|abattue?s?)(?![a-z])"),
    ("confidence", r"(?<![a-z])(?:perdu|plus|pu|aucune|pas|manque\s+de)\s+(?:toute\s+)?(?:confiance|foi)\s+en\s+moi(?![a-z])"),
    ("confidence", r"(?<![a-z])(?:j\s+ai|j|g)\s+perdu\s+(?:toute\s+)?confiance(?![a-z])"),
    ("worn_out", r"(?<![a-z])(?:n\s+)?y\s+arrive\s+(?:plus|pu|plu)(?![a-z])"),
    ("worn_out", r"(?<![a-z])(?:arrive|arrivent)\s+(?:plus|pu)\s+a\s+rien(?![a-z])|(?<![a-z])j\s+arrive\s+a\s+rien(?![a-z])"),
    ("worn_out", r"(?<![a-z])(?:j\s+)?en\s+(?:peux|peu|peut)\s+(?:plus|plu|pu)(?![a-z])"),
    ("worn_out", r"(?<![a-z])(?:j\s+en\s+ai|g)\s+(?:marre|ras\s+le\s+bol)(?![a-z])|(?<![a-z])ras\s+le\s+bol(?![a-z])"),
    ("worn_out", r"(?<![a-z])(?:je\s+suis|suis|jsuis|chui|me\s+sens)\s+(?:completement\s+|vraiment\s+)?(?:a\s+bout|epuisee?|videe?)"
                 r"(?![a-z])(?!\s+de\b)"),
    ("worn_out", r"(?<![a-z])au\s+bout\s+du\s+rouleau(?![a-z])"),
    ("struggling", r"(?<![a-z])galer\w*\s+(?:depuis|a\s+trouver|pour\s+trouver|a\s+retrouver|pour\s+retrouver|trop|grave|vraiment|tellement)(?![a-z])"),
    ("struggling", r"(?<![a-z])(?:grosse|vraie|quelle|la)\s+galere(?![a-z])"),
    ("hopeless", r"(?<![a-z])(?:plus|pu|aucun|sans)\s+(?:d\s+)?espoir(?![a-z])|(?<![a-z])perdu\s+(?:tout\s+)?espoir(?![a-z])"),
    ("hopeless", r"(?<![a-z])(?:vois|voit|y\s+a)\s+(?:pas|plus|pu|aucune)\s+(?:d\s+)?issue(?![a-z])|(?<![a-z])(?:plus|aucune)\s+d\s+issue(?![a-z])"
                 r"|(?<![a-z])au\s+bord\s+du\s+gouffre(?![a-z])|(?<![a-z])sert\s+a\s+rien\s+de\s+continuer(?![a-z])"),
    ("worn_out", r"(?<![a-z])(?:plus|pu|pas)\s+la\s+force\s+de\s+continuer(?![a-z])"),
    ("worthless", r"(?<![a-z])je\s+(?:me\s+sens|suis)\s+(?:inutile|bon\s+a\s+rien|bonne\s+a\s+rien|un\s+echec|une\s+merde|un\s+boulet)(?![a-z])"),
    ("worthless", r"(?<![a-z])(?:je\s+ne\s+|je\s+|j\s+)(?:vaux|sers)\s+(?:plus\s+)?(?:a\s+)?rien(?![a-z])"),
]
# fmt: on
_DISCOURAGED_COMPILED: List[Tuple[str, Pattern[str]]] = [(name, re.compile(p)) for name, p in _DISCOURAGED]


def discouragement_phrase(text: str) -> Optional[str]:
    """The kind of discouragement the message states ("rejected", "discouraged", "confidence", "worn_out",
    "struggling", "hopeless", "worthless"), or None. A crisis message is not merely discouraged: None."""
    folded = fold(text)
    if not folded or is_crisis(text):
        return None
    for name, pattern in _DISCOURAGED_COMPILED:
        if pattern.search(folded):
            return name
    return None


def is_discouraged(text: str) -> bool:
    """Whether the message says the person is discouraged, without a crisis phrase."""
    return discouragement_phrase(text) is not None
