"""URL map of the web front (SPEC §5)."""

from __future__ import annotations

from aiohttp import web

from . import health, views, widget
from .maintainer import setup_maintainer

__all__ = ["setup_routes"]


def setup_routes(app: web.Application) -> None:
    """Register the pages, the JSON API, the health checks and the static files."""
    app.router.add_get("/", views.index, name="index")
    app.router.add_get("/conseiller", views.adviser, name="adviser")
    app.router.add_post("/api/chat", views.chat, name="chat")
    app.router.add_get("/api/access-points", views.access_points, name="access_points")
    app.router.add_get("/widget.js", widget.widget_js, name="widget_js")
    app.router.add_get("/widget/config", widget.widget_config, name="widget_config")
    app.router.add_get("/widget/panel", widget.widget_panel, name="widget_panel")
    app.router.add_get("/widget/theme.css", widget.widget_theme, name="widget_theme")
    app.router.add_get("/healthz", health.healthz, name="healthz")
    app.router.add_get("/livez", health.livez, name="livez")
    setup_maintainer(app)  # /mainteneur, off unless MAINTAINER_TOKEN is set
    app.router.add_static("/static/", views.STATIC_DIR, name="static", append_version=False)
