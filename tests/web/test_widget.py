"""Embeddable widget, HTTP side: site configuration, allow-list, CORS, frame-ancestors, metadata.

The browser side (a partner page on another origin, keyboard, axe, storage) is in
test_widget_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.web import create_app
from bot.web.middlewares import SECURITY_HEADERS
from bot.web.sites import (
    BOT_BUBBLE,
    DEFAULT_SITES_FILE,
    MIN_CONTRAST,
    SiteConfigError,
    load_sites,
    parse_sites,
)

STYLE_CSS = Path(__file__).resolve().parents[2] / "bot" / "web" / "static" / "style.css"
LOOPBACK = "http://127.0.0.1:43210"
FOREIGN = "https://pirate.example"


def wcag_contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio, computed here independently of bot.web.sites."""

    def luminance(colour: str) -> float:
        values = []
        for i in (1, 3, 5):
            c = int(colour[i : i + 2], 16) / 255
            values.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def raw_sites() -> dict:
    with open(DEFAULT_SITES_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def demo_entry(**changes) -> dict:
    entry = dict(next(s for s in raw_sites()["sites"] if s["id"] == "demo"))
    entry.update(changes)
    return {"sites": [entry]}


# --------------------------------------------------------------------------- configuration


def test_shipped_sites_are_valid_and_readable():
    sites = load_sites()
    assert {"demo", "cdm-paris"} <= set(sites)
    for site in sites.values():
        assert wcag_contrast("#ffffff", site.accent) >= 4.5, site.id  # white text on the accent
        assert wcag_contrast(BOT_BUBBLE, site.accent) >= 4.5, site.id  # accent links in bot bubbles
    assert sites["demo"].place_label == "35000 Rennes"
    assert sites["cdm-paris"].region == "Île-de-France"


def test_bot_bubble_colour_matches_the_stylesheet():
    match = re.search(r"--bot-bg:\s*(#[0-9a-fA-F]{6})", STYLE_CSS.read_text(encoding="utf-8"))
    assert match and match.group(1).lower() == BOT_BUBBLE


def test_demo_allows_loopback_pages_on_any_port_only():
    demo = load_sites()["demo"]
    for origin in ("http://127.0.0.1:8000", "http://localhost:5173", "http://localhost"):
        assert demo.allows(origin), origin
    for origin in (
        None,
        "",
        "null",
        "https://127.0.0.1:8000",
        "http://127.0.0.2:80",
        "http://localhost.pirate.example",
        "http://user@localhost:1",
        "http://localhost:1/x",
    ):
        assert not demo.allows(origin), origin
    assert demo.frame_ancestors() == "http://127.0.0.1:* http://localhost:*"
    paris = load_sites()["cdm-paris"]
    assert paris.allows("https://www.cite-sciences.fr")
    assert not paris.allows("http://www.cite-sciences.fr") and not paris.allows(LOOPBACK)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"accent": "#7a9cff"}, "contrast"),
        ({"accent": "blue"}, "accent"),
        ({"allowed_origins": ["http://www.example.fr"]}, "plain http"),
        ({"allowed_origins": ["https://*.example.fr"]}, "wildcard"),
        ({"allowed_origins": ["https://www.example.fr/page"]}, "origin"),
        ({"allowed_origins": []}, "allowed_origins"),
        ({"default_place": "Zzyzxville"}, "default_place"),
        ({"default_place": "Saint-Denis"}, "default_place"),  # namesakes: not one place
        ({"region": "Occitanie"}, "region"),
        ({"id": "Demo Site"}, "id"),
        ({"greeting": ""}, "greeting"),
        ({"colour": "#000091"}, "unknown field"),
    ],
)
def test_invalid_site_entries_are_refused_with_a_clear_message(changes, message):
    with pytest.raises(SiteConfigError, match=message):
        parse_sites(demo_entry(**changes))


def test_missing_field_and_duplicate_id_are_refused(tmp_path):
    entry = demo_entry()["sites"][0]
    without_source = {k: v for k, v in entry.items() if k != "source"}
    with pytest.raises(SiteConfigError, match="missing"):
        parse_sites({"sites": [without_source]})
    with pytest.raises(SiteConfigError, match="duplicate"):
        parse_sites({"sites": [entry, entry]})
    bad = tmp_path / "sites.yml"
    bad.write_text("sites: [", encoding="utf-8")
    with pytest.raises(SiteConfigError, match="YAML"):
        load_sites(bad)


def test_the_app_refuses_to_start_with_an_invalid_sites_file(settings, privacy_stub, monkeypatch, tmp_path):
    bad = tmp_path / "sites.yml"
    bad.write_text(yaml.safe_dump(demo_entry(accent="#ffff00")), encoding="utf-8")
    monkeypatch.setattr("bot.web.app.load_sites", lambda: load_sites(bad))
    with pytest.raises(SiteConfigError, match="contrast"):
        create_app(settings, privacy_filter=privacy_stub)


def test_minimum_contrast_is_wcag_aa():
    assert MIN_CONTRAST == 4.5


# --------------------------------------------------------------------------- HTTP


@pytest.mark.asyncio
async def test_launcher_script_loads_cross_origin(client):
    resp = await client.get("/widget.js")
    assert resp.status == 200
    assert "javascript" in resp.headers["Content-Type"]
    assert resp.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    body = await resp.text()
    assert "localStorage" not in body and "document.cookie" not in body


@pytest.mark.asyncio
async def test_config_is_shared_with_allowed_origins_only(client):
    resp = await client.get("/widget/config?site=demo", headers={"Origin": LOOPBACK})
    assert resp.status == 200
    assert resp.headers["Access-Control-Allow-Origin"] == LOOPBACK
    assert resp.headers["Vary"] == "Origin"
    assert "Access-Control-Allow-Credentials" not in resp.headers
    body = await resp.json()
    assert body == {
        "site": "demo",
        "name": "Démonstration locale",
        "accent": "#000091",
        "panel": "/widget/panel?site=demo",
    }

    for headers in ({"Origin": FOREIGN}, {}, {"Origin": "null"}):
        refused = await client.get("/widget/config?site=demo", headers=headers)
        assert refused.status == 403
        assert "Access-Control-Allow-Origin" not in refused.headers
        assert "autorisée" in (await refused.json())["error"]

    paris = await client.get("/widget/config?site=cdm-paris", headers={"Origin": LOOPBACK})
    assert paris.status == 403


@pytest.mark.parametrize("query", ["?site=nope", "?site=", "", "?site=" + "x" * 500, "?site=%00"])
@pytest.mark.asyncio
async def test_unknown_site_gets_a_clear_refusal_never_a_500(client, query):
    resp = await client.get("/widget/config" + query, headers={"Origin": LOOPBACK})
    assert resp.status == 404
    assert "n'est pas configuré" in (await resp.json())["error"]
    assert "Access-Control-Allow-Origin" not in resp.headers
    panel = await client.get("/widget/panel" + query)
    assert panel.status == 404
    assert "n'est pas configuré" in await panel.text()
    assert "frame-ancestors 'none'" in panel.headers["Content-Security-Policy"]
    theme = await client.get("/widget/theme.css" + query)
    assert theme.status == 404


@pytest.mark.asyncio
async def test_panel_is_framable_by_the_site_allow_list_only(client):
    resp = await client.get("/widget/panel?site=demo")
    assert resp.status == 200
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors http://127.0.0.1:* http://localhost:*" in csp
    assert "'none'" not in csp.split("frame-ancestors")[1].split(";")[0]
    assert "X-Frame-Options" not in resp.headers
    # everything else of the main CSP is kept as is
    main = SECURITY_HEADERS["Content-Security-Policy"]
    assert csp.split("frame-ancestors")[0] == main.split("frame-ancestors")[0]
    html = await resp.text()
    assert 'data-site="demo"' in html and 'data-session="memory"' in html
    assert 'id="privacy-notice"' in html and "ne donnez pas votre nom" in html
    assert "Ceci est la démonstration" in html
    assert "sessionStorage" not in html

    paris = await client.get("/widget/panel?site=cdm-paris")
    assert "frame-ancestors https://www.cite-sciences.fr" in paris.headers["Content-Security-Policy"]

    # nothing else is loosened: the other pages still refuse every frame
    for path in ("/", "/conseiller", "/widget.js", "/widget/config?site=demo"):
        other = await client.get(path)
        assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"], path
        assert other.headers["X-Frame-Options"] == "DENY", path


@pytest.mark.asyncio
async def test_panel_texts_are_escaped(settings, privacy_stub, make_client):
    entry = demo_entry(name='<img src=x onerror="alert(1)">', greeting="Bonjour <b>vous</b> & co")
    client = await make_client(create_app(settings, privacy_filter=privacy_stub, sites=parse_sites(entry)))
    html = await (await client.get("/widget/panel?site=demo")).text()
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x" in html and "Bonjour &lt;b&gt;vous&lt;/b&gt; &amp; co" in html


@pytest.mark.asyncio
async def test_theme_css_carries_the_accent(client):
    resp = await client.get("/widget/theme.css?site=cdm-paris")
    assert resp.status == 200 and resp.content_type == "text/css"
    assert "--primary: #8a1538;" in await resp.text()


# --------------------------------------------------------------------------- chat


@pytest.mark.asyncio
async def test_chat_from_a_site_passes_its_place_to_rasa(client, fake_rasa):
    resp = await client.post("/api/chat", json={"message": "le lieu le plus proche", "site": "demo"})
    assert resp.status == 200
    assert fake_rasa.received[-1]["metadata"] == {"site": "demo", "site_place": "35000 Rennes"}
    # the privacy filter still runs on widget messages
    await client.post("/api/chat", json={"message": "écrivez-moi à jean.test@example.org", "site": "demo"})
    assert "jean.test" not in fake_rasa.received[-1]["message"]
    # no site: no metadata, as before
    await client.post("/api/chat", json={"message": "Bonjour"})
    assert "metadata" not in fake_rasa.received[-1]


@pytest.mark.asyncio
async def test_chat_with_an_allowed_or_own_origin_is_accepted(client, fake_rasa):
    for origin in (LOOPBACK, str(client.make_url("")).rstrip("/")):
        resp = await client.post("/api/chat", json={"message": "Bonjour", "site": "demo"}, headers={"Origin": origin})
        assert resp.status == 200, origin
        assert "Access-Control-Allow-Origin" not in resp.headers  # the panel is same-origin


@pytest.mark.parametrize(
    "body, headers, status",
    [
        ({"message": "Bonjour", "site": "nope"}, {}, 400),
        ({"message": "Bonjour", "site": 3}, {}, 400),
        ({"message": "Bonjour", "site": None}, {}, 400),
        ({"message": "Bonjour", "site": "demo"}, {"Origin": FOREIGN}, 403),
        ({"message": "Bonjour", "site": "cdm-paris"}, {"Origin": LOOPBACK}, 403),
    ],
)
@pytest.mark.asyncio
async def test_chat_refuses_unknown_sites_and_foreign_pages(client, fake_rasa, body, headers, status):
    resp = await client.post("/api/chat", json=body, headers=headers)
    assert resp.status == status
    assert (await resp.json())["error"]
    assert fake_rasa.received == []  # no chat


def test_the_server_stops_with_the_reason_on_an_invalid_sites_file(monkeypatch, tmp_path):
    from bot.web import __main__ as entry

    bad = tmp_path / "sites.yml"
    bad.write_text(yaml.safe_dump(demo_entry(default_place="Zzyzxville")), encoding="utf-8")
    monkeypatch.setattr("bot.web.app.load_sites", lambda: load_sites(bad))
    monkeypatch.setattr(entry.web, "run_app", lambda *a, **k: pytest.fail("must not serve"))
    monkeypatch.setattr("bot.web.app._load_privacy_filter", lambda: pytest.fail("not reached"))
    with pytest.raises(SystemExit, match="invalid sites file: site 'demo': 'default_place'"):
        entry.main()
