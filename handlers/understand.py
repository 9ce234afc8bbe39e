"""Messages the open screen cannot take: a sentence saying what the bot understands, with
the Menu button, instead of a silent redraw of the last screen.

An unknown /command is answered wherever the user is (the known ones are taken earlier, in
handlers/start.py). A photo, sticker, location, voice… is answered when the open window's
input would not take it; so is text from a user whose home is their own number (they have
nothing to search)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from handlers.filters import Browses
from handlers.menu.button import menu_markup
from handlers.numbers.search import OutsideInput
from locales import Translator

commands = Router(name="understand-commands")
router = Router(name="understand")
router.message.filter(OutsideInput())


@commands.message(F.text.startswith("/"))
async def unknown_command(message: Message, i18n: Translator) -> None:
    command = (message.text or "").split()[0][:40]
    await message.answer(
        i18n("understand-command", command=command), reply_markup=menu_markup(i18n)
    )


@router.message(F.text, ~Browses())
async def home_text(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("understand-home"), reply_markup=menu_markup(i18n))


@router.message(~F.text)
async def not_text(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("understand-media"), reply_markup=menu_markup(i18n))
