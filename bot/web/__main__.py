"""``python -m bot.web``: serve the web front (settings from the environment)."""

from __future__ import annotations

import logging

from aiohttp import web

from .app import create_app, server_options
from .logs import ACCESS_LOGGER, install_log_filters
from .middlewares import RouteAccessLogger
from .settings import Settings
from .sites import SiteConfigError


def main() -> None:
    """Run the web front until interrupted."""
    # third parties at WARNING; the front's own logs and the route-only access log at INFO
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("bot").setLevel(logging.INFO)
    logging.getLogger(ACCESS_LOGGER).setLevel(logging.INFO)
    install_log_filters()
    settings = Settings.from_env()
    print(f"Assistant d'orientation : http://{settings.host}:{settings.port}/", flush=True)
    try:
        app = create_app(settings)
    except SiteConfigError as exc:  # knowledge/sites.yml: say which entry and field, then stop
        raise SystemExit(f"invalid sites file: {exc}") from None
    web.run_app(
        app,
        host=settings.host,
        port=settings.port,
        access_log_class=RouteAccessLogger,
        print=None,
        **server_options(),
    )


if __name__ == "__main__":
    main()
