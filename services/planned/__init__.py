"""Scheduled items («Запланированное»): the table of what will happen, its rules and
time zones. The scheduler (services/scheduler) runs what comes due; this package never
imports the features it schedules, so any of them may add an item."""

from services.planned.rules import Freq, Rule, RuleError, Slot, next_occurrence, wall_to_utc

__all__ = ["Freq", "Rule", "RuleError", "Slot", "next_occurrence", "wall_to_utc"]
