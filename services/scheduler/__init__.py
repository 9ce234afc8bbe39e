"""Everything timed: due deferred operations, auto-disable dates, block ends, expiry."""

from services.scheduler.service import (
    LeaderLock,
    LocalLock,
    PostgresLock,
    RedisLock,
    Scheduler,
    SweepReport,
)

__all__ = ["LeaderLock", "LocalLock", "PostgresLock", "RedisLock", "Scheduler", "SweepReport"]
