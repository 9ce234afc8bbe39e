"""Notifications through the bot: the settings screen, e-mail through a real SMTP server
on loopback, and the sender told in the chat when the server refuses."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.conftest import OWNER_ID, World
from tests.e2e.mail import bot_with_mail
from tests.smtp_server import Recorder


def execute(world: World, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(world.bot.workdir / "bot.sqlite3") as conn:
        rows = conn.execute(sql, args).fetchall()
        conn.commit()
        return rows


@pytest.fixture
async def mail_world(tmp_path: Path, demo_template: Path) -> AsyncIterator[tuple[World, Recorder]]:
    async with bot_with_mail(tmp_path, demo_template) as running:
        yield running


async def test_settings_screen_channels_and_threshold(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    await fake.click(owner, menu, "🔔 Уведомления")
    screen = await fake.wait_text(owner, "Нажмите на оповещение")
    assert "Почта не настроена" in screen.content  # admins see mail cannot leave
    assert "▫️ Подключение услуги" in screen.buttons  # opt-in
    await fake.click(owner, screen, "▫️ Подключение услуги")
    await fake.wait_message(owner, lambda m: "💬 Подключение услуги" in m.buttons)
    await fake.click(owner, screen, "💰 Пороги баланса")
    accounts = await fake.wait_text(owner, "Выберите лицевой счёт")
    first = accounts.buttons[0]  # the list's first account
    await fake.click(owner, accounts, first)
    await fake.wait_text(owner, "Введите порог")
    await fake.send_message(owner, "много")
    await fake.wait_text(owner, "Не похоже на сумму")
    await fake.send_message(owner, "5000")
    await fake.wait_text(owner, "Порог сохранён: 5\u00a0000,00 ₽")
    rows = execute(world, "select amount from balance_thresholds")
    assert rows == [(500_000,)]


async def test_mail_leaves_and_a_refusal_reaches_the_sender(mail_world) -> None:
    world, server = mail_world
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    await fake.wait_text(owner, "Виртуальный менеджер")
    (user_id,) = execute(world, "select id from users where tg_id = ?", OWNER_ID)[0]
    server.refuse["ghost@corp.test"] = "550 5.1.1 Mailbox unavailable"
    for to in ("boss@corp.test", "ghost@corp.test"):
        execute(
            world,
            "insert into outbox (channel, recipient, subject, body, status, attempts, user_id, "
            "created_at, next_attempt_at) values ('email', ?, 'Счёт', 'Во вложении', 'queued', 0,"
            " ?, '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
            to,
            user_id,
        )
    told = await fake.wait_text(owner, "Письмо не доставлено", timeout=60)
    assert "ghost@corp.test" in told.content and "550 5.1.1" in told.content
    assert "☰ Меню" in told.buttons
    await fake.wait_until(lambda: len(server.received) == 1, timeout=30)
    assert server.received[0]["To"] == "boss@corp.test"
    statuses = dict(execute(world, "select recipient, status from outbox"))
    assert statuses == {"boss@corp.test": "sent", "ghost@corp.test": "failed"}
    await fake.click(owner, told, "☰ Меню")
    await fake.wait_text(owner, "Виртуальный менеджер")
