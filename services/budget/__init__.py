"""Corporate budget: limits, write-off rules and their enforcement as charges accrue."""

from services.budget.enforce import BudgetEnforcer
from services.budget.service import BudgetError, BudgetService, LimitView, Overview

__all__ = ["BudgetEnforcer", "BudgetError", "BudgetService", "LimitView", "Overview"]
