"""An appeal through the bot: written, answered by the embedded service centre, the author
told in the chat, then closed and rated."""

from __future__ import annotations

from tests.e2e.conftest import World


async def test_appeal_gets_the_service_centres_answer(world: World) -> None:
    fake, owner = world.fake, world.owner
    world.bot.env.update(APPEAL_ANSWER_SECONDS="1", SCHEDULER_INTERVAL_SECONDS="0.5")
    await world.bot.restart()
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    await fake.click(owner, menu, "💬 Обращения")
    screen = await fake.wait_text(owner, "пока нет обращений")
    await fake.click(owner, screen, "✍️ Новое обращение")
    await fake.click(owner, await fake.wait_text(owner, "О чём обращение"), "💳 Вопрос по счёту")
    await fake.wait_text(owner, "Опишите вопрос")
    await fake.send_message(owner, "очень длинно " * 300)
    await fake.wait_text(owner, "Слишком длинно")  # said so; the step stays open
    await fake.send_message(owner, "Почему в октябре списали 300 ₽ за <b>роуминг</b>?")
    numbers = await fake.wait_text(owner, "Если вопрос о номерах")
    await fake.send_message(owner, "+7 999 000-00-00")
    await fake.wait_text(owner, "не найдены среди ваших")
    numbers = await fake.wait_message(owner, lambda m: "➡️ Без номеров" in m.buttons)
    await fake.click(owner, numbers, "➡️ Без номеров")
    view = await fake.wait_text(owner, "принято")
    assert "<b>роуминг</b>" in view.text  # the user's text is shown as typed, not as markup

    told = await fake.wait_text(owner, "Сервисный центр ответил")
    assert "🏠 Меню" in told.buttons
    await fake.click(owner, told, "💬 Открыть обращение")
    thread = await fake.wait_message(
        owner, lambda m: "🏢 Сервисный центр" in m.text and "✅ Закрыть" in m.buttons
    )
    assert "есть ответ" in thread.text
    await fake.click(owner, thread, "✅ Закрыть")
    closed = await fake.wait_text(owner, "Оцените")
    await fake.click(owner, closed, "5⭐")
    rated = await fake.wait_text(owner, "Спасибо за оценку: 5 из 5")
    assert "✍️ Ответить" not in rated.buttons and "🏠 Меню" in rated.buttons
