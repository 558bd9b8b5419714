"""Web front: chat page, adviser page, chat proxy to Rasa, referral API (SPEC §5)."""

from .app import create_app
from .settings import Settings

__all__ = ["create_app", "Settings"]
