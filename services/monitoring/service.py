"""Liveness and the figures of the moment, as plain data (the bot turns them into metrics)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from services.monitoring import queries
from storage.db import Database
from storage.models import utcnow

log = logging.getLogger(__name__)

Probe = Callable[[], Awaitable[bool]]


@dataclass(frozen=True)
class Health:
    ok: bool
    checks: dict[str, bool]


@dataclass(frozen=True)
class Snapshot:
    operations_running: int
    queued: dict[str, int] = field(default_factory=dict)  # channel → messages waiting
    # channel → the slowest and the mean delivery of the last hour, in seconds
    latency_max: dict[str, float] = field(default_factory=dict)
    latency_mean: dict[str, float] = field(default_factory=dict)


class MonitoringService:
    def __init__(self, db: Database, probes: dict[str, Probe] | None = None) -> None:
        self.db = db
        self.probes = dict(probes or {})  # e.g. redis: its own ping

    async def health(self) -> Health:
        checks = {"database": await self._database_ok()}
        for name, probe in self.probes.items():
            try:
                checks[name] = bool(await probe())
            except Exception:  # a probe that fails is a failed check, not a crash
                log.warning("health check %s failed", name, exc_info=True)
                checks[name] = False
        return Health(ok=all(checks.values()), checks=checks)

    async def snapshot(self) -> Snapshot:
        async with self.db.session() as s:
            running = await queries.operations_running(s)
            queued = await queries.queued_by_channel(s)
            recent = await queries.recent_deliveries(s, utcnow())
        worst: dict[str, float] = {}
        total: dict[str, float] = {}
        count: dict[str, int] = {}
        for channel, seconds in recent:
            worst[channel] = max(worst.get(channel, 0.0), seconds)
            total[channel] = total.get(channel, 0.0) + seconds
            count[channel] = count.get(channel, 0) + 1
        mean = {c: total[c] / count[c] for c in total}
        return Snapshot(running, queued, worst, mean)

    async def _database_ok(self) -> bool:
        try:
            async with self.db.session() as s:
                await queries.ping(s)
        except (SQLAlchemyError, OSError):
            log.warning("health check database failed", exc_info=True)
            return False
        return True
