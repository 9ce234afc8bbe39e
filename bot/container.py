"""Builds every long-lived part once, in dependency order, with constructor injection.

The Bot comes first (it is given), then what needs it (the notifier, the progress
messages), then the services. Features that react to each other are joined here by
subscribing to typed events (services/events.py); nothing is patched after construction.
Production (bot/factory.py) and the Dispatcher-level tests build through `build`; tests
without Telegram use `build_services` with a fake notifier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aiogram import Bot

from bot.notifier import BotSender
from bot.settings import Settings
from handlers.appeals.notify import AppealNotifier
from handlers.operations.progress import ProgressNotifier
from services.appeals import AppealService
from services.approvals import ApprovalService, PolicyService
from services.audit import AuditService
from services.budget import BudgetEnforcer, BudgetService
from services.departments import DepartmentService
from services.documents import DocumentService, Requisites
from services.documents.orders import DocumentOrders
from services.events import (
    AppealAnswered,
    ChargesAccrued,
    EventBus,
    MailFailed,
    OperationFinished,
    OperationProgress,
    OperationRequested,
    OperationScheduled,
    PlanChanged,
    SmsUndelivered,
    UserDeactivated,
)
from services.history import HistoryService
from services.notifications import DeliveryQueue, Notifications, Outbox
from services.notifications.alerts import AlertService
from services.notifications.delivery import ChatSender, Limits
from services.notifications.inform import InformRecipients
from services.notifications.mailer import MailSettings, MailWorker
from services.notifications.pump import DeliveryPump
from services.notifications.sms import SmsWorker
from services.numbers import NumberDirectory
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator import Simulator
from services.operator.accrual import Accrual
from services.operator.sms_gateway import SimulatedSmsGateway
from services.planned.service import PlanService
from services.ports import Notifier, Operator, SmsGateway
from services.reports import ReportService
from services.reports.scheduled import ScheduledReports
from services.scheduler import (
    Job,
    LeaderLock,
    LocalLock,
    OperatorTimers,
    PlanRunner,
    PostgresLock,
    RedisLock,
    Scheduler,
    TrackedLock,
)
from services.selections import SelectionService
from services.users import AdminService, UserService
from services.users.cache import PrincipalCache, RedisVersion
from storage.db import Database


@dataclass(frozen=True)
class Services:
    """The Telegram-agnostic part: what handlers get as workflow data."""

    db: Database
    bus: EventBus
    users: UserService
    admin: AdminService
    directory: NumberDirectory
    selections: SelectionService
    policy: PolicyService
    executor: Executor
    pipeline: Pipeline
    approvals: ApprovalService
    scheduler: Scheduler
    history: HistoryService
    appeals: AppealService
    outbox: Outbox
    delivery: DeliveryQueue
    notifications: Notifications
    alerts: AlertService
    audit: AuditService
    documents: DocumentService
    document_orders: DocumentOrders
    reports: ReportService
    scheduled_reports: ScheduledReports
    departments: DepartmentService
    planned: PlanService
    accrual: Accrual
    budget: BudgetService

    def workflow_data(self) -> dict[str, object]:
        """Dispatcher keyword arguments: a handler asks for a service by parameter name."""
        return {
            "db": self.db,
            "users": self.users,
            "admin": self.admin,
            "directory": self.directory,
            "selections": self.selections,
            "executor": self.executor,
            "pipeline": self.pipeline,
            "policy": self.policy,
            "approvals": self.approvals,
            "history": self.history,
            "appeals": self.appeals,
            "outbox": self.outbox,
            "delivery": self.delivery,
            "notifications": self.notifications,
            "alerts": self.alerts,
            "audit": self.audit,
            "documents": self.documents,
            "document_orders": self.document_orders,
            "reports": self.reports,
            "scheduled_reports": self.scheduled_reports,
            "departments": self.departments,
            "planned": self.planned,
            "budget": self.budget,
        }


@dataclass(frozen=True)
class Container:
    settings: Settings
    bot: Bot
    services: Services


def make_lock(settings: Settings, db: Database) -> LeaderLock:
    """Who may run the scheduler: Redis or PostgreSQL elect one instance; SQLite has one."""
    if settings.redis_url:
        return RedisLock(
            settings.redis_url,
            settings.redis_prefix,
            ttl_seconds=settings.scheduler_interval_seconds * 3,
        )
    return LocalLock() if db.is_sqlite else PostgresLock(db)


def principal_cache(settings: Settings, db: Database) -> PrincipalCache | None:
    """Remember principals between updates where every instance can learn of a change:
    through Redis, or within the one process that owns a SQLite database."""
    if settings.redis_url:
        return PrincipalCache(RedisVersion(settings.redis_url, settings.redis_prefix))
    return PrincipalCache() if db.is_sqlite else None


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


def build_services(
    settings: Settings,
    db: Database,
    notifier: Notifier,
    *,
    operator: Operator | None = None,
    bus: EventBus | None = None,
    pipeline_reports: bool = False,
    delivery: DeliveryQueue | None = None,
    sender: ChatSender | None = None,
    sms_gateway: SmsGateway | None = None,
) -> Services:
    """The services and their event subscriptions. `pipeline_reports`: something on the
    bus shows each operation's progress and result (the bot does), so approvals need not."""
    bus = bus or EventBus()
    users = UserService(db, settings.default_language, principal_cache(settings, db))
    queue = delivery or DeliveryQueue(db)
    # Queued mail and SMS leave at once (a kick), not only on the workers' next tick.
    mail = MailWorker(db, mail_settings(settings), bus)
    gateway = sms_gateway or SimulatedSmsGateway(db)
    sms = SmsWorker(db, gateway, bus)

    def wake_workers() -> None:
        mail.kick()
        sms.kick()

    outbox = Outbox(db, wake=wake_workers)
    notifications = Notifications(db, queue, outbox, mail_configured=bool(settings.smtp_host))
    bus.subscribe(MailFailed, notifications.on_mail_failed)
    alerts = AlertService(db, users, queue, outbox)
    bus.subscribe(OperationFinished, alerts.on_operation_finished)
    bus.subscribe(ChargesAccrued, alerts.on_charges_accrued)
    budget = BudgetService(db)
    bus.subscribe(ChargesAccrued, BudgetEnforcer(db, alerts).on_charges_accrued)
    # The scheduler's leader is also the bot's one Telegram sender.
    lock = TrackedLock(make_lock(settings, db))
    bus.subscribe(SmsUndelivered, notifications.on_sms_undelivered)
    # «Проинформировать» the typed phones and e-mails first: the SMS kick then takes them.
    bus.subscribe(OperationFinished, InformRecipients(db, outbox).on_operation_finished)
    bus.subscribe(OperationFinished, sms.on_operation_finished)
    accrual = Accrual(db, bus)
    jobs = [
        Job("mail", settings.outbox_interval_seconds, mail.run_once, mail.close),
        Job("sms", settings.outbox_interval_seconds, sms.run_once, sms.close),
        Job("alerts", settings.scheduler_interval_seconds, alerts.check),
        Job("accrual", settings.accrual_interval_seconds, accrual.run),
    ]
    if sender is not None:  # the queue's pump: only where there is a Telegram to send to
        limits = Limits(
            settings.telegram_rate, settings.telegram_chat_rate, settings.telegram_chat_burst
        )
        pump = DeliveryPump(queue, sender, limits, outbox=outbox, leader=lock.leads)
        queue.listen(pump.nudge)
        # Every second: make sure a pump runs while anything waits (it runs beside the job).
        jobs.insert(0, Job("deliveries", 1, pump.kick, pump.close))
    policy = PolicyService(db)
    executor = Executor(db, operator or Simulator(settings.operator_delay_ms), bus)
    pipeline = Pipeline(db, executor, bus=bus, decider=policy)
    approvals = ApprovalService(
        db,
        policy,
        notifier,
        users,
        runner=pipeline,
        ttl=dt.timedelta(seconds=settings.approval_ttl_seconds),
        pipeline_reports=pipeline_reports,
    )
    bus.subscribe(OperationRequested, approvals.on_requested)
    bus.subscribe(UserDeactivated, approvals.on_user_deactivated)
    appeals = AppealService(
        db, answer_after=dt.timedelta(seconds=settings.appeal_answer_seconds), bus=bus
    )
    # Dates an operation sets («Автоматически отключить», a block «до») become items.
    bus.subscribe(OperationFinished, OperatorTimers(db).on_operation_finished)
    reports = ReportService(db)
    scheduled_reports = ScheduledReports(db, reports, queue, outbox, users, bus)
    scheduler = Scheduler(
        db,
        PlanRunner(db, pipeline, users, scheduled_reports),
        lock,
        interval_seconds=settings.scheduler_interval_seconds,
        approvals=approvals,
        appeals=appeals,
        jobs=jobs,
        grace=dt.timedelta(minutes=settings.schedule_grace_minutes),
    )
    bus.subscribe(OperationScheduled, scheduler.on_scheduled)
    bus.subscribe(PlanChanged, scheduler.on_scheduled)
    supplier = Requisites(
        settings.operator_name,
        settings.operator_inn,
        settings.operator_kpp,
        settings.operator_address,
    )
    documents = DocumentService(db, supplier)
    document_orders = DocumentOrders(
        db,
        documents,
        outbox,
        email_limit=int(settings.document_email_limit_mb * 1024 * 1024),
        telegram_limit=int(settings.telegram_file_limit_mb * 1024 * 1024),
    )
    return Services(
        db=db,
        bus=bus,
        users=users,
        admin=AdminService(db, bus),
        directory=NumberDirectory(db),
        selections=SelectionService(db),
        policy=policy,
        executor=executor,
        pipeline=pipeline,
        approvals=approvals,
        scheduler=scheduler,
        history=HistoryService(db),
        appeals=appeals,
        outbox=outbox,
        delivery=queue,
        notifications=notifications,
        alerts=alerts,
        audit=AuditService(db),
        documents=documents,
        document_orders=document_orders,
        reports=reports,
        scheduled_reports=scheduled_reports,
        departments=DepartmentService(db),
        planned=PlanService(
            db, bus, grace=dt.timedelta(minutes=settings.schedule_grace_minutes), delivery=queue
        ),
        accrual=accrual,
        budget=budget,
    )


def build(
    settings: Settings, db: Database, bot: Bot, *, operator: Operator | None = None
) -> Container:
    """Everything the running bot needs, once."""
    bus = EventBus()
    # Approval cards, decisions, progress messages, appeal answers: every note that is not
    # a direct answer goes through the delivery queue.
    queue = DeliveryQueue(db)
    bus.subscribe(OperationProgress, ProgressNotifier(db, queue))
    bus.subscribe(AppealAnswered, AppealNotifier(queue).on_answered)
    services = build_services(
        settings,
        db,
        queue,
        operator=operator,
        bus=bus,
        pipeline_reports=True,
        delivery=queue,
        sender=BotSender(bot),
    )
    return Container(settings=settings, bot=bot, services=services)
