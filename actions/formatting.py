"""Turning knowledge records into the variables of domain responses. Pure functions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Optional

from knowledge import hours

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_month(date: str) -> str:
    """ "2024-08-01" -> "août 2024" (the month is what the sources really date)."""
    year, month = str(date)[:4], int(str(date)[5:7] or 0)
    return f"{MONTHS[month - 1]} {year}" if 1 <= month <= 12 else year


def data_note(record: Any) -> Optional[str]:
    """ "données ANCT d'août 2024" for directory records, "informations relevées en novembre 2026" otherwise."""
    date = _get(record, "data_date") or _get(record, "checked")
    if not date:
        return None
    source = _get(record, "source") or ()
    first = source[0] if isinstance(source, (list, tuple)) and source else str(source or "")
    month = french_month(date)
    elision = "d'" if month[:1] in "aeiouéo" else "de "
    if " — " in first:  # a directory credit: "ANCT — Liste des structures France services, ..."
        return f"données {first.split(' — ')[0]} {elision}{month}"
    return f"informations relevées en {month}"


def place_details(record: Any, why: Optional[str] = None, now: Optional[datetime] = None) -> Optional[str]:
    """Why it is offered, address, phone, website, today's hours and the date of the data, or None if none."""
    parts = []
    if why:
        parts.append(why[:1].upper() + why[1:])
    address = _get(record, "address")
    postal_code = _get(record, "postal_code")
    commune = _get(record, "commune")
    if address:
        parts.append(f"Adresse : {address}, {postal_code or ''} {commune or ''}".replace("  ", " ").strip())
    phone = _get(record, "phone")
    if phone:
        parts.append(f"Tél. : {phone}")
    website = _get(record, "website")
    if website:
        parts.append(f"Site : {website}")
    today = hours.today_text(_get(record, "weekly_hours"), _get(record, "department"), now)
    if today:
        parts.append(today[:1].upper() + today[1:])
    if _get(record, "appointment"):
        parts.append("Prise de rendez-vous possible")
    note = data_note(record)
    if note:
        parts.append(note[:1].upper() + note[1:])
    warning = stale_warning(record)
    if warning:
        parts.append(warning)
    return ". ".join(parts) + "." if parts else None


def stale_warning(record: Any) -> Optional[str]:
    """ "… vérifiez avant de vous déplacer" for a place no recent source shows open, else None."""
    if not _get(record, "stale"):
        return None
    year = _get(record, "last_attested")
    since = f" (dernière source : {year})" if year else ""
    return f"Information ancienne{since} : vérifiez avant de vous déplacer"


def operator_contact(operator: Dict[str, Any]) -> str:
    """ " (site, tél.)" suffix for an operator line, empty when nothing is known."""
    bits = [b for b in (operator.get("website"), operator.get("phone") and f"tél. {operator['phone']}") if b]
    return f" ({', '.join(bits)})" if bits else ""


#: Brackets and braces in a visitor's text quoted back by a response, made parentheses: Rasa renders
#: responses with ``str.format`` and gives back the raw template ("Je ne trouve pas « {location} »")
#: when the result holds "0[" (rasa.core.nlg.interpolator); a "{location}" typed by the visitor would
#: read the same.
_ECHO_BRACKETS = str.maketrans("[]{}", "()()")


def visitor_echo(text: Optional[str], limit: int = 60) -> str:
    """The visitor's ``text`` as a response may quote it: at most ``limit`` characters, no bracket or brace."""
    return str(text or "")[:limit].translate(_ECHO_BRACKETS)


def _get(record: Any, name: str) -> Any:
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)
