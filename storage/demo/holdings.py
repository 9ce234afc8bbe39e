"""The demo holdings: ООО «Ромашка» (the one the demo has always had) and its neighbour
АО «Вектор», a different holding in the same database for cross-company checks."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["NEIGHBOUR", "ROMASHKA", "ContractSpec", "DemoUser", "Holding", "SeedNumber"]

_ROMASHKA_DOMAIN = "romashka.example"


@dataclass(frozen=True)
class ContractSpec:
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
    signed_after: int = 0  # days after the company was founded


_ROMASHKA_CONTRACTS: tuple[ContractSpec, ...] = (
    ContractSpec(
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
        signed_after=640,
    ),
    ContractSpec(
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
        signed_after=1450,
    ),
    ContractSpec(
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
        signed_after=35,
    ),
    ContractSpec(
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
        signed_after=980,
    ),
)


# (name, parent index or None); ids are index + 1, so the root is "/1/".
_ROMASHKA_DEPARTMENTS: tuple[tuple[str, int | None], ...] = (
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
_ROMASHKA_DEPT_WEIGHTS: tuple[dict[int, int], ...] = (
    {0: 5, 1: 4, 2: 3, 3: 30, 7: 6, 8: 6, 9: 18, 10: 28},
    {0: 5, 2: 2, 5: 40, 9: 25, 10: 28},
    {0: 5, 2: 3, 4: 36, 7: 5, 8: 6, 9: 20, 10: 25},
    {0: 5, 1: 8, 2: 3, 6: 30, 7: 8, 8: 10, 9: 12, 10: 24},
)
_ROMASHKA_DEPT_COMMENTS: dict[int, tuple[str, ...]] = {
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
DEVICE_COMMENTS = (
    "модем",
    "терминал оплаты",
    "GPS-трекер",
    "охранная сигнализация",
    "роутер, офис",
    "ТСД склада",
)
_ROMASHKA_PURPOSES = (
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


@dataclass(frozen=True)
class SeedNumber:
    msisdn: str
    holder: str
    comment: str
    account: str
    department_id: int | None
    tariff: str
    email: str | None


# Numbers shown in the operator's presentation, kept so demos match its screenshots.
_ROMASHKA_SEEDS: tuple[SeedNumber, ...] = (
    SeedNumber(
        "+79139479580",
        "Иванов Иван Ольгович",
        "ОРКК",
        "254396728931",
        4,
        "smart_m",
        f"ivanov.i@{_ROMASHKA_DOMAIN}",
    ),
    SeedNumber(
        "+79139479689",
        "Иванов Иван Михайлович",
        "комментарий 2 Монитор Н.",
        "254396728932",
        2,
        "smart_l",
        None,
    ),
    SeedNumber(
        "+79811331355", "", "исполнительный директор", "278346507984", 1, "smart_unlim", None
    ),
    SeedNumber(
        "+79816914463", "", "Рязань тестирует ВМ", "278346507985", None, "smart_start", None
    ),
)
_ROMASHKA_SEED_ACCOUNTS: dict[str, tuple[str, ...]] = {
    "154396712662": ("254396728931", "254396728932"),
    "178345966699": ("278346507984", "278346507985"),
}


@dataclass(frozen=True)
class DemoUser:
    """A bot user of a demo holding; the grant is made only when its role exists."""

    tg_id: int
    full_name: str
    username: str
    role: str
    scope: str = "company"  # ScopeKind value
    department: int | None = None  # 1-based index into the holding's departments
    msisdn: str | None = None  # the number of an "own" scope


@dataclass(frozen=True)
class Holding:
    name: str
    email_domain: str
    inn: str
    kpp: str
    legal_address: str
    contracts: tuple[ContractSpec, ...]
    # (name, parent index or None); ids follow the holding's first department id.
    departments: tuple[tuple[str, int | None], ...]
    # Where people of each contract work: department number (1-based) -> weight; 0 = none.
    dept_weights: tuple[dict[int, int], ...]
    dept_comments: dict[int, tuple[str, ...]]
    account_purposes: tuple[str, ...]
    seed_numbers: tuple[SeedNumber, ...] = ()
    seed_accounts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    users: tuple[DemoUser, ...] = ()


ROMASHKA = Holding(
    name="ООО «Ромашка»",
    email_domain=_ROMASHKA_DOMAIN,
    inn="5406123450",
    kpp="540601001",
    legal_address="630099, Новосибирская обл., г. Новосибирск, ул. Советская, д. 18, офис 301",
    contracts=_ROMASHKA_CONTRACTS,
    departments=_ROMASHKA_DEPARTMENTS,
    dept_weights=_ROMASHKA_DEPT_WEIGHTS,
    dept_comments=_ROMASHKA_DEPT_COMMENTS,
    account_purposes=_ROMASHKA_PURPOSES,
    seed_numbers=_ROMASHKA_SEEDS,
    seed_accounts=_ROMASHKA_SEED_ACCOUNTS,
)

_VECTOR_DOMAIN = "vector-log.example"

NEIGHBOUR = Holding(
    name="АО «Вектор Логистик»",
    email_domain=_VECTOR_DOMAIN,
    inn="6658039216",
    kpp="665801001",
    legal_address="620014, Свердловская обл., г. Екатеринбург, ул. Малышева, д. 51, офис 1204",
    contracts=(
        ContractSpec(
            "166520384117",
            "«Вектор» Урал",
            "Свердловская область",
            "Asia/Yekaterinburg",
            0.65,
            (912, 922),
            343,
            "66",
            "Екатеринбург",
            ("smart_start", "smart_m", "corporate"),
            signed_after=120,
        ),
        ContractSpec(
            "116610457203",
            "«Вектор» Поволжье",
            "Республика Татарстан",
            "Europe/Moscow",
            0.35,
            (917, 987),
            843,
            "16",
            "Казань",
            ("smart_start", "smart_m", "smart_l"),
            signed_after=800,
        ),
    ),
    departments=(
        ("Управление", None),  # 1
        ("Транспортный цех", 0),  # 2
        ("Диспетчерская", 1),  # 3
        ("Бухгалтерия", 0),  # 4
        ("Склад Казань", 0),  # 5
    ),
    dept_weights=({0: 4, 1: 6, 2: 40, 3: 20, 4: 6}, {0: 4, 1: 2, 2: 30, 5: 40}),
    dept_comments={
        0: ("резерв", "стажёр"),
        1: ("генеральный директор", "приёмная"),
        2: ("водитель", "механик", "водитель, рейс Казань"),
        3: ("диспетчер", "старший диспетчер"),
        4: ("главный бухгалтер", "бухгалтер"),
        5: ("кладовщик", "приёмка"),
    },
    account_purposes=("Основной", "Транспорт", "Диспетчеры", "Офис"),
    seed_numbers=(
        SeedNumber(
            "+79122140051",
            "Соколова Марина Андреевна",
            "диспетчер",
            "266520400017",
            3,
            "smart_m",
            f"sokolova.m@{_VECTOR_DOMAIN}",
        ),
    ),
    seed_accounts={"166520384117": ("266520400017",)},
    users=(
        DemoUser(800_000_001, "Волков Сергей Петрович", "volkov_vector", "owner"),
        DemoUser(800_000_002, "Лебедева Ольга Игоревна", "lebedeva_vector", "accountant"),
        DemoUser(
            800_000_003,
            "Орлов Дмитрий Алексеевич",
            "orlov_vector",
            "manager",
            scope="department",
            department=2,
        ),
        DemoUser(
            800_000_004,
            "Соколова Марина Андреевна",
            "sokolova_vector",
            "employee",
            scope="own",
            msisdn="+79122140051",
        ),
    ),
)
