"""The operator's catalogue the demo offers: tariffs, services, what goes with what."""

from __future__ import annotations

__all__ = ["SERVICES", "SERVICE_CONFLICTS", "TARIFFS", "TARIFF_SERVICES", "TARIFF_WEIGHTS"]

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
BASIC_SERVICES = ("caller_id", "paid_incoming_ban", "forwarding", "voicemail")
TARIFF_SERVICES: dict[str, tuple[str, ...]] = {
    "smart_start": (
        *BASIC_SERVICES,
        "apple_music",
        "internet_10gb",
        "internet_30gb",
        "sms_russia_50",
    ),
    "smart_m": (
        *BASIC_SERVICES,
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
        *BASIC_SERVICES,
        "apple_music",
        "internet_10gb",
        "sms_world_100",
        "sms_world_150",
        "sms_europe_150",
        "roaming_world",
        "conference",
    ),
    "smart_unlim": (
        *BASIC_SERVICES,
        "apple_music",
        "sms_world_100",
        "sms_world_150",
        "sms_europe_150",
        "roaming_world",
        "conference",
    ),
    "corporate": (*BASIC_SERVICES, "internet_10gb", "sms_russia_50"),
}
# Packs of the same kind exclude each other (stored in both directions).
SERVICE_CONFLICTS: tuple[tuple[str, str], ...] = (
    ("sms_world_100", "sms_world_150"),
    ("internet_10gb", "internet_30gb"),
)


TARIFF_WEIGHTS = {
    "smart_start": 30,
    "smart_m": 30,
    "smart_l": 14,
    "smart_unlim": 8,
    "corporate": 18,
}
