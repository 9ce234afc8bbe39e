"""Parameter models of the operations. Validation errors carry a type that names the
Fluent key ("op-err-<type>"), so the wizard explains exactly what is wrong."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from services.notifications.outbox import is_email
from services.numbers.phones import normalize

SMS_MAX_SEGMENTS = 10
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXT = set("^{}\\[~]|€")


def err(kind: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, kind, ctx)


def _money(value: Any) -> Any:
    """Roubles as people type them ("500", "1 500,50 ₽") to kopecks; ints pass as kopecks."""
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = re.sub(r"[\s₽руб.]+$", "", value.strip().replace("\u00a0", " "))
        text = text.replace(" ", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise err("money") from None
        if amount != amount.quantize(Decimal("0.01")):
            raise err("money")
        return int(amount * 100)
    return value


def _positive(value: int) -> int:
    if value <= 0:
        raise err("positive")
    return value


Money = Annotated[int, BeforeValidator(_money), AfterValidator(_positive)]


def _phone(value: Any) -> str:
    e164 = normalize(str(value)) if value is not None else None
    if e164 is None:
        raise err("phone")
    return e164


Phone = Annotated[str, BeforeValidator(_phone)]
INFORM_TO_MAX = 5


def _recipients(value: Any) -> list[str]:
    """«Проинформировать» extra people: phones (E.164) and e-mail addresses, as typed,
    separated by commas, semicolons or new lines; the first that is neither is named."""
    items = re.split(r"[,;\n]+", value) if isinstance(value, str) else list(value or [])
    out: list[str] = []
    for raw in items:
        item = str(raw).strip()
        if not item:
            continue
        if "@" in item:
            if not is_email(item):
                raise err("inform_to", value=item[:60])
            local, _, domain = item.rpartition("@")
            found = f"{local}@{domain.lower()}"
        else:
            phone = normalize(item)
            if phone is None:
                raise err("inform_to", value=item[:60])
            found = phone
        if found not in out:
            out.append(found)
    if len(out) > INFORM_TO_MAX:
        raise err("inform_to_many", max=INFORM_TO_MAX)
    return out


Recipients = Annotated[list[str], BeforeValidator(_recipients)]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iccid(value: Any) -> str:
    digits = re.sub(r"[\s-]", "", str(value))
    if not digits.isdigit() or not 19 <= len(digits) <= 20:
        raise err("iccid_length")
    if not luhn_ok(digits):
        raise err("iccid_luhn")
    return digits


Iccid = Annotated[str, BeforeValidator(_iccid)]


def sms_note(params: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The confirmation screen's line: how many characters and messages the text takes."""
    text = params.get("text")
    if not text:
        return None
    segments, chars = sms_segments(str(text))
    return "op-sms-segments", {"chars": chars, "segments": segments}


def sms_segments(text: str) -> tuple[int, int]:
    """(segments, characters) the way a phone counts them: GSM-7 160/153, UCS-2 70/67."""
    if all(ch in GSM7 or ch in GSM7_EXT for ch in text):
        length = sum(2 if ch in GSM7_EXT else 1 for ch in text)
        single, multi = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    if length <= single:
        return (1 if length else 0), length
    return -(-length // multi), length


def _sms_text(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise err("sms_empty")
    segments, _ = sms_segments(text)
    if segments > SMS_MAX_SEGMENTS:
        raise err("sms_long", max=SMS_MAX_SEGMENTS)
    return text


def _stored(info: ValidationInfo) -> bool:
    # An operation read back for execution is past its start time by design.
    return bool(info.context and info.context.get("stored"))


def _future(value: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
    if value is not None and not _stored(info) and value <= dt.datetime.now(dt.UTC):
        raise err("past")
    return value


def _future_date(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    if value is not None and not _stored(info) and value <= dt.datetime.now(dt.UTC).date():
        raise err("past")
    return value


def _text(max_len: int):
    def check(value: Any) -> str:
        text = str(value).strip()
        if not text:
            raise err("empty")
        if len(text) > max_len:
            raise err("too_long", max=max_len)
        return text

    return BeforeValidator(check)


Later = Annotated[AwareDatetime | None, AfterValidator(_future)]
LaterDate = Annotated[dt.date | None, AfterValidator(_future_date)]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoParams(Params):
    pass


class TariffParams(Params):
    tariff_id: int


class ServiceOnParams(Params):
    service_id: int
    start_at: Later = None
    auto_off: LaterDate = None
    inform: list[Literal["sms", "email"]] = []
    inform_to: Recipients = []

    @model_validator(mode="after")
    def _order(self) -> ServiceOnParams:
        if self.auto_off and self.start_at and self.auto_off <= self.start_at.date():
            raise err("auto_off_before_start")
        return self


class ServiceOffParams(Params):
    service_id: int
    start_at: Later = None
    inform: list[Literal["sms", "email"]] = []
    inform_to: Recipients = []


BlockKind = Literal["voluntary", "lost", "financial"]


class BlockOnParams(Params):
    kind: BlockKind
    start_at: Later = None
    until: LaterDate = None

    @model_validator(mode="after")
    def _order(self) -> BlockOnParams:
        if self.until and self.start_at and self.until <= self.start_at.date():
            raise err("until_before_start")
        return self


class BlockOffParams(Params):
    kind: BlockKind
    start_at: Later = None


Condition = Literal["always", "busy", "no_answer", "unreachable"]


class ForwardOnParams(Params):
    condition: Condition
    target: Phone


class ForwardOffParams(Params):
    condition: Condition


class LimitOnParams(Params):
    amount: Money
    action: Literal["notify", "block"]


class SmsParams(Params):
    text: Annotated[str, BeforeValidator(_sms_text)]


class SimReplaceParams(Params):
    iccid: Iccid


class NumberReplaceParams(Params):
    free_number_id: int


PROMISED_TERMS = (1, 3, 5, 7)


def _term(value: Any) -> Any:
    if int(value) not in PROMISED_TERMS:
        raise err("term")
    return int(value)


class PromisedParams(Params):
    amount: Money
    days: Annotated[int, BeforeValidator(_term)]


class SplitParams(Params):
    name: Annotated[str, _text(200)]


class SettlementParams(Params):
    method: Literal["advance", "credit"]


class DepartmentMoveParams(Params):
    department_id: int


class MoveFundsParams(Params):
    to_account_id: int
    amount: Money


def _count(value: Any) -> Any:
    try:
        n = int(str(value).strip())
    except ValueError:
        raise err("count") from None
    if not 1 <= n <= 100:
        raise err("count")
    return n


class SimOrderParams(Params):
    count: Annotated[int, BeforeValidator(_count)]
    tariff_id: int
    address: Annotated[str, _text(300)]
