"""«💰 Бюджет»: the month's spending against the limits in the user's scope; setting the
company's, a department's or a number's limit; the write-off rules. The service checks
the scope of every change, so a forged department id gets a sentence, not a limit."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.budget.states import BudgetSG
from handlers.guard import guarded, may, refused
from handlers.help.button import help_button
from handlers.widgets import T, i18n_of, paged_select
from locales import Translator
from services.access import Principal
from services.budget import BudgetError, BudgetService
from services.budget.rules import ACTIONS
from services.formatting import amount, money, pretty_phone, typed_kopecks
from services.periods import month_name
from storage.models import BudgetExcess, BudgetLevel

SHOWN = 8  # department lines on the main screen


def _principal(manager: DialogManager) -> Principal:
    return manager.middleware_data["principal"]


def _budget(manager: DialogManager) -> BudgetService:
    return manager.middleware_data["budget"]


def _target_text(i18n: Translator, level: str, name: str) -> str:
    if level == BudgetLevel.NUMBER:
        name = pretty_phone(name)
    return i18n(f"bud-target-{level}", name=name)


async def main_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    budget: BudgetService,
    **_: Any,
) -> dict[str, Any]:
    lang = i18n.lang
    view = await budget.overview(principal)
    lines = [i18n("bud-title", month=f"{month_name(view.month, lang)} {view.month.year}")]
    if view.company is not None:
        c = view.company
        if c.limit:
            lines.append(
                i18n(
                    "bud-company",
                    spent=amount(c.spent, lang),
                    limit=amount(c.limit, lang),
                    share=c.share,
                )
            )
        else:
            lines.append(i18n("bud-company-none", spent=amount(c.spent, lang)))
    shown = sorted(view.departments, key=lambda d: (-d.share, -d.spent))
    for d in shown[:SHOWN]:
        if d.limit:
            lines.append(
                i18n(
                    "bud-dept-line",
                    name=d.name,
                    spent=amount(d.spent, lang),
                    limit=amount(d.limit, lang),
                    share=d.share,
                )
            )
        else:
            lines.append(i18n("bud-dept-line-none", name=d.name, spent=amount(d.spent, lang)))
    if len(shown) > SHOWN:
        lines.append(i18n("bud-more", n=len(shown) - SHOWN))
    over = sum(1 for n in view.numbers if n.spent >= n.limit)
    lines.append(i18n("bud-numbers", n=len(view.numbers), over=over))
    note = dialog_manager.dialog_data.pop("note", "")
    return {
        "text": "\n".join(lines),
        "note": note,
        "may_rules": view.may_rules,
    }


async def on_company(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(level=BudgetLevel.COMPANY.value, target=0, error="")
    await manager.switch_to(BudgetSG.amount)


async def departments_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    budget: BudgetService,
    **_: Any,
) -> dict[str, Any]:
    view = await budget.overview(principal)
    lang = i18n.lang
    items = [
        (
            str(d.target_id),
            i18n(
                "bud-dept-btn",
                name=d.name[:18],
                limit=money(d.limit, lang, trim=True) if d.limit else i18n("bud-no-limit"),
            ),
        )
        for d in view.departments
    ]
    return {"items": items}


async def on_department(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    i18n = i18n_of(manager)
    try:
        await _budget(manager).target_name(
            _principal(manager), BudgetLevel.DEPARTMENT, int(item) if item.isdigit() else -1
        )
    except BudgetError as e:  # a forged or stale id: said, not acted on
        await refused(manager, "department", item)
        await cb.answer(i18n(f"budget-err-{e.code}"), show_alert=True)
        return
    manager.dialog_data.update(level=BudgetLevel.DEPARTMENT.value, target=int(item), error="")
    await manager.switch_to(BudgetSG.amount)


async def error_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"error": dialog_manager.dialog_data.get("error", "")}


async def on_number(message: Message, _: Any, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    try:
        number_id = await _budget(manager).find_number(_principal(manager), message.text or "")
    except BudgetError as e:
        manager.dialog_data["error"] = i18n(f"budget-err-{e.code}")
        return
    manager.dialog_data.update(level=BudgetLevel.NUMBER.value, target=number_id, error="")
    await manager.switch_to(BudgetSG.amount)


async def amount_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    budget: BudgetService,
    **_: Any,
) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    level = data.get("level", "")
    if level == "cap":
        return {"cap": True, "ask": "", "error": data.get("error", "")}
    try:
        target = (BudgetLevel(level), int(data.get("target", 0)))
        name = await budget.target_name(principal, *target)
        current = await budget.current_limit(principal, *target)
    except (BudgetError, ValueError) as e:  # a hidden button pressed out of scope: said, no form
        code = e.code if isinstance(e, BudgetError) else "scope"
        return {"cap": False, "ask": "", "error": i18n(f"budget-err-{code}")}
    return {
        "cap": False,
        "ask": i18n(
            "bud-ask-amount",
            target=_target_text(i18n, level, name),
            current=money(current, i18n.lang, trim=True) if current else i18n("bud-no-limit"),
        ),
        "error": data.get("error", ""),
    }


async def on_amount(message: Message, _: Any, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    kopecks = typed_kopecks(message.text or "")
    if kopecks is None:
        manager.dialog_data["error"] = i18n("bud-bad-amount")
        return
    data = manager.dialog_data
    principal, budget = _principal(manager), _budget(manager)
    try:
        if data.get("level") == "cap":
            await budget.set_rules(principal, company_pays=kopecks)
            data["error"] = ""
            await manager.switch_to(BudgetSG.rules)
            return
        level = BudgetLevel(data.get("level", ""))
        view = await budget.set_limit(principal, level, int(data.get("target", 0)), kopecks)
    except (BudgetError, ValueError) as e:
        code = e.code if isinstance(e, BudgetError) else "scope"
        data["error"] = i18n(f"budget-err-{code}")
        return
    target = _target_text(i18n, level.value, view.name)
    data["error"] = ""
    data["note"] = (
        i18n("bud-saved", target=target, amount=money(kopecks, i18n.lang, trim=True))
        if kopecks
        else i18n("bud-removed", target=target)
    )
    await manager.switch_to(BudgetSG.main)


async def rules_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    budget: BudgetService,
    **_: Any,
) -> dict[str, Any]:
    view = await budget.overview(principal)
    r = view.rules
    lang = i18n.lang
    acts = [
        (
            f"{step}:{action}",
            i18n(
                "bud-btn-act",
                on="yes" if action in (r.at_80 if step == 80 else r.at_100) else "no",
                step=step,
                name=i18n(f"bud-act-{action}"),
            ),
        )
        for step in (80, 100)
        for action in ACTIONS
    ]
    return {
        "cap": money(r.company_pays, lang, trim=True) if r.company_pays else i18n("bud-cap-none"),
        "excess": r.excess.value,
        "acts": acts,
        "error": dialog_manager.dialog_data.pop("error", ""),
    }


async def on_cap(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(level="cap", target=0, error="")
    await manager.switch_to(BudgetSG.amount)


async def on_excess(cb: CallbackQuery, __: Button, manager: DialogManager) -> None:
    budget, principal = _budget(manager), _principal(manager)
    try:
        current = (await budget.overview(principal)).rules.excess
        other = BudgetExcess.RESTRICT if current == BudgetExcess.EMPLOYEE else BudgetExcess.EMPLOYEE
        await budget.set_rules(principal, excess=other)
    except BudgetError as e:
        await cb.answer(i18n_of(manager)(f"budget-err-{e.code}"), show_alert=True)


async def on_act(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    step, _sep, action = item.partition(":")
    try:
        await _budget(manager).set_rules(
            _principal(manager), toggle=(int(step) if step.isdigit() else 0, action)
        )
    except BudgetError as e:
        await cb.answer(i18n_of(manager)(f"budget-err-{e.code}"), show_alert=True)


async def on_back(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data["error"] = ""


budget_dialog = guarded(
    Window(
        Format("{note}\n", when="note"),
        Format("{text}"),
        Button(T("bud-btn-company"), id="company", on_click=on_company, when="may_rules"),
        SwitchTo(T("bud-btn-depts"), id="depts", state=BudgetSG.departments),
        SwitchTo(T("bud-btn-number"), id="number", state=BudgetSG.number, on_click=on_back),
        SwitchTo(T("bud-btn-rules"), id="rules", state=BudgetSG.rules, when="may_rules"),
        Row(help_button(), Cancel(T("btn-menu"))),
        getter=main_getter,
        state=BudgetSG.main,
    ),
    Window(
        T("bud-depts-title"),
        paged_select("dept", "items", on_department, pager="depts_list"),
        SwitchTo(T("btn-back"), id="back", state=BudgetSG.main),
        Cancel(T("btn-menu")),
        getter=departments_getter,
        state=BudgetSG.departments,
    ),
    Window(
        T("bud-ask-number"),
        Format("{error}", when="error"),
        MessageInput(on_number),
        SwitchTo(T("btn-back"), id="back", state=BudgetSG.main, on_click=on_back),
        Cancel(T("btn-menu")),
        getter=error_getter,
        state=BudgetSG.number,
    ),
    Window(
        Format("{ask}", when="ask"),
        T("bud-ask-cap", when="cap"),
        Format("{error}", when="error"),
        MessageInput(on_amount),
        SwitchTo(T("btn-back"), id="back", state=BudgetSG.main, on_click=on_back),
        Cancel(T("btn-menu")),
        getter=amount_getter,
        state=BudgetSG.amount,
    ),
    Window(
        T("bud-rules"),
        Format("{error}", when="error"),
        Button(T("bud-btn-cap"), id="cap", on_click=on_cap),
        Button(T("bud-btn-excess"), id="excess", on_click=on_excess),
        Column(
            Select(
                Format("{item[1]}"),
                id="act",
                item_id_getter=lambda item: item[0],
                items="acts",
                on_click=on_act,
            ),
        ),
        SwitchTo(T("btn-back"), id="back", state=BudgetSG.main),
        Cancel(T("btn-menu")),
        getter=rules_getter,
        state=BudgetSG.rules,
    ),
    need=may("budget"),
)
