"""What the bot tells its operators: one log line per update, Prometheus counters and /health
in webhook mode, and no secret in any log line.

The log line (logger ``bot.update``) reads ``update=… user=… kind=… handler=… duration_ms=…
outcome=ok|unhandled|error [incident=…]``: grep one user's or one incident's path through the
bot without reading tracebacks. An update that raises gets a short incident id here, before
the error handlers run; they find it as ``update_trace.incident`` and show it to the user, so
the person's screenshot and the traceback in the log carry the same id.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.engine import make_url

from services.monitoring import MonitoringService

log = logging.getLogger("bot.update")

Next = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


@dataclass
class UpdateTrace:
    """Filled while an update is handled; error handlers receive it as ``update_trace``."""

    update_id: int
    kind: str
    user_id: int | None = None
    handler: str = "-"
    outcome: str = "ok"
    incident: str | None = None


class Metrics:
    """The counters of one bot (a registry of its own: several bots may live in a process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter("vm_updates", "Updates handled", ["kind", "outcome"], registry=r)
        self.errors = Counter("vm_update_errors", "Updates that raised", ["kind"], registry=r)
        self.duration = Histogram(
            "vm_update_duration_seconds",
            "Time to handle an update",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=r,
        )
        self.operations_running = Gauge(
            "vm_operations_running", "Operations being executed now", registry=r
        )
        self.queue = Gauge(
            "vm_delivery_queue_length",
            "Notifications waiting for delivery",
            ["channel"],
            registry=r,
        )
        self.latency = Gauge(
            "vm_delivery_latency_seconds",
            "From queued to delivered, over the last hour",
            ["channel", "stat"],
            registry=r,
        )

        self.leader = Gauge(
            "vm_scheduler_leader", "1 while this instance runs the scheduler", registry=r
        )

    def observe(self, trace: UpdateTrace, seconds: float) -> None:
        self.updates.labels(trace.kind, trace.outcome).inc()
        if trace.outcome == "error":
            self.errors.labels(trace.kind).inc()
        self.duration.observe(seconds)

    async def refresh(self, monitoring: MonitoringService) -> None:
        snap = await monitoring.snapshot()
        self.operations_running.set(snap.operations_running)
        self.queue.clear()
        for channel, n in snap.queued.items():
            self.queue.labels(channel).set(n)
        self.latency.clear()
        for channel, seconds in snap.latency_max.items():
            self.latency.labels(channel, "max").set(seconds)
        for channel, seconds in snap.latency_mean.items():
            self.latency.labels(channel, "mean").set(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _user_of(update: Update, data: dict[str, Any]) -> int | None:
    user = data.get("event_from_user")
    return user.id if user is not None else None


class UpdateLog(BaseMiddleware):
    """Outer middleware on updates: times each one and writes its line."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        trace = UpdateTrace(event.update_id, event.event_type, _user_of(event, data))
        data["update_trace"] = trace
        started = time.perf_counter()
        try:
            result = await handler(event, data)
        except Exception:
            trace.outcome = "error"
            trace.incident = secrets.token_hex(3).upper()
            raise
        else:
            if result is UNHANDLED:
                trace.outcome = "unhandled"
            return result
        finally:
            seconds = time.perf_counter() - started
            self.metrics.observe(trace, seconds)
            log.info(
                "update=%s user=%s kind=%s handler=%s duration_ms=%.1f outcome=%s%s",
                trace.update_id,
                trace.user_id if trace.user_id is not None else "-",
                trace.kind,
                trace.handler,
                seconds * 1000,
                trace.outcome,
                f" incident={trace.incident}" if trace.incident else "",
            )


class HandlerName(BaseMiddleware):
    """Inner middleware: notes which handler took the update (a dialog: its window)."""

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        trace: UpdateTrace | None = data.get("update_trace")
        if trace is not None:
            trace.handler = handler_name(data)
        return await handler(event, data)


def handler_name(data: dict[str, Any]) -> str:
    context = data.get("aiogd_context")
    if context is not None:  # aiogram-dialog's one handler serves every window
        return f"dialog:{context.state.state}"
    callback = getattr(data.get("handler"), "callback", None)
    if callback is None:
        return "-"
    module = getattr(callback, "__module__", "") or ""
    name = getattr(callback, "__qualname__", type(callback).__name__)
    return f"{module}.{name}" if module else name


def install(dp: Dispatcher, metrics: Metrics) -> None:
    dp.update.outer_middleware(UpdateLog(metrics))
    for name, observer in dp.observers.items():
        if name not in ("update", "error"):
            observer.middleware(HandlerName())
    # Our line replaces aiogram's own "Update id=… is handled" one.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)


# --- webhook-mode endpoints -----------------------------------------------------------------


def add_routes(
    app: web.Application,
    metrics: Metrics,
    monitoring: MonitoringService,
    leading: Callable[[], bool] = lambda: False,
) -> None:
    async def health(_: web.Request) -> web.Response:
        result = await monitoring.health()
        body = {"status": "ok" if result.ok else "failing", "checks": result.checks}
        return web.json_response(body, status=200 if result.ok else 503)

    async def metrics_page(_: web.Request) -> web.Response:
        metrics.leader.set(1 if leading() else 0)
        try:
            await metrics.refresh(monitoring)
        except Exception:  # the update counters are still worth serving
            logging.getLogger(__name__).warning("metrics refresh failed", exc_info=True)
        return web.Response(
            body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    app.router.add_get("/health", health)
    app.router.add_get("/metrics", metrics_page)


# --- secrets never reach a log --------------------------------------------------------------


class Redact(logging.Filter):
    """Replaces every known secret in a record (message, arguments, traceback) by ***."""

    def __init__(self, values: Iterable[str]) -> None:
        super().__init__()
        # longest first, so a token is replaced whole before its secret half is looked for
        self.values = sorted({v for v in values if v and len(v) >= 4}, key=len, reverse=True)
        self._formatter = logging.Formatter()

    def _clean(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.values:
            return True
        record.msg = self._clean(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True


def secret_values(
    *,
    bot_token: str | None,
    webhook_secret: str | None,
    smtp_password: str | None,
    urls: Iterable[str | None],
) -> list[str]:
    values = [bot_token or "", webhook_secret or "", smtp_password or ""]
    if bot_token and ":" in bot_token:
        values.append(bot_token.split(":", 1)[1])
    for url in urls:
        if not url:
            continue
        try:
            password = make_url(url).password
        except Exception:  # not a URL sqlalchemy knows: nothing to take from it
            continue
        if password:
            values.append(str(password))
    return values


def redact_logs(values: Iterable[str]) -> None:
    """On every handler of the root logger, so records from any library pass through it."""
    flt = Redact(values)
    for handler in logging.getLogger().handlers:
        handler.addFilter(flt)
