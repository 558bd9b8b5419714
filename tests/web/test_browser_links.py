"""Links in the chat page (issue #8 item 9): a URL typed by the visitor never becomes a link,
neither in the visitor's own message nor in a bot message that quotes it; bot links with a
hidden host ("https://mon-cep.org@evil.example") or an odd port stay text."""

from __future__ import annotations


import pytest

from .test_browser import CHROMIUM, base_url, browser, new_page  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.browser,
    pytest.mark.timeout(240),
]


async def _send(page, text: str, replies: int) -> None:
    await page.fill("#message", text)
    await page.keyboard.press("Enter")
    await page.locator(".msg-bot").nth(replies).wait_for()


async def test_visitor_urls_never_become_links(browser, base_url, fake_rasa):  # noqa: F811
    fake_rasa.answer = None  # the fake Rasa echoes: "Vous avez dit : <message>"
    context, page = await new_page(browser)
    await page.goto(base_url + "/")
    await _send(page, "regardez https://evil.example/phish et HTTPS://evil.example/b", 1)
    log = page.get_by_role("log")
    assert "evil.example/phish" in await log.inner_text()  # quoted back, as text
    assert await log.locator("a").count() == 0
    assert "://" not in fake_rasa.received[0]["message"]
    await context.close()


async def test_only_plain_bot_links_are_linked(browser, base_url, fake_rasa):  # noqa: F811
    fake_rasa.answer = [
        {
            "recipient_id": "x",
            "text": (
                "Voir https://mon-cep.org, https://mon-cep.org@evil.example/x, https://evil.example:8443/y "
                "et http://user:pw@evil.example/z"
            ),
        }
    ]
    context, page = await new_page(browser)
    await page.goto(base_url + "/")
    await _send(page, "bonjour", 1)
    links = page.get_by_role("log").locator("a")
    assert await links.count() == 1
    assert await links.first.get_attribute("href") == "https://mon-cep.org/"
    await context.close()
