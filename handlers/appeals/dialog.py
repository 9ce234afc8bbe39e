"""The appeals workplace: the list, a new appeal (topic → text or file → numbers), the thread
with reply, close and rating. Ids from buttons are re-read through the service, which answers
only for the user's own appeals."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.appeals.states import AppealsSG
from handlers.guard import refused
from handlers.help.button import help_button
from handlers.widgets import T, i18n_of, paged_select
from locales import Html, Translator, escape, html_join
from services.access import Principal
from services.appeals import MAX_TEXT, AppealRow, AppealService, AppealView
from services.formatting import pretty_phone
from storage.models import AppealStatus, AppealTopic

SHOWN_MESSAGES = 4
SHOWN_CHARS = 300
STATUS_MARK = {
    AppealStatus.NEW: "🆕",
    AppealStatus.IN_WORK: "🟡",
    AppealStatus.ANSWERED: "🟢",
    AppealStatus.CLOSED: "⚪",
}


def _ctx(manager: DialogManager) -> tuple[AppealService, Principal, Translator]:
    data = manager.middleware_data
    return data["appeals"], data["principal"], data["i18n"]


def _id(manager: DialogManager) -> int | None:
    value = manager.dialog_data.get("id")
    if value is None and isinstance(manager.start_data, dict):
        value = manager.start_data.get("id")
    return value if isinstance(value, int) else None


def _status(i18n: Translator, status: AppealStatus) -> str:
    key = "appeal-status-" + status.value.replace("_", "-")
    return f"{STATUS_MARK[status]} {i18n(key)}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row_label(i18n: Translator, a: AppealRow) -> str:
    subject = _short(a.subject or i18n(f"appeal-topic-{a.topic.value}"), 22)
    return f"№{a.id} · {STATUS_MARK[a.status]} {subject}"


async def list_getter(
    dialog_manager: DialogManager,
    appeals: AppealService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    allowed = principal.may("appeals")
    rows = await appeals.mine(principal) if allowed else []
    opened = sum(1 for a in rows if a.status != AppealStatus.CLOSED)
    body = i18n("appeal-list-counts", total=len(rows), open=opened) if rows else i18n("appeal-none")
    return {
        "allowed": allowed,
        "body": body if allowed else i18n("err-not-allowed"),
        "items": [(str(a.id), _row_label(i18n, a)) for a in rows],
    }


async def on_pick(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    manager.dialog_data["id"] = int(item) if item.isdigit() else None
    appeals: AppealService = manager.middleware_data["appeals"]
    principal: Principal = manager.middleware_data["principal"]
    if not item.isdigit() or await appeals.get(principal, int(item)) is None:
        await refused(manager, "appeal", item)  # the card then says it is not found
    manager.dialog_data.pop("notice", None)
    await manager.switch_to(AppealsSG.view)


async def topics_getter(i18n: Translator, **_: Any) -> dict[str, Any]:
    return {"topics": [(t.value, i18n(f"appeal-topic-{t.value}")) for t in AppealTopic]}


async def on_topic(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if item not in {t.value for t in AppealTopic}:
        return
    manager.dialog_data.update(topic=item, text="", file_id=None, file_name=None)
    await manager.switch_to(AppealsSG.text)


def _content(message: Message) -> tuple[str, str | None, str | None]:
    """Text (or a caption) and an attached file, as the thread keeps them."""
    text = message.text or message.caption or ""
    if message.document:
        return text, message.document.file_id, message.document.file_name or "file"
    if message.photo:
        return text, message.photo[-1].file_id, "photo.jpg"
    return text, None, None


async def on_text(message: Message, _: MessageInput, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    text, file_id, file_name = _content(message)
    manager.show_mode = ShowMode.SEND
    if not text.strip() and not file_id:
        await message.answer(i18n("appeal-need-text"))
        return
    if len(text) > MAX_TEXT:
        await message.answer(i18n("appeal-too-long", limit=MAX_TEXT, length=len(text)))
        return
    manager.dialog_data.update(text=text, file_id=file_id, file_name=file_name)
    await manager.switch_to(AppealsSG.numbers)


async def on_numbers(message: Message, _: MessageInput, manager: DialogManager) -> None:
    appeals, principal, i18n = _ctx(manager)
    manager.show_mode = ShowMode.SEND
    found = await appeals.parse_numbers(principal, message.text or "")
    if found.unknown or not found.ids:
        shown = ", ".join(escape(u) for u in found.unknown) or "—"
        await message.answer(i18n("appeal-numbers-unknown", numbers=shown))
        return
    await _create(manager, list(found.ids), message.chat.id)


async def no_numbers(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    assert cb.message is not None
    await _create(manager, [], cb.message.chat.id)


async def _create(manager: DialogManager, number_ids: list[int], chat_id: int) -> None:
    appeals, principal, i18n = _ctx(manager)
    data = manager.dialog_data
    if not principal.may("appeals") or data.get("topic") not in {t.value for t in AppealTopic}:
        await manager.switch_to(AppealsSG.list)
        return
    row = await appeals.create(
        principal,
        AppealTopic(data["topic"]),
        data.get("text") or "",
        number_ids=number_ids,
        file_id=data.get("file_id"),
        file_name=data.get("file_name"),
        chat_id=chat_id,
    )
    data.update(id=row.id, notice=i18n("appeal-created", id=row.id))
    await manager.switch_to(AppealsSG.view)


def render_thread(i18n: Translator, view: AppealView) -> Html:
    lines = []
    hidden = len(view.messages) - SHOWN_MESSAGES
    if hidden > 0:
        lines.append(i18n("appeal-earlier", n=hidden))
    for m in view.messages[-SHOWN_MESSAGES:]:
        who = i18n("appeal-from-operator") if m.from_operator else i18n("appeal-from-author")
        body: str = escape(_short(m.text, SHOWN_CHARS))
        if m.file_name:
            body = (body + "\n" if body else "") + "📎 " + escape(m.file_name)
        lines.append(Html(f"<b>{who}</b> · {m.at:%d.%m %H:%M}\n{body}"))
    return html_join(lines, "\n\n")


async def view_getter(
    dialog_manager: DialogManager,
    appeals: AppealService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    appeal_id = _id(dialog_manager)
    view = (
        await appeals.get(principal, appeal_id) if appeal_id and principal.may("appeals") else None
    )
    if view is None:
        return {"text": i18n("appeal-not-found"), "write": False, "rate": False}
    row = view.row
    numbers = ", ".join(pretty_phone(n) for n in view.numbers[:5])
    if len(view.numbers) > 5:
        numbers += f" +{len(view.numbers) - 5}"
    text = i18n(
        "appeal-view",
        id=row.id,
        topic=i18n(f"appeal-topic-{row.topic.value}"),
        status=_status(i18n, row.status),
        created=f"{row.created_at:%d.%m.%Y}",
        numbers=numbers or "—",
        thread=render_thread(i18n, view),
    )
    notice = dialog_manager.dialog_data.get("notice")
    rated = row.rating or 0
    return {
        "text": f"{notice}\n\n{text}" if notice else text,
        "write": view.may_write(principal),
        "rate": view.author_id == principal.user_id
        and row.status in (AppealStatus.ANSWERED, AppealStatus.CLOSED),
        "stars": [(str(n), "★" * n if n == rated else str(n) + "⭐") for n in range(1, 6)],
    }


async def on_close(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    appeals, principal, i18n = _ctx(manager)
    appeal_id = _id(manager)
    done = appeal_id is not None and await appeals.close(principal, appeal_id)
    manager.dialog_data["notice"] = i18n("appeal-closed" if done else "appeal-not-found")


async def on_rate(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    appeals, principal, i18n = _ctx(manager)
    appeal_id = _id(manager)
    stars = int(item) if item.isdigit() else 0
    done = appeal_id is not None and await appeals.rate(principal, appeal_id, stars)
    manager.dialog_data["notice"] = i18n("appeal-rated" if done else "appeal-not-found", n=stars)


async def on_reply(message: Message, _: MessageInput, manager: DialogManager) -> None:
    appeals, principal, i18n = _ctx(manager)
    manager.show_mode = ShowMode.SEND
    text, file_id, file_name = _content(message)
    if not text.strip() and not file_id:
        await message.answer(i18n("appeal-need-text"))
        return
    if len(text) > MAX_TEXT:
        await message.answer(i18n("appeal-too-long", limit=MAX_TEXT, length=len(text)))
        return
    appeal_id = _id(manager)
    done = appeal_id is not None and await appeals.reply(
        principal, appeal_id, text, file_id=file_id, file_name=file_name
    )
    manager.dialog_data["notice"] = i18n("appeal-replied" if done else "appeal-not-found")
    await manager.switch_to(AppealsSG.view)


async def new_appeal(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop("notice", None)
    await manager.switch_to(AppealsSG.topic)


appeals_dialog = Dialog(
    Window(
        T("appeal-list-title"),
        Button(T("appeal-btn-new"), id="new", on_click=new_appeal, when="allowed"),
        paged_select("appeal", "items", on_pick, pager="appeals", height=6, when="allowed"),
        Row(help_button(), Cancel(T("btn-menu"))),
        getter=list_getter,
        state=AppealsSG.list,
    ),
    Window(
        T("appeal-ask-topic"),
        Select(
            Format("{item[1]}"),
            id="topic",
            item_id_getter=lambda item: item[0],
            items="topics",
            on_click=on_topic,
        ),
        SwitchTo(T("btn-back"), id="back", state=AppealsSG.list),
        getter=topics_getter,
        state=AppealsSG.topic,
    ),
    Window(
        T("appeal-ask-text"),
        MessageInput(on_text),
        SwitchTo(T("btn-back"), id="back", state=AppealsSG.topic),
        state=AppealsSG.text,
    ),
    Window(
        T("appeal-ask-numbers"),
        MessageInput(on_numbers),
        Button(T("appeal-btn-no-numbers"), id="no_numbers", on_click=no_numbers),
        SwitchTo(T("btn-back"), id="back", state=AppealsSG.text),
        state=AppealsSG.numbers,
    ),
    Window(
        Format("{text}"),
        Row(
            SwitchTo(T("appeal-btn-reply"), id="reply", state=AppealsSG.reply),
            Button(T("appeal-btn-close"), id="close", on_click=on_close),
            when="write",
        ),
        Row(
            Select(
                Format("{item[1]}"),
                id="stars",
                item_id_getter=lambda item: item[0],
                items="stars",
                on_click=on_rate,
            ),
            when="rate",
        ),
        Row(
            SwitchTo(T("appeal-btn-list"), id="to_list", state=AppealsSG.list),
            Cancel(T("btn-menu")),
        ),
        getter=view_getter,
        state=AppealsSG.view,
    ),
    Window(
        T("appeal-ask-reply"),
        MessageInput(on_reply),
        SwitchTo(T("btn-back"), id="back", state=AppealsSG.view),
        state=AppealsSG.reply,
    ),
)
