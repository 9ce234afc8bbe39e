"""Start-up sequence shared by polling and webhook modes."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from urllib.parse import urlsplit

from aiogram import Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.factory import App, make_app, set_commands
from bot.observability import add_routes
from bot.settings import Settings
from services.users import DEFAULT_ROLES
from storage import demo as demo_data
from storage.db import Database
from storage.migrate import upgrade

log = logging.getLogger("bot")
DRAIN_SECONDS = 15


async def prepare_database(settings: Settings, db: Database) -> None:
    settings.ensure_data_dir()
    await upgrade(db.engine)
    if settings.demo_data and await demo_data.is_empty(db):
        summary = await demo_data.generate(db, numbers=settings.demo_numbers)
        log.info("demo data: %s", summary.describe())


async def demo(
    settings: Settings, numbers: int, months: int, seed: int, *, neighbour: bool = False
) -> int:
    db = Database(settings.database_url)
    settings.ensure_data_dir()
    try:
        await upgrade(db.engine)
        if not await demo_data.is_empty(db):
            print("error: the database already has a company; point DATABASE_URL at an empty one")
            return 1
        started = time.perf_counter()
        summary = await demo_data.generate(
            db,
            numbers=numbers,
            months=months,
            seed=seed,
            neighbour=neighbour,
            roles=DEFAULT_ROLES,
        )
        print(summary.describe())
        print(f"done in {time.perf_counter() - started:.1f} s")
        return 0
    finally:
        await db.close()


async def drain_updates(dispatcher: Dispatcher) -> None:
    """On SIGTERM aiogram stops polling but would drop the updates still being handled,
    losing e.g. a dialog step already shown to the user but not yet saved: let them finish."""
    tasks = set(getattr(dispatcher, "_handle_update_tasks", ()))
    if tasks:
        await asyncio.wait(tasks, timeout=DRAIN_SECONDS)


def drain_before_closing(dispatcher: Dispatcher) -> None:
    """aiogram closes the FSM storage first thing on shutdown: the updates still being handled
    would then save their dialog into a closed storage (with Redis, fail releasing their lock
    and show the user an error). Let them finish first, then close it."""
    close = dispatcher.fsm.close
    dispatcher.shutdown.handlers[:] = [
        h for h in dispatcher.shutdown.handlers if h.callback != close
    ]
    dispatcher.shutdown.register(drain_updates)
    dispatcher.shutdown.register(close)


async def startup(app: App) -> None:
    await prepare_database(app.settings, app.db)
    await app.users.bootstrap(app.settings.admin_ids)
    await set_commands(app.bot)
    resumed = await app.dp["executor"].resume()  # operations a killed process left unfinished
    if resumed:
        log.info("resumed operations %s", resumed)
    approved = await app.approvals.resume()  # approved, but the process died before the start
    if approved:
        log.info("started approved requests %s", approved)


async def run(settings: Settings) -> int:
    app = make_app(settings)
    drain_before_closing(app.dp)
    try:
        await startup(app)
        app.scheduler.start()
        if settings.webhook_url:
            await run_webhook(app)
        else:
            await app.bot.delete_webhook(drop_pending_updates=False)
            log.info("polling %s", settings.telegram_api_url)
            # The session stays open until the delivery queue has finished its sends (below).
            await app.dp.start_polling(app.bot, handle_signals=True, close_bot_session=False)
    finally:
        await app.scheduler.shutdown()
        await app.approvals.wait_idle()
        await app.dp["executor"].close()
        await app.bot.session.close()
        await app.db.close()
    return 0


async def run_webhook(app: App) -> None:
    s = app.settings
    url = s.webhook_url or ""
    path = urlsplit(url).path or "/"  # the bot listens on the public URL's path
    web_app = web.Application()
    handler = SimpleRequestHandler(app.dp, app.bot, secret_token=s.webhook_secret)
    handler.register(web_app, path=path)
    setup_application(web_app, app.dp, bot=app.bot)
    # /health and /metrics
    add_routes(web_app, app.dp["metrics"], app.dp["monitoring"], lambda: app.scheduler.leading)
    # In-flight updates are drained below; idle keep-alive connections need no grace.
    runner = web.AppRunner(web_app, shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, s.webhook_host, s.webhook_port).start()
    await app.bot.set_webhook(
        url, secret_token=s.webhook_secret, allowed_updates=app.dp.resolve_used_update_types()
    )
    log.info("webhook on %s:%s%s", s.webhook_host, s.webhook_port, path)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("stopping")
        # Updates already accepted are being handled in the background: finish them first.
        pending = set(getattr(handler, "_background_feed_update_tasks", ()))
        if pending:
            await asyncio.wait(pending, timeout=DRAIN_SECONDS)
        await runner.cleanup()
