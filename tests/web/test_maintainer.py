"""/mainteneur: off without MAINTAINER_TOKEN, 403 without the right Bearer token, labels and exports with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import maintainer
from bot.web import create_app
from knowledge.inbox import Inbox

pytestmark = pytest.mark.asyncio

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "jeton-de-test-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def inbox(tmp_path, monkeypatch) -> Inbox:
    monkeypatch.setenv("INBOX_PATH", str(tmp_path / "inbox.sqlite3"))
    box = Inbox(tmp_path / "inbox.sqlite3")
    box.add("zorglub mon compte formation comment ça marche", "ask_cpf", 0.3)
    return box


@pytest.fixture
def nlu_copy(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "nlu"
    shutil.copytree(ROOT / "data" / "nlu", target)
    monkeypatch.setattr(maintainer, "NLU_DIR", target)
    return target


@pytest.fixture
def app_client(make_client, settings, privacy_stub, referral_stub, monkeypatch):
    async def make(token: str | None):
        if token is None:
            monkeypatch.delenv("MAINTAINER_TOKEN", raising=False)
        else:
            monkeypatch.setenv("MAINTAINER_TOKEN", token)
        return await make_client(create_app(settings, privacy_filter=privacy_stub, referral=referral_stub))

    return make


@pytest.mark.parametrize("token", [None, "", "trop-court"])
async def test_without_a_usable_token_everything_is_404(app_client, inbox, token):
    client = await app_client(token)
    for method, path in (
        ("GET", "/mainteneur"),
        ("GET", "/api/mainteneur/items"),
        ("POST", "/api/mainteneur/label"),
        ("GET", "/api/mainteneur/export.json"),
    ):
        resp = await client.request(method, path, headers={"Authorization": "Bearer trop-court"})
        assert resp.status == 404, (method, path)


@pytest.mark.parametrize("header", [None, "Bearer mauvais-jeton-0123456789", f"Basic {TOKEN}", TOKEN])
async def test_api_without_the_right_token_is_403(app_client, inbox, header):
    client = await app_client(TOKEN)
    headers = {"Authorization": header} if header else {}
    resp = await client.get("/api/mainteneur/items", headers=headers)
    assert resp.status == 403
    assert "zorglub" not in await resp.text()
    resp = await client.post("/api/mainteneur/discard", json={"id": inbox.items()[0].id}, headers=headers)
    assert resp.status == 403
    assert inbox.items()[0].status == "new"


async def test_page_is_served_without_data(app_client, inbox):
    client = await app_client(TOKEN)
    resp = await client.get("/mainteneur")
    assert resp.status == 200
    html = await resp.text()
    assert 'for="token"' in html and "zorglub" not in html
    assert "Content-Security-Policy" in resp.headers


async def test_list_label_export_download(app_client, inbox, nlu_copy):
    client = await app_client(TOKEN)
    resp = await client.get("/api/mainteneur/items", headers=AUTH)
    assert resp.status == 200
    data = await resp.json()
    [item] = data["items"]
    assert item["text"].startswith("zorglub") and "out_of_scope" in data["intents"]
    assert "nlu_fallback" not in data["intents"]

    resp = await client.post("/api/mainteneur/label", json={"id": item["id"], "intent": "ask_nope"}, headers=AUTH)
    assert resp.status == 400
    resp = await client.post("/api/mainteneur/label", json={"id": 1, "intent": "ask_cpf"}, headers=AUTH)
    assert resp.status == 404
    resp = await client.post("/api/mainteneur/label", json={"id": item["id"], "intent": "ask_cpf"}, headers=AUTH)
    assert resp.status == 200 and (await resp.json())["item"]["label"] == "ask_cpf"

    resp = await client.post("/api/mainteneur/export", json={}, headers=AUTH)
    assert resp.status == 200
    assert (await resp.json())["written"] == {"training.yml": ["zorglub mon compte formation comment ça marche"]}
    assert "    - zorglub mon compte formation comment ça marche\n" in (nlu_copy / "training.yml").read_text()

    resp = await client.get("/api/mainteneur/export.json", headers=AUTH)
    assert resp.status == 200 and "attachment" in resp.headers["Content-Disposition"]
    [row] = await resp.json()
    assert row["status"] == "exported" and row["count"] == 1


async def test_discard(app_client, inbox):
    client = await app_client(TOKEN)
    item_id = inbox.items()[0].id
    resp = await client.post("/api/mainteneur/discard", json={"id": item_id}, headers=AUTH)
    assert resp.status == 200 and inbox.get(item_id).status == "discarded"


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b'{"id": 1', "application/json", 400),
        (b"[1]", "application/json", 400),
        (b'{"id": "1"}', "application/json", 400),
        (b'{"id": true}', "application/json", 400),
        (b"id=1", "application/x-www-form-urlencoded", 415),
        (b'{"id": 1, "x": "' + b"a" * 5000 + b'"}', "application/json", 413),
        (b"[" * 1500, "application/json", 400),  # under the size limit, deeper than json's recursion limit
        (b'{"id": 1, "x": ' + b"[" * 1500 + b"]" * 1500 + b"}", "application/json", 413),
        (b"\xff\xfe{}", "application/json", 400),
    ],
    ids=["truncated", "array", "string-id", "bool-id", "form", "too-long", "nested-deep", "nested-long", "not-utf8"],
)
@pytest.mark.parametrize("path", ["/api/mainteneur/discard", "/api/mainteneur/label"])
async def test_bad_bodies_are_4xx(app_client, inbox, body, content_type, status, path):
    client = await app_client(TOKEN)
    resp = await client.post(path, data=body, headers={**AUTH, "Content-Type": content_type})
    assert resp.status == status
    assert "error" in await resp.json()


async def test_export_with_a_body_nested_too_deep_is_400(app_client, inbox, nlu_copy):
    client = await app_client(TOKEN)
    resp = await client.post(
        "/api/mainteneur/export", data=b"[" * 1500, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert resp.status == 400 and "error" in await resp.json()


async def test_cross_origin_post_is_refused(app_client, inbox):
    client = await app_client(TOKEN)
    item_id = inbox.items()[0].id
    resp = await client.post(
        "/api/mainteneur/discard", json={"id": item_id}, headers={**AUTH, "Origin": "https://attaquant.example"}
    )
    assert resp.status == 403 and inbox.get(item_id).status == "new"


def test_export_skips_an_example_already_in_a_subfolder(tmp_path):
    """A question already written as a precise FAQ phrasing (data/nlu/faq/) is not exported again."""
    (tmp_path / "faq").mkdir()
    (tmp_path / "cpf.yml").write_text("nlu:\n- intent: ask_cpf\n  examples: |\n    - le cpf\n", encoding="utf-8")
    (tmp_path / "faq" / "cpf.yml").write_text(
        "nlu:\n- intent: ask_cpf/general\n  examples: |\n    - Le CPF sert à quoi\n", encoding="utf-8"
    )
    box = Inbox(tmp_path / "inbox.sqlite3")
    item = box.add("le cpf sert à quoi", "ask_cpf", 0.4)
    box.label(item, "ask_cpf")
    result = maintainer.export(box, tmp_path)
    assert result.written == {}
    assert "sert" not in (tmp_path / "cpf.yml").read_text(encoding="utf-8")


async def test_token_header_that_is_not_utf8_is_403_not_503(app_client, inbox):
    """aiohttp decodes header bytes with surrogate escapes: comparing such a token must not raise."""
    import asyncio

    client = await app_client(TOKEN)
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(
        b"GET /api/mainteneur/items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe-jeton\r\n"
        b"Connection: close\r\n\r\n"
    )
    await writer.drain()
    answer = await reader.read()
    writer.close()
    assert answer.startswith(b"HTTP/1.1 403"), answer[:200]
