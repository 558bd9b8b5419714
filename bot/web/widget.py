"""The embeddable widget: launcher script, per-site configuration, chat panel (docs/widget.md).

- ``GET /widget.js``: the launcher a partner page loads with one ``<script data-site=…>`` tag.
- ``GET /widget/config?site=``: the site's public settings, readable (CORS) only by the site's
  allowed origins; anything else gets a JSON refusal and no chat.
- ``GET /widget/panel?site=``: the chat page shown in the launcher's iframe; its CSP
  ``frame-ancestors`` is the site's allow-list (every other page keeps ``'none'``).
- ``GET /widget/theme.css?site=``: the site's accent colour as CSS variables.

The panel uses the same ``/api/chat`` (privacy filter included) and ``chat.js`` as ``/``; it adds
``site`` to each message, and the chat handler passes the site's place to Rasa as metadata.
"""

from __future__ import annotations

import html
import re
from string import Template
from urllib.parse import quote

from aiohttp import web

from .keys import SETTINGS
from .middlewares import SECURITY_HEADERS
from .pages import render
from .sites import MSG_ORIGIN_REFUSED, MSG_UNKNOWN_SITE, Site, site_of
from .views import STATIC_DIR, json_response

__all__ = [
    "drop_frame_options_when_framable",
    "widget_config",
    "widget_js",
    "widget_panel",
    "widget_theme",
]

_FRAME_ANCESTORS_RE = re.compile(r"frame-ancestors [^;]*")
_NO_STORE = {"Cache-Control": "no-store"}


def panel_csp(site: Site) -> str:
    """The main CSP with ``frame-ancestors`` narrowed to the site's allow-list."""
    main = SECURITY_HEADERS["Content-Security-Policy"]
    csp, count = _FRAME_ANCESTORS_RE.subn(f"frame-ancestors {site.frame_ancestors()}", main)
    if count != 1:  # the main CSP must keep one frame-ancestors directive to narrow here
        raise RuntimeError("main CSP has no frame-ancestors directive")
    return csp


def render_panel(site: Site, max_message_chars: int) -> str:
    """The chat panel page of ``site`` (all site texts HTML-escaped), built like ``/`` (bot.web.pages)."""
    template = Template(render("widget-panel.html", "/widget/panel", max_message_chars, widget=True))
    return template.substitute(
        site_id=html.escape(site.id),
        site_query=html.escape(quote(site.id, safe="")),
        site_name=html.escape(site.name),
        greeting=html.escape(site.greeting),
    )


def _darker(colour: str, factor: float = 0.75) -> str:
    return "#" + "".join(f"{int(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5))


# --------------------------------------------------------------------------- handlers


async def widget_js(request: web.Request) -> web.FileResponse:
    """GET /widget.js — the launcher, loadable by any page (it refuses itself where not allowed)."""
    return web.FileResponse(
        STATIC_DIR / "widget.js",
        headers={"Cache-Control": "no-cache", "Cross-Origin-Resource-Policy": "cross-origin"},
    )


async def widget_config(request: web.Request) -> web.Response:
    """GET /widget/config?site= — public settings of a site, CORS only for its allowed origins."""
    site = site_of(request, request.query.get("site"))
    if site is None:
        return json_response({"error": MSG_UNKNOWN_SITE}, 404)
    origin = request.headers.get("Origin")
    if origin is None or not site.allows(origin):
        return json_response({"error": MSG_ORIGIN_REFUSED}, 403)
    body = dict(site.public_config(), panel=f"/widget/panel?site={quote(site.id, safe='')}")
    response = json_response(body)
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Vary"] = "Origin"
    return response


async def widget_panel(request: web.Request) -> web.Response:
    """GET /widget/panel?site= — the chat panel, framable only by the site's allowed origins."""
    site = site_of(request, request.query.get("site"))
    if site is None:
        return web.Response(
            status=404, text=MSG_UNKNOWN_SITE, content_type="text/plain", charset="utf-8", headers=_NO_STORE
        )
    return web.Response(
        text=render_panel(site, request.app[SETTINGS].max_message_chars),
        content_type="text/html",
        charset="utf-8",
        headers={"Cache-Control": "no-store", "Content-Security-Policy": panel_csp(site)},
    )


async def widget_theme(request: web.Request) -> web.Response:
    """GET /widget/theme.css?site= — the site's accent colour (validated ``#rrggbb``)."""
    site = site_of(request, request.query.get("site"))
    if site is None:
        return web.Response(status=404, text="/* site inconnu */", content_type="text/css")
    css = f":root {{ --primary: {site.accent}; --primary-dark: {_darker(site.accent)}; --focus: {site.accent}; }}\n"
    return web.Response(text=css, content_type="text/css", charset="utf-8", headers={"Cache-Control": "no-cache"})


async def drop_frame_options_when_framable(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: an answer whose own CSP allows some frame ancestors (the widget
    panel) must not also carry ``X-Frame-Options: DENY``, which older browsers would obey."""
    csp = response.headers.get("Content-Security-Policy", "")
    if "frame-ancestors" in csp and "frame-ancestors 'none'" not in csp:
        response.headers.popall("X-Frame-Options", None)
