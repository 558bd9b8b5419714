"""Privacy filter: removes personal data from a message before it reaches Rasa.

>>> result = PrivacyFilter().redact("Je m'appelle Julie Martin, 06 12 34 56 78, 22300 Lannion")
>>> result.text, result.kinds
("Je m'appelle <NOM>, <TELEPHONE>, 22300 Lannion", ['NOM', 'TELEPHONE'])

Heavy (Presidio + spaCy): import it in the web front only, load one ``PrivacyFilter`` at start-up.
"""

from .filter import Finding, PrivacyFilter, RedactionResult
from .recognizers import KINDS

__all__ = ["KINDS", "Finding", "PrivacyFilter", "RedactionResult"]
