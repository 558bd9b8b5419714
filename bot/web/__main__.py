"""``python -m bot.web``: serve the web front (settings from the environment)."""

from __future__ import annotations

import logging

from aiohttp import web

from .app import create_app
from .middlewares import RouteAccessLogger
from .settings import Settings
from .sites import SiteConfigError


def main() -> None:
    """Run the web front until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
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
    )


if __name__ == "__main__":
    main()
