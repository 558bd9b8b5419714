"""The errors ``knowledge.referral`` raises, importable without loading the knowledge base: the web front
maps each of them to its HTTP answer (bot/web/errors.py). Standard library only."""

from __future__ import annotations

from typing import Any, Sequence, Tuple

__all__ = ["AmbiguousPlace", "UnknownKind", "UnknownPlace"]


class UnknownPlace(LookupError):
    """The place could not be resolved."""

    def __init__(self, query: str) -> None:
        super().__init__(f"unknown place: {query!r}")
        self.query = query


class UnknownKind(ValueError):
    """A kind filter names no kind of access point; ``known`` lists the kinds."""

    def __init__(self, kind: str, known: Sequence[str]) -> None:
        super().__init__(f"unknown kind {kind!r}; expected one of {', '.join(known)}")
        self.kind = kind
        self.known = tuple(known)


class AmbiguousPlace(LookupError):
    """Several places match; ``candidates`` lists them (``knowledge.gazetteer.Place``), best first."""

    def __init__(self, query: str, candidates: Tuple[Any, ...]) -> None:
        super().__init__(f"ambiguous place: {query!r}")
        self.query = query
        self.candidates = candidates
