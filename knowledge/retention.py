"""How long the assistant keeps what it keeps: one home for the durations that the code applies and the
privacy answers quote (knowledge/faq.yml and knowledge/faq/privacy.yml fill ``$conversation_minutes``
and ``$inbox_days`` from here).

Standard library only: imported by the web front, the Rasa plugins and the knowledge core alike.
"""

from __future__ import annotations

from typing import Dict

__all__ = ["CONVERSATION_TTL_SECONDS", "INBOX_RETENTION_DAYS", "answer_placeholders"]

#: a conversation (Rasa tracker, web session and its button payloads) is forgotten after this much inactivity
CONVERSATION_TTL_SECONDS = 1800
#: a question the assistant did not understand stays at most this long in the maintainers' inbox
INBOX_RETENTION_DAYS = 90


def answer_placeholders() -> Dict[str, str]:
    """The values the FAQ answers may quote, by placeholder name."""
    return {
        "conversation_minutes": str(CONVERSATION_TTL_SECONDS // 60),
        "inbox_days": str(INBOX_RETENTION_DAYS),
    }
