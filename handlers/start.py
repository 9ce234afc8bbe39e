"""Commands that always work: /start (with invite links), /menu, /help, /cancel,
/language, and contact sharing for employees who were not invited."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    CallbackQuery,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_dialog import DialogManager

from handlers.chat import sender
from handlers.help.dialog import open_help
from handlers.menu.button import menu_markup
from handlers.menu.dialog import open_menu
from locales import LANGUAGES, Translator, translator
from services.access import Principal
from services.users import ContactResult, InviteResult, TgUser, UserService

router = Router(name="start")


class LangCb(CallbackData, prefix="lang1"):
    lang: str


def tg_user(event: Message | CallbackQuery) -> TgUser:
    u = sender(event) if isinstance(event, Message) else event.from_user
    return TgUser(u.id, u.full_name, u.username, u.language_code)


def contact_keyboard(i18n: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=i18n("onboard-share-contact"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def greet_stranger(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("onboard-stranger"), reply_markup=contact_keyboard(i18n))


@router.message(CommandStart(deep_link=True))
async def start_with_invite(
    message: Message,
    command: CommandObject,
    users: UserService,
    dialog_manager: DialogManager,
    i18n: Translator,
) -> None:
    result = await users.accept_invite(tg_user(message), command.args or "")
    if result == InviteResult.JOINED:
        principal = await users.principal(sender(message).id)
        i18n = translator(principal.language if principal else i18n.lang)
        dialog_manager.middleware_data.update(principal=principal, i18n=i18n)
        await message.answer(i18n("invite-joined"), reply_markup=ReplyKeyboardRemove())
        await open_menu(dialog_manager)
        return
    await message.answer(i18n(f"invite-{result.value}"))
    if dialog_manager.middleware_data.get("principal"):
        await open_menu(dialog_manager)
    else:
        await greet_stranger(message, i18n)


@router.message(CommandStart())
@router.message(Command("menu"))
async def start(
    message: Message,
    principal: Principal | None,
    dialog_manager: DialogManager,
    users: UserService,
    i18n: Translator,
) -> None:
    if principal is None:
        await greet_stranger(message, i18n)
        return
    user = sender(message)
    if principal.full_name != user.full_name:
        # Owners from ADMIN_IDS have no name until their first message: show the fresh one.
        await users.touch(tg_user(message))
        dialog_manager.middleware_data["principal"] = await users.principal(user.id)
    await open_menu(dialog_manager)


@router.message(Command("help"))
async def help_command(
    message: Message, principal: Principal | None, dialog_manager: DialogManager, i18n: Translator
) -> None:
    if principal is None:
        await greet_stranger(message, i18n)
        return
    # Inside a workplace: its page; elsewhere: what this role can open.
    await open_help(dialog_manager)


@router.message(Command("cancel"))
async def cancel(
    message: Message, principal: Principal | None, dialog_manager: DialogManager, i18n: Translator
) -> None:
    await message.answer(i18n("cancelled"), reply_markup=ReplyKeyboardRemove())
    if principal is not None:
        await open_menu(dialog_manager)


@router.message(Command("language"))
async def language(message: Message, i18n: Translator) -> None:
    kb = InlineKeyboardBuilder()
    for lang in LANGUAGES:
        kb.button(text=translator(lang)("lang-name"), callback_data=LangCb(lang=lang))
    await message.answer(i18n("lang-choose"), reply_markup=kb.as_markup())


@router.callback_query(LangCb.filter())
async def set_language(
    cb: CallbackQuery,
    callback_data: LangCb,
    users: UserService,
    principal: Principal | None,
    dialog_manager: DialogManager,
) -> None:
    lang = callback_data.lang if callback_data.lang in LANGUAGES else "ru"
    await users.set_language(tg_user(cb), lang)
    i18n = translator(lang)
    await cb.answer(i18n("lang-switched"))
    if isinstance(cb.message, Message):  # too old a message cannot be edited: the alert says it
        await cb.message.edit_text(i18n("lang-switched"))
    if principal is not None:
        dialog_manager.middleware_data.update(
            i18n=i18n, principal=await users.principal(cb.from_user.id)
        )
        await open_menu(dialog_manager)


@router.message(F.contact)
async def contact(
    message: Message,
    users: UserService,
    principal: Principal | None,
    dialog_manager: DialogManager,
    i18n: Translator,
) -> None:
    if principal is not None:
        await message.answer(i18n("onboard-already"), reply_markup=menu_markup(i18n))
        return
    c = message.contact
    if c is None:  # F.contact lets only contacts through
        return
    result = await users.join_by_contact(tg_user(message), c.phone_number, c.user_id)
    if result != ContactResult.JOINED:
        await message.answer(
            i18n(f"onboard-contact-{result.value}"), reply_markup=ReplyKeyboardRemove()
        )
        return
    principal = await users.principal(sender(message).id)
    i18n = translator(principal.language if principal else i18n.lang)
    dialog_manager.middleware_data.update(principal=principal, i18n=i18n)
    await message.answer(i18n("onboard-contact-joined"), reply_markup=ReplyKeyboardRemove())
    await open_menu(dialog_manager)
