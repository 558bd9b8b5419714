"""Weekly opening hours of access points: open now, today's hours in French, JSON. Pure functions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence, Tuple

from knowledge.kb import DAY_NAMES

__all__ = ["timezone_of", "local_now", "open_now", "today_text", "weekly_json", "french_time"]

# Overseas departments keep their own clock; everything else is on Paris time.
_OVERSEAS_TZ = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
}
Weekly = Optional[Sequence[Sequence[Tuple[str, str]]]]


def timezone_of(department: Optional[str]) -> str:
    """IANA time zone of a department code (Europe/Paris unless overseas)."""
    return _OVERSEAS_TZ.get(str(department or "")[:3], "Europe/Paris")


def local_now(department: Optional[str] = None, now: Optional[datetime] = None) -> Optional[datetime]:
    """``now`` (aware) or the current time, in the department's zone; None if the zone database is missing."""
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(timezone_of(department))
    except Exception:  # noqa: BLE001 - no tz database: open_now becomes unknown rather than wrong
        return None
    if now is None:
        return datetime.now(zone)
    if now.tzinfo is None:
        return now.replace(tzinfo=zone)
    return now.astimezone(zone)


def open_now(weekly: Weekly, department: Optional[str] = None, now: Optional[datetime] = None) -> Optional[bool]:
    """True/False from the weekly hours at ``now`` (local time of the place); None when hours are unknown."""
    if not weekly:
        return None
    local = local_now(department, now)
    if local is None:
        return None
    hhmm = local.strftime("%H:%M")
    return any(start <= hhmm < end for start, end in weekly[local.weekday()] or ())


def french_time(hhmm: str) -> str:
    """ "09:00" -> "9 h", "13:30" -> "13 h 30"."""
    hour, minute = hhmm.split(":")
    return f"{int(hour)} h" + (f" {minute}" if minute != "00" else "")


def _slots_text(slots: Sequence[Tuple[str, str]]) -> str:
    parts = [f"de {french_time(a)} à {french_time(b)}" for a, b in slots]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def today_text(weekly: Weekly, department: Optional[str] = None, now: Optional[datetime] = None) -> Optional[str]:
    """ "ouvert aujourd'hui de 9 h à 12 h et de 14 h à 17 h" / "fermé aujourd'hui"; None when hours are unknown."""
    if not weekly:
        return None
    local = local_now(department, now)
    if local is None:
        return None
    slots = weekly[local.weekday()] or ()
    return f"ouvert aujourd'hui {_slots_text(slots)}" if slots else "fermé aujourd'hui"


def weekly_json(weekly: Weekly) -> Optional[Dict[str, List[str]]]:
    """{"lundi": ["09:00-12:00", ...], ..., "dimanche": []} or None when unknown."""
    if not weekly:
        return None
    return {day: [f"{a}-{b}" for a, b in (slots or ())] for day, slots in zip(DAY_NAMES, weekly)}


def weekly_text(weekly: Weekly) -> Optional[str]:
    """One line per open day in French ("lundi : de 9 h à 12 h"), for a printed slip; None when unknown."""
    if not weekly:
        return None
    lines = [f"{day} : {_slots_text(slots)}" for day, slots in zip(DAY_NAMES, weekly) if slots]
    return " ; ".join(lines) if lines else None


def describe(point: Any, now: Optional[datetime] = None) -> Dict[str, Any]:
    """The hours fields of an access point for the API: hours (weekly), open_now, today."""
    weekly = getattr(point, "weekly_hours", None)
    if not weekly:
        return {"hours": None, "open_now": None, "today": None}
    dept = getattr(point, "department", None)
    local = local_now(dept, now)  # once for both fields
    return {
        "hours": weekly_json(weekly),
        "open_now": open_now(weekly, dept, local),
        "today": today_text(weekly, dept, local),
    }
