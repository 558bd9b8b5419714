"""/mainteneur in a real browser: keyboard-only login and labelling, hostile text rendered as text, axe clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import pytest_asyncio

from knowledge import maintainer
from knowledge.inbox import Inbox

from .test_browser import browser, new_page, pytestmark, served, tab_until  # noqa: F401 - fixtures and marks

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "jeton-navigateur-0123456789"
HOSTILE = '<img src=x onerror="window.__pwned=1"> zorglub formation'


@pytest.fixture
def inbox(tmp_path, monkeypatch) -> Inbox:
    monkeypatch.setenv("INBOX_PATH", str(tmp_path / "inbox.sqlite3"))
    monkeypatch.setenv("MAINTAINER_TOKEN", TOKEN)
    target = tmp_path / "nlu"
    shutil.copytree(ROOT / "data" / "nlu", target)
    monkeypatch.setattr(maintainer, "NLU_DIR", target)
    box = Inbox(tmp_path / "inbox.sqlite3")
    box.add(HOSTILE, "ask_training", 0.21)
    box.add("c'est quoi le truc pour changer de boulot payé", "ask_cpf", 0.33)
    return box


@pytest_asyncio.fixture
async def base_url(settings, privacy_stub, referral_stub, inbox):
    async with served(settings, privacy_stub, referral_stub) as url:
        yield url


async def test_keyboard_login_label_export_and_axe(browser, base_url, inbox):  # noqa: F811
    from axe_playwright_python.async_playwright import Axe

    context, page = await new_page(browser)
    await page.goto(base_url + "/mainteneur")
    results = await Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    await tab_until(page, "el.id === 'token'")
    await page.keyboard.type("mauvais-jeton-0123456789")
    await page.keyboard.press("Enter")
    await page.get_by_text("Jeton d'accès manquant ou incorrect", exact=False).wait_for()
    await page.fill("#token", TOKEN)
    await page.press("#token", "Enter")
    await page.get_by_text("2 question(s) dans la boîte").wait_for()
    # nothing kept in the browser
    assert await page.evaluate("document.cookie") == ""
    assert await page.evaluate("window.localStorage.length + window.sessionStorage.length") == 0
    # the hostile text is shown as text
    await page.get_by_text(HOSTILE).wait_for()
    assert await page.evaluate("window.__pwned") is None

    results = await Axe().run(page)
    assert results.response["passes"], "axe did not run any rule"
    assert results.violations_count == 0, results.generate_report()

    target = next(i for i in inbox.items() if i.text.startswith("c'est quoi"))
    select = page.locator(f"#label-{target.id}")
    await select.focus()
    await select.select_option("ask_career_change")
    await tab_until(page, f"el.textContent === 'Étiqueter' && el.getAttribute('aria-describedby') === 'q-{target.id}'")
    await page.keyboard.press("Enter")
    await page.get_by_text(f"Question {target.id} étiquetée : ask_career_change.").wait_for()
    assert inbox.get(target.id).label == "ask_career_change"

    await page.get_by_role("button", name="Exporter les questions étiquetées vers data/nlu").click()
    await page.get_by_text("1 exemple(s) ajouté(s)", exact=False).wait_for()
    assert inbox.get(target.id).status == "exported"
    written = maintainer.intent_files(maintainer.NLU_DIR)["ask_career_change"].read_text(encoding="utf-8")
    assert "- c'est quoi le truc pour changer de boulot payé\n" in written
    assert page.csp_errors == [] or all("403" in e for e in page.csp_errors)  # type: ignore[attr-defined]
    await context.close()
