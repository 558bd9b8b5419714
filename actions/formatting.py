"""Turning knowledge records into the variables of domain responses. Pure functions."""
from __future__ import annotations

from typing import Any, Dict, Optional


def french_km(distance_km: float) -> str:
    """12.34 -> "12,3"; under 1 km -> "moins de 1"."""
    if distance_km < 1:
        return "moins de 1"
    if distance_km >= 100:
        return str(int(round(distance_km)))
    return f"{distance_km:.1f}".replace(".", ",")


def place_details(record: Any) -> Optional[str]:
    """Address, phone and website of an access point, or None when none is verified."""
    parts = []
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
    """" (site, tél.)" suffix for an operator line, empty when nothing is known."""
    bits = [b for b in (operator.get("website"), operator.get("phone") and f"tél. {operator['phone']}") if b]
    return f" ({', '.join(bits)})" if bits else ""


def _get(record: Any, name: str) -> Any:
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)
