"""Builds the long-lived parts once and hands them to the Dispatcher as workflow data."""

from __future__ import annotations

import datetime as dt
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

from bot.answer_once import AnswerOnce
from bot.fsm import SqlStorage
from bot.middlewares import UserMiddleware
from bot.notifier import BotSender
from bot.settings import Settings
from handlers import build_router
from handlers.operations.progress import ProgressNotifier
from locales import LANGUAGES, translator
from services.approvals import ApprovalService, connect_pipeline
from services.approvals.policy import PolicyService
from services.events import EventBus, MailFailed, OperationFinished
from services.notifications import DeliveryQueue, Notifications, Outbox
from services.notifications.alerts import AlertService
from services.notifications.delivery import Limits
from services.notifications.mailer import MailSettings, MailWorker
from services.notifications.pump import DeliveryPump
from services.numbers import NumberDirectory
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.scheduler import Job, LeaderLock, LocalLock, PostgresLock, RedisLock, Scheduler
from services.selections import SelectionService
from services.users import UserService
from services.users.admin import AdminService
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
    pump: DeliveryPump


def make_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(AnswerOnce())
    return Bot(
        settings.bot_token or "",
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def make_storage(settings: Settings, db: Database) -> tuple[BaseStorage, BaseEventIsolation]:
    # with_destiny keeps aiogram-dialog's stacks and contexts apart from the plain FSM data.
    if settings.redis_url:
        key_builder = DefaultKeyBuilder(prefix=settings.redis_prefix, with_destiny=True)
        from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

        storage = RedisStorage.from_url(settings.redis_url, key_builder=key_builder)
        return storage, RedisEventIsolation(storage.redis, key_builder=key_builder)
    return SqlStorage(db, DefaultKeyBuilder(with_destiny=True)), SimpleEventIsolation()


def make_lock(settings: Settings, db: Database) -> LeaderLock:
    """Who may run the scheduler: Redis or PostgreSQL elect one instance; SQLite has one."""
    if settings.redis_url:
        return RedisLock(
            settings.redis_url,
            settings.redis_prefix,
            ttl_seconds=settings.scheduler_interval_seconds * 3,
        )
    return LocalLock() if db.is_sqlite else PostgresLock(db)


def mail_settings(settings: Settings) -> MailSettings:
    return MailSettings(
        host=settings.smtp_host,
        port=settings.smtp_port,
        user=settings.smtp_user,
        password=settings.smtp_password,
        sender=settings.smtp_from,
        starttls=settings.smtp_starttls,
        tls=settings.smtp_tls,
    )


def make_dispatcher(settings: Settings, db: Database) -> tuple[Dispatcher, UserService]:
    storage, isolation = make_storage(settings, db)
    bus = EventBus()
    queue = DeliveryQueue(db)
    outbox = Outbox(db)
    notifications = Notifications(db, queue, outbox, mail_configured=bool(settings.smtp_host))
    bus.subscribe(MailFailed, notifications.on_mail_failed)
    users = UserService(db, settings.default_language)
    alerts = AlertService(db, users, queue, outbox)
    bus.subscribe(OperationFinished, alerts.on_operation_finished)
    executor = Executor(db, Simulator(settings.operator_delay_ms), bus=bus)
    pipeline = Pipeline(db, executor)
    policy = PolicyService(db)
    approvals = ApprovalService(
        db,
        policy,
        queue,
        ttl=dt.timedelta(seconds=settings.approval_ttl_seconds),
        pipeline_reports=True,
    )
    connect_pipeline(pipeline, policy, approvals)
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        settings=settings,
        db=db,
        users=users,
        admin=AdminService(db),
        directory=NumberDirectory(db),
        selections=SelectionService(db),
        executor=executor,
        pipeline=pipeline,
        policy=policy,
        approvals=approvals,
        bus=bus,
        outbox=outbox,
        delivery=queue,
        notifications=notifications,
        alerts=alerts,
    )
    dp.update.outer_middleware(UserMiddleware(users, settings.default_language))
    dp.include_router(build_router())
    setup_dialogs(dp, events_isolation=isolation)
    return dp, users


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
    dp, users = make_dispatcher(settings, db)
    bot = make_bot(settings)
    dp["executor"].reporter = ProgressNotifier(bot, db)
    approvals: ApprovalService = dp["approvals"]
    pump = DeliveryPump(
        dp["delivery"],
        BotSender(bot),
        Limits(settings.telegram_rate, settings.telegram_chat_rate, settings.telegram_chat_burst),
        outbox=dp["outbox"],
    )
    mail = MailWorker(db, mail_settings(settings), dp["bus"])
    scheduler = Scheduler(
        db,
        dp["pipeline"],
        make_lock(settings, db),
        interval_seconds=settings.scheduler_interval_seconds,
        approvals=approvals,
        jobs=(
            # The pump stays up while there is anything to send; a fresh one follows at once.
            Job("deliveries", 1, pump.kick, pump.close),
            Job("mail", settings.outbox_interval_seconds, mail.run_once),
            Job("alerts", settings.scheduler_interval_seconds, dp["alerts"].check),
        ),
    )
    return App(
        settings=settings,
        db=db,
        bot=bot,
        dp=dp,
        users=users,
        approvals=approvals,
        scheduler=scheduler,
        pump=pump,
    )
