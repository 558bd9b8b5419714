"""Web front in a real browser: keyboard-only chat, XSS-safe rendering, storage, axe-core (0 violations).

Drives Debian's chromium (/usr/bin/chromium) with Playwright for Python; no browser download.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer

from bot.web import create_app
from bot.web.middlewares import RouteAccessLogger

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = os.environ.get("WEB_SCREENSHOT_DIR", "/tmp")

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.browser,
    pytest.mark.timeout(240),
]

HOSTILE_TEXT = (
    'Voici <script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"> '
    "et le site https://mon-cep.org. Êtes-vous d'accord ?"
)


@asynccontextmanager
async def served(settings, privacy_stub, referral_stub):
    """The web front (conftest's stubs) on a free localhost port: its base URL, the server closed on exit."""
    server = TestServer(create_app(settings, privacy_filter=privacy_stub, referral=referral_stub))
    await server.start_server(access_log_class=RouteAccessLogger)
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


@pytest_asyncio.fixture
async def base_url(settings, privacy_stub, referral_stub, fake_rasa):
    """The web front served on a free localhost port, talking to the fake Rasa."""
    fake_rasa.answer = [
        {
            "recipient_id": "x",
            "text": HOSTILE_TEXT,
            "buttons": [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}],
        },
    ]
    async with served(settings, privacy_stub, referral_stub) as url:
        yield url


@asynccontextmanager
async def chromium(extra_args: tuple = ()):
    """Debian chromium driven by Playwright (async API, same event loop as the server), closed on exit."""
    from playwright.async_api import async_playwright

    if not os.path.exists(CHROMIUM):  # fail, never skip: `make test` installs it (make browser)
        pytest.fail(f"{CHROMIUM} absent: run `make browser` as root (apt-get install chromium)")
    async with async_playwright() as pw:
        instance = await pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + list(extra_args), headless=True
        )
        try:
            yield instance
        finally:
            await instance.close()


@pytest_asyncio.fixture
async def browser():
    async with chromium() as instance:
        yield instance


async def new_page(browser, **kwargs):
    context = await browser.new_context(**kwargs)
    page = await context.new_page()
    page.csp_errors = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in msg.text or msg.type == "error"
            else None
        ),
    )
    return context, page


async def tab_until(page, predicate_js: str, max_tabs: int = 25) -> None:
    """Press Tab until ``predicate_js`` (an expression on document.activeElement ``el``) holds."""
    for _ in range(max_tabs):
        await page.keyboard.press("Tab")
        if await page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return
    raise AssertionError(f"never focused: {predicate_js}")


async def test_chat_with_keyboard_only(browser, base_url, fake_rasa):
    context, page = await new_page(browser)
    await page.goto(base_url + "/")
    # nothing stored before the widget is used
    assert await page.evaluate("window.sessionStorage.length") == 0
    assert await page.evaluate("window.localStorage.length") == 0

    await tab_until(page, "el.id === 'message'")
    await page.keyboard.type("Bonjour, je cherche une formation")
    await page.keyboard.press("Enter")

    log = page.get_by_role("log")
    await log.get_by_text("Êtes-vous d'accord", exact=False).first.wait_for()
    assert fake_rasa.received[0]["message"] == "Bonjour, je cherche une formation"
    assert await page.evaluate("document.activeElement.id") == "message"  # focus not stolen

    # bot text shown as text: the script is visible and never ran, no <img> injected
    log_text = await log.inner_text()
    assert "<script>window.__pwned = 1</script>" in log_text
    assert await page.evaluate("window.__pwned === undefined")
    assert await log.locator("script, img").count() == 0
    link = log.locator('a[href="https://mon-cep.org/"]')
    assert await link.count() == 1
    assert (await link.inner_text()).startswith("https://mon-cep.org")

    # keyboard to the bot's button, Enter sends its payload in the same session
    await tab_until(page, "el.tagName === 'BUTTON' && el.textContent === 'Oui'")
    await page.keyboard.press("Enter")
    await log.locator(".msg-bot").nth(2).wait_for()
    assert len(fake_rasa.received) == 2
    assert fake_rasa.received[1]["message"] == "/affirm"
    session_id = fake_rasa.received[0]["sender"]
    assert fake_rasa.received[1]["sender"] == session_id
    assert (
        await log.locator(".msg-user").last.inner_text() == "Vous :\nOui"
        or "Oui" in await log.locator(".msg-user").last.inner_text()
    )

    # only the session id is stored, in sessionStorage; no cookie, no localStorage
    storage = await page.evaluate("Object.assign({}, window.sessionStorage)")
    assert storage == {"orientation.session_id": session_id}
    assert await page.evaluate("window.localStorage.length") == 0
    assert await context.cookies() == []
    assert page.csp_errors == []  # type: ignore[attr-defined]

    await page.screenshot(path=os.path.join(SCREENSHOT_DIR, "web_chat.png"), full_page=True)
    await context.close()


async def test_skip_link_is_first_and_reaches_input(browser, base_url):
    context, page = await new_page(browser)
    await page.goto(base_url + "/")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.className") == "skip-link"
    await page.keyboard.press("Enter")
    await page.keyboard.type("x")
    assert await page.input_value("#message") == "x"
    await context.close()


async def test_degraded_answer_shown(browser, base_url, fake_rasa):
    fake_rasa.mode = "fail"
    context, page = await new_page(browser)
    await page.goto(base_url + "/")
    await page.fill("#message", "Bonjour")
    await page.press("#message", "Enter")
    await page.get_by_role("log").get_by_text("39 49", exact=False).wait_for()
    await context.close()


@pytest.mark.parametrize("width", [320])
async def test_reflow_at_320_px(browser, base_url, width):
    context, page = await new_page(browser, viewport={"width": width, "height": 640})
    for path in ("/", "/conseiller"):
        await page.goto(base_url + path)
        scroll_width = await page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} scrolls horizontally at {width}px ({scroll_width}px)"
    await context.close()


async def test_adviser_page_candidates_then_results(browser, base_url, referral_stub):
    context, page = await new_page(browser)
    await page.goto(base_url + "/conseiller")
    await page.fill("#place", "Saint-Denis")
    await page.select_option("#profile", "jeune")
    await page.fill("#limit", "2")
    await page.press("#place", "Enter")
    candidate = page.get_by_role("button", name="Saint-Denis (93)")
    await candidate.wait_for()
    await candidate.focus()
    await page.keyboard.press("Enter")
    await page.locator("#places li").first.wait_for()
    assert referral_stub.calls[-1] == ("Saint-Denis (93)", "jeune", 2)
    assert await page.locator("#places li").count() == 2
    text = await page.locator("#results").inner_text()
    assert "Lieu d'essai 1" in text and "Opérateur d'essai" in text
    assert "Adresse : non renseignée" in text and "Commune : 22000 Saint-Brieuc" in text
    assert "Téléphone : non renseigné" in text and "À 1,5 km" in text
    assert await page.get_by_role("button", name="Imprimer").is_visible()
    await page.screenshot(path=os.path.join(SCREENSHOT_DIR, "web_conseiller.png"), full_page=True)
    await page.emulate_media(media="print")
    assert not await page.locator("#referral-form").is_visible()
    assert not await page.get_by_role("button", name="Imprimer").is_visible()
    await page.screenshot(path=os.path.join(SCREENSHOT_DIR, "web_conseiller_print.png"), full_page=True)
    await page.emulate_media(media="screen")

    await page.fill("#place", "Atlantide")
    await page.press("#place", "Enter")
    await page.get_by_text("Je ne trouve pas ce lieu", exact=False).wait_for()
    assert page.csp_errors == [] or all("404" in e or "409" in e for e in page.csp_errors)  # type: ignore[attr-defined]
    await context.close()


async def test_adviser_page_kind_filter_hours_and_open_now(browser, base_url, referral_stub):
    context, page = await new_page(browser)
    await page.goto(base_url + "/conseiller")
    await page.fill("#place", "Brest")
    await page.get_by_label("CIO").check()
    await page.get_by_label("Mission locale").check()
    await page.press("#place", "Enter")
    await page.locator("#places li").first.wait_for()
    assert referral_stub.calls[-1] == ("Brest", None, 3, ("mission_locale", "cio"))
    text = await page.locator("#results").inner_text()
    assert "ouvert aujourd'hui de 9 h à 12 h (ouvert en ce moment)" in text
    assert "9 h–12 h, 14 h–17 h" in text and "Source d'essai — données du 01/08/2024" in text
    assert "Types de lieux : Mission locale, CIO." in text
    assert "vérifiez avant de vous déplacer" in text
    svg = page.locator("#map svg")
    await svg.wait_for()  # the offline map: department outlines, the place and the numbered results
    assert await svg.get_attribute("role") == "img"
    assert "Carte des lieux proposés autour de Saint-Brieuc" in await page.locator("#map-title").text_content()
    assert await page.locator("#map .departments path").count() == 96
    assert await page.locator("#map .place").count() == 3 and await page.locator("#map .here").count() == 1
    await page.screenshot(path=os.path.join(SCREENSHOT_DIR, "web_conseiller_map.png"), full_page=True)
    await page.emulate_media(media="print")
    printed = await page.locator("#results").inner_text()
    assert "9 h–12 h" in printed and "Source d'essai" in printed  # the printed slip keeps hours and source
    await context.close()


@pytest.mark.parametrize("path", ["/", "/conseiller"])
async def test_axe_no_violations(browser, base_url, path):
    from axe_playwright_python.async_playwright import Axe

    context, page = await new_page(browser)
    await page.goto(base_url + path)
    if path == "/":  # audit with a conversation on screen (bot message, buttons, link)
        await page.fill("#message", "Bonjour")
        await page.press("#message", "Enter")
        await page.get_by_role("button", name="Oui").first.wait_for()
    else:  # audit with results on screen
        await page.fill("#place", "Lannion")
        await page.press("#place", "Enter")
        await page.locator("#places li").first.wait_for()
    results = await Axe().run(page)
    assert results.response["passes"], "axe did not run any rule"
    assert results.violations_count == 0, results.generate_report()
    await context.close()


async def test_axe_harness_catches_a_violation(browser):
    """Guard: the axe run above would fail on an inaccessible page (unlabelled field, no lang)."""
    from axe_playwright_python.async_playwright import Axe

    context, page = await new_page(browser)
    await page.set_content("<html><head><title>t</title></head><body><main><input type='text'></main></body></html>")
    results = await Axe().run(page)
    ids = {v["id"] for v in results.response["violations"]}
    assert {"label", "html-has-lang"} <= ids
    await context.close()
