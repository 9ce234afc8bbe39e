"""The approval policy for admins: which operations need whose approval past which size
or sum. What a role may only request always needs approval; rules add to that."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select
from aiogram_dialog.widgets.text import Format

from handlers.approvals import render
from handlers.approvals.states import RulesSG
from handlers.guard import ADMIN, guarded, refused
from handlers.widgets import T, paged_select
from locales import Translator, escape, html_join
from services.access import Principal
from services.approvals.policy import LEVELS, PolicyService, RuleInfo
from services.approvals.texts import Texts
from services.formatting import amount
from services.operations import registry

_texts = Texts()


def rule_line(i18n: Translator, n: int, rule: RuleInfo) -> str:
    op = (
        i18n("apr-rule-any-op") if rule.operation == "*" else _texts.operation(i18n, rule.operation)
    )
    conds = []
    if rule.min_numbers is not None:
        conds.append(i18n("apr-rule-numbers", n=rule.min_numbers))
    if rule.min_cost is not None:
        conds.append(i18n("apr-rule-cost", cost=amount(rule.min_cost, i18n.lang, trim=True)))
    cond = html_join(conds, i18n("apr-rule-and")) if conds else i18n("apr-rule-always")
    return i18n(
        "apr-rule-line",
        n=n,
        op=escape(op),
        cond=cond,
        level=i18n(f"apr-level-{rule.approver}"),
    )


def _ctx(manager: DialogManager) -> tuple[Principal, PolicyService, Translator]:
    data = manager.middleware_data
    return data["principal"], data["policy"], data["i18n"]


async def rules_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    policy: PolicyService,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    rules = await policy.rules(principal.company_id)
    lines = [rule_line(i18n, i, r) for i, r in enumerate(rules, 1)]
    return {
        "rules": html_join(lines) or i18n("apr-rules-none"),
        "items": [(str(r.id), i18n("apr-rule-delete", n=i)) for i, r in enumerate(rules, 1)],
    }


async def on_delete(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    principal, policy, i18n = _ctx(manager)
    try:
        gone = item.isdigit() and await policy.delete_rule(principal, int(item))
    except PermissionError:
        gone = False
    if not gone:
        await refused(manager, "rule", item)
    await render.reply(
        cb,
        manager.middleware_data,
        i18n("apr-rule-deleted" if gone else "err-not-allowed"),
        not gone,
    )


async def on_add(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data.clear()
    await manager.switch_to(RulesSG.operation)


async def operations_getter(i18n: Translator, **_: Any) -> dict[str, Any]:
    ops: list[tuple[str, str]] = [("*", i18n("apr-rule-any-op"))]
    ops += [(s.code, _texts.operation(i18n, s.code)) for s in registry.SPECS]
    return {"ops": ops}


async def on_operation(cb: CallbackQuery, _: Any, manager: DialogManager, code: str) -> None:
    if code != "*" and code not in registry.REGISTRY:  # the id came from the client
        await render.reply(cb, manager.middleware_data, _ctx(manager)[2]("err-not-allowed"), True)
        return
    manager.dialog_data["operation"] = code
    await manager.switch_to(RulesSG.numbers)


def _number(text: str) -> int | None:
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    return int(text) if text.isdigit() else None


def _kopecks(text: str) -> int | None:
    text = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".").rstrip("₽")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return int(value * 100) if value >= 0 and value == value.quantize(Decimal("0.01")) else None


async def on_numbers(message: Message, _: MessageInput, manager: DialogManager) -> None:
    value = _number(message.text or "")
    if value is None:
        await message.answer(_ctx(manager)[2]("apr-rule-bad-number"))
        return
    manager.dialog_data["min_numbers"] = value
    await manager.switch_to(RulesSG.cost)


async def on_cost(message: Message, _: MessageInput, manager: DialogManager) -> None:
    value = _kopecks(message.text or "")
    if value is None:
        await message.answer(_ctx(manager)[2]("apr-rule-bad-cost"))
        return
    manager.dialog_data["min_cost"] = value
    await manager.switch_to(RulesSG.level)


async def skip_numbers(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data["min_numbers"] = None
    await manager.switch_to(RulesSG.cost)


async def skip_cost(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data["min_cost"] = None
    await manager.switch_to(RulesSG.level)


async def levels_getter(i18n: Translator, **_: Any) -> dict[str, Any]:
    return {"levels": [(lvl, i18n(f"apr-level-{lvl}")) for lvl in LEVELS]}


async def on_level(cb: CallbackQuery, _: Any, manager: DialogManager, level: str) -> None:
    principal, policy, i18n = _ctx(manager)
    data = manager.dialog_data
    try:
        await policy.save_rule(
            principal,
            data.get("operation", "*"),
            data.get("min_numbers"),
            data.get("min_cost"),
            level,
        )
    except (PermissionError, ValueError):
        await render.reply(cb, manager.middleware_data, i18n("err-not-allowed"), True)
        return
    await render.reply(cb, manager.middleware_data, i18n("apr-rule-saved"), False)
    await manager.switch_to(RulesSG.list)


async def to_list(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.switch_to(RulesSG.list)


def _nav(back: Any) -> Row:
    return Row(Button(T("btn-back"), id="back", on_click=back), Cancel(T("btn-cancel")))


async def back_to_operation(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.switch_to(RulesSG.operation)


async def back_to_numbers(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.switch_to(RulesSG.numbers)


async def back_to_cost(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.switch_to(RulesSG.cost)


rules_dialog = guarded(
    Window(
        T("apr-rules-title"),
        Format("{rules}"),
        Row(
            Select(
                Format("{item[1]}"),
                id="del",
                item_id_getter=lambda x: x[0],
                items="items",
                on_click=on_delete,
            )
        ),
        Button(T("apr-rule-add"), id="add", on_click=on_add),
        Cancel(T("btn-back")),
        getter=rules_getter,
        state=RulesSG.list,
    ),
    Window(
        T("apr-rule-ask-op"),
        paged_select("op", "ops", on_operation, pager="ops"),
        Row(Button(T("btn-back"), id="back", on_click=to_list), Cancel(T("btn-cancel"))),
        getter=operations_getter,
        state=RulesSG.operation,
    ),
    Window(
        T("apr-rule-ask-numbers"),
        MessageInput(on_numbers),
        Button(T("apr-rule-skip"), id="skip", on_click=skip_numbers),
        _nav(back_to_operation),
        state=RulesSG.numbers,
    ),
    Window(
        T("apr-rule-ask-cost"),
        MessageInput(on_cost),
        Button(T("apr-rule-skip"), id="skip", on_click=skip_cost),
        _nav(back_to_numbers),
        state=RulesSG.cost,
    ),
    Window(
        T("apr-rule-ask-level"),
        Column(
            Select(
                Format("{item[1]}"),
                id="lvl",
                item_id_getter=lambda x: x[0],
                items="levels",
                on_click=on_level,
            )
        ),
        _nav(back_to_cost),
        getter=levels_getter,
        state=RulesSG.level,
    ),
    need=ADMIN,
)
