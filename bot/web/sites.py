"""Partner sites that embed the assistant (``knowledge/sites.yml``), validated at start-up.

A site entry says which pages (origins) may show the widget, the site's name and greeting, its
default place (so "le lieu le plus proche" starts from the site's own centre), its region and an
accent colour readable under white text. See docs/widget.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

import yaml
from aiohttp import web

from .errors import ApiError

__all__ = [
    "SITES",
    "DEFAULT_SITES_FILE",
    "MIN_CONTRAST",
    "BOT_BUBBLE",
    "OriginRule",
    "Site",
    "SiteConfigError",
    "chat_site_metadata",
    "contrast_ratio",
    "site_of",
    "MSG_ORIGIN_REFUSED",
    "MSG_UNKNOWN_SITE",
    "load_sites",
    "parse_sites",
]

DEFAULT_SITES_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "sites.yml"

#: WCAG 2.1 AA minimum contrast for normal text: white text on the accent colour, and the accent
#: as text colour (links, choice buttons) on white and on the bot's bubble.
MIN_CONTRAST = 4.5
#: background of the bot's messages (``--bot-bg`` of static/style.css; a test keeps them equal)
BOT_BUBBLE = "#eef0f8"

_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_HOST_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_LOOPBACK = ("127.0.0.1", "localhost")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_FIELDS = {
    "id",
    "name",
    "greeting",
    "allowed_origins",
    "default_place",
    "region",
    "accent",
    "source",
    "checked",
    "note",
}
_REQUIRED = _FIELDS - {"note"}
MSG_UNKNOWN_SITE = (
    "Ce site n'est pas configuré pour l'assistant. Vérifiez l'attribut data-site de la balise "
    "<script> (voir docs/widget.md)."
)
MSG_ORIGIN_REFUSED = (
    "Cette page n'est pas autorisée à afficher l'assistant pour ce site. Ajoutez son origine à "
    "allowed_origins dans knowledge/sites.yml (voir docs/widget.md)."
)
_TEXT_LIMITS = {"name": 80, "greeting": 400, "default_place": 80, "region": 80}


class SiteConfigError(ValueError):
    """``knowledge/sites.yml`` is invalid: the message names the entry and the field."""


@dataclass(frozen=True)
class OriginRule:
    """One allowed origin: scheme, host and port (``None`` = any port)."""

    scheme: str
    host: str
    port: int | None

    def matches(self, scheme: str, host: str, port: int) -> bool:
        """True if the page origin ``scheme://host:port`` is allowed by this rule."""
        return scheme == self.scheme and host == self.host and (self.port is None or port == self.port)

    def csp_source(self) -> str:
        """This rule as a CSP source expression (``frame-ancestors``)."""
        if self.port is None:
            return f"{self.scheme}://{self.host}:*"
        if self.port == _DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{self.host}"
        return f"{self.scheme}://{self.host}:{self.port}"


@dataclass(frozen=True)
class Site:
    """A partner site, as validated from ``knowledge/sites.yml``."""

    id: str
    name: str
    greeting: str
    allowed_origins: tuple[OriginRule, ...]
    default_place: str
    #: the gazetteer's label of ``default_place`` (what the actions receive)
    place_label: str
    region: str
    accent: str

    def allows(self, origin: str | None) -> bool:
        """True if a page of ``origin`` (an ``Origin`` header value) may show the widget."""
        parsed = _split_origin(origin)
        return parsed is not None and any(rule.matches(*parsed) for rule in self.allowed_origins)

    def frame_ancestors(self) -> str:
        """The CSP ``frame-ancestors`` sources of this site's allow-list."""
        return " ".join(rule.csp_source() for rule in self.allowed_origins)

    def metadata(self) -> dict[str, str]:
        """What the front passes to Rasa with each message of this site (read by actions/places.py)."""
        return {"site": self.id, "site_place": self.place_label}

    def public_config(self) -> dict[str, str]:
        """What the launcher on the partner page may read."""
        return {"site": self.id, "name": self.name, "accent": self.accent}


def _split_origin(origin: str | None) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of a serialised origin, or None if it is not one."""
    if not origin or len(origin) > 300 or origin == "null":
        return None
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in _DEFAULT_PORTS or not host or parts.path or parts.query or parts.fragment:
        return None
    if parts.username or parts.password:
        return None
    return scheme, host, port if port is not None else _DEFAULT_PORTS[scheme]


def _relative_luminance(colour: str) -> float:
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((_relative_luminance(foreground), _relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _parse_origin_rule(where: str, raw: Any) -> OriginRule:
    if not isinstance(raw, str):
        raise SiteConfigError(f"{where}: an origin must be a string")
    text = raw.strip()
    any_port = text.endswith(":*")
    parsed = _split_origin(text[:-2] if any_port else text)
    if parsed is None or text.endswith("/"):
        raise SiteConfigError(f"{where}: {raw!r} is not an origin like 'https://www.example.fr' (no path, no slash)")
    scheme, host, port = parsed
    if not _HOST_RE.match(host) or "*" in host:
        raise SiteConfigError(f"{where}: {raw!r}: the host must be a plain name, no wildcard")
    if scheme == "http" and host not in _LOOPBACK:
        raise SiteConfigError(f"{where}: {raw!r}: plain http is only allowed for 127.0.0.1 and localhost")
    return OriginRule(scheme, host, None if any_port else port)


def _text(where: str, entry: Mapping[str, Any], name: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise SiteConfigError(f"{where}: '{name}' must be a non-empty string")
    limit = _TEXT_LIMITS.get(name)
    if limit is not None and len(value) > limit:
        raise SiteConfigError(f"{where}: '{name}' is longer than {limit} characters")
    return value.strip()


def _default_resolver() -> Callable[[str], Any]:
    from knowledge import gazetteer

    return gazetteer.resolve


def _parse_site(where: str, entry: Any, resolve: Callable[[str], Any]) -> Site:
    if not isinstance(entry, dict):
        raise SiteConfigError(f"{where}: each site must be a mapping")
    unknown = set(entry) - _FIELDS
    missing = _REQUIRED - set(entry)
    if unknown:
        raise SiteConfigError(f"{where}: unknown field(s) {sorted(unknown)}")
    if missing:
        raise SiteConfigError(f"{where}: missing field(s) {sorted(missing)}")
    site_id = entry["id"]
    if not isinstance(site_id, str) or not _ID_RE.match(site_id):
        raise SiteConfigError(f"{where}: 'id' must be lowercase letters, digits and hyphens")
    where = f"site {site_id!r}"
    for name in ("source", "checked"):
        _text(where, entry, name)

    origins = entry["allowed_origins"]
    if not isinstance(origins, list) or not origins:
        raise SiteConfigError(f"{where}: 'allowed_origins' must be a non-empty list")
    rules = tuple(_parse_origin_rule(where, raw) for raw in origins)

    accent = entry["accent"]
    if not isinstance(accent, str) or not _COLOUR_RE.match(accent):
        raise SiteConfigError(f"{where}: 'accent' must be a colour like '#000091'")
    ratio = min(contrast_ratio("#ffffff", accent), contrast_ratio(BOT_BUBBLE, accent))
    if ratio < MIN_CONTRAST:
        raise SiteConfigError(
            f"{where}: accent {accent} has a contrast of {ratio:.2f}:1 with white or the bot's "
            f"bubble ({BOT_BUBBLE}), below {MIN_CONTRAST}:1: choose a darker colour"
        )

    default_place = _text(where, entry, "default_place")
    region = _text(where, entry, "region")
    resolution = resolve(default_place)
    if getattr(resolution, "status", None) != "ok":
        raise SiteConfigError(
            f"{where}: 'default_place' {default_place!r} does not resolve to one place "
            "(use a postal code or 'Commune (department)')"
        )
    place = resolution.place
    if place.region != region:
        raise SiteConfigError(f"{where}: 'region' is {region!r} but {default_place!r} is in {place.region!r}")
    again = resolve(place.label)
    if getattr(again, "status", None) != "ok" or again.place.label != place.label:
        raise SiteConfigError(f"{where}: the place label {place.label!r} does not resolve back")

    return Site(
        id=site_id,
        name=_text(where, entry, "name"),
        greeting=_text(where, entry, "greeting"),
        allowed_origins=rules,
        default_place=default_place,
        place_label=place.label,
        region=region,
        accent=accent.lower(),
    )


def parse_sites(data: Any, resolve: Callable[[str], Any] | None = None) -> dict[str, Site]:
    """Validate the loaded YAML document; return the sites by id.

    Raises:
        SiteConfigError: with a message naming the faulty entry and field.
    """
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise SiteConfigError("sites file: expected a mapping with a 'sites' list")
    resolve = resolve or _default_resolver()
    sites: dict[str, Site] = {}
    for index, entry in enumerate(data["sites"]):
        site = _parse_site(f"site #{index + 1}", entry, resolve)
        if site.id in sites:
            raise SiteConfigError(f"site {site.id!r}: duplicate id")
        sites[site.id] = site
    return sites


def load_sites(path: Path | str = DEFAULT_SITES_FILE, resolve: Callable[[str], Any] | None = None) -> dict[str, Site]:
    """Read and validate a sites file (default ``knowledge/sites.yml``)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as exc:
        raise SiteConfigError(f"sites file {path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise SiteConfigError(f"sites file {path}: invalid YAML ({type(exc).__name__})") from None
    return parse_sites(data, resolve)


SITES = web.AppKey("sites", dict)


def site_of(request: web.Request, raw: Any) -> "Site | None":
    """The site of id ``raw`` in the app's sites, or None (unknown, not a string, too long)."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    return request.app[SITES].get(raw)


def _is_same_origin(request: web.Request, origin: str) -> bool:
    try:
        return urlsplit(origin).netloc.lower() == request.host.lower()
    except ValueError:
        return False


def chat_site_metadata(request: web.Request, body: dict[str, Any]) -> dict[str, str] | None:
    """The Rasa metadata of a chat message sent from a site's panel (``site`` field), or None.

    Raises:
        ApiError: 400 for an unknown site, 403 when a page of a non-allowed origin calls.
    """
    if "site" not in body:
        return None
    raw = body["site"]
    if not isinstance(raw, str):
        raise ApiError(400, "Le champ « site » doit être une chaîne de caractères.")
    site = site_of(request, raw)
    if site is None:
        raise ApiError(400, MSG_UNKNOWN_SITE)
    origin = request.headers.get("Origin")
    if origin is not None and not _is_same_origin(request, origin) and not site.allows(origin):
        raise ApiError(403, MSG_ORIGIN_REFUSED)
    return site.metadata()
