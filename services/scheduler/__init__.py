"""Everything timed: the scheduled items that come due, approval expiry, periodic jobs."""

from services.scheduler.runs import OperatorTimers, PlanRunner
from services.scheduler.service import (
    Job,
    LeaderLock,
    LocalLock,
    PostgresLock,
    RedisLock,
    Scheduler,
    SweepReport,
    TrackedLock,
)

__all__ = [
    "Job",
    "LeaderLock",
    "LocalLock",
    "OperatorTimers",
    "PlanRunner",
    "PostgresLock",
    "RedisLock",
    "Scheduler",
    "SweepReport",
    "TrackedLock",
]
