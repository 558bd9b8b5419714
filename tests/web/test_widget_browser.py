"""Embeddable widget in real chromium: a partner page on another origin loads /widget.js.

A keyboard-only visitor opens the panel, asks for the nearest place (the site's default place goes
to Rasa as metadata), stays trapped in the dialog, closes it with Escape; axe finds nothing; a page
of a non-allowed origin gets no chat; nothing is stored in the browser, before or after.
"""

from __future__ import annotations

import asyncio
import os

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer


from .conftest import FakeRasa
from .test_browser import SCREENSHOT_DIR, chromium, new_page, served

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.browser,
    pytest.mark.timeout(240),
]

LAUNCHER = "Une question ? Assistant orientation"
DEMO_PLACE = "35000 Rennes"
#: the focused element, looking through the launcher's shadow root
ACTIVE_JS = (
    "(() => { const a = document.activeElement;"
    " if (!a) return null;"
    " const inner = a.shadowRoot ? a.shadowRoot.activeElement : null;"
    " return {host: a.tagName, inner: inner ? (inner.className || inner.tagName) : null}; })()"
)
#: what a document holds in each browser store; "denied" where the browser refuses a third-party
#: frame any storage (then nothing can be stored there either). Each probe is bounded: some
#: Chromium builds never settle ``indexedDB.databases()`` on a fresh profile ("no answer").
STORAGE_JS = """(async () => {
  const out = {};
  const probes = {
    local: () => window.localStorage.length,
    session: () => window.sessionStorage.length,
    cookie: () => document.cookie.length,
    idb: async () => (await indexedDB.databases()).length,
  };
  const late = () => new Promise((resolve) => setTimeout(() => resolve("no answer"), 3000));
  for (const [name, probe] of Object.entries(probes)) {
    try { out[name] = await Promise.race([Promise.resolve().then(probe), late()]); }
    catch (e) { out[name] = "denied"; }
  }
  return out;
})()"""
#: the browser stores a script could write to
STORAGE_APIS = ("localStorage", "sessionStorage", "indexedDB", "document.cookie", "caches.open")


def assert_nothing_stored(found: dict) -> None:
    assert set(found) == {"local", "session", "cookie", "idb"}
    assert all(found[name] in (0, "denied") for name in ("local", "session", "cookie")), found
    # IndexedDB is also ruled out by test_the_widget_scripts_use_no_browser_store
    assert found["idb"] in (0, "denied", "no answer"), found


class SiteAwareRasa(FakeRasa):
    """Fake Rasa that, like the real form, answers "le plus proche" from the site place it got."""

    def default_answer(self, sender: str, message: str) -> list[dict]:
        place = (self.received[-1].get("metadata") or {}).get("site_place")
        if "proche" in message and place:
            return [
                {"recipient_id": sender, "text": f"Voici les lieux d'accueil gratuits les plus proches de {place} :"},
                {"recipient_id": sender, "text": "1. Lieu d'essai, à 1,5 km. Site : https://example.org/lieu"},
            ]
        if "proche" in message:
            return [{"recipient_id": sender, "text": "Dans quelle commune êtes-vous ?"}]
        return super().default_answer(sender, message)


@pytest_asyncio.fixture
async def browser():
    """Debian chromium with the partner page and the panel's frame in one renderer process. With site
    isolation, this keyboard test hung for ever about once in 15 runs on a loaded machine, the test
    waiting on chromium (cause not pinned down); one process takes the cross-process input path away."""
    one_process = ("--disable-site-isolation-trials", "--disable-features=IsolateOrigins,site-per-process")
    async with chromium(one_process) as instance:
        yield instance


@pytest.fixture
def fake_rasa() -> SiteAwareRasa:
    """Overrides conftest's fake Rasa for this module."""
    return SiteAwareRasa()


@pytest_asyncio.fixture
async def assistant_url(settings, privacy_stub, referral_stub):
    """The web front on 127.0.0.1:<free port>."""
    async with served(settings, privacy_stub, referral_stub) as url:
        yield url


@pytest_asyncio.fixture
async def partner_url(assistant_url):
    """A partner's page on another origin (another port, reached as ``localhost``) with the tag."""

    async def page(request: web.Request) -> web.Response:
        site = request.query.get("site", "demo")
        return web.Response(
            content_type="text/html",
            text=f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cité des métiers d'essai</title><link rel="icon" href="data:,">
<script src="{assistant_url}/widget.js" data-site="{site}" defer></script>
</head><body>
<header><p>Cité des métiers d'essai</p></header>
<main><h1>Nos services</h1><p>Conseil en orientation, sans rendez-vous.</p>
<p><a href="#contact">Nous contacter</a></p></main>
<footer id="contact"><p>Page de démonstration.</p></footer>
</body></html>""",
        )

    async def framed(request: web.Request) -> web.Response:
        site = request.query.get("site", "cdm-paris")
        return web.Response(
            content_type="text/html",
            text=f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Cadre direct</title><link rel="icon" href="data:,"></head><body><main>
<h1>Cadre direct</h1><iframe title="panneau" src="{assistant_url}/widget/panel?site={site}"></iframe>
</main></body></html>""",
        )

    app = web.Application()
    app.router.add_get("/", page)
    app.router.add_get("/framed", framed)
    server = TestServer(app)
    await server.start_server()
    try:
        yield f"http://localhost:{server.port}"
    finally:
        await server.close()


async def panel_frame(page):
    """The chat panel's frame, once its form is there."""
    for _ in range(300):  # up to ~15 s: the machine may be busy
        for frame in page.frames:
            if "/widget/panel" in frame.url:
                try:
                    if await frame.locator("#chat-form").count():
                        return frame
                except Exception:  # noqa: BLE001 - frame still navigating
                    pass
        await page.wait_for_timeout(50)
    raise AssertionError("no chat panel frame")


async def wait_for(page, frame, js: str, expected, tries: int = 300):
    value = None
    for _ in range(tries):
        value = await frame.evaluate(js)
        if value == expected:
            return
        await page.wait_for_timeout(50)
    raise AssertionError(f"{js} -> {value!r}, expected {expected!r}")


async def settled_focus(page, tries: int = 20) -> dict:
    """The focused element once the focus has landed: between a cross-origin frame and the host page,
    the body holds it for a moment while the trap's guard hands it on (a busy machine makes that visible)."""
    active = await page.evaluate(ACTIVE_JS)
    for _ in range(tries):
        if active and active["host"] != "BODY":
            break
        await page.wait_for_timeout(50)
        active = await page.evaluate(ACTIVE_JS)
    return active


async def tab_to_launcher(page) -> None:
    for _ in range(10):
        await page.keyboard.press("Tab")
        if await page.evaluate(ACTIVE_JS) == {"host": "ASIDE", "inner": "launcher"}:
            return
    raise AssertionError("the launcher never got the keyboard focus")


async def storage_everywhere(context) -> dict:
    """Cookies and local storage of every origin the context visited (bounded in time)."""
    return await asyncio.wait_for(context.storage_state(), timeout=30)


async def test_keyboard_visitor_on_a_partner_page(browser, assistant_url, partner_url, fake_rasa):
    context, page = await new_page(browser)
    await page.goto(partner_url + "/?site=demo")
    assert page.url.startswith("http://localhost:") and assistant_url.startswith("http://127.0.0.1:")
    launcher = page.get_by_role("button", name=LAUNCHER)
    await launcher.wait_for()
    assert_nothing_stored(await page.evaluate(STORAGE_JS))
    assert await storage_everywhere(context) == {"cookies": [], "origins": []}

    # open with the keyboard: focus goes to the message field of the panel
    await tab_to_launcher(page)
    await page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Assistant orientation – Démonstration locale")
    await dialog.wait_for()
    assert await launcher.get_attribute("aria-expanded") == "true"
    frame = await panel_frame(page)
    await wait_for(page, frame, "document.activeElement && document.activeElement.id", "message")
    log = frame.get_by_role("log")
    assert await log.get_attribute("aria-live") == "polite"
    assert "Ceci est la démonstration" in await log.inner_text()
    assert await frame.locator("#privacy-notice").is_visible()

    # ask for the nearest place without naming one: the site's place is used
    await page.keyboard.type("Où est le lieu le plus proche ?")
    await page.keyboard.press("Enter")
    await log.get_by_text(f"les plus proches de {DEMO_PLACE}", exact=False).wait_for()
    assert fake_rasa.received[0]["message"] == "Où est le lieu le plus proche ?"
    assert fake_rasa.received[0]["metadata"] == {"site": "demo", "site_place": DEMO_PLACE}
    assert_nothing_stored(await frame.evaluate(STORAGE_JS))  # the session id stays in memory
    await page.screenshot(path=os.path.join(SCREENSHOT_DIR, "web_widget.png"))

    # a second message goes on in the same conversation
    await page.keyboard.type("Merci")
    await page.keyboard.press("Enter")
    await log.locator(".msg-bot").nth(3).wait_for()
    assert fake_rasa.received[1]["sender"] == fake_rasa.received[0]["sender"]

    # the focus is trapped in the dialog, forwards and backwards
    for key in ["Tab"] * 9 + ["Shift+Tab"] * 9:
        await page.keyboard.press(key)
        active = await settled_focus(page)
        assert active["host"] == "ASIDE" and active["inner"] in {"IFRAME", "close", "guard"}, (key, active)
    seen = set()
    for _ in range(8):
        await page.keyboard.press("Tab")
        seen.add((await settled_focus(page))["inner"])
    assert {"IFRAME", "close"} <= seen  # the cycle goes through the panel and its close button

    # Escape from inside the panel closes it and gives the focus back to the launcher
    await frame.locator("#message").focus()
    await page.keyboard.press("Escape")
    await page.wait_for_function(
        "() => !document.querySelector('aside.orientation-widget').shadowRoot.querySelector('iframe')"
    )
    assert await page.evaluate(ACTIVE_JS) == {"host": "ASIDE", "inner": "launcher"}
    assert await launcher.get_attribute("aria-expanded") == "false"
    assert not await dialog.is_visible()

    # reopened: a new, empty conversation; Escape on the close button closes it too
    await page.keyboard.press("Enter")
    frame = await panel_frame(page)
    assert await frame.locator(".msg").count() == 1
    await page.get_by_role("button", name="Fermer").focus()
    await page.keyboard.press("Escape")
    assert await page.evaluate(ACTIVE_JS) == {"host": "ASIDE", "inner": "launcher"}

    # nothing stored anywhere, after the conversation either
    assert_nothing_stored(await page.evaluate(STORAGE_JS))
    assert await storage_everywhere(context) == {"cookies": [], "origins": []}
    assert page.csp_errors == []  # type: ignore[attr-defined]
    await context.close()


async def test_axe_on_the_partner_page_with_the_panel_open(browser, partner_url):
    from axe_playwright_python.async_playwright import Axe

    context, page = await new_page(browser)
    await page.goto(partner_url + "/?site=demo")
    await page.get_by_role("button", name=LAUNCHER).click()
    frame = await panel_frame(page)
    await frame.fill("#message", "Où est le lieu le plus proche ?")
    await frame.press("#message", "Enter")
    await frame.get_by_role("log").get_by_text(DEMO_PLACE, exact=False).first.wait_for()

    # the partner page (launcher, dialog, its frame element) and the panel document, each audited
    # where it lives (axe does not cross origins by itself)
    host = await Axe().run(page, options={"resultTypes": ["violations"], "iframes": False})
    assert host.response["passes"], "axe did not run any rule"
    assert host.violations_count == 0, host.generate_report()
    panel = await Axe().run(frame)
    assert panel.response["passes"], "axe did not run any rule"
    assert panel.violations_count == 0, panel.generate_report()
    await context.close()


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 640}, {"width": 640, "height": 360}])
async def test_panel_fits_a_phone_and_200_percent_zoom(browser, partner_url, fake_rasa, viewport):
    """360 px wide phone, and 1280 x 720 at 200 % zoom (= 640 x 360 CSS pixels)."""
    context, page = await new_page(browser, viewport=viewport)
    await page.goto(partner_url + "/?site=demo")
    await page.get_by_role("button", name=LAUNCHER).click()
    frame = await panel_frame(page)
    box = await page.locator("aside.orientation-widget iframe").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5
    assert await page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert await frame.evaluate("document.documentElement.scrollWidth") <= box["width"] + 0.5
    await frame.fill("#message", "Où est le lieu le plus proche ?")
    await frame.locator("#send").click()
    await frame.get_by_role("log").get_by_text(DEMO_PLACE, exact=False).first.wait_for()
    assert await frame.locator("#message").is_visible()
    assert await page.get_by_role("button", name="Fermer").is_visible()
    await page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"web_widget_{viewport['width']}.png"))
    await context.close()


@pytest.mark.parametrize("site", ["cdm-paris", "nope"])
async def test_no_chat_on_a_page_the_site_does_not_allow(browser, partner_url, fake_rasa, site):
    context, page = await new_page(browser)
    warnings: list[str] = []
    page.on("console", lambda msg: warnings.append(msg.text) if msg.type == "warning" else None)
    await page.goto(partner_url + f"/?site={site}")
    await page.wait_for_load_state("networkidle")
    assert await page.get_by_role("button", name=LAUNCHER).count() == 0
    assert await page.locator("aside").count() == 0
    assert any("pas de conversation sur cette page" in w for w in warnings), warnings

    # framing the panel directly does not work either: the browser obeys frame-ancestors
    await page.goto(partner_url + f"/framed?site={site}")
    await page.wait_for_load_state("networkidle")
    for frame in page.frames[1:]:
        assert await frame.locator("#chat-form").count() == 0
    assert fake_rasa.received == []
    assert await storage_everywhere(context) == {"cookies": [], "origins": []}
    await context.close()


@pytest.mark.parametrize("path", ["/widget.js", "/static/widget-panel.js"])
async def test_the_widget_scripts_use_no_browser_store(assistant_url, path):
    """The widget's own scripts never name a store (chat.js keeps the id in memory in a panel)."""
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(assistant_url + path) as resp:
        assert resp.status == 200, path
        source = await resp.text()
    assert len(source) > 500
    assert [api for api in STORAGE_APIS if api in source] == []
