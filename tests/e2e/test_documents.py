"""Financial documents through the real bot process and the fake Bot API server: every
document in every format, opened and checked against the database; the e-mail through a
real SMTP server on loopback; refused consent orders nothing; a manager cannot reach
documents outside their department, even with forged buttons."""

from __future__ import annotations

import asyncio
import io
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from services.notifications.mailer import MailSettings, MailWorker
from storage.db import Database
from tests.e2e.conftest import World
from tests.e2e.mail import bot_with_mail
from tests.e2e.test_numbers import add_manager
from tests.smtp_server import Recorder, smtp_server

SEED = "+79139479580"  # Иванов Иван Ольгович, Продажи Сибирь, ЛС 254396728931
OTHER = "+79139479689"  # Иванов Иван Михайлович, Отдел продаж (the parent department)
OCT = ("2026-10-01", "2026-10-31")  # «Прошлый месяц» for the bot: the demo's full month
KINDS = {
    "invoice": ("Счёт расчётного периода", "Всего к оплате"),
    "vat_invoice": ("Счёт-фактура", "Всего"),
    "call_details": ("Детализация разговоров", "Итого по детализации"),
    "balance": ("Отчёт по балансу", "Остаток на конец периода"),
    "act": ("Акт сверки", "Остаток на конец периода"),
    "unified_invoice": ("Единый счёт холдинга", "Всего к оплате"),
    "unified_act": ("Единый акт сверки", "Остаток на конец периода"),
}
FORMATS = ("PDF", "XLSX", "XML", "HTML")


def db_path(world: World) -> Path:
    return world.bot.workdir / "bot.sqlite3"


def query(world: World, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db_path(world)) as conn:
        return conn.execute(sql, args).fetchall()


def one(world: World, sql: str, *args: object) -> int:
    return int(query(world, sql, *args)[0][0] or 0)


def expected(world: World, kind: str, numbers: list[str]) -> int:
    """The document's bottom line, straight from the billing tables."""
    marks = ",".join("?" * len(numbers))
    if kind.startswith("unified"):
        accounts = "select id from accounts"
        args: tuple[object, ...] = ()
    else:
        accounts = f"select account_id from numbers where msisdn in ({marks})"
        args = tuple(numbers)
    if kind == "call_details":
        return one(
            world,
            "select sum(amount) from charges where category in ('calls','sms','data') "
            f"and date between ? and ? and number_id in (select id from numbers "
            f"where msisdn in ({marks}))",
            *OCT,
            *numbers,
        )
    if kind in ("invoice", "vat_invoice", "unified_invoice"):
        return one(
            world,
            f"select sum(amount) from charges where date between ? and ? "
            f"and account_id in ({accounts})",
            *OCT,
            *args,
        )
    # the balance at the end of October: today's, less what came after
    now = one(world, f"select sum(balance) from accounts where id in ({accounts})", *args)
    later_charges = one(
        world,
        f"select sum(amount) from charges where date > ? and account_id in ({accounts})",
        OCT[1],
        *args,
    )
    later_paid = one(
        world,
        f"select sum(amount) from payments where date > ? and account_id in ({accounts})",
        OCT[1],
        *args,
    )
    return now - later_paid + later_charges


def kopecks(text: str) -> int:
    clean = text.replace("\xa0", "").replace("\u202f", "").replace(" ", "").replace("₽", "")
    sign = -1 if clean.startswith("-") else 1
    roubles, kop = clean.lstrip("-").split(",")
    return sign * (int(roubles) * 100 + int(kop))


class _Summary(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str | None]] = []
        self._kop: str | None = None
        self._in_td = False

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self._in_td = True
            self._kop = dict(attrs).get("data-kop")

    def handle_endtag(self, tag):
        self._in_td = False

    def handle_data(self, data):
        if self._in_td:
            self.cells.append((data.strip(), self._kop))


def bottom_line(fmt: str, data: bytes, label: str) -> int:
    """Open the file the way its reader would and find the labelled amount."""
    if fmt == "PDF":
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert re.search(r"Стр\. 1 из \d+", text)
        found = re.findall(rf"^{re.escape(label)}\s+(-?[\d\s\xa0]+,\d\d)\s*₽", text, re.M)
        return kopecks(found[-1])
    if fmt == "XLSX":
        ws = load_workbook(io.BytesIO(data)).active
        rows = [r for r in ws.iter_rows(values_only=True) if r and r[0] == label]
        value = rows[-1][1]
        assert isinstance(value, float | int)  # a typed number, not text
        return round(value * 100)
    if fmt == "XML":
        root = ET.fromstring(data)
        ns = {"d": "urn:vm-bot:documents:1"}
        line = root.find(f"d:summary/d:line[@name='{label}']", ns)
        assert line is not None
        return kopecks(line.get("amount", "").replace(".", ","))
    parser = _Summary()
    parser.feed(data.decode("utf-8"))
    cells = parser.cells
    i = max(k for k, (text, _) in enumerate(cells) if text == label)
    kop = cells[i + 1][1]
    assert kop is not None
    return int(kop)


class Wizard:
    def __init__(self, world: World, user) -> None:
        self.fake, self.user = world.fake, user
        self.msg = None

    async def open(self, menu: str = "Виртуальный менеджер", button: str = "📄 Документы") -> None:
        await self.fake.send_command(self.user, "/start")
        self.msg = await self.fake.wait_text(self.user, menu)
        await self.click(button, re.compile("Финансовые документы|Financial documents"))

    async def click(self, button, expect):
        await self.fake.click(self.user, self.msg, button)
        self.msg = await self.fake.wait_text(self.user, expect)
        return self.msg

    async def send(self, text: str, expect):
        await self.fake.send_message(self.user, text)
        self.msg = await self.fake.wait_text(self.user, expect)
        return self.msg

    async def order(self, title: str, fmt: str, email: str | None = None, paid: bool = False):
        """One document, last month, through every step; the file that arrived."""
        await self.click(title, "За какой период?")
        await self.click(re.compile("Прошлый месяц"), "Куда отправить")
        if email:
            await self.send(email, "В каком формате?")
        else:
            await self.click("💬 Только в чат", "В каком формате?")
        if paid:
            await self.click(re.compile(fmt), "платная услуга")
            await self.click("✅ Согласен, заказать", "Проверьте заявку")
        else:
            await self.click(re.compile(fmt), "Проверьте заявку")
        await self.fake.click(self.user, self.msg, "▶️ Выполнить")
        done = await self.fake.wait_text(self.user, "выполнена", timeout=60)
        file_msg = next(
            m
            for m in reversed(self.fake.messages(self.user))
            if m.kind == "document" and "Заявка №" in m.content
        )
        self.msg = done
        order = int(re.search(r"Заявка № (\d+)", done.content).group(1))
        return order, self.fake.file_bytes(file_msg), file_msg

    async def again(self) -> None:
        await self.click("📄 Другой документ", "Финансовые документы")


async def test_every_document_in_every_format(world: World) -> None:
    owner = world.owner
    w = Wizard(world, owner)
    await w.open()
    await w.send(f"{SEED}\n{OTHER}", "Выбрано: 2 номера")
    seen = 0
    for kind, (title, label) in KINDS.items():
        want = expected(world, kind, [SEED, OTHER])
        for fmt in FORMATS:
            order, data, msg = await w.order(title, fmt, paid=kind == "call_details")
            got = bottom_line(fmt, data, label)
            assert got == want, (kind, fmt, got, want)
            assert msg.document["file_name"].endswith("." + fmt.lower())
            seen += 1
            status = query(
                world, "select status, kind, fmt from document_orders where id = ?", order
            )
            assert status == [("done", kind, fmt.lower())]
            await w.again()
    assert seen == 28
    assert "upload_document" in world.fake.chat_actions(owner)
    # each order is a numbered request in the action history, with its status
    history = query(world, "select status from history where action like 'document.%'")
    assert len(history) == 28 and {h[0] for h in history} == {"done"}
    # call details were paid: 4 orders x 2 numbers x 10 ₽, charged to the numbers
    fees = one(world, "select sum(amount) from charges where category = 'ops' and date > ?", OCT[1])
    assert fees == 4 * 2 * 1000


async def test_email_and_refused_consent(world: World) -> None:
    owner = world.owner
    w = Wizard(world, owner)
    await w.open()
    await w.send(SEED, "Выбрано: 1 номер")
    # a typo in the address is a sentence, not an order
    await w.click("🤝 Акт сверки", "За какой период?")
    await w.click(re.compile("Прошлый месяц"), "Куда отправить")
    await w.send("buh@romashka", "не адрес электронной почты")
    await w.click("◀️ Назад", "За какой период?")
    await w.click("◀️ Назад", "Финансовые документы")
    order, data, _ = await w.order("🤝 Акт сверки", "PDF", email="buh@romashka.ru")
    assert "Копия отправлена на buh@romashka.ru" in w.msg.content
    # the letter leaves through a real SMTP server, the PDF attached
    with smtp_server() as (recorder, port):
        db = Database(f"sqlite+aiosqlite:///{db_path(world)}")
        try:
            sent = await MailWorker(db, MailSettings(host="127.0.0.1", port=port)).run_once()
        finally:
            await db.close()
    assert sent == 1 and len(recorder.received) == 1
    letter = recorder.received[0]
    assert letter["To"] == "buh@romashka.ru"
    assert f"заявка № {order}" in str(letter["Subject"]) or str(order) in str(letter["Subject"])
    attached = [p for p in letter.walk() if p.get_filename()]
    assert len(attached) == 1 and attached[0].get_payload(decode=True) == data

    # refusing the paid part orders nothing and charges nothing
    await w.again()
    before = one(world, "select count(*) from document_orders")
    fees = one(world, "select count(*) from charges where category = 'ops'")
    await w.click("📞 Детализация разговоров", "За какой период?")
    await w.click(re.compile("Прошлый месяц"), "Куда отправить")
    await w.click("💬 Только в чат", "В каком формате?")
    await w.click("📗 XLSX", "платная услуга")
    await w.click("✖️ Отказаться", "Заказ отменён")
    assert one(world, "select count(*) from document_orders") == before
    assert one(world, "select count(*) from charges where category = 'ops'") == fees
    assert not [
        m for m in world.fake.messages(owner) if m.kind == "document" and "XLSX" in m.content
    ]


async def test_manager_cannot_order_outside_their_department(world: World) -> None:
    fake = world.fake
    manager = world.user("Пётр")
    add_manager(world, manager.id, "Продажи Сибирь")
    w = Wizard(world, manager)
    await w.open()
    menu = w.msg
    kinds = [b for b in menu.buttons]
    assert "🏢 Единый акт сверки" not in kinds and "🏢 Единый счёт холдинга" not in kinds
    # a number of the parent department does not exist for them
    await w.send(OTHER, "Не найдены среди доступных вам номеров")
    # a forged button: the holding's act, which their role in this scope does not give
    button = next(b for b in w.msg.inline_buttons if "Акт сверки" in b["text"])
    forged = re.sub(r"act$", "unified_act", button["callback_data"])
    assert forged != button["callback_data"]
    before = one(world, "select count(*) from document_orders")
    query_id = await fake.click_data(manager, w.msg, forged)
    answer = await fake.wait_callback_answer(query_id)
    assert "недоступно" in (answer.get("text") or "")
    await w.send(SEED, "Выбрано: 1 номер")
    # their own number: call details work, and the file has only that number
    _order, data, _ = await w.order("📞 Детализация разговоров", "XML", paid=True)
    root = ET.fromstring(data)
    ns = {"d": "urn:vm-bot:documents:1"}
    titles = [t.get("title") for t in root.findall("d:table", ns)]
    assert len(titles) == 1 and "947-95-80" in titles[0]
    assert one(world, "select count(*) from document_orders where kind = 'unified_act'") == 0
    assert one(world, "select count(*) from document_orders") == before + 1


async def letter_to(server: Recorder, address: str):
    """The letter the SMTP server got for `address` (the bot's mail worker runs each second)."""
    for _ in range(300):
        found = [m for m in server.received if m["To"] == address]
        if found:
            return found[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no letter to {address}: {[m['To'] for m in server.received]}")


def last_file(world: World, user, caption: str):
    return next(
        m
        for m in reversed(world.fake.messages(user))
        if m.kind == "document" and caption in m.content
    )


def kopecks_en(text: str) -> int:
    clean = text.replace(",", "").replace("₽", "").strip()
    sign = -1 if clean.startswith("-") else 1
    roubles, kop = clean.lstrip("-").split(".")
    return sign * (int(roubles) * 100 + int(kop))


async def test_an_english_user_gets_english_documents_and_letter(
    tmp_path: Path, demo_template: Path
) -> None:
    async with bot_with_mail(tmp_path, demo_template) as (world, server):
        fake = world.fake
        owner = fake.add_user(
            type(world.owner)(id=world.owner.id, first_name="Olga", language_code="en-GB")
        )
        w = Wizard(world, owner)
        await w.open("Virtual Manager", "📄 Documents")
        await w.send(SEED, "Selected: 1 number")
        # the invoice as PDF, mailed to a typed address
        await w.click("🧾 Billing period invoice", "For which period?")
        await w.click(re.compile("Last month"), "Where should the document be e-mailed?")
        await w.send("cfo@romashka.example", "Which format?")
        await w.click(re.compile("PDF"), "Check the order")
        await fake.click(owner, w.msg, "▶️ Run")
        done = w.msg = await fake.wait_text(owner, "is done", timeout=60)
        assert "A copy was sent to cfo@romashka.example" in done.content
        file_msg = next(
            m
            for m in reversed(fake.messages(owner))
            if m.kind == "document" and "Order No." in m.content
        )
        assert file_msg.document["file_name"].startswith("invoice-")
        data = fake.file_bytes(file_msg)
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert re.search(r"Billing period invoice No\. \d+ of \d\d\.\d\d\.\d{4}", text)
        assert re.search(r"Page 1 of \d+", text) and "INN" in text and "Subscription fee" in text
        assert "Всего" not in text and "Стр." not in text and "рубл" not in text
        due = re.findall(r"^Total due\s+(-?[\d,]+\.\d\d)\s*₽", text, re.M)
        assert kopecks_en(due[-1]) == expected(world, "invoice", [SEED])
        # the letter is English too, with the same PDF attached
        letter = await letter_to(server, "cfo@romashka.example")
        assert str(letter["Subject"]).startswith("Billing period invoice for 01.10.2026")
        body = next(p for p in letter.walk() if p.get_content_type() == "text/plain")
        assert "Attached is the document" in body.get_payload(decode=True).decode()
        attached = [p for p in letter.walk() if p.get_filename()]
        assert [p.get_payload(decode=True) for p in attached] == [data]

        # the reconciliation act as XLSX: English labels, typed figures
        await w.click("📄 Another document", "Financial documents")
        await w.click("🤝 Reconciliation act", "For which period?")
        await w.click(re.compile("Last month"), "Where should the document be e-mailed?")
        await w.click("💬 Chat only", "Which format?")
        await w.click(re.compile("XLSX"), "Check the order")
        await fake.click(owner, w.msg, "▶️ Run")
        await fake.wait_text(owner, "is done", timeout=60)
        sheet = next(
            m
            for m in reversed(fake.messages(owner))
            if m.kind == "document" and "Order No." in m.content
        )
        ws = load_workbook(io.BytesIO(fake.file_bytes(sheet))).active
        rows = [r for r in ws.iter_rows(values_only=True) if r and r[0] == "Closing balance"]
        assert isinstance(rows[-1][1], float | int)
        assert round(rows[-1][1] * 100) == expected(world, "act", [SEED])
        cells = " ".join(str(c) for r in ws.iter_rows(values_only=True) for c in r if c)
        assert "Reconciliation act No." in cells and "Opening balance" in cells
        assert "Сальдо" not in cells and "Начисления" not in cells


async def test_a_big_file_is_split_for_the_chat_and_only_announced_by_mail(
    tmp_path: Path, demo_template: Path
) -> None:
    limits = {"TELEGRAM_FILE_LIMIT_MB": "0.01", "DOCUMENT_EMAIL_LIMIT_MB": "0.005"}
    async with bot_with_mail(tmp_path, demo_template, **limits) as (world, server):
        fake, owner = world.fake, world.owner
        w = Wizard(world, owner)
        await w.open()
        await w.send(f"{SEED}\n{OTHER}", "Выбрано: 2 номера")
        await w.click("📞 Детализация разговоров", "За какой период?")
        await w.click(re.compile("Прошлый месяц"), "Куда отправить")
        await w.send("buh@romashka.ru", "В каком формате?")
        await w.click(re.compile("PDF"), "платная услуга")
        await w.click("✅ Согласен, заказать", "Проверьте заявку")
        await fake.click(owner, w.msg, "▶️ Выполнить")
        done = await fake.wait_text(owner, "выполнена", timeout=60)
        order = int(re.search(r"Заявка № (\d+)", done.content).group(1))
        assert "разделён на" in done.content
        assert "Файл слишком большой для почты" in done.content
        parts = [
            m
            for m in fake.messages(owner)
            if m.kind == "document" and ".zip." in m.document["file_name"]
        ]
        names = [m.document["file_name"] for m in parts]
        assert len(parts) > 1 and names[0].endswith(".pdf.zip.001"), names
        assert names == sorted(names)
        assert all(len(fake.file_bytes(m)) <= 0.01 * 1024 * 1024 for m in parts)
        joined = b"".join(fake.file_bytes(m) for m in parts)
        with zipfile.ZipFile(io.BytesIO(joined)) as z:
            (inner,) = z.namelist()
            pdf = z.read(inner)
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        found = re.findall(r"^Итого по детализации\s+(-?[\d\s\xa0]+,\d\d)\s*₽", text, re.M)
        assert kopecks(found[-1]) == expected(world, "call_details", [SEED, OTHER])
        # the letter carries no file, only the word that it is in the chat
        letter = await letter_to(server, "buh@romashka.ru")
        assert str(order) in str(letter["Subject"])
        assert not [p for p in letter.walk() if p.get_filename()]
        body = next(p for p in letter.walk() if p.get_content_type() == "text/plain")
        assert "доставлен только в чат" in body.get_payload(decode=True).decode()
