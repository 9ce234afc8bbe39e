"""Documents from the billing tables: totals reconcile to the kopeck, call details add up to
the month's traffic and charges, scope is respected, every format opens."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from services.access import DEFAULT_ROLES, Principal, ScopedGrant
from services.documents import DocFormat, DocKind, DocumentError, DocumentService
from services.documents import queries as q
from services.documents.cdr import MonthUsage, apportion, month_events
from services.documents.words import money_words
from storage import demo
from storage.models import Account, Charge, Department, Number, Payment, ScopeKind, Traffic

TODAY = dt.date(2026, 11, 1)
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def owner() -> Principal:
    grant = ScopedGrant("owner", DEFAULT_ROLES["owner"], ScopeKind.COMPANY)
    return Principal(1, 1, 1, "ru", "Owner", (grant,))


@pytest.fixture
async def world(db):
    await demo.generate(db, numbers=120, months=2, seed=7, today=TODAY)
    return db


def service(db) -> DocumentService:
    return DocumentService(db, today=lambda: TODAY)


async def some_numbers(db, n: int = 6) -> list[int]:
    async with db.session() as s:
        return list(await s.scalars(select(Number.id).order_by(Number.id).limit(n)))


async def test_act_and_balance_reconcile_with_the_tables(world):
    db = world
    ids = await some_numbers(db, 10)
    svc = service(db)
    for kind in (DocKind.ACT, DocKind.BALANCE):
        inp = await svc.load(owner(), kind, ids, *OCT, "1")
        accounts = [a.id for a in inp.accounts]
        async with db.session() as s:
            charged = await s.scalar(
                select(func.sum(Charge.amount)).where(
                    Charge.account_id.in_(accounts), Charge.date.between(*OCT)
                )
            )
            paid = await s.scalar(
                select(func.coalesce(func.sum(Payment.amount), 0)).where(
                    Payment.account_id.in_(accounts), Payment.date.between(*OCT)
                )
            )
            now = await s.scalar(select(func.sum(Account.balance)).where(Account.id.in_(accounts)))
            after = await s.execute(
                select(func.coalesce(func.sum(Charge.amount), 0)).where(
                    Charge.account_id.in_(accounts), Charge.date > OCT[1]
                )
            )
            later_charges = after.scalar_one()
            later_paid = await s.scalar(
                select(func.coalesce(func.sum(Payment.amount), 0)).where(
                    Payment.account_id.in_(accounts), Payment.date > OCT[1]
                )
            )
        from services.documents.service import build_and_render

        charged, paid, now = int(charged), int(paid), int(now)
        later_charges, later_paid = int(later_charges), int(later_paid)
        doc_summary = dict(svc_summary(inp))
        assert doc_summary["Начислено за период"] == charged
        assert doc_summary["Оплачено за период"] == paid
        closing = doc_summary["Остаток на конец периода"]
        assert closing == doc_summary["Остаток на начало периода"] + paid - charged
        # and the closing balance runs on to today's balance through what came after
        assert closing + later_paid - later_charges == now
        assert build_and_render(inp, DocFormat.XML).total == closing


def svc_summary(inp):
    from services.documents.service import BUILDERS

    return BUILDERS[inp.kind](inp).summary


async def test_invoice_lines_vat_and_words(world):
    db = world
    ids = await some_numbers(db)
    inp = await service(db).load(owner(), DocKind.INVOICE, ids, *OCT, "5")
    accounts = [a.id for a in inp.accounts]
    async with db.session() as s:
        charged = await s.scalar(
            select(func.sum(Charge.amount)).where(
                Charge.account_id.in_(accounts), Charge.date.between(*OCT)
            )
        )
    from services.documents.service import BUILDERS

    doc = BUILDERS[DocKind.INVOICE](inp)
    summary = dict(doc.summary)
    charged = int(charged)
    assert summary["Всего к оплате"] == charged
    assert summary["Итого без НДС"] + summary["НДС 20 %"] == charged
    lines = doc.tables[0].rows
    assert sum(r[4] for r in lines) == summary["НДС 20 %"]
    assert abs(summary["НДС 20 %"] - charged / 6) <= len(lines)
    assert money_words(charged).split()[0] in doc.words
    buyer = doc.parties[1]
    assert buyer.inn.isdigit() and buyer.kpp.isdigit() and buyer.address  # requisites
    assert any(" от " in v for k, v in doc.facts if k == "Договор")  # contract date


async def test_unified_documents_add_up_every_contract(world):
    db = world
    svc = service(db)
    async with db.session() as s:
        total = int(
            await s.scalar(select(func.sum(Charge.amount)).where(Charge.date.between(*OCT)))
        )
        contracts = await s.scalar(select(func.count(func.distinct(Account.contract_id))))
    inv = await svc.make(owner(), DocKind.UNIFIED_INVOICE, DocFormat.XML, [], *OCT, "9")
    assert inv.total == total
    root = ET.fromstring(inv.content)
    ns = {"d": "urn:vm-bot:documents:1"}
    groups = {row.findtext("d:group", namespaces=ns) for row in root.iterfind(".//d:row", ns)}
    assert len(groups) == contracts
    act = await svc.make(owner(), DocKind.UNIFIED_ACT, DocFormat.XML, [], *OCT, "9")
    tables = ET.fromstring(act.content).findall("d:table", ns)
    assert len(tables) == contracts


async def test_call_details_add_up_to_traffic_and_charges(world):
    db = world
    ids = await some_numbers(db, 8)
    svc = service(db)
    inp = await svc.load(owner(), DocKind.CALL_DETAILS, ids, *OCT, "3")
    async with db.session() as s:
        usage = await q.usage_charges(s, ids, *OCT)
        voice = await s.scalar(
            select(func.sum(Traffic.voice_min)).where(
                Traffic.number_id.in_(ids), Traffic.period == OCT[0]
            )
        )
    from services.documents.service import BUILDERS

    doc = BUILDERS[DocKind.CALL_DETAILS](inp)
    assert dict(doc.summary)["Итого по детализации"] == usage
    assert sum(t.total[3] for t in doc.tables) == int(voice) * 60  # seconds
    assert sum(t.total[5] for t in doc.tables) == usage
    assert len(doc.tables) == len(ids)
    again = BUILDERS[DocKind.CALL_DETAILS](
        await svc.load(owner(), DocKind.CALL_DETAILS, ids, *OCT, "3")
    )
    assert again.tables == doc.tables  # deterministic: the same calls every time


def test_month_events_match_the_month_exactly():
    u = MonthUsage(42, OCT[0], dt.date(2026, 10, 12), 317, 23, 4567, 12_345, 2_001, 999)
    events = month_events(u, TODAY)
    calls = [e for e in events if e.kind == "call"]
    assert sum(e.amount for e in calls) == 317 * 60
    assert sum(e.cost for e in calls) == 12_345
    assert sum(1 for e in events if e.kind == "sms") == 23
    assert sum(e.amount for e in events if e.kind == "data") == 4567 * 1024
    assert sum(e.cost for e in events) == 12_345 + 2_001 + 999
    assert all(dt.date(2026, 10, 12) <= e.at.date() <= OCT[1] for e in events)
    assert events == month_events(u, TODAY)
    assert apportion(10, [1, 1, 1]) == [4, 3, 3] or sum(apportion(10, [1, 1, 1])) == 10


async def test_manager_sees_only_whole_accounts_of_their_department(world):
    db = world
    async with db.session() as s:
        dept = (await s.execute(select(Department.id, Department.path).limit(1))).one()
        sub = select(Department.id).where(Department.path.startswith(dept.path))
        mine = list(await s.scalars(select(Number.id).where(Number.department_id.in_(sub))))
        others = list(
            await s.scalars(
                select(Number.id).where(
                    (Number.department_id.not_in(sub)) | Number.department_id.is_(None)
                )
            )
        )
    grant = ScopedGrant(
        "manager", DEFAULT_ROLES["manager"], ScopeKind.DEPARTMENT, dept.id, dept.path
    )
    manager = Principal(2, 2, 1, "ru", "Manager", (grant,))
    svc = service(db)
    assert DocKind.UNIFIED_ACT not in svc.kinds(manager)
    with pytest.raises(DocumentError):
        await svc.make(manager, DocKind.UNIFIED_ACT, DocFormat.XML, [], *OCT)
    with pytest.raises(DocumentError):
        await svc.make(manager, DocKind.CALL_DETAILS, DocFormat.XML, others[:5], *OCT)
    if mine:
        numbers, _ = await svc.resolve(manager, DocKind.CALL_DETAILS, mine[:3] + others[:3])
        assert set(numbers) == set(mine[:3])


async def test_period_checks(world):
    svc = service(world)
    with pytest.raises(DocumentError, match="period_future"):
        await svc.make(owner(), DocKind.ACT, DocFormat.XML, [1], OCT[0], TODAY + dt.timedelta(1))
    with pytest.raises(DocumentError, match="period_long"):
        await svc.make(owner(), DocKind.ACT, DocFormat.XML, [1], dt.date(2025, 1, 1), OCT[1])


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.kop: list[int] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-kop" in a:
            self.kop.append(int(a["data-kop"]))


async def test_every_format_opens(world):
    db = world
    ids = await some_numbers(db, 3)
    svc = service(db)
    for fmt in DocFormat:
        r = await svc.make(owner(), DocKind.INVOICE, fmt, ids, *OCT, "7")
        if fmt == DocFormat.PDF:
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
            assert "Счёт расчётного периода № 7" in text
            assert "Стр. 1 из 1" in text
        elif fmt == DocFormat.XLSX:
            ws = load_workbook(io.BytesIO(r.content)).active
            values = [c for row in ws.iter_rows(values_only=True) for c in row]
            assert round(max(v for v in values if isinstance(v, float)) * 100) == r.total
        elif fmt == DocFormat.XML:
            assert ET.fromstring(r.content).get("kind") == "invoice"
        else:
            p = _Cells()
            p.feed(r.content.decode())
            assert r.total in p.kop


def test_money_words():
    assert money_words(2_200_001) == "Двадцать две тысячи рублей 01 копейка"
    assert money_words(100) == "Один рубль 00 копеек"
    assert money_words(123_456_789).startswith("Один миллион двести тридцать четыре тысячи")


async def test_order_big_file_split_and_mail_without_it(world):
    from services.documents.orders import DocumentOrders, OrderSpec
    from services.notifications import Outbox
    from storage.models import DocumentOrder, OutboxAttachment
    from storage.models import Outbox as OutboxRow

    db = world
    ids = await some_numbers(db, 3)
    orders = DocumentOrders(db, service(db), Outbox(db), email_limit=1000, telegram_limit=4000)
    spec = OrderSpec(DocKind.CALL_DETAILS, DocFormat.HTML, *OCT, tuple(ids), "a@b.ru")
    with pytest.raises(DocumentError, match="consent"):
        await orders.place(owner(), spec)  # paid: nothing without consent
    async with db.session() as s:
        assert await s.scalar(select(func.count(DocumentOrder.id))) == 0
    from dataclasses import replace

    from services.users import UserService

    users = UserService(db)
    await users.bootstrap([555])
    me = await users.principal(555)
    assert me is not None
    result = await orders.place(me, replace(spec, consent=True))
    assert result.cost == 3 * 1000 and not result.emailed
    assert len(result.parts) > 1 and all(len(p.content) <= 4000 for p in result.parts)
    assert result.parts[0].filename.endswith(".zip.001")
    joined = b"".join(p.content for p in result.parts)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(joined)) as z:
        assert z.read(result.filename).startswith(b"<!DOCTYPE html>")
    async with db.session() as s:
        mail = await s.get(OutboxRow, result.outbox_id)
        assert mail is not None and "только в чат" in mail.body
        attached = await s.scalar(
            select(func.count(OutboxAttachment.id)).where(
                OutboxAttachment.outbox_id == result.outbox_id
            )
        )
        assert attached == 0
