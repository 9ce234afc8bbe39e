"""Hostile input to every router, as every role: random text, commands and documents, random
and forged callback data, and the data of every button a window hides from this role.

Whatever arrives: no unhandled exception, every update answered (a press gets its callback
answer, a message some reply), and nothing outside the user's scope on screen."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path
from typing import Any

import pytest
from aiogram_dialog import Dialog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from services.formatting import pretty_phone
from storage.models import Number
from tests.hostile import PERSON, Driver, add_people, build_template, running

SEP = "\x1d"
ROLES = ("owner", "manager", "accountant", "employee", "viewer", "custom")


def widget_ids(widget: Any) -> set[str]:
    """Every keyboard widget id under a widget (groups, rows, scrolling groups, selects)."""
    found = set()
    if getattr(widget, "widget_id", None):
        found.add(widget.widget_id)
    for child in getattr(widget, "buttons", ()) or ():
        found |= widget_ids(child)
    return found


def dialogs(router: Any) -> list[Dialog]:
    out = [router] if isinstance(router, Dialog) else []
    for sub in router.sub_routers:
        out += dialogs(sub)
    return out


def windows(driver: Driver) -> list[set[str]]:
    """The widget ids of every window of every dialog the bot runs."""
    return [widget_ids(w.keyboard) for d in dialogs(driver.app.dp) for w in d.windows.values()]


def hidden_data(driver: Driver, shown: list[str]) -> list[str]:
    """Callback data of the buttons the current window has but does not show."""
    ours = [d for d in shown if SEP in d]
    if not ours:
        return []
    intent = ours[0].split(SEP)[0]
    visible = {d.split(SEP, 1)[1].split(":")[0] for d in ours}
    out: list[str] = []
    for ids in windows(driver):
        if visible <= ids:
            for wid in sorted(ids - visible):
                out += [f"{intent}{SEP}{wid}", f"{intent}{SEP}{wid}:1", f"{intent}{SEP}{wid}:0"]
    return out


action = st.one_of(
    st.tuples(st.just("press"), st.integers(0, 40)),
    st.tuples(st.just("hidden"), st.integers(0, 400)),
    st.tuples(st.just("forge"), st.integers(0, 40), st.text(max_size=30)),
    st.tuples(st.just("raw"), st.text(min_size=1, max_size=64)),
    st.tuples(st.just("text"), st.text(max_size=200)),
    st.tuples(
        st.just("cmd"),
        st.sampled_from(["/start", "/menu", "/help", "/cancel", "/language", "/start x"]),
    ),
    st.tuples(
        st.just("doc"),
        st.binary(max_size=300),
        st.sampled_from(["a.xlsx", "b.csv", "c.zip", "<b>.txt", "d"]),
    ),
)


async def scenario(template: Path, role: str, actions: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with running(Path(tmp), template) as driver:
            people = await add_people(driver.app)
            who = people[role].tg
            fake = driver.fake
            principal = await driver.app.users.principal(who.id)
            async with driver.app.db.session() as s:
                everything = set(await s.scalars(select(Number.msisdn)))
                mine = set(await s.scalars(select(Number.msisdn).where(principal.number_scope())))
            outside = {pretty_phone(m) for m in everything - mine}
            # Screens of dialogs this role may not use: never shown, whatever is pressed.
            forbidden = []
            if not principal.is_admin:
                forbidden.append("Что роль позволяет только запросить")  # approval rules
            if not principal.may("users"):
                forbidden.append("Пригласите сотрудника ссылкой")  # users and roles
            await driver.send(who, "/start")
            for act in actions:
                before = len(fake.requests)
                msg = driver.last_with_buttons(who)
                shown = [b.get("callback_data", "") for b in msg.inline_buttons] if msg else []
                kind = act[0]
                if kind in ("press", "hidden", "forge", "raw") and msg is not None:
                    if kind == "press" and shown:
                        data = shown[act[1] % len(shown)]
                    elif kind == "hidden" and (hidden := hidden_data(driver, shown)):
                        data = hidden[act[1] % len(hidden)]
                    elif kind == "forge" and shown:
                        data = shown[act[1] % len(shown)].rsplit(":", 1)[0] + ":" + act[2]
                    else:
                        data = act[-1] if isinstance(act[-1], str) else "x"
                    data = data.encode()[:64].decode(errors="ignore") or "x"
                    qid = await driver.click(who, msg, data)
                    assert fake.callback_answer(qid) is not None, f"unanswered {data!r}"
                    continue
                if kind == "doc":
                    await fake.send_document(who, act[1] or b"\0", act[2])
                    await driver.pump()
                elif kind == "cmd":
                    await driver.send(who, act[1])
                else:
                    await driver.send(who, act[1] or PERSON)
                replies = [
                    r
                    for r in fake.requests[before:]
                    if r.method
                    in ("sendMessage", "editMessageText", "sendDocument", "answerCallbackQuery")
                ]
                assert replies, f"no answer to {act!r}"
            for m in fake.messages(who):
                leaked = [n for n in (*outside, *forbidden) if n in m.content]
                assert not leaked, f"{role} saw {leaked[:3]} in {m.content[:200]!r}"
            errors = [
                f"{r.method}: {r.description}"
                for r in fake.errors
                if not r.injected
                and not any(t in (r.description or "") for t in ("not modified", "chat not found"))
            ]
            assert not errors, errors


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "template.sqlite3"
    asyncio.run(build_template(path, numbers=24))
    return path


@pytest.mark.parametrize("role", ROLES)
def test_hostile_updates(template: Path, role: str, caplog: pytest.LogCaptureFixture) -> None:
    @settings(
        max_examples=4,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(actions=st.lists(action, min_size=5, max_size=30))
    def run(actions: list[tuple[Any, ...]]) -> None:
        caplog.clear()
        asyncio.run(scenario(template, role, actions))
        crashes = [
            r.getMessage()
            for r in caplog.records
            if r.levelno >= logging.ERROR and "incident" in r.getMessage()
        ]
        assert not crashes, caplog.text[-4000:]

    caplog.set_level(logging.ERROR)
    run()


async def sweep(template: Path, role: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with running(Path(tmp), template) as driver:
            people = await add_people(driver.app)
            who = people[role].tg
            principal = await driver.app.users.principal(who.id)
            forbidden = []
            if not principal.is_admin:
                forbidden.append("Что роль позволяет только запросить")
            if not principal.may("users"):
                forbidden.append("Пригласите сотрудника ссылкой")
            await driver.send(who, "/menu")
            menu = driver.last_with_buttons(who)
            workplaces = [b["text"] for b in menu.inline_buttons if SEP in b["callback_data"]]
            pressed = 0

            async def open_workplace(title: str) -> list[str]:
                await driver.send(who, "/menu")
                # The newest message with this workplace's button: plain messages carry a
                # Menu button too, and a home's own buttons (the first request, counts) come
                # and go with what waits, so a vanished one is skipped.
                found = next(
                    (
                        (m, b["callback_data"])
                        for m in reversed(driver.fake.messages(who))
                        for b in m.inline_buttons
                        if b["text"] == title
                    ),
                    None,
                )
                if found is None:
                    return []
                menu, data = found
                await driver.click(who, menu, data)
                screen = driver.last_with_buttons(who)
                shown = [b.get("callback_data", "") for b in screen.inline_buttons]
                return hidden_data(driver, shown)

            for title in workplaces:
                for i in range(len(await open_workplace(title))):
                    again = await open_workplace(title)
                    if i >= len(again):  # the screen changed (a count, a list): enough
                        break
                    forged = again[i]
                    screen = driver.last_with_buttons(who)
                    qid = await driver.click(who, screen, forged)
                    assert driver.fake.callback_answer(qid) is not None, forged
                    pressed += 1
                    latest = "\n".join(m.content for m in driver.fake.messages(who)[-3:])
                    for marker in forbidden:
                        assert marker not in latest, (role, title, forged)
            assert pressed > 0
            errors = [
                f"{r.method}: {r.description}"
                for r in driver.fake.errors
                if not r.injected
                and not any(t in (r.description or "") for t in ("not modified", "chat not found"))
            ]
            assert not errors, errors


@pytest.mark.parametrize("role", ROLES)
def test_every_hidden_button_of_every_workplace(template: Path, role: str) -> None:
    asyncio.run(sweep(template, role))
