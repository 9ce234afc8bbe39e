"""Ordering a document: a numbered request in the action history, the paid part charged
only with consent, the file made off the loop, split for Telegram, mailed when it fits.

Telegram takes files up to 50 MB: a bigger file is zipped, and a zip still too big is cut
into numbered parts (`.zip.001`, `.zip.002`, … — 7-Zip and `cat` join them). Mail servers
refuse big letters well below that: above `email_limit` the letter carries no attachment
and says the document was delivered in the chat only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import Principal
from services.documents.model import PAID_KINDS, DocFormat, DocKind
from services.documents.service import DocumentError, DocumentService, Rendered, price
from services.documents.wording import Wording
from services.history import record
from services.notifications.outbox import Attachment, Outbox, is_email
from storage.db import Database
from storage.models import (
    Account,
    Charge,
    DocumentOrder,
    DocumentOrderStatus,
    History,
    Number,
    User,
    utcnow,
)

TELEGRAM_LIMIT = 50 * 1024 * 1024
ZIP_MIME = "application/zip"


@dataclass(frozen=True)
class OrderSpec:
    kind: DocKind
    fmt: DocFormat
    start: dt.date
    end: dt.date
    number_ids: tuple[int, ...] = ()
    email: str | None = None
    consent: bool = False
    lang: str = "ru"  # the document's and the letter's language: whoever orders it


@dataclass(frozen=True)
class Part:
    filename: str
    content: bytes
    mime: str


@dataclass(frozen=True)
class OrderResult:
    order_id: int
    status: DocumentOrderStatus
    parts: tuple[Part, ...]
    filename: str
    size: int
    rows: int
    total: int
    cost: int
    email: str | None
    emailed: bool  # with the file attached; False with an e-mail: too big, a note went instead
    outbox_id: int | None


def fit_for_telegram(r: Rendered, limit: int = TELEGRAM_LIMIT) -> list[Part]:
    """The file as is, zipped, or a zip in numbered parts: each at most `limit` bytes."""
    if len(r.content) <= limit:
        return [Part(r.filename, r.content, r.mime)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr(r.filename, r.content)
    data = buf.getvalue()
    name = r.filename + ".zip"
    if len(data) <= limit:
        return [Part(name, data, ZIP_MIME)]
    return [
        Part(f"{name}.{i + 1:03d}", data[at : at + limit], "application/octet-stream")
        for i, at in enumerate(range(0, len(data), limit))
    ]


class DocumentOrders:
    def __init__(
        self,
        db: Database,
        documents: DocumentService,
        outbox: Outbox,
        email_limit: int = 10 * 1024 * 1024,
        telegram_limit: int = TELEGRAM_LIMIT,
    ) -> None:
        self.db = db
        self.documents = documents
        self.outbox = outbox
        self.email_limit = email_limit
        self.telegram_limit = telegram_limit

    async def own_email(self, principal: Principal) -> str | None:
        async with self.db.session() as s:
            return await s.scalar(select(User.email).where(User.id == principal.user_id))

    async def quote(self, principal: Principal, spec: OrderSpec) -> int:
        """What the document costs (kopecks): call details per number and month."""
        if spec.kind not in PAID_KINDS:
            return 0
        numbers, _ = await self.documents.resolve(principal, spec.kind, spec.number_ids)
        return price(spec.kind, len(numbers), spec.start, spec.end)

    async def place(self, principal: Principal, spec: OrderSpec) -> OrderResult:
        """Check, record, charge, make, mail. Raises DocumentError before anything is stored
        when the order cannot be placed (no consent for a paid one, a bad address…)."""
        if spec.email is not None and not is_email(spec.email):
            raise DocumentError("bad_email")
        self.documents.check_period(spec.start, spec.end)
        numbers, accounts = await self.documents.resolve(principal, spec.kind, spec.number_ids)
        cost = price(spec.kind, len(numbers), spec.start, spec.end)
        if cost and not spec.consent:
            raise DocumentError("consent")
        order_id, history_id = await self._open(principal, spec, numbers, accounts, cost)
        try:
            rendered = await self.documents.make(
                principal,
                spec.kind,
                spec.fmt,
                numbers or spec.number_ids,
                spec.start,
                spec.end,
                str(order_id),
                spec.lang,
            )
        except Exception as exc:
            await self._close(order_id, history_id, DocumentOrderStatus.FAILED, error=repr(exc))
            raise
        parts = await asyncio.to_thread(fit_for_telegram, rendered, self.telegram_limit)
        outbox_id, emailed = None, False
        if spec.email:
            outbox_id, emailed = await self._mail(principal, spec, order_id, rendered)
        await self._close(order_id, history_id, DocumentOrderStatus.DONE, rendered=rendered)
        return OrderResult(
            order_id=order_id,
            status=DocumentOrderStatus.DONE,
            parts=tuple(parts),
            filename=rendered.filename,
            size=len(rendered.content),
            rows=rendered.rows,
            total=rendered.total,
            cost=cost,
            email=spec.email,
            emailed=emailed,
            outbox_id=outbox_id,
        )

    async def _open(
        self,
        principal: Principal,
        spec: OrderSpec,
        numbers: list[int],
        accounts: list[int],
        cost: int,
    ) -> tuple[int, int]:
        async with self.db.transaction() as s:
            order = DocumentOrder(
                company_id=principal.company_id,
                user_id=principal.user_id,
                kind=spec.kind.value,
                fmt=spec.fmt.value,
                start=spec.start,
                end=spec.end,
                email=spec.email,
                numbers=len(numbers),
                accounts=len(accounts),
                cost=cost,
            )
            s.add(order)
            await s.flush()
            if cost:
                await self._charge(s, numbers, cost // len(numbers))
            record(
                s,
                company_id=principal.company_id,
                user_id=principal.user_id,
                action=f"document.{spec.kind.value}",
                status=DocumentOrderStatus.RUNNING.value,
                order_id=order.id,
                kind=spec.kind.value,
                fmt=spec.fmt.value,
                start=spec.start.isoformat(),
                end=spec.end.isoformat(),
                numbers=len(numbers),
                accounts=len(accounts),
                cost=cost,
            )
            await s.flush()
            history_id = await s.scalar(
                select(History.id)
                .where(
                    History.user_id == principal.user_id,
                    History.action == f"document.{spec.kind.value}",
                )
                .order_by(History.id.desc())
                .limit(1)
            )
            return order.id, int(history_id or 0)

    async def _charge(self, s: AsyncSession, numbers: list[int], each: int) -> None:
        """The fee as an «ops» charge on every number, taken from its account's balance."""
        today = self.documents.today()
        rows = (
            await s.execute(select(Number.id, Number.account_id).where(Number.id.in_(numbers)))
        ).all()
        await s.execute(
            insert(Charge),
            [
                {"number_id": n, "account_id": a, "date": today, "category": "ops", "amount": each}
                for n, a in rows
            ],
        )
        per_account: dict[int, int] = {}
        for _n, a in rows:
            per_account[a] = per_account.get(a, 0) + each
        for a, amount in per_account.items():
            await s.execute(
                update(Account).where(Account.id == a).values(balance=Account.balance - amount)
            )

    async def _close(
        self,
        order_id: int,
        history_id: int,
        status: DocumentOrderStatus,
        rendered: Rendered | None = None,
        error: str | None = None,
    ) -> None:
        values: dict[str, object] = {"status": status, "finished_at": utcnow(), "error": error}
        if rendered is not None:
            values.update(
                filename=rendered.filename, size=len(rendered.content), rows=rendered.rows
            )
        async with self.db.transaction() as s:
            await s.execute(
                update(DocumentOrder).where(DocumentOrder.id == order_id).values(values)
            )
            if history_id:
                await s.execute(
                    update(History).where(History.id == history_id).values(status=status.value)
                )

    async def _mail(
        self, principal: Principal, spec: OrderSpec, order_id: int, r: Rendered
    ) -> tuple[int, bool]:
        assert spec.email is not None
        w = Wording(spec.lang)
        args = {
            "title": w(f"title-{spec.kind.value}"),
            "period": f"{w.date(spec.start)} — {w.date(spec.end)}",
            "order": str(order_id),
        }
        subject = w("mail-subject", **args)
        if len(r.content) <= self.email_limit:
            text = w("mail-body", file=r.filename, **args)
            attachments = [Attachment(r.filename, r.content, r.mime)]
            emailed = True
        else:
            mb = f"{len(r.content) / 1024 / 1024:.1f}"
            text = w("mail-too-big", size=mb if w.lang == "en" else mb.replace(".", ","), **args)
            attachments = []
            emailed = False
        outbox_id = await self.outbox.queue_email(
            to=spec.email,
            subject=subject,
            text=text,
            attachments=attachments,
            company_id=principal.company_id,
            user_id=principal.user_id,
        )
        return outbox_id, emailed
