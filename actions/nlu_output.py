"""What the NLU pipeline said about the latest message, as the actions read it."""

from __future__ import annotations

from typing import Any, Dict, List

SELECTOR = "default"  # one ResponseSelector for every retrieval intent (config.yml)


def selector_ranking(latest_message: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The response selector's ranking of the latest message (empty for buttons and payloads)."""
    selector = (latest_message or {}).get("response_selector") or {}
    return list((selector.get(SELECTOR) or {}).get("ranking") or [])
