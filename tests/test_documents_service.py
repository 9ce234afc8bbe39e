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

from locales import translator
from services.access import Principal, ScopedGrant
from services.documents import DocFormat, DocKind, DocumentError, DocumentService, Requisites
from services.documents import queries as q
from services.documents.cdr import MonthUsage, apportion, month_events
from services.documents.service import BUILDERS
from services.documents.words import money_words
from services.users import DEFAULT_ROLES
from storage import demo
from storage.models import (
    Account,
    Charge,
    Company,
    Contract,
    Department,
    Number,
    Payment,
    ScopeKind,
    Traffic,
)

TODAY = dt.date(2026, 11, 1)
OPERATOR = Requisites("ПАО «Связь»", "7700000001", "770001001", "Москва, ул. Тверская, д. 1")
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def owner() -> Principal:
    grant = ScopedGrant("owner", DEFAULT_ROLES["owner"], ScopeKind.COMPANY)
    return Principal(1, 1, 1, "ru", "Owner", (grant,))


@pytest.fixture
async def world(db):
    await demo.generate(db, numbers=120, months=2, seed=7, today=TODAY)
    return db


def service(db) -> DocumentService:
    return DocumentService(db, OPERATOR, today=lambda: TODAY)


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
        doc_summary = {line.key: line.amount for line in svc_summary(inp)}
        assert doc_summary["charged"] == charged
        assert doc_summary["paid"] == paid
        closing = doc_summary["closing"]
        assert closing == doc_summary["opening"] + paid - charged
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
    summary = {line.label: line.amount for line in doc.summary}
    charged = int(charged)
    assert summary["Всего к оплате"] == charged
    assert summary["Итого без НДС"] + summary["НДС 20 %"] == charged
    lines = doc.tables[0].rows
    assert sum(r[4] for r in lines) == summary["НДС 20 %"]
    assert abs(summary["НДС 20 %"] - charged / 6) <= len(lines)
    assert doc.words.startswith(f"Всего к оплате: {money_words(charged)}")
    # the requisites come from the data: the company's record, its contracts, the settings
    async with db.session() as s:
        company = (await s.execute(select(Company.inn, Company.kpp, Company.legal_address))).one()
        signed = await s.scalar(
            select(Contract.signed_on).where(Contract.number == inp.accounts[0].contract_number)
        )
    supplier, buyer = doc.parties
    assert (supplier.name, supplier.inn, supplier.kpp) == (OPERATOR.name, "7700000001", "770001001")
    assert (buyer.inn, buyer.kpp, buyer.address) == tuple(company)
    assert signed is not None
    contract = dict(doc.facts)["Договор"]
    assert f"№ {inp.accounts[0].contract_number} от {signed:%d.%m.%Y}" in contract


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
    assert doc.summary[-1].label == "Итого по детализации"
    assert doc.total == usage
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


def _russian_only_texts() -> set[str]:
    """Every fixed Russian text of the documents that English says differently."""
    ru, en = translator("ru"), translator("en")
    out = set()
    for key in ru.keys():
        if key.startswith("docf-") and not key.startswith("docf-file-"):
            text = ru.plain(key)
            if "{" not in text and "$" not in text and text != en.plain(key):
                out.add(text)
    return out


def _strings(doc) -> list[str]:
    found = [doc.title, doc.heading, doc.words, *doc.notes, doc.labels.page, doc.labels.inn]
    found += [p.role for p in doc.parties] + [f"{k}: {v}" for k, v in doc.facts]
    found += [line.label for line in doc.summary]
    for t in doc.tables:
        found += [t.title, *(c.title for c in t.columns)]
        for row in [*t.rows[:50], t.total or ()]:
            found += [v for v in row if isinstance(v, str)]
    return found


async def test_an_english_user_gets_every_document_in_english(world):
    db = world
    ids = await some_numbers(db, 4)
    svc = service(db)
    russian = _russian_only_texts()
    assert "Всего к оплате" in russian and "Телефонные соединения" in russian
    for kind in DocKind:
        en = BUILDERS[kind](await svc.load(owner(), kind, ids, *OCT, "11", "en"))
        ru = BUILDERS[kind](await svc.load(owner(), kind, ids, *OCT, "11", "ru"))
        assert en.total == ru.total and en.rows == ru.rows  # the same figures
        assert [line.key for line in en.summary] == [line.key for line in ru.summary]
        text = "\n".join(_strings(en))
        assert "docf-" not in text + "\n".join(_strings(ru))  # no key without its text
        leaks = sorted(r for r in russian if r in text)
        assert not leaks, (kind, leaks)
        assert en.lang == "en" and "No. 11 of 01.11.2026" in en.heading
        # Russian writes the total out in words; English repeats the figure
        assert "рубл" in ru.words and "рубл" not in en.words and "RUB" in en.words
    r = await svc.make(owner(), DocKind.INVOICE, DocFormat.PDF, ids, *OCT, "12", "en")
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "Billing period invoice No. 12" in pdf and "Page 1 of 1" in pdf
    assert "INN" in pdf and "Total due" in pdf and "Стр." not in pdf
    assert r.filename.startswith("invoice-12-")
    html = (await svc.make(owner(), DocKind.ACT, DocFormat.HTML, ids, *OCT, "12", "en")).content
    assert b'<html lang="en">' in html and b"Closing balance" in html
    xml = await svc.make(owner(), DocKind.BALANCE, DocFormat.XML, ids, *OCT, "12", "en")
    root = ET.fromstring(xml.content)
    ns = {"d": "urn:vm-bot:documents:1"}
    closing = root.find("d:summary/d:line[@key='closing']", ns)
    assert root.get("lang") == "en" and closing is not None
    assert closing.get("name") == "Closing balance"
    assert round(float(closing.get("amount", "0")) * 100) == xml.total


async def test_an_english_letter_for_an_english_order(world):
    from services.documents.orders import DocumentOrders, OrderSpec
    from services.notifications import Outbox
    from storage.models import Outbox as OutboxRow

    db = world
    ids = await some_numbers(db, 2)
    orders = DocumentOrders(db, service(db), Outbox(db))
    spec = OrderSpec(DocKind.ACT, DocFormat.PDF, *OCT, tuple(ids), "cfo@example.com", lang="en")
    from services.users import UserService

    users = UserService(db)
    await users.bootstrap([556])
    me = await users.principal(556)
    assert me is not None
    result = await orders.place(me, spec)
    assert result.emailed and result.filename.startswith("reconciliation-act-")
    async with db.session() as s:
        mail = await s.get(OutboxRow, result.outbox_id)
    assert mail is not None
    assert mail.subject.startswith("Reconciliation act for 01.10.2026 — 31.10.2026")
    assert "Attached is the document" in mail.body and "Здравствуйте" not in mail.body


def test_without_operator_settings_the_demo_operator_speaks_the_documents_language() -> None:
    import datetime as dt

    from services.documents.builders import Inputs, operator_party
    from services.documents.model import DocKind
    from services.documents.queries import CompanyInfo

    day = dt.date(2026, 11, 1)
    company = CompanyInfo(1, "ООО «Ромашка»", "5401000000", "540101001", "Новосибирск")
    given = Requisites("", "7712345671", "771201001", "")
    for lang, name in (("ru", "ПАО «Телеком-Оператор»"), ("en", "PJSC Telecom-Operator")):
        inp = Inputs(DocKind.INVOICE, "1", day, day, day, company, given, lang)
        party = operator_party(inp)
        assert party.name == name and party.address and party.inn == "7712345671"
    custom = Inputs(DocKind.INVOICE, "1", day, day, day, company, OPERATOR, "en")
    assert operator_party(custom).name == "ПАО «Связь»"  # a configured name is printed as set
