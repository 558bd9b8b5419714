"""Entity span helpers (pure): trimming punctuation from the edges of a span found in a text."""

from __future__ import annotations

from typing import Any, Dict, Optional, Pattern


def trimmed_span(text: str, entity: Dict[str, Any], stop: Optional[Pattern[str]] = None) -> Optional[Dict[str, Any]]:
    """The entity without the punctuation left at its edges ("12200)" -> "12200"), cut before `stop`.

    Returns the entity itself when nothing changes, None when nothing is left, and the
    entity unchanged when it has no offsets (button payloads).
    """
    start, end = entity.get("start"), entity.get("end")
    if start is None or end is None:
        return entity
    cut = stop.search(text, start, end) if stop else None
    if cut and cut.start() > start:
        end = cut.start()
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if start >= end:
        return None
    if (start, end) == (entity["start"], entity["end"]):
        return entity
    return {**entity, "start": start, "end": end, "value": text[start:end]}
