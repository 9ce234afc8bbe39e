"""Everything timed: due deferred operations, auto-disable dates, block ends, expiry."""

from services.scheduler.service import (
    Job,
    LeaderLock,
    LocalLock,
    PostgresLock,
    RedisLock,
    Scheduler,
    SweepReport,
)

__all__ = [
    "Job",
    "LeaderLock",
    "LocalLock",
    "PostgresLock",
    "RedisLock",
    "Scheduler",
    "SweepReport",
]
