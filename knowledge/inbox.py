"""Anonymous inbox of the questions the assistant did not understand (standard library only).

Written by the action server (fallback action), read and labelled by ``python -m bot inbox`` and the
``/mainteneur`` page. What is stored, per distinct question (near-duplicates merged):

- the text as Rasa received it (already privacy-filtered by the web front), passed once more through a
  cheap guard (:func:`scrub`) that masks e-mail addresses and long digit runs;
- the predicted intent and its confidence (of the last occurrence);
- why it was filed (of the last occurrence, see ``REASONS``): the "did you mean" fallback, a refused
  suggestion, a second fallback in a row, or a low-confidence prediction;
- a count, and the first and last *day* it was asked (no time of day);
- the maintainer's label and status.

A message in crisis (suicide, a wish to die, self-harm: ``knowledge.distress``) is never stored.

Nothing links an item to a session: no sender id, no timestamp finer than the day, and row ids are
random (an id says nothing about the order of arrival). Items older than ``RETENTION_DAYS`` (by last
day) are purged when the store is opened and at most once a day on write; at ``MAX_ITEMS`` distinct
items the oldest unlabelled ones make room.

Environment: ``INBOX_PATH`` (SQLite file; ``off`` disables the inbox). Default
``~/.local/share/orientation-assistant/inbox.sqlite3``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import secrets
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from knowledge.distress import CRISIS_INTENT, is_crisis
from knowledge.retention import INBOX_RETENTION_DAYS
from knowledge.textnorm import normalise

__all__ = [
    "Inbox",
    "InboxItem",
    "default_path",
    "scrub",
    "merge_key",
    "record_misunderstood",
    "RETENTION_DAYS",
    "MAX_ITEMS",
    "MAX_TEXT_CHARS",
    "REASONS",
]

RETENTION_DAYS = INBOX_RETENTION_DAYS
MAX_ITEMS = 5000
MAX_TEXT_CHARS = 300
#: statuses of an item
NEW, LABELLED, EXPORTED, DISCARDED = "new", "labelled", "exported", "discarded"
STATUSES = (NEW, LABELLED, EXPORTED, DISCARDED)
#: why a question was filed: the "did you mean" fallback (action server), the visitor refused the
#: suggestions, a second fallback in a row, an intent predicted under the low-confidence band (Rasa side)
FALLBACK, REFUSED, SECOND_FALLBACK, LOW_CONFIDENCE = "fallback", "refused", "second_fallback", "low_confidence"
REASONS = (FALLBACK, REFUSED, SECOND_FALLBACK, LOW_CONFIDENCE)

_EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)+", re.IGNORECASE)
# six or more digits, possibly separated by spaces, dots, dashes or slashes (phones, NIR, IBAN parts);
# five-digit postal codes stay.
_DIGIT_RUN = re.compile(r"\+?\d(?:[\s./-]?\d){5,}")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,          -- random, never sequential
    merge_key TEXT NOT NULL UNIQUE,  -- normalised text
    text TEXT NOT NULL,              -- filtered text (last occurrence)
    intent TEXT,                     -- predicted intent (last occurrence)
    confidence REAL,
    count INTEGER NOT NULL DEFAULT 1,
    first_day TEXT NOT NULL,         -- YYYY-MM-DD
    last_day TEXT NOT NULL,          -- YYYY-MM-DD
    label TEXT,                      -- intent chosen by a maintainer
    status TEXT NOT NULL DEFAULT 'new',
    reason TEXT                      -- see REASONS (last occurrence)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def default_path() -> Optional[Path]:
    """``INBOX_PATH`` or the per-user default; ``None`` when the inbox is switched off."""
    raw = os.environ.get("INBOX_PATH", "").strip()
    if raw.lower() in ("off", "0", "none", "false"):
        return None
    if raw:
        return Path(raw).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "orientation-assistant" / "inbox.sqlite3"


def scrub(text: str) -> str:
    """Second guard after the privacy filter: masks e-mails and long digit runs, drops control characters."""
    text = _CONTROL.sub(" ", text or "")
    text = _EMAIL.sub("<EMAIL>", text)
    text = _DIGIT_RUN.sub("<NUMERO>", text)
    return _SPACES.sub(" ", text).strip()[:MAX_TEXT_CHARS]


def merge_key(text: str) -> str:
    """Key under which near-duplicates merge: folded like place names, digits collapsed, spaces collapsed."""
    return _SPACES.sub(" ", _DIGITS.sub("0", normalise(text))).strip()


@dataclass(frozen=True)
class InboxItem:
    """One distinct misunderstood question."""

    id: int
    text: str
    intent: Optional[str]
    confidence: Optional[float]
    count: int
    first_day: str
    last_day: str
    label: Optional[str]
    status: str
    reason: Optional[str] = None

    def as_dict(self) -> Dict[str, Any]:
        """JSON-ready dict (the shape of ``python -m bot inbox export --json``)."""
        return asdict(self)


def _today() -> _dt.date:
    return _dt.date.today()


class Inbox:
    """The SQLite-backed inbox. Each call opens a short transaction; safe for several processes."""

    def __init__(
        self,
        path: Path | str,
        *,
        retention_days: int = RETENTION_DAYS,
        max_items: int = MAX_ITEMS,
        today: Callable[[], _dt.date] = _today,
    ) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self.max_items = max_items
        self._today = today
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.path.exists():
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        with self._connect() as db:
            db.executescript(_SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(items)")}
            if "reason" not in columns:  # inbox written before the reasons existed
                db.execute("ALTER TABLE items ADD COLUMN reason TEXT")
        self.purge()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=5.0)
        db.row_factory = sqlite3.Row
        return db

    def _day(self) -> str:
        return str(self._today().isoformat())

    # ------------------------------------------------------------------ writing

    def purge(self) -> int:
        """Deletes items not asked for ``retention_days``; returns how many went."""
        cutoff = (self._today() - _dt.timedelta(days=self.retention_days)).isoformat()
        with self._connect() as db:
            gone = db.execute("DELETE FROM items WHERE last_day < ?", (cutoff,)).rowcount
            db.execute("INSERT OR REPLACE INTO meta(name, value) VALUES ('last_purge', ?)", (self._day(),))
        return gone

    def _purge_daily(self, db: sqlite3.Connection) -> None:
        row = db.execute("SELECT value FROM meta WHERE name = 'last_purge'").fetchone()
        if row is None or row["value"] != self._day():
            cutoff = (self._today() - _dt.timedelta(days=self.retention_days)).isoformat()
            db.execute("DELETE FROM items WHERE last_day < ?", (cutoff,))
            db.execute("INSERT OR REPLACE INTO meta(name, value) VALUES ('last_purge', ?)", (self._day(),))

    def add(
        self, text: str, intent: Optional[str], confidence: Optional[float], reason: Optional[str] = FALLBACK
    ) -> Optional[int]:
        """Records one misunderstood question; returns its item id (``None`` if nothing was kept).

        A message in crisis (the intent ``express_distress`` or a crisis phrase, knowledge/distress.py) is never
        kept: it says something of the person's health, and its answer does not depend on the model."""
        if intent == CRISIS_INTENT or is_crisis(text):
            return None
        clean = scrub(text)
        key = merge_key(clean)
        if not key:
            return None
        conf = None if confidence is None else round(float(confidence), 3)
        day = self._day()
        with self._connect() as db:
            self._purge_daily(db)
            row = db.execute("SELECT id FROM items WHERE merge_key = ?", (key,)).fetchone()
            if row is not None:
                # a refusal is the same visit's question seen again: it changes the reason, not the count
                bump = 0 if reason == REFUSED else 1
                db.execute(
                    "UPDATE items SET count = count + ?, last_day = ?, text = ?, intent = ?, confidence = ?,"
                    " reason = ? WHERE id = ?",
                    (bump, day, clean, intent, conf, reason, row["id"]),
                )
                return int(row["id"])
            if not self._make_room(db):
                return None
            for _ in range(20):
                item_id = 100_000 + secrets.randbelow(900_000)
                try:
                    db.execute(
                        "INSERT INTO items(id, merge_key, text, intent, confidence, first_day, last_day, reason)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (item_id, key, clean, intent, conf, day, day, reason),
                    )
                    return item_id
                except sqlite3.IntegrityError:
                    continue
        return None

    def _make_room(self, db: sqlite3.Connection) -> bool:
        size: int = db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        excess = size - self.max_items + 1
        if excess <= 0:
            return True
        # oldest unlabelled first (new, then discarded and exported ones, which have done their job)
        victims = db.execute(
            "SELECT id FROM items WHERE status != ? ORDER BY last_day, count, merge_key LIMIT ?",
            (LABELLED, excess),
        ).fetchall()
        db.executemany("DELETE FROM items WHERE id = ?", [(v["id"],) for v in victims])
        return len(victims) >= excess

    # ------------------------------------------------------------------ reading and labelling

    def items(self, status: Optional[str] = None) -> List[InboxItem]:
        """Items, most asked first (then by text); optionally only one status."""
        query = "SELECT * FROM items"
        args: Tuple[Any, ...] = ()
        if status:
            query += " WHERE status = ?"
            args = (status,)
        query += " ORDER BY count DESC, last_day DESC, merge_key"
        with self._connect() as db:
            return [self._item(r) for r in db.execute(query, args)]

    def get(self, item_id: int) -> Optional[InboxItem]:
        """One item, or ``None``."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM items WHERE id = ?", (int(item_id),)).fetchone()
        return self._item(row) if row else None

    def label(self, item_id: int, intent: str) -> bool:
        """Gives an item an intent (``out_of_scope`` included); ``False`` if no such item."""
        with self._connect() as db:
            return (
                db.execute(
                    "UPDATE items SET label = ?, status = ? WHERE id = ?", (intent, LABELLED, int(item_id))
                ).rowcount
                == 1
            )

    def discard(self, item_id: int) -> bool:
        """Marks an item as useless (repeats of it keep merging into it until retention ends)."""
        with self._connect() as db:
            return (
                db.execute("UPDATE items SET label = NULL, status = ? WHERE id = ?", (DISCARDED, int(item_id))).rowcount
                == 1
            )

    def mark_exported(self, item_ids: List[int]) -> None:
        """Marks items as written into the training data."""
        with self._connect() as db:
            db.executemany("UPDATE items SET status = ? WHERE id = ?", [(EXPORTED, int(i)) for i in item_ids])

    @staticmethod
    def _item(row: sqlite3.Row) -> InboxItem:
        return InboxItem(
            id=row["id"],
            text=row["text"],
            intent=row["intent"],
            confidence=row["confidence"],
            count=row["count"],
            first_day=row["first_day"],
            last_day=row["last_day"],
            label=row["label"],
            status=row["status"],
            reason=row["reason"],
        )

    def __iter__(self) -> Iterator[InboxItem]:
        return iter(self.items())


def record_misunderstood(
    text: str, intent: Optional[str], confidence: Optional[float], reason: str = FALLBACK
) -> Optional[int]:
    """Adds a question to the default inbox; never raises (the visitor's answer matters more)."""
    try:
        path = default_path()
        if path is None or not text:
            return None
        return Inbox(path).add(text, intent, confidence, reason)
    except (OSError, sqlite3.Error, ValueError):
        return None
