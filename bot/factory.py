"""Builds the long-lived parts once and hands them to the Dispatcher as workflow data."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand, BotCommandScopeDefault
from aiogram_dialog import setup_dialogs
from aiogram_dialog.api.protocols import MessageManagerProtocol

from bot import dialog_ids
from bot.answer_once import AnswerOnce
from bot.container import Container, Services, build
from bot.fsm import SqlStorage
from bot.isolation import redis_isolation
from bot.middlewares import UserMiddleware
from bot.observability import Metrics
from bot.observability import install as install_observability
from bot.settings import Settings
from bot.telegram import TelegramCalls
from handlers import build_router
from locales import LANGUAGES, translator
from services.approvals import ApprovalService
from services.monitoring import MonitoringService, Probe
from services.scheduler import Scheduler
from services.users import UserService
from storage.db import Database

COMMANDS = ("start", "menu", "help", "cancel", "language")


@dataclass
class App:
    settings: Settings
    db: Database
    bot: Bot
    dp: Dispatcher
    users: UserService
    approvals: ApprovalService
    scheduler: Scheduler
    services: Services


def make_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(AnswerOnce())
    session.middleware(TelegramCalls())
    return Bot(
        settings.bot_token or "",
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def make_storage(settings: Settings, db: Database) -> tuple[BaseStorage, BaseEventIsolation]:
    # with_destiny keeps aiogram-dialog's stacks and contexts apart from the plain FSM data.
    if settings.redis_url:
        key_builder = DefaultKeyBuilder(prefix=settings.redis_prefix, with_destiny=True)
        from aiogram.fsm.storage.redis import RedisStorage

        storage = RedisStorage.from_url(settings.redis_url, key_builder=key_builder)
        return storage, redis_isolation(storage.redis, key_builder)
    return SqlStorage(db, DefaultKeyBuilder(with_destiny=True)), SimpleEventIsolation()


def health_probes(settings: Settings, storage: BaseStorage) -> dict[str, Probe]:
    redis = getattr(storage, "redis", None)
    if not settings.redis_url or redis is None:
        return {}

    async def ping() -> bool:
        return bool(await redis.ping())

    return {"redis": ping}


def make_dispatcher(
    container: Container,
    *,
    storage: BaseStorage | None = None,
    isolation: BaseEventIsolation | None = None,
    message_manager: MessageManagerProtocol | None = None,
) -> Dispatcher:
    """The one Dispatcher: production and the Dispatcher-level tests build it here (tests
    may bring an in-memory FSM storage and aiogram-dialog's recording message manager)."""
    settings, services = container.settings, container.services
    if storage is None:
        storage, isolation = make_storage(settings, services.db)
    isolation = isolation or SimpleEventIsolation()
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        settings=settings,
        metrics=Metrics(),
        monitoring=MonitoringService(services.db, health_probes(settings, storage)),
    )
    dp.workflow_data.update(services.workflow_data())
    install_observability(dp, dp["metrics"])
    dp.update.outer_middleware(UserMiddleware(services.users, settings.default_language))
    dp.include_router(build_router())
    dialog_ids.install()
    setup_dialogs(dp, events_isolation=isolation, message_manager=message_manager)
    return dp


async def set_commands(bot: Bot) -> None:
    for lang in LANGUAGES:
        i18n = translator(lang)
        commands = [BotCommand(command=c, description=i18n(f"cmd-{c}")) for c in COMMANDS]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=lang)
    i18n = translator(None)
    await bot.set_my_commands(
        [BotCommand(command=c, description=i18n(f"cmd-{c}")) for c in COMMANDS],
        scope=BotCommandScopeDefault(),
    )


def make_app(settings: Settings) -> App:
    db = Database(settings.database_url)
    bot = make_bot(settings)
    container = build(settings, db, bot)
    services = container.services
    return App(
        settings=settings,
        db=db,
        bot=bot,
        dp=make_dispatcher(container),
        users=services.users,
        approvals=services.approvals,
        scheduler=services.scheduler,
        services=services,
    )
