"""The corporate account as tables. Money is integer kopecks; times are UTC-aware.

One module per area; a new feature adds its own module here and imports it below, so
Alembic and everyone else find every table through `storage.models`.
"""

from storage.models.alerts import AlertLog, AlertPref, BalanceThreshold
from storage.models.appeals import Appeal, AppealMessage
from storage.models.base import Base, UTCDateTime, _enum, utcnow
from storage.models.billing import (
    AccrualState,
    Charge,
    Payment,
    PromisedPayment,
    Traffic,
    UsageRate,
)
from storage.models.budget import BudgetAct, BudgetLimit, BudgetRule, EmployeeCharge
from storage.models.catalogue import ContractTariff, Service, ServiceConflict, Tariff, TariffService
from storage.models.company import Account, Company, Contract, Department, Grant, Invite, Role, User
from storage.models.documents import DocumentOrder
from storage.models.enums import (
    AlertKind,
    AppealStatus,
    AppealTopic,
    ApprovalStatus,
    BudgetExcess,
    BudgetLevel,
    DeliveryStatus,
    DocumentOrderStatus,
    ItemStatus,
    NumberStatus,
    OperationStatus,
    OutboxChannel,
    OutboxStatus,
    PlanKind,
    PlanState,
    PromisedStatus,
    ScopeKind,
    ServiceStatus,
    Settlement,
)
from storage.models.fsm import FsmRecord
from storage.models.history import History
from storage.models.numbers import (
    OUTGOING_BAR,
    OUTGOING_ONLY,
    Block,
    Forwarding,
    FreeNumber,
    Number,
    NumberLimit,
    NumberService,
)
from storage.models.operations import (
    ApprovalMessage,
    ApprovalRequest,
    ApprovalRule,
    Operation,
    OperationItem,
    Selection,
    SelectionItem,
)
from storage.models.outbox import Delivery, GatewaySms, Outbox, OutboxAttachment, Unreachable
from storage.models.planned import PlannedItem, PlannedNumber

__all__ = [
    "OUTGOING_BAR",
    "OUTGOING_ONLY",
    "Account",
    "AccrualState",
    "AlertKind",
    "AlertLog",
    "AlertPref",
    "Appeal",
    "AppealMessage",
    "AppealStatus",
    "AppealTopic",
    "ApprovalMessage",
    "ApprovalRequest",
    "ApprovalRule",
    "ApprovalStatus",
    "BalanceThreshold",
    "Base",
    "Block",
    "BudgetAct",
    "BudgetExcess",
    "BudgetLevel",
    "BudgetLimit",
    "BudgetRule",
    "Charge",
    "Company",
    "Contract",
    "ContractTariff",
    "Delivery",
    "DeliveryStatus",
    "Department",
    "DocumentOrder",
    "DocumentOrderStatus",
    "EmployeeCharge",
    "Forwarding",
    "FreeNumber",
    "FsmRecord",
    "GatewaySms",
    "Grant",
    "History",
    "Invite",
    "ItemStatus",
    "Number",
    "NumberLimit",
    "NumberService",
    "NumberStatus",
    "Operation",
    "OperationItem",
    "OperationStatus",
    "Outbox",
    "OutboxAttachment",
    "OutboxChannel",
    "OutboxStatus",
    "Payment",
    "PlanKind",
    "PlanState",
    "PlannedItem",
    "PlannedNumber",
    "PromisedPayment",
    "PromisedStatus",
    "Role",
    "ScopeKind",
    "Selection",
    "SelectionItem",
    "Service",
    "ServiceConflict",
    "ServiceStatus",
    "Settlement",
    "Tariff",
    "TariffService",
    "Traffic",
    "UTCDateTime",
    "Unreachable",
    "UsageRate",
    "User",
    "_enum",
    "utcnow",
]
