"""The translator escapes every piece of data; Telegram's plain-text fields are unescaped once
on the way out, so a name reads the same in a message and on a button."""

from __future__ import annotations

from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram import plain_fields
from locales import Html, escape, html_fmt, html_join, translator
from tests.fakeapi import parse_html


def shown(html: str) -> str:
    return parse_html(html)[0]


def test_data_is_escaped_and_our_markup_is_kept() -> None:
    i18n = translator("ru")
    text = i18n("menu-title", name="<b>Зоя</b> & <qa> 🦄", roles=i18n("role-owner"))
    assert isinstance(text, Html)
    assert "<b>Виртуальный менеджер</b>" in text  # ours stays markup
    assert "<b>Зоя</b> & <qa> 🦄" in shown(text)  # theirs is text


def test_escaping_is_idempotent_and_composes() -> None:
    once = escape("<qa> & co")
    assert escape(once) == once == "&lt;qa&gt; &amp; co"
    line = html_fmt("<b>{a}</b>: {b}", a="<x>", b=translator("en")("op-free"))
    assert shown(line) == "<x>: free"
    joined = html_join([Html("<i>ok</i>"), "<raw>"], ", ")
    assert shown(joined) == "ok, <raw>"


def test_buttons_and_alerts_leave_as_plain_text() -> None:
    label = escape("<b>Зоя</b> & Co")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=label, callback_data="x")]]
    )
    sent = plain_fields(SendMessage(chat_id=1, text=label, reply_markup=markup))
    assert sent.text == label  # the message itself stays HTML
    assert sent.reply_markup.inline_keyboard[0][0].text == "<b>Зоя</b> & Co"
    alert = plain_fields(AnswerCallbackQuery(callback_query_id="1", text=label))
    assert alert.text == "<b>Зоя</b> & Co"


def test_plain_text_for_sms_and_mail_is_not_escaped() -> None:
    i18n = translator("ru")
    assert "<b>Музыка</b> & Co" in i18n.plain("op-notify-service-on", name="<b>Музыка</b> & Co")
