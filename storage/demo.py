"""Deterministic demo holding: ООО «Ромашка», four regional contracts and a year of history.

The same seed and `today` give byte-identical rows. Everything is drawn from one
`random.Random(seed)` in a fixed order, so any change to the order of draws changes the data:
keep new draws at the end of a step if existing demo data should stay as it is.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Index, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import CreateIndex, DropIndex

from storage import models as m
from storage.db import Database

__all__ = [
    "COMPANY_NAME",
    "SEED_ACCOUNTS",
    "SEED_NUMBERS",
    "DemoDataError",
    "DemoSummary",
    "generate",
    "is_empty",
    "luhn_check_digit",
]

COMPANY_NAME = "ООО «Ромашка»"
EMAIL_DOMAIN = "romashka.example"

# Numbers generated per flush: ~100k charge rows, small enough to keep memory flat.
CHUNK_NUMBERS = 2000
# Page cache for the loading connection (KiB, negative = size): index inserts stay in memory.
SQLITE_LOAD_CACHE_KIB = 65536


@dataclass(frozen=True)
class _ContractSpec:
    number: str
    name: str
    region: str
    timezone: str
    share: float  # of all numbers
    def_codes: tuple[int, ...]  # mobile codes of the region, +7 9XX
    landline: int  # city code for forwarding targets
    iccid_region: str
    city: str
    tariffs: tuple[str, ...]


CONTRACTS: tuple[_ContractSpec, ...] = (
    _ContractSpec(
        "123310460098",
        "«Ромашка» Краснодар",
        "Краснодарский край",
        "Europe/Moscow",
        0.30,
        (918, 988),
        861,
        "23",
        "Краснодар",
        ("smart_start", "smart_m", "smart_l", "smart_unlim", "corporate"),
    ),
    _ContractSpec(
        "125384841610",
        "«Ромашка» Приморье",
        "Приморский край",
        "Asia/Vladivostok",
        0.15,
        (914, 984),
        423,
        "25",
        "Владивосток",
        ("smart_start", "smart_m", "corporate"),
    ),
    _ContractSpec(
        "154396712662",
        "«Ромашка» Сибирь",
        "Новосибирская область",
        "Asia/Novosibirsk",
        0.33,
        (913, 983),
        383,
        "54",
        "Новосибирск",
        ("smart_start", "smart_m", "smart_l", "corporate"),
    ),
    _ContractSpec(
        "178345966699",
        "«Ромашка» Северо-Запад",
        "Санкт-Петербург",
        "Europe/Moscow",
        0.22,
        (911, 981),
        812,
        "78",
        "Санкт-Петербург",
        ("smart_start", "smart_m", "smart_l", "smart_unlim"),
    ),
)

# code, name, monthly fee (kop), description
TARIFFS: tuple[tuple[str, str, int, str], ...] = (
    (
        "smart_start",
        "Smart Business Start",
        52500,
        "400 минут на номера России, 10 ГБ интернета, 100 SMS. Звонки внутри компании — "
        "без ограничений.",
    ),
    (
        "smart_m",
        "Smart Business M",
        73500,
        "800 минут на номера России, 25 ГБ интернета, 300 SMS. Звонки внутри компании — "
        "без ограничений.",
    ),
    (
        "smart_l",
        "Smart Business L",
        105000,
        "2000 минут на номера России, 40 ГБ интернета, 500 SMS, раздача интернета без ограничений.",
    ),
    (
        "smart_unlim",
        "Умный бизнес Безлимит",
        150000,
        "Безлимитные звонки на номера России и безлимитный интернет. Для руководителей и "
        "сотрудников, которые всегда на связи.",
    ),
    (
        "corporate",
        "Корпоративный",
        30000,
        "Бесплатные звонки внутри корпоративной сети, остальное — поминутно. Подходит для "
        "модемов, терминалов и служебных номеров.",
    ),
)

# code, name, price (kop), periodic, description
SERVICES: tuple[tuple[str, str, int, bool, str], ...] = (
    (
        "sms_world_100",
        "100 SMS в поездках по миру",
        25000,
        False,
        "Собираетесь в командировку за пределы Европы? Подключайте разовый пакет «100 SMS в "
        "поездках по миру»! Экономьте на отправке сообщений в заграничной поездке!",
    ),
    (
        "sms_world_150",
        "150 SMS в поездках по миру",
        35000,
        False,
        "Собираетесь в командировку за пределы Европы? Подключайте разовый пакет «150 SMS в "
        "поездках по миру»! Экономьте на отправке сообщений в заграничной поездке!",
    ),
    (
        "sms_europe_150",
        "150 SMS в Европе",
        30000,
        False,
        "Собираетесь в командировку в европейские страны? Подключайте разовый пакет «150 SMS в "
        "Европе» и экономьте на отправке сообщений в заграничной поездке!",
    ),
    (
        "sms_russia_50",
        "50 SMS в поездках по России",
        9000,
        True,
        "Пакет действует 30 дней, в него входят SMS-сообщения на любые мобильные номера России "
        "и мира. Действует только за пределами домашнего региона.",
    ),
    (
        "apple_music",
        "Apple Music",
        16900,
        True,
        "Слушайте любимую музыку на всех ваших устройствах без рекламы — онлайн или офлайн. "
        "169 рублей в месяц.",
    ),
    (
        "caller_id",
        "Определитель номера",
        0,
        True,
        "Показывает номер звонящего абонента на экране телефона.",
    ),
    (
        "paid_incoming_ban",
        "Запрет входящих с платных номеров",
        0,
        True,
        "Защищает от входящих звонков и SMS с платных номеров и коротких номеров "
        "контент-провайдеров.",
    ),
    (
        "internet_10gb",
        "Мобильный интернет 10 ГБ",
        40000,
        True,
        "Дополнительные 10 ГБ в месяц сверх пакета тарифного плана.",
    ),
    (
        "internet_30gb",
        "Мобильный интернет 30 ГБ",
        80000,
        True,
        "Дополнительные 30 ГБ в месяц сверх пакета тарифного плана.",
    ),
    (
        "roaming_world",
        "Роуминг-пакет Весь мир",
        49000,
        True,
        "Минуты и интернет в поездках по всему миру по единой цене в сутки.",
    ),
    (
        "forwarding",
        "Переадресация",
        0,
        True,
        "Переадресация вызовов на другой номер: всегда, при занятости, при отсутствии ответа "
        "или недоступности.",
    ),
    (
        "voicemail",
        "Голосовая почта",
        3500,
        True,
        "Принимает сообщения, когда вы не можете ответить, и присылает уведомление в SMS.",
    ),
    ("conference", "Конференц-связь", 5000, True, "Разговор одновременно с пятью собеседниками."),
)

# A tariff allows these services; roaming SMS packs only on some of them.
_BASIC = ("caller_id", "paid_incoming_ban", "forwarding", "voicemail")
TARIFF_SERVICES: dict[str, tuple[str, ...]] = {
    "smart_start": (*_BASIC, "apple_music", "internet_10gb", "internet_30gb", "sms_russia_50"),
    "smart_m": (
        *_BASIC,
        "apple_music",
        "internet_10gb",
        "internet_30gb",
        "sms_russia_50",
        "sms_world_100",
        "sms_world_150",
        "sms_europe_150",
        "conference",
    ),
    "smart_l": (
        *_BASIC,
        "apple_music",
        "internet_10gb",
        "sms_world_100",
        "sms_world_150",
        "sms_europe_150",
        "roaming_world",
        "conference",
    ),
    "smart_unlim": (
        *_BASIC,
        "apple_music",
        "sms_world_100",
        "sms_world_150",
        "sms_europe_150",
        "roaming_world",
        "conference",
    ),
    "corporate": (*_BASIC, "internet_10gb", "sms_russia_50"),
}
# Packs of the same kind exclude each other (stored in both directions).
SERVICE_CONFLICTS: tuple[tuple[str, str], ...] = (
    ("sms_world_100", "sms_world_150"),
    ("internet_10gb", "internet_30gb"),
)

# (name, parent index or None); ids are index + 1, so the root is "/1/".
DEPARTMENTS: tuple[tuple[str, int | None], ...] = (
    ("Дирекция", None),  # 1
    ("Отдел продаж", 0),  # 2
    ("Продажи Юг", 1),  # 3
    ("Продажи Сибирь", 1),  # 4
    ("Продажи Дальний Восток", 1),  # 5
    ("Продажи Северо-Запад", 1),  # 6
    ("Бухгалтерия", 0),  # 7
    ("ИТ", 0),  # 8
    ("Склад", 0),  # 9
    ("Логистика", 0),  # 10
)
# Where people of each contract work: department id -> weight; 0 = no department.
_DEPT_WEIGHTS: tuple[dict[int, int], ...] = (
    {0: 5, 1: 4, 2: 3, 3: 30, 7: 6, 8: 6, 9: 18, 10: 28},
    {0: 5, 2: 2, 5: 40, 9: 25, 10: 28},
    {0: 5, 2: 3, 4: 36, 7: 5, 8: 6, 9: 20, 10: 25},
    {0: 5, 1: 8, 2: 3, 6: 30, 7: 8, 8: 10, 9: 12, 10: 24},
)
_DEPT_COMMENTS: dict[int, tuple[str, ...]] = {
    0: ("резерв", "временный сотрудник", "не используется", "стажёр"),
    1: ("приёмная", "заместитель директора", "помощник руководителя", "секретарь"),
    2: ("ОРКК", "Монитор Н.", "руководитель направления", "ключевые клиенты"),
    3: ("торговый представитель", "супервайзер", "ОРКК", "менеджер по продажам"),
    4: ("торговый представитель", "супервайзер", "Монитор Н.", "менеджер по продажам"),
    5: ("торговый представитель", "менеджер по продажам", "супервайзер"),
    6: ("торговый представитель", "менеджер по продажам", "ОРКК", "тендеры"),
    7: ("главный бухгалтер", "расчёт зарплаты", "кассир", "бухгалтер"),
    8: ("дежурный телефон", "тестовый номер", "системный администратор", "поддержка 1С"),
    9: ("кладовщик", "склад, смена 2", "старший смены", "приёмка товара"),
    10: ("водитель", "экспедитор", "диспетчер", "водитель, маршрут 3", "водитель-экспедитор"),
}
# Numbers without a holder: devices rather than people.
_DEVICE_COMMENTS = (
    "модем",
    "терминал оплаты",
    "GPS-трекер",
    "охранная сигнализация",
    "роутер, офис",
    "ТСД склада",
)
_ACCOUNT_PURPOSES = (
    "Основной",
    "Руководство",
    "Продажи",
    "Водители",
    "Склад",
    "Модемы и M2M",
    "Бухгалтерия",
    "Сезонные сотрудники",
    "Филиал",
)

_TARIFF_WEIGHTS = {
    "smart_start": 30,
    "smart_m": 30,
    "smart_l": 14,
    "smart_unlim": 8,
    "corporate": 18,
}


@dataclass(frozen=True)
class _SeedNumber:
    msisdn: str
    holder: str
    comment: str
    account: str
    department_id: int | None
    tariff: str
    email: str | None


# Numbers shown in the operator's presentation, kept so demos match its screenshots.
SEED_NUMBERS: tuple[_SeedNumber, ...] = (
    _SeedNumber(
        "+79139479580",
        "Иванов Иван Ольгович",
        "ОРКК",
        "254396728931",
        4,
        "smart_m",
        f"ivanov.i@{EMAIL_DOMAIN}",
    ),
    _SeedNumber(
        "+79139479689",
        "Иванов Иван Михайлович",
        "комментарий 2 Монитор Н.",
        "254396728932",
        2,
        "smart_l",
        None,
    ),
    _SeedNumber(
        "+79811331355", "", "исполнительный директор", "278346507984", 1, "smart_unlim", None
    ),
    _SeedNumber(
        "+79816914463", "", "Рязань тестирует ВМ", "278346507985", None, "smart_start", None
    ),
)
SEED_ACCOUNTS: dict[str, tuple[str, ...]] = {
    "154396712662": ("254396728931", "254396728932"),
    "178345966699": ("278346507984", "278346507985"),
}

_SURNAMES = (
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Ковальчук",
    "Шевченко",
    "Бондаренко",
    "Черных",
    "Островский",
    "Вишневский",
    "Толстой",
)
# Given name with the patronymics it gives to a son and a daughter.
_MALE_NAMES = (
    ("Александр", "Александрович", "Александровна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Антон", "Антонович", "Антоновна"),
    ("Артём", "Артёмович", "Артёмовна"),
    ("Борис", "Борисович", "Борисовна"),
    ("Вадим", "Вадимович", "Вадимовна"),
    ("Валерий", "Валерьевич", "Валерьевна"),
    ("Василий", "Васильевич", "Васильевна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Виталий", "Витальевич", "Витальевна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Владислав", "Владиславович", "Владиславовна"),
    ("Геннадий", "Геннадьевич", "Геннадьевна"),
    ("Георгий", "Георгиевич", "Георгиевна"),
    ("Григорий", "Григорьевич", "Григорьевна"),
    ("Денис", "Денисович", "Денисовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Егор", "Егорович", "Егоровна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Игорь", "Игоревич", "Игоревна"),
    ("Илья", "Ильич", "Ильинична"),
    ("Кирилл", "Кириллович", "Кирилловна"),
    ("Константин", "Константинович", "Константиновна"),
    ("Леонид", "Леонидович", "Леонидовна"),
    ("Максим", "Максимович", "Максимовна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Никита", "Никитич", "Никитична"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Павел", "Павлович", "Павловна"),
    ("Пётр", "Петрович", "Петровна"),
    ("Роман", "Романович", "Романовна"),
    ("Руслан", "Русланович", "Руслановна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Станислав", "Станиславович", "Станиславовна"),
    ("Степан", "Степанович", "Степановна"),
    ("Тимур", "Тимурович", "Тимуровна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
    ("Ярослав", "Ярославович", "Ярославовна"),
)
_FEMALE_NAMES = (
    "Анастасия",
    "Анна",
    "Алина",
    "Валентина",
    "Валерия",
    "Вера",
    "Виктория",
    "Галина",
    "Дарья",
    "Евгения",
    "Екатерина",
    "Елена",
    "Елизавета",
    "Ирина",
    "Карина",
    "Ксения",
    "Лариса",
    "Людмила",
    "Марина",
    "Мария",
    "Надежда",
    "Наталья",
    "Нина",
    "Оксана",
    "Ольга",
    "Полина",
    "Светлана",
    "Софья",
    "Татьяна",
    "Юлия",
)
_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)

_FORWARD_CONDITIONS = ("always", "busy", "no_answer", "unreachable")
_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


class DemoDataError(RuntimeError):
    """The database is not in a state the demo data can be loaded into."""


@dataclass(frozen=True)
class DemoSummary:
    companies: int
    contracts: int
    accounts: int
    departments: int
    numbers: int
    charges: int
    payments: int
    traffic: int
    seconds: float

    def describe(self) -> str:
        return (
            f"Demo data loaded: {self.companies} company, {self.contracts} contracts, "
            f"{self.accounts} personal accounts, {self.departments} departments, "
            f"{self.numbers:,} numbers with {self.charges:,} charges, {self.payments:,} payments "
            f"and {self.traffic:,} traffic rows in {self.seconds:.1f} s."
        )


# Tables whose rows would collide with the demo's fixed primary keys and unique codes.
_OWNED_TABLES: tuple[Table, ...] = tuple(
    t.__table__  # type: ignore[misc]
    for t in (m.Company, m.Contract, m.Account, m.Tariff, m.Service, m.Department, m.Number)
)


async def is_empty(db: Database) -> bool:
    async with db.session() as session:
        return await _is_empty(await session.connection())


async def _is_empty(conn: AsyncConnection) -> bool:
    for table in _OWNED_TABLES:
        if await conn.scalar(select(table.c.id).limit(1)) is not None:
            return False
    return True


async def generate(
    db: Database,
    *,
    numbers: int = 300,
    months: int = 12,
    seed: int = 7,
    today: dt.date | None = None,
) -> DemoSummary:
    """Load the demo holding into an empty database in one transaction."""
    if numbers < len(CONTRACTS) * 3:
        raise ValueError(f"numbers must be at least {len(CONTRACTS) * 3}, got {numbers}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    started = time.perf_counter()
    async with db.transaction() as session:
        conn = await session.connection()
        if not await _is_empty(conn):
            raise DemoDataError(
                "the database already holds companies or numbers; demo data is loaded only "
                "into an empty database"
            )
        cache_size = None
        if conn.dialect.name == "sqlite":
            cache_size = (await conn.exec_driver_sql("PRAGMA cache_size")).scalar()
            await conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_LOAD_CACHE_KIB}")
        try:
            builder = _Builder(
                _Sink(conn), random.Random(seed), today or dt.date.today(), numbers, months
            )
            await builder.run()
        finally:
            if cache_size is not None:  # the pooled connection goes back as it came
                await conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size)}")
        if conn.dialect.name == "postgresql":
            await _advance_sequences(conn)
    c = builder.sink.counts
    return DemoSummary(
        companies=1,
        contracts=len(CONTRACTS),
        accounts=c["accounts"],
        departments=len(DEPARTMENTS),
        numbers=c.get("numbers", 0),
        charges=c.get("charges", 0),
        payments=c.get("payments", 0),
        traffic=c.get("traffic", 0),
        seconds=time.perf_counter() - started,
    )


class _Sink:
    """Bulk insert of driver-ready tuples.

    Core `insert()` with a list of dicts spends more per row binding parameters than it
    takes to generate them (measured ~13 s vs ~8 s per million charge rows on SQLite), so
    statements are compiled once for the dialect and executed as plain executemany. The only
    values the driver cannot take as they are, dates and datetimes, are converted by the
    dialect's own bind processors through `date()` and `ts()`. On asyncpg, whose executemany
    is still a round of statements (~85 s for 50k numbers), big batches go through COPY.
    """

    COPY_FROM = 1000  # rows; below that COPY's setup costs more than it saves

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        dialect = conn.dialect
        self._statements: dict[tuple[str, tuple[str, ...]], tuple[str, bool]] = {}
        date_proc = m.Charge.__table__.c.date.type.dialect_impl(dialect).bind_processor(dialect)
        ts_proc = m.Number.__table__.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
        self._date_proc: Callable[[Any], Any] = date_proc or (lambda v: v)
        self._ts_proc: Callable[[Any], Any] = ts_proc or (lambda v: v)
        self._dates: dict[dt.date, Any] = {}
        self._copy: Callable[..., Any] | None = None
        self._copy_checked = False
        self.counts: dict[str, int] = {}

    def date(self, value: dt.date) -> Any:
        found = self._dates.get(value)
        if found is None:
            found = self._dates[value] = self._date_proc(value)
        return found

    def ts(self, value: dt.datetime | None) -> Any:
        return None if value is None else self._ts_proc(value)

    async def add(
        self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
    ) -> None:
        if not rows:
            return
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
        if len(rows) >= self.COPY_FROM and await self._copier():
            assert self._copy is not None
            await self._copy(table.name, records=rows, columns=list(columns))
            return
        key = (table.name, columns)
        if key not in self._statements:
            compiled = insert(table).compile(dialect=self.conn.dialect, column_keys=list(columns))
            if compiled.positional and list(compiled.positiontup or ()) != list(columns):
                raise AssertionError(f"unexpected parameter order for {table.name}")
            self._statements[key] = (compiled.string, compiled.positional)
        sql, positional = self._statements[key]
        params: Sequence[Any] = (
            rows if positional else [dict(zip(columns, r, strict=True)) for r in rows]
        )
        await self.conn.exec_driver_sql(sql, params)  # type: ignore[arg-type]

    async def _copier(self) -> bool:
        if not self._copy_checked:
            self._copy_checked = True
            if self.conn.dialect.driver == "asyncpg":
                # The same connection, so COPY runs inside the loading transaction.
                raw = await self.conn.get_raw_connection()
                self._copy = getattr(raw.driver_connection, "copy_records_to_table", None)
        return self._copy is not None


_HISTORY_TABLES: tuple[Table, ...] = (m.Charge.__table__, m.Traffic.__table__)  # type: ignore[assignment]


async def _drop_indexes(conn: AsyncConnection, tables: Sequence[Table]) -> list[Index]:
    indexes = [ix for t in tables for ix in sorted(t.indexes, key=lambda ix: str(ix.name))]
    for index in indexes:
        await conn.execute(DropIndex(index, if_exists=True))
    return indexes


async def _advance_sequences(conn: AsyncConnection) -> None:
    # Ids were assigned here, so PostgreSQL sequences must be moved past them.
    for table in m.Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        await conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        )


def luhn_check_digit(body: str) -> str:
    """The digit that makes `body + digit` pass the Luhn check (ICCIDs end with it)."""
    digits = body[::-1]
    total = sum(_LUHN_DOUBLE[int(d)] for d in digits[0::2]) + sum(map(int, digits[1::2]))
    return str(-total % 10)


def _apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` by weights (largest remainder), each part at least `minimum`."""
    base = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    wsum = sum(weights)
    exact = [rest * w / wsum for w in weights]
    parts = [b + int(e) for b, e in zip(base, exact, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _female_surname(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith("ой"):
        return surname[:-2] + "ая"
    return surname


@dataclass(frozen=True)
class _Month:
    first: dt.date
    period: Any  # driver value of the first day
    days: tuple[Any, ...]  # driver values of the days that have happened
    length: int  # days in the month


class _Builder:
    def __init__(
        self, sink: _Sink, rnd: random.Random, today: dt.date, numbers: int, months: int
    ) -> None:
        self.sink = sink
        self.rnd = rnd
        self.today = today
        self.total_numbers = numbers
        self.now = dt.datetime.combine(today, dt.time(9, 0), dt.UTC)
        self.months = self._months(months)
        self.tariff_ids = {code: i for i, (code, *_rest) in enumerate(TARIFFS, 1)}
        self.tariff_fee = {code: fee for code, _n, fee, _d in TARIFFS}
        self.service_ids = {code: i for i, (code, *_rest) in enumerate(SERVICES, 1)}
        self.service_info = {code: (price, periodic) for code, _n, price, periodic, _d in SERVICES}
        self.conflicts: dict[str, set[str]] = {}
        for a, b in SERVICE_CONFLICTS:
            self.conflicts.setdefault(a, set()).add(b)
            self.conflicts.setdefault(b, set()).add(a)
        # National numbers (10 digits) in use, to keep msisdns unique across everything.
        self.used_msisdn: set[int] = {int(s.msisdn[2:]) for s in SEED_NUMBERS}
        self.emails: dict[str, int] = {s.email.split("@")[0]: 1 for s in SEED_NUMBERS if s.email}
        self.next_id: dict[str, int] = {}
        # Per contract: its id, spec and accounts as (id, numbers to give it, account number).
        self.plan: list[tuple[int, _ContractSpec, list[tuple[int, int, str]]]] = []
        self.iccid_serial: dict[str, int] = {}
        # Per account (by id): balance, settlement, totals of charges per month index.
        self.accounts: dict[int, _AccountState] = {}

    def _id(self, table: str) -> int:
        value = self.next_id.get(table, 0) + 1
        self.next_id[table] = value
        return value

    def _months(self, count: int) -> list[_Month]:
        out = []
        year, month = self.today.year, self.today.month
        firsts = []
        for _ in range(count):
            firsts.append(dt.date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        for index, first in enumerate(reversed(firsts)):
            length = calendar.monthrange(first.year, first.month)[1]
            happened = length if index < count - 1 else self.today.day
            days = tuple(self.sink.date(first + dt.timedelta(d)) for d in range(happened))
            out.append(_Month(first, self.sink.date(first), days, length))
        return out

    def _at(self, day: dt.date, rnd: random.Random) -> dt.datetime:
        # Office hours in Moscow time, stored as UTC.
        minutes = 6 * 60 + int(rnd.random() * 9 * 60)
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), dt.UTC)

    async def run(self) -> None:
        await self._catalogue()
        await self._company()
        # Building the history tables' indexes once at the end is about twice as fast as
        # keeping them up to date row by row; DDL is transactional on SQLite and PostgreSQL,
        # so a failed load still leaves the schema as it was.
        deferred = await _drop_indexes(self.sink.conn, _HISTORY_TABLES)
        await self._numbers()
        for index in deferred:
            await self.sink.conn.execute(CreateIndex(index))
        await self._free_numbers()
        await self._payments()

    async def _catalogue(self) -> None:
        s = self.sink
        t = m.Tariff.__table__
        await s.add(
            t,
            ("id", "code", "name", "monthly_fee", "description"),
            [(self.tariff_ids[c], c, n, fee, d) for c, n, fee, d in TARIFFS],
        )
        await s.add(
            m.Service.__table__,
            ("id", "code", "name", "description", "price", "periodic"),
            [(self.service_ids[c], c, n, d, p, per) for c, n, p, per, d in SERVICES],
        )
        await s.add(
            m.TariffService.__table__,
            ("tariff_id", "service_id"),
            [
                (self.tariff_ids[tc], self.service_ids[sc])
                for tc, codes in TARIFF_SERVICES.items()
                for sc in codes
            ],
        )
        await s.add(
            m.ServiceConflict.__table__,
            ("service_id", "other_id"),
            [
                (self.service_ids[x], self.service_ids[y])
                for a, b in SERVICE_CONFLICTS
                for x, y in ((a, b), (b, a))
            ],
        )

    async def _company(self) -> None:
        s, rnd = self.sink, self.rnd
        founded = self.today.replace(year=self.today.year - 9, day=1)
        await s.add(
            m.Company.__table__,
            ("id", "name", "created_at"),
            [(1, COMPANY_NAME, s.ts(self._at(founded, rnd)))],
        )
        await s.add(
            m.Contract.__table__,
            ("id", "company_id", "number", "name", "region", "timezone"),
            [(i, 1, c.number, c.name, c.region, c.timezone) for i, c in enumerate(CONTRACTS, 1)],
        )
        await s.add(
            m.ContractTariff.__table__,
            ("contract_id", "tariff_id"),
            [(i, self.tariff_ids[code]) for i, c in enumerate(CONTRACTS, 1) for code in c.tariffs],
        )
        await s.add(
            m.Department.__table__,
            ("id", "company_id", "parent_id", "name", "path"),
            [
                (i, 1, None if p is None else p + 1, name, self._dept_path(i))
                for i, (name, p) in enumerate(DEPARTMENTS, 1)
            ],
        )

        # Accounts grow slower than numbers: a big branch has more numbers per account.
        per_contract = _apportion(self.total_numbers, [c.share for c in CONTRACTS], minimum=3)
        rows = []
        for cid, (spec, count) in enumerate(zip(CONTRACTS, per_contract, strict=True), 1):
            seeds = SEED_ACCOUNTS.get(spec.number, ())
            n_acc = max(len(seeds), 2, round(math.sqrt(count) * 0.6))
            n_acc = min(n_acc, count)
            sizes = _apportion(count, [rnd.lognormvariate(0, 0.8) for _ in range(n_acc)], 1)
            taken = {int(a[5:]) for a in seeds}
            suffixes = []
            while len(suffixes) < n_acc - len(seeds):
                x = rnd.randrange(1_000_000, 10_000_000)
                if x not in taken:
                    taken.add(x)
                    suffixes.append(x)
            numbers = [*seeds, *(f"2{spec.number[1:5]}{x:07d}" for x in sorted(suffixes))]
            accounts = []
            for k, (acc_no, size) in enumerate(zip(numbers, sizes, strict=True)):
                aid = self._id("accounts")
                purpose = _ACCOUNT_PURPOSES[k % len(_ACCOUNT_PURPOSES)]
                round_no = k // len(_ACCOUNT_PURPOSES)
                name = f"{purpose}, {spec.city}" + (f" № {round_no + 1}" if round_no else "")
                state = self._account_state(size, aid - 1)
                self.accounts[aid] = state
                rows.append(
                    (aid, 1, cid, acc_no, name, state.balance, state.settlement, state.credit_limit)
                )
                accounts.append((aid, size, acc_no))
            self.plan.append((cid, spec, accounts))
        await s.add(
            m.Account.__table__,
            (
                "id",
                "company_id",
                "contract_id",
                "number",
                "name",
                "balance",
                "settlement",
                "credit_limit",
            ),
            rows,
        )

    @staticmethod
    def _dept_path(dept_id: int) -> str:
        chain = []
        index: int | None = dept_id - 1
        while index is not None:
            chain.append(index + 1)
            index = DEPARTMENTS[index][1]
        return "/" + "/".join(map(str, reversed(chain))) + "/"

    def _account_state(self, size: int, index: int) -> _AccountState:
        r = self.rnd.random
        credit = r() < 0.3
        scale = 70_000 * size  # about a month of charges, kop
        roll = r()
        # Every seventh account is in trouble and another one nearly empty, whatever the seed.
        debtor = index % 7 == 3 or roll < 0.06
        low = not debtor and (index % 7 == 5 or roll > 0.9)
        limit = 0
        if credit:
            limit = max(100_000, round(scale * (1.5 + 2 * r()), -4))
            # Credit accounts run up the month's usage and settle by invoice: negative is normal.
            spent = 0.85 + 0.1 * r() if debtor else 0.05 + 0.4 * r()
            balance = -int(limit * spent)
        elif debtor:
            balance = -int(scale * (0.02 + 0.3 * r()))
        elif low:
            balance = int(50_000 * r())
        else:
            balance = int(scale * (0.2 + 2.0 * r()))
        return _AccountState(
            balance=balance,
            settlement=(m.Settlement.CREDIT if credit else m.Settlement.ADVANCE).value,
            credit_limit=limit,
            debtor=debtor,
            careless=r() < 0.2,
            totals=[0] * len(self.months),
        )

    def _msisdn(self, codes: tuple[int, ...]) -> int:
        rnd = self.rnd
        while True:
            national = codes[int(rnd.random() * len(codes))] * 10_000_000 + rnd.randrange(
                1_000_000, 10_000_000
            )
            if national not in self.used_msisdn:
                self.used_msisdn.add(national)
                return national

    def _email(self, surname: str, given: str) -> str:
        local = f"{surname.lower().translate(_TRANSLIT)}.{given[0].lower().translate(_TRANSLIT)}"
        seen = self.emails.get(local, 0) + 1
        self.emails[local] = seen
        return f"{local}{seen if seen > 1 else ''}@{EMAIL_DOMAIN}"

    def _person(self) -> tuple[str, str, str]:
        """(full name, surname, given name) with the patronymic agreeing in gender."""
        rnd = self.rnd
        surname = _SURNAMES[int(rnd.random() * len(_SURNAMES))]
        father = _MALE_NAMES[int(rnd.random() * len(_MALE_NAMES))]
        if rnd.random() < 0.56:
            given = _MALE_NAMES[int(rnd.random() * len(_MALE_NAMES))][0]
            return f"{surname} {given} {father[1]}", surname, given
        given = _FEMALE_NAMES[int(rnd.random() * len(_FEMALE_NAMES))]
        surname = _female_surname(surname)
        return f"{surname} {given} {father[2]}", surname, given

    async def _numbers(self) -> None:
        rnd = self.rnd
        self.iccid_serial = {spec.number: rnd.randrange(10**9, 4 * 10**10) for spec in CONTRACTS}
        seeds = {s.account: s for s in SEED_NUMBERS}
        batch = _Batch()
        for cid, spec, accounts in self.plan:
            weights = _DEPT_WEIGHTS[cid - 1]
            depts = (list(weights), _cumulative(list(weights.values())))
            tariffs = (list(spec.tariffs), _cumulative([_TARIFF_WEIGHTS[t] for t in spec.tariffs]))
            for aid, size, acc_no in accounts:
                for k in range(size):
                    seed = seeds.get(acc_no) if k == 0 else None
                    self._number(batch, cid, spec, aid, seed, depts, tariffs)
                    if len(batch.numbers) >= CHUNK_NUMBERS:
                        await self._flush(batch)
                        batch = _Batch()
        await self._flush(batch)

    async def _flush(self, b: _Batch) -> None:
        s = self.sink
        await s.add(m.Number.__table__, _NUMBER_COLUMNS, b.numbers)
        await s.add(
            m.NumberService.__table__,
            (
                "id",
                "number_id",
                "service_id",
                "status",
                "start_at",
                "auto_disable_at",
                "connected_at",
            ),
            b.services,
        )
        await s.add(
            m.Block.__table__, ("id", "number_id", "kind", "since", "until", "active"), b.blocks
        )
        await s.add(
            m.Forwarding.__table__, ("id", "number_id", "condition", "target"), b.forwardings
        )
        await s.add(m.NumberLimit.__table__, ("id", "number_id", "amount", "action"), b.limits)
        await s.add(
            m.Traffic.__table__,
            ("id", "number_id", "period", "voice_min", "sms", "data_mb"),
            b.traffic,
        )
        await s.add(
            m.Charge.__table__,
            ("id", "number_id", "account_id", "date", "category", "amount"),
            b.charges,
        )

    def _month_of(self, day: dt.date) -> int:
        first = self.months[0].first
        return (day.year - first.year) * 12 + day.month - first.month

    def _number(
        self,
        b: _Batch,
        cid: int,
        spec: _ContractSpec,
        aid: int,
        seed: _SeedNumber | None,
        depts: tuple[list[int], list[float]],
        tariffs: tuple[list[str], list[float]],
    ) -> None:
        rnd, s = self.rnd, self.sink
        r = rnd.random
        nid = self._id("numbers")
        account = self.accounts[aid]
        if account.first_number is None:
            account.first_number = nid
        window_start = self.months[0].first
        if seed is not None:
            national = int(seed.msisdn[2:])
            holder, comment, email = seed.holder, seed.comment, seed.email
            dept: int | None = seed.department_id
            tariff = seed.tariff
            device = False
            status = m.NumberStatus.ACTIVE
        else:
            national = self._msisdn(spec.def_codes)
            dept = depts[0][_pick(depts[1], r())] or None
            device = r() < 0.04
            email = None
            if device:
                holder, comment = "", _DEVICE_COMMENTS[int(r() * len(_DEVICE_COMMENTS))]
            else:
                holder, surname, given = self._person()
                notes = _DEPT_COMMENTS[dept or 0]
                comment = notes[int(r() * len(notes))] if r() < 0.4 else ""
                if r() < 0.4:
                    email = self._email(surname, given)
            if device and "corporate" in tariffs[0]:
                tariff = "corporate"
            elif dept == 1 and r() < 0.7:
                tariff = tariffs[0][-1] if tariffs[0][-1] != "corporate" else tariffs[0][-2]
            else:
                tariff = tariffs[0][_pick(tariffs[1], r())]
            roll, blocked = r(), 0.08 if account.debtor else 0.025
            status = (
                m.NumberStatus.CLOSED
                if roll < 0.01
                else m.NumberStatus.BLOCKED
                if roll < 0.01 + blocked
                else m.NumberStatus.ACTIVE
            )

        # When the number came, and from which month it has history.
        if seed is None and r() < 0.15:
            span = (self.today - window_start).days
            created_day = window_start + dt.timedelta(int(r() * span))
        else:
            created_day = window_start - dt.timedelta(1 + int(r() * 6 * 365))
        created_at = self._at(created_day, rnd)
        first_mi = max(0, self._month_of(created_day))
        first_lo = created_day.day - 1 if created_day >= window_start else 0
        end_mi = len(self.months)
        if status is m.NumberStatus.CLOSED:
            # Closed before the current month, after at least one month of use if possible.
            last = len(self.months) - 1
            if last > first_mi:
                end_mi = first_mi + 1 + int(r() * (last - first_mi))
        usage_until = end_mi  # months from here on are blocked: fee only, no traffic
        if status is m.NumberStatus.BLOCKED:
            since = max(created_day, self.today - dt.timedelta(3 + int(r() * 100)))
            usage_until = max(first_mi, self._month_of(since)) + 1
            if account.debtor:
                kind = "financial"
            else:
                kind = "lost" if r() < 0.2 else "voluntary"
            b.blocks.append((self._id("blocks"), nid, kind, s.ts(self._at(since, rnd)), None, True))
        elif status is m.NumberStatus.ACTIVE and r() < 0.015:
            since = max(created_day, self.today - dt.timedelta(20 + int(r() * 300)))
            until = since + dt.timedelta(3 + int(r() * 15))
            b.blocks.append(
                (
                    self._id("blocks"),
                    nid,
                    "voluntary",
                    s.ts(self._at(since, rnd)),
                    s.ts(self._at(until, rnd)),
                    False,
                )
            )

        tariff_changed = None
        if r() < 0.2:
            days_since = (self.today - max(created_day, window_start)).days
            tariff_changed = s.ts(self._at(self.today - dt.timedelta(int(r() * days_since)), rnd))

        serial = self.iccid_serial[spec.number] + 1 + (int(r() * 500) if r() < 0.1 else 0)
        self.iccid_serial[spec.number] = serial
        body = f"897010{spec.iccid_region}{serial:011d}"
        iccid = body + luhn_check_digit(body)
        b.numbers.append(
            (
                nid,
                1,
                cid,
                aid,
                dept,
                self.tariff_ids[tariff],
                f"+7{national}",
                str(national)[::-1],
                iccid,
                iccid[::-1],
                holder,
                holder.lower(),
                email,
                comment,
                status.value,
                tariff_changed,
                s.ts(created_at),
            )
        )
        if status is m.NumberStatus.CLOSED:
            fees: list[tuple[int, int]] = []
        else:
            fees = self._extras(b, nid, spec, tariff, created_day)
        self._history(
            b, nid, aid, account, tariff, device, first_mi, first_lo, end_mi, usage_until, fees
        )

    def _extras(
        self, b: _Batch, nid: int, spec: _ContractSpec, tariff: str, created: dt.date
    ) -> list[tuple[int, int]]:
        """Services, forwardings and limits; returns (month index, price) the services cost."""
        rnd, s = self.rnd, self.sink
        r = rnd.random
        allowed = TARIFF_SERVICES[tariff]
        roll = r()
        want = 0 if roll < 0.35 else 1 if roll < 0.7 else 2 if roll < 0.9 else 3
        forwards = r() < 0.04
        chosen: list[str] = ["forwarding"] if forwards else []
        for _ in range(want):
            code = allowed[int(r() * len(allowed))]
            if code not in chosen and not self.conflicts.get(code, set()) & set(chosen):
                chosen.append(code)
        fees = []
        age = (self.today - created).days
        for code in chosen:
            price, periodic = self.service_info[code]
            if periodic:
                connected = self.today - dt.timedelta(int(r() * age))
            else:  # one-off packs are bought for a trip: recently, and they expire
                connected = self.today - dt.timedelta(int(r() * min(25, age)))
            status, start_at, auto_off = "active", None, None
            if r() < 0.03 and code != "forwarding":
                status = "pending"  # "Отложить подключение до"
                start_at = self.now + dt.timedelta(days=1 + int(r() * 14))
                connected = self.today - dt.timedelta(int(r() * min(3, age)))
            elif not periodic:
                auto_off = self._at(connected + dt.timedelta(30), rnd)
            elif r() < 0.05:
                auto_off = self.now + dt.timedelta(days=5 + int(r() * 55))
            b.services.append(
                (
                    self._id("number_services"),
                    nid,
                    self.service_ids[code],
                    status,
                    s.ts(start_at),
                    s.ts(auto_off),
                    s.ts(self._at(connected, rnd)),
                )
            )
            if status == "active" and price:
                mi = max(0, self._month_of(connected))
                fees.append((mi if periodic else -1 - mi, price))
        if forwards:
            conditions = ("always",) if r() < 0.4 else _FORWARD_CONDITIONS[1 : 1 + 1 + int(r() * 3)]
            target = f"+7{spec.landline}{rnd.randrange(1_000_000, 10_000_000)}"
            for condition in conditions:
                b.forwardings.append((self._id("forwardings"), nid, condition, target))
        if r() < 0.04:
            b.limits.append(
                (
                    self._id("number_limits"),
                    nid,
                    rnd.randrange(10, 51) * 10_000,
                    "notify" if r() < 0.6 else "block",
                )
            )
        return fees

    def _history(
        self,
        b: _Batch,
        nid: int,
        aid: int,
        account: _AccountState,
        tariff: str,
        device: bool,
        first_mi: int,
        first_lo: int,
        end_mi: int,
        usage_until: int,
        fees: list[tuple[int, int]],
    ) -> None:
        # Hot loop (months x numbers): locals and random() arithmetic only.
        r = self.rnd.random
        charges, traffic, totals = b.charges, b.traffic, account.totals
        ids = self.next_id
        cid, tid = ids.get("charges", 0), ids.get("traffic", 0)
        fee = self.tariff_fee[tariff]
        voice_base = 5 + 60 * r() if device else 40 + 900 * r() ** 2
        sms_base = 3 + 60 * r() ** 3
        data_base = 300 + (30_000 if device else 20_000) * r() ** 2
        call_rate = 4 + 60 * r() ** 2  # kop per minute, the package averaged in
        sms_rate = 150 + 100 * r()
        data_rate = 0.02 + 0.8 * r() ** 3
        p_sms, p_data = 0.25 + 0.5 * r(), 0.3 + 0.5 * r()
        for mi in range(first_mi, end_mi):
            month = self.months[mi]
            days = month.days
            lo = first_lo if mi == first_mi else 0
            n = len(days)
            if lo >= n:
                continue
            share = (n - lo) / month.length
            first_day = days[lo]
            if mi < usage_until:
                voice = int(voice_base * share * (0.6 + 0.8 * r()))
                sms = int(sms_base * share * (0.5 + r()))
                data = int(data_base * share * (0.6 + 0.8 * r()))
            else:
                voice = sms = data = 0
            tid += 1
            traffic.append((tid, nid, month.period, voice, sms, data))
            amount = fee if lo == 0 else int(fee * share)
            cid += 1
            charges.append((cid, nid, aid, first_day, "subscription", amount))
            total = amount
            if voice:
                amount = int(voice * call_rate)
                cid += 1
                charges.append((cid, nid, aid, days[lo + int(r() * (n - lo))], "calls", amount))
                total += amount
            sms_amount = int(sms * sms_rate) if r() < p_sms else 0
            data_amount = int(data * data_rate) if r() < p_data else 0
            if not sms_amount and not data_amount:
                data_amount = int(data * data_rate)
            if sms_amount:
                cid += 1
                charges.append((cid, nid, aid, days[lo + int(r() * (n - lo))], "sms", sms_amount))
                total += sms_amount
            if data_amount:
                cid += 1
                charges.append((cid, nid, aid, days[lo + int(r() * (n - lo))], "data", data_amount))
                total += data_amount
            if fees:
                # Periodic services from their month on; one-off packs (negative) in theirs.
                amount = sum(p for k, p in fees if (0 <= k <= mi) or k == -1 - mi)
                if amount:
                    cid += 1
                    charges.append((cid, nid, aid, first_day, "services", amount))
                    total += amount
            totals[mi] += total
        ids["charges"], ids["traffic"] = cid, tid

    async def _free_numbers(self) -> None:
        rows = [
            (self._id("free_numbers"), cid, f"+7{self._msisdn(spec.def_codes)}")
            for cid, spec in enumerate(CONTRACTS, 1)
            for _ in range(20)
        ]
        await self.sink.add(m.FreeNumber.__table__, ("id", "contract_id", "msisdn"), rows)

    async def _payments(self) -> None:
        """Accounts pay last month's bill; careless ones skip months and catch up."""
        rnd, s = self.rnd, self.sink
        r = rnd.random
        payments, promised = [], []
        for aid, acc in self.accounts.items():
            credit = acc.settlement == m.Settlement.CREDIT.value
            carry = 0
            for mi, month in enumerate(self.months):
                bill = acc.totals[mi - 1] if mi else acc.totals[0]
                day = 4 + int(r() * 16)
                if day >= len(month.days):
                    continue  # this month's payment has not come yet
                if acc.careless and r() < 0.25:
                    carry += bill
                    continue
                amount = bill + carry
                if not credit:  # advance payers round up and keep a margin
                    amount = -(-int(amount * (1 + 0.1 * r())) // 10_000) * 10_000
                carry = 0
                if amount > 0:
                    payments.append(
                        (
                            self._id("payments"),
                            aid,
                            month.days[day],
                            amount,
                            "bank" if r() < 0.9 else "card",
                        )
                    )
            if credit:
                continue  # a promised payment lifts an advance payer's block; credit has none
            for _ in range(int(r() * 3) if r() < 0.3 else 0):
                created = self.today - dt.timedelta(10 + int(r() * 30 * len(self.months)))
                at = self._at(created, rnd)
                promised.append(
                    (
                        self._id("promised_payments"),
                        aid,
                        acc.first_number if r() < 0.5 else None,
                        rnd.randrange(5, 51) * 10_000,
                        s.ts(at),
                        s.ts(at + dt.timedelta(days=3 + int(r() * 5))),
                        "repaid",
                    )
                )
            roll = r()
            if acc.balance < 30_000 and roll < 0.6:
                at = self.now - dt.timedelta(hours=int(r() * 48))
                promised.append(
                    (
                        self._id("promised_payments"),
                        aid,
                        acc.first_number,
                        rnd.randrange(5, 51) * 10_000,
                        s.ts(at),
                        s.ts(at + dt.timedelta(days=3 + int(r() * 3))),
                        "active",
                    )
                )
            elif roll > 0.97:
                at = self.now - dt.timedelta(days=10 + int(r() * 10))
                promised.append(
                    (
                        self._id("promised_payments"),
                        aid,
                        None,
                        rnd.randrange(5, 51) * 10_000,
                        s.ts(at),
                        s.ts(at + dt.timedelta(days=3)),
                        "overdue",
                    )
                )
        await s.add(m.Payment.__table__, ("id", "account_id", "date", "amount", "method"), payments)
        await s.add(
            m.PromisedPayment.__table__,
            ("id", "account_id", "number_id", "amount", "created_at", "due_at", "status"),
            promised,
        )


_NUMBER_COLUMNS = (
    "id",
    "company_id",
    "contract_id",
    "account_id",
    "department_id",
    "tariff_id",
    "msisdn",
    "msisdn_rev",
    "iccid",
    "iccid_rev",
    "holder_name",
    "holder_search",
    "email",
    "comment",
    "status",
    "tariff_changed_at",
    "created_at",
)


@dataclass
class _AccountState:
    balance: int
    settlement: str
    credit_limit: int
    debtor: bool  # blocked for debt when blocked at all
    careless: bool  # pays with gaps
    totals: list[int]  # charges per month index
    first_number: int | None = None


class _Batch:
    """Rows of one chunk of numbers, written together so memory stays flat."""

    def __init__(self) -> None:
        self.numbers: list[tuple[Any, ...]] = []
        self.services: list[tuple[Any, ...]] = []
        self.blocks: list[tuple[Any, ...]] = []
        self.forwardings: list[tuple[Any, ...]] = []
        self.limits: list[tuple[Any, ...]] = []
        self.charges: list[tuple[Any, ...]] = []
        self.traffic: list[tuple[Any, ...]] = []


def _cumulative(weights: Sequence[float]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


def _pick(cumulative: list[float], u: float) -> int:
    return min(bisect.bisect_right(cumulative, u * cumulative[-1]), len(cumulative) - 1)
