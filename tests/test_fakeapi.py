"""The fake Bot API answers aiogram the way Telegram does, so e2e tests can trust it."""

from __future__ import annotations

import asyncio
import re
import struct
import zlib
from io import BytesIO

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError, TelegramNotFound
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiohttp import web

from tests.fakeapi import FakeTelegram, User, parse_html

TOKEN = "1000001:TEST-token"


# pytest_asyncio.fixture, so this also works where asyncio_mode is strict.
@pytest_asyncio.fixture
async def fake():
    async with FakeTelegram() as server:
        yield server


@pytest_asyncio.fixture
async def bot(fake: FakeTelegram):
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.url))
    client = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    yield client
    await client.session.close()


def kb(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in buttons]
    )


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\0" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.asyncio
async def test_send_edit_and_not_modified(fake: FakeTelegram, bot: Bot):
    alice = fake.new_user("Alice")
    await fake.send_command(alice, "/start")  # opens the chat

    me = await bot.get_me()
    assert (me.id, me.username) == (1000001, "vm_test_bot")

    sent = await bot.send_message(alice.id, "Hello <b>Alice</b>", reply_markup=kb(("Go", "go")))
    assert sent.text == "Hello Alice"
    assert sent.entities[0].type == "bold"
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "go"
    msg = await fake.next_message(alice, timeout=1)
    assert msg.message_id == sent.message_id and msg.buttons == ["Go"]

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Hello <b>Alice</b>",
            chat_id=alice.id,
            message_id=sent.message_id,
            reply_markup=kb(("Go", "go")),
        )
    # Dropping the keyboard is a modification: Telegram removes it when reply_markup is absent.
    await bot.edit_message_text("Hello <b>Alice</b>", chat_id=alice.id, message_id=sent.message_id)
    assert msg.buttons == [] and msg.version == 1  # the live object follows the edit
    await bot.edit_message_reply_markup(
        chat_id=alice.id, message_id=sent.message_id, reply_markup=kb(("Back", "back"))
    )
    assert fake.messages(alice)[-1].buttons == ["Back"]

    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=alice.id, message_id=999)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "nobody here")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(alice.id, "<b> </b>")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(alice.id, "x" * 4097)

    assert await bot.delete_message(alice.id, sent.message_id)
    assert fake.messages(alice) == [] and msg.deleted
    assert len(fake.errors) == 5
    with pytest.raises(AssertionError, match="message is not modified"):
        fake.assert_no_errors()


@pytest.mark.asyncio
async def test_callback_data_too_long_is_rejected(fake: FakeTelegram, bot: Bot):
    bob = fake.add_user(User(id=42, first_name="Bob"))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(bob.id, "menu", reply_markup=kb(("Big", "x" * 65)))
    # 64 bytes is the limit in UTF-8 bytes, not characters.
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(bob.id, "menu", reply_markup=kb(("Big", "я" * 33)))
    await bot.send_message(bob.id, "menu", reply_markup=kb(("Ok", "x" * 64)))
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.send_message(
            bob.id,
            "menu",
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="t")]]),
        )
    assert [m.text for m in fake.messages(bob)] == ["menu"]


@pytest.mark.asyncio
async def test_bad_html_is_rejected(fake: FakeTelegram, bot: Bot):
    carol = fake.add_user(User(id=43, first_name="Carol"))
    cases = {
        "1 < 2": 'Unsupported start tag "" at byte offset 2',
        "<p>x</p>": 'Unsupported start tag "p" at byte offset 0',
        "<b>x</i>": 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
        "<b>x": 'Can\'t find end tag corresponding to start tag "b"',
        "x</b>": "Unexpected end tag at byte offset 1",
        "AT&T": "Unsupported HTML entity",
        '<span class="x">s</span>': 'Tag "span" must have class "tg-spoiler"',
    }
    for text, error in cases.items():
        with pytest.raises(TelegramBadRequest) as info:
            await bot.send_message(carol.id, text)
        assert info.value.message == f"Bad Request: can't parse entities: {error}" or (
            error in info.value.message
        ), text
    ok = (
        '<b>b</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>p</tg-spoiler> <span class="tg-spoiler">'
        'q</span> <a href="https://example.com/?a=1&amp;b=2">a</a> <code>c</code> '
        '<pre><code class="language-python">x = 1</code></pre> '
        "<blockquote expandable>q</blockquote> &lt;&gt;&amp;&quot;&#33;&#x41;"
    )
    sent = await bot.send_message(carol.id, ok)
    assert sent.text.endswith('<>&"!A')
    types = {e.type for e in sent.entities}
    assert {"bold", "spoiler", "text_link", "pre", "expandable_blockquote"} <= types
    pre = next(e for e in sent.entities if e.type == "pre")
    assert pre.language == "python"
    # Telegram itself shows a bare "&" literally; only the fake's strict mode refuses it.
    assert parse_html("AT&T", strict=False) == ("AT&T", [])
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(carol.id, BufferedInputFile(b"x", "a.txt"), caption="c" * 1025)


@pytest.mark.asyncio
async def test_long_poll_delivers_injected_update(fake: FakeTelegram, bot: Bot):
    dave = fake.new_user("Dave", username="dave")
    first = await bot.get_updates(timeout=0)
    assert first == []

    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_bot_ready(timeout=1)
    await asyncio.sleep(0.05)
    assert not poll.done()  # the long poll is really waiting
    started = asyncio.get_running_loop().time()
    injected = await fake.send_message(dave, "hi there")
    updates = await asyncio.wait_for(poll, 2)
    assert asyncio.get_running_loop().time() - started < 1
    assert [u.message.text for u in updates] == ["hi there"]
    assert updates[0].message.message_id == injected["message_id"]
    assert updates[0].message.from_user.username == "dave"

    # Unconfirmed updates come again; an offset past them drops them.
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == []
    assert fake.pending_updates() == []

    await fake.send_command(dave, "/start", "ref")
    (update,) = await bot.get_updates(timeout=1)
    assert update.message.text == "/start ref"
    assert update.message.entities[0].type == "bot_command"


@pytest.mark.asyncio
async def test_document_round_trip_and_download(fake: FakeTelegram, bot: Bot):
    erin = fake.add_user(User(id=44, first_name="Erin"))
    payload = b"col1;col2\n1;2\n" * 100
    sent = await bot.send_document(
        erin.id, BufferedInputFile(payload, "report.csv"), caption="Your <b>report</b>"
    )
    assert sent.document.file_name == "report.csv"
    assert sent.document.mime_type == "text/csv"
    assert sent.document.file_size == len(payload)
    assert sent.caption == "Your report"
    upload = fake.uploads[-1]
    assert (upload.data, upload.filename) == (payload, "report.csv")
    msg = await fake.next_message(erin, timeout=1)
    assert fake.file_bytes(msg) == payload

    again = await bot.send_document(erin.id, sent.document.file_id)  # re-send by file_id
    assert again.document.file_id == sent.document.file_id

    buffer = BytesIO()
    await bot.download(sent.document.file_id, destination=buffer)
    assert buffer.getvalue() == payload

    # And the other way: a file the user sends can be fetched by the bot.
    incoming = await fake.send_document(erin, b"%PDF-1.4 fake", "contract.pdf")
    file = await bot.get_file(incoming["document"]["file_id"])
    assert file.file_path.endswith(".pdf")
    assert (await bot.download_file(file.file_path)).read() == b"%PDF-1.4 fake"

    photo = await bot.send_photo(erin.id, BufferedInputFile(png(1600, 900), "chart.png"))
    assert (photo.photo[-1].width, photo.photo[-1].height) == (1600, 900)
    assert photo.photo[0].width == 90
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(erin.id, BufferedInputFile(b"not an image", "x.png"))
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(erin.id, "no-such-file-id")


@pytest.mark.asyncio
async def test_click_wait_text_and_callback_answer(fake: FakeTelegram, bot: Bot):
    frank = fake.new_user("Frank", phone_number="+79001234567")
    await fake.send_command(frank, "/start")
    sent = await bot.send_message(
        frank.id, "Pick a number", reply_markup=kb(("Number 1", "n:1"), ("Number 2", "n:2"))
    )

    with pytest.raises(AssertionError, match="ambiguous"):
        await fake.click(frank, sent.message_id, "Number")
    query_id = await fake.click(frank, sent.message_id, re.compile(r"2$"))
    start, update = await bot.get_updates(timeout=1)
    assert start.message.text == "/start"
    assert update.callback_query.data == "n:2"
    assert update.callback_query.message.message_id == sent.message_id

    async def bot_reacts() -> None:
        await bot.answer_callback_query(query_id, text="Loading", show_alert=True)
        await bot.edit_message_text(
            "Number 2 selected", chat_id=frank.id, message_id=sent.message_id
        )

    reaction = asyncio.create_task(bot_reacts())
    msg = await fake.wait_text(frank, "selected", timeout=2)
    await reaction
    assert msg.message_id == sent.message_id and msg.buttons == []
    assert fake.callback_answer(query_id) == {
        "text": "Loading",
        "show_alert": True,
        "url": None,
        "cache_time": None,
    }
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(AssertionError, match="no inline keyboard"):
        await fake.click(frank, msg, "Number 1")

    forged = await fake.click_data(frank, sent.message_id, "n:999")
    assert fake.callback_queries[forged].data == "n:999"

    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Share phone", request_contact=True)]], resize_keyboard=True
    )
    await bot.send_message(frank.id, "Send your phone", reply_markup=keyboard)
    assert fake.reply_keyboard(frank)["keyboard"][0][0]["request_contact"] is True
    assert fake.last_message(frank).buttons == ["Share phone"]
    contact = await fake.press(frank, "Share phone")
    assert contact["contact"] == {
        "phone_number": "+79001234567",
        "first_name": "Frank",
        "user_id": frank.id,
    }
    with pytest.raises(AssertionError, match="timed out"):
        await fake.wait_text(frank, "never", timeout=0.05)


@pytest.mark.asyncio
async def test_webhook_mode_posts_updates(fake: FakeTelegram, bot: Bot):
    received: list[tuple[dict, str | None]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        # Answering with a method call is how aiogram replies through the webhook.
        chat_id = received[-1][0]["message"]["chat"]["id"]
        return web.json_response({"method": "sendMessage", "chat_id": chat_id, "text": "pong"})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        gina = fake.new_user("Gina")
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates(timeout=0)
        await fake.send_message(gina, "ping")
        reply = await fake.next_message(gina, timeout=2)
        assert reply.text == "pong"
        assert received[0][0]["message"]["text"] == "ping"
        assert received[0][1] == "s3cret"
        assert fake.pending_updates() == []
        await bot.delete_webhook()
        assert await bot.get_updates(timeout=0) == []
    finally:
        await runner.cleanup()


class _UnknownMethod(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "sendUnicorn"


@pytest.mark.asyncio
async def test_unknown_method_and_injected_failure(fake: FakeTelegram, bot: Bot):
    with pytest.raises(TelegramNotFound, match="method not found"):
        await bot(_UnknownMethod())
    fake.errors.clear()
    harry = fake.add_user(User(id=45, first_name="Harry"))
    fake.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(Exception, match="retry after 3") as info:
        await bot.send_message(harry.id, "hi")
    assert info.value.retry_after == 3
    await bot.send_message(harry.id, "hi")
    fake.assert_no_errors()  # injected failures don't count
    assert [r.method for r in fake.calls("sendmessage")] == ["sendMessage", "sendMessage"]
