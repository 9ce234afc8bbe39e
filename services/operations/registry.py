"""Every operation of the cabinet as one declaration: parameters, permission, price, when it
may run, which operator call executes it and which numbers may take it. The wizard, the
pipeline and the executor are generic over this table; adding an operation = one entry here,
one operator method and its texts.

Everything about an operation that other features need is read from its entry: the roles
that get it by default (services/users/roles.py), the parameter that is the money at stake
for the approval rules, the note on the confirmation screen, the operator call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Mode
from services.operations import checks
from services.operations import params as p
from services.operations.base import NumbersCtx, Option


class Kind(StrEnum):
    CHOICE = "choice"  # one of the options (static or from the database)
    TEXT = "text"  # free text, checked by the model
    MONEY = "money"  # roubles typed by the user
    DATE = "date"  # calendar
    DATETIME = "datetime"  # calendar, then a time
    FLAGS = "flags"  # several of the static options (e.g. inform by SMS / e-mail)


OptionsFn = Callable[
    [AsyncSession, NumbersCtx, dict[str, Any], str | None], Awaitable[list[Option]]
]
NoteFn = Callable[[dict[str, Any]], tuple[str, dict[str, Any]] | None]
HintFn = Callable[[AsyncSession, NumbersCtx, dict[str, Any]], Awaitable[dict[str, Any]]]
# A condition on Number: the operation is offered when some selected number meets it.
FitsFn = Callable[[], ColumnElement[bool]]
CheckFn = Callable[[AsyncSession, NumbersCtx, Any], Awaitable[dict[int, str]]]
PriceFn = Callable[[AsyncSession, NumbersCtx, Any], Awaitable[int]]


@dataclass(frozen=True)
class Step:
    field: str
    kind: Kind
    optional: bool = False
    static: tuple[str, ...] = ()  # static option values, labelled "op-opt-<field>-<value>"
    options: OptionsFn | None = None
    searchable: bool = False  # text typed on a choice step filters the options
    card: bool = False  # a chosen option gets its page (description, price, who can't)
    hint: HintFn | None = None  # extra arguments for the step's prompt
    default: str | None = None  # the usual choice: taken unless the user asks to change it

    @property
    def prompt_key(self) -> str:
        return f"op-step-{self.field}"

    @property
    def rare(self) -> bool:
        """Asked only when the user opens ⚙️ Change: optional, or with a usual choice."""
        return self.optional or self.default is not None


@dataclass(frozen=True)
class OpSpec:
    code: str
    model: type[BaseModel]
    method: str  # the Operator method that executes one chunk of items
    steps: tuple[Step, ...] = ()
    check: CheckFn | None = None  # per-number eligibility: {number_id: reason}
    price: PriceFn | None = None  # kopecks per number; paid operations need consent
    paid: bool = False
    defer_field: str | None = None  # the parameter that, in the future, defers the start
    single_contract: bool = False
    max_numbers: int | None = None
    conflict: str | None = None  # operations of one class never run on a number at once
    allow_blocked: bool = False  # the operator accepts it on a blocked number
    # Default grants beyond owners, admins and managers (who have every operation).
    roles: tuple[tuple[str, Mode], ...] = ()
    stake: str | None = None  # the parameter whose sum the approval rules judge, with the cost
    note: NoteFn | None = None  # (text key, args) for a line on the confirmation screen
    fits: FitsFn | None = None  # offered only when some selected number meets it
    # Its time step also offers «🔁 Каждую неделю…»: the recurring form of Запланированное.
    weekly: bool = False

    @property
    def permission(self) -> str:
        return f"op.{self.code}"

    @property
    def deferrable(self) -> bool:
        return self.defer_field is not None

    @property
    def title_key(self) -> str:
        return f"op-{self.code.replace('_', '-')}"


INFORM = ("sms", "email")
BLOCKS = ("voluntary", "lost", "financial")
CONDITIONS = ("always", "busy", "no_answer", "unreachable")
_TARIFF = Step("tariff_id", Kind.CHOICE, options=checks.contract_tariffs)
_START = Step("start_at", Kind.DATETIME, optional=True)
_INFORM = Step("inform", Kind.FLAGS, optional=True, static=INFORM)
# Who else hears that it is done: phones and e-mails the manager types (their own, a boss).
_INFORM_TO = Step("inform_to", Kind.TEXT, optional=True)

SPECS: tuple[OpSpec, ...] = (
    OpSpec(
        "tariff",
        p.TariffParams,
        "change_tariff",
        (Step("tariff_id", Kind.CHOICE, options=checks.other_tariffs),),
        checks.tariff,
        conflict="services",
        single_contract=True,
        roles=(("employee", Mode.REQUEST),),
    ),
    OpSpec(
        "services_on",
        p.ServiceOnParams,
        "services_on",
        (
            Step(
                "service_id",
                Kind.CHOICE,
                options=checks.allowed_services,
                searchable=True,
                card=True,
            ),
            _START,
            Step("auto_off", Kind.DATE, optional=True),
            _INFORM,
            _INFORM_TO,
        ),
        checks.services_on,
        checks.service_price,
        paid=True,
        defer_field="start_at",
        conflict="services",
        roles=(("employee", Mode.REQUEST),),
    ),
    OpSpec(
        "services_off",
        p.ServiceOffParams,
        "services_off",
        (
            Step("service_id", Kind.CHOICE, options=checks.connected_services, searchable=True),
            _START,
            _INFORM,
            _INFORM_TO,
        ),
        checks.services_off,
        defer_field="start_at",
        conflict="services",
        roles=(("employee", Mode.REQUEST),),
        fits=checks.has_service,
    ),
    OpSpec(
        "block_on",
        p.BlockOnParams,
        "block_on",
        (Step("kind", Kind.CHOICE, static=BLOCKS), _START, Step("until", Kind.DATE, optional=True)),
        checks.block_on,
        defer_field="start_at",
        conflict="block",
        allow_blocked=True,
        weekly=True,
        # A lost phone cannot wait for an approver: the holder blocks their own SIM at once.
        roles=(("employee", Mode.PERFORM),),
    ),
    OpSpec(
        "block_off",
        p.BlockOffParams,
        "block_off",
        (Step("kind", Kind.CHOICE, static=BLOCKS), _START),
        checks.block_off,
        defer_field="start_at",
        conflict="block",
        allow_blocked=True,
        weekly=True,
        roles=(("employee", Mode.REQUEST),),
        fits=checks.has_block,
    ),
    OpSpec(
        "forward_on",
        p.ForwardOnParams,
        "forward_on",
        (
            Step("condition", Kind.CHOICE, static=CONDITIONS, default="always"),
            Step("target", Kind.TEXT),
        ),
        checks.forward_on,
        conflict="forward",
    ),
    OpSpec(
        "forward_off",
        p.ForwardOffParams,
        "forward_off",
        (Step("condition", Kind.CHOICE, static=CONDITIONS),),
        checks.forward_off,
        conflict="forward",
        fits=checks.has_forwarding,
    ),
    OpSpec(
        "limit_on",
        p.LimitOnParams,
        "limit_on",
        (
            Step("amount", Kind.MONEY),
            Step("action", Kind.CHOICE, static=("notify", "block"), default="notify"),
        ),
        conflict="limit",
    ),
    OpSpec(
        "limit_off",
        p.NoParams,
        "limit_off",
        (),
        checks.limit_off,
        conflict="limit",
        fits=checks.has_limit,
    ),
    OpSpec(
        "sms",
        p.SmsParams,
        "send_sms",
        (Step("text", Kind.TEXT),),
        price=checks.sms_price,
        paid=True,
        note=p.sms_note,
    ),
    OpSpec(
        "sim_replace",
        p.SimReplaceParams,
        "replace_sim",
        (Step("iccid", Kind.TEXT),),
        checks.sim_replace,
        checks.sim_replace_price,
        paid=True,
        max_numbers=1,
        conflict="sim",
        allow_blocked=True,
    ),
    OpSpec(
        "number_replace",
        p.NumberReplaceParams,
        "replace_number",
        (Step("free_number_id", Kind.CHOICE, options=checks.free_numbers, searchable=True),),
        checks.number_replace,
        checks.number_replace_price,
        paid=True,
        max_numbers=1,
        conflict="msisdn",
    ),
    OpSpec(
        "promised_payment",
        p.PromisedParams,
        "promised_payment",
        (
            Step("amount", Kind.MONEY, hint=checks.promised_hint),
            Step("days", Kind.CHOICE, static=tuple(str(d) for d in p.PROMISED_TERMS), default="7"),
        ),
        checks.promised,
        conflict="account",
        allow_blocked=True,
        roles=(("accountant", Mode.PERFORM), ("employee", Mode.REQUEST)),
        stake="amount",
    ),
    OpSpec(
        "account_split",
        p.SplitParams,
        "split_account",
        (Step("name", Kind.TEXT),),
        single_contract=True,
        conflict="account",
    ),
    OpSpec(
        "settlement",
        p.SettlementParams,
        "change_settlement",
        (Step("method", Kind.CHOICE, static=("advance", "credit")),),
        checks.settlement,
        conflict="account",
        allow_blocked=True,
        roles=(("accountant", Mode.PERFORM),),
    ),
    OpSpec(
        "move_funds",
        p.MoveFundsParams,
        "move_funds",
        (
            Step("to_account_id", Kind.CHOICE, options=checks.sibling_accounts),
            Step("amount", Kind.MONEY),
        ),
        checks.move_funds,
        max_numbers=1,
        conflict="account",
        allow_blocked=True,
        roles=(("accountant", Mode.PERFORM),),
    ),
    OpSpec(
        "department_move",
        p.DepartmentMoveParams,
        "move_department",
        (
            Step(
                "department_id",
                Kind.CHOICE,
                options=checks.departments_in_reach,
                searchable=True,
            ),
        ),
        checks.department_move,
        allow_blocked=True,
    ),
    OpSpec(
        "sim_order",
        p.SimOrderParams,
        "order_sims",
        (Step("count", Kind.TEXT), _TARIFF, Step("address", Kind.TEXT)),
        checks.sim_order,
        checks.sim_order_price,
        paid=True,
        max_numbers=1,
    ),
)
REGISTRY: dict[str, OpSpec] = {s.code: s for s in SPECS}


def get(code: str) -> OpSpec:
    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"unknown operation {code!r}") from None


METHODS: frozenset[str] = frozenset(s.method for s in SPECS)  # what an operator must answer
