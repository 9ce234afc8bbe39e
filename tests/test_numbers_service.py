"""Search, hierarchy and the card, at the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from services.numbers import NumberDirectory, QueryKind, Source, classify
from tests.test_numbers_seed import TODAY, seed


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Иванов", QueryKind.NAME),
        ("иван ольг", QueryKind.NAME),
        ("+7 (913) 947-95-80", QueryKind.PHONE),
        ("89139479580", QueryKind.PHONE),
        ("9139479580", QueryKind.PHONE),
        ("947-95-80", QueryKind.SUFFIX),
        ("254396728931", QueryKind.ACCOUNT),
        ("8970102000000000000", QueryKind.ICCID),
        ("12", QueryKind.TOO_SHORT),
        ("я", QueryKind.TOO_SHORT),
    ],
)
def test_classify(text, kind):
    assert classify(text).kind == kind


@pytest.mark.parametrize(
    "text",
    ["+7 (913) 947-95-80", "89139479580", "9139479580", "947-95-80", "8970102000000000000", "0000"],
)
async def test_every_phone_form_and_sim_find_the_number(db, text):
    s = await seed(db)
    _, page = await NumberDirectory(db).search(s.owner, text)
    assert [r.msisdn for r in page.items] == ["+79139479580"]
    assert page.items[0].account == "254396728931"
    assert page.items[0].department == "Отдел продаж"


async def test_name_any_part_and_account(db):
    s = await seed(db)
    d = NumberDirectory(db)
    _, page = await d.search(s.owner, "иванов")
    assert {r.holder for r in page.items} == {"Иванов Иван Ольгович", "Иванов Иван Михайлович"}
    _, page = await d.search(s.owner, "ольгович")
    assert [r.msisdn for r in page.items] == ["+79139479580"]
    _, page = await d.search(s.owner, "ИВАН михайл")
    assert [r.msisdn for r in page.items] == ["+79139479689"]
    _, page = await d.search(s.owner, "254396728932")
    assert {r.msisdn for r in page.items} == {"+79139479689", "+79130000002"}
    blocked = next(r for r in page.items if r.msisdn == "+79130000002")
    assert blocked.blocked


async def test_like_wildcards_are_literal(db):
    s = await seed(db)
    _, page = await NumberDirectory(db).search(s.owner, "%ов")
    assert page.total == 0


async def test_paging(db):
    s = await seed(db, extra=20)
    d = NumberDirectory(db)
    _, first = await d.search(s.owner, "тестович", page=0, size=8)
    _, last = await d.search(s.owner, "тестович", page=2, size=8)
    assert (first.total, first.pages, len(first.items), len(last.items)) == (20, 3, 8, 4)
    assert not {r.id for r in first.items} & {r.id for r in last.items}
    _, beyond = await d.search(s.owner, "тестович", page=99, size=8)
    assert beyond.page == 2


async def test_broad_name_search_is_capped(db, monkeypatch):
    import services.numbers.service as numbers

    monkeypatch.setattr(numbers, "MAX_HITS", 5)
    s = await seed(db, extra=12)
    _, page = await NumberDirectory(db).search(s.owner, "тестович", page=1, size=4)
    assert (page.total, page.capped, page.pages, len(page.items)) == (5, True, 2, 1)
    assert page.items[0].holder == "Абонент 00004 Тестович"  # alphabetical order holds


async def test_manager_does_not_find_other_departments_number(db):
    s = await seed(db)
    d = NumberDirectory(db)
    # Сидоров is in Бухгалтерия: invisible to the sales manager by every key.
    for text in ("+79130000002", "89130000002", "Сидоров", "000-00-02", iccid_of(s, 3)):
        _, page = await d.search(s.manager, text)
        assert page.total == 0, text
    _, page = await d.search(s.manager, "иванов")
    assert page.total == 2
    assert await d.card(s.manager, s.numbers["+79130000002"]) is None
    assert await d.visible(s.manager, list(s.numbers.values())) == sorted(
        [s.numbers["+79139479580"], s.numbers["+79139479689"]]
    )


def iccid_of(s, i: int) -> str:
    from tests.test_numbers_seed import iccid_for

    return iccid_for(i)


async def test_other_company_never_shows(db):
    s = await seed(db)
    d = NumberDirectory(db)
    _, page = await d.search(s.owner, "+79990000000")
    assert page.total == 0
    _, page = await d.search(s.owner, "чужой")
    assert page.total == 0


async def test_billing_hierarchy_and_accounts_only(db):
    s = await seed(db)
    d = NumberDirectory(db)
    contracts = await d.contracts(s.owner)
    assert [(c.name, c.region, c.numbers) for c in contracts] == [
        ("Ромашка", "Новосибирская область", 4),
        ("Ромашка Юг", "Краснодарский край", 2),
    ]
    accounts, _, _ = await d.accounts(s.owner, s.contracts["c1"])
    assert [(a.number, a.balance) for a in accounts] == [
        ("254396728931", 150_000),
        ("254396728932", -5_000),
    ]
    all_accounts, _, _ = await d.accounts(s.owner)
    assert len(all_accounts) == 3
    page = await d.page(s.owner, Source("account", str(s.accounts["254396728931"])))
    assert {r.msisdn for r in page.items} == {"+79139479580", "+79130000001"}
    # The manager sees only the contracts and accounts their numbers are on.
    assert [c.name for c in await d.contracts(s.manager)] == ["Ромашка"]
    page = await d.page(s.manager, Source("account", str(s.accounts["123310460098"])))
    assert page.total == 0


async def test_department_tree(db):
    s = await seed(db)
    d = NumberDirectory(db)
    _, roots = await d.departments(s.owner, None)
    assert [r.name for r in roots] == ["Бухгалтерия", "Дирекция"]
    node, children = await d.departments(s.owner, s.departments["direction"])
    assert node.name == "Дирекция" and [c.name for c in children] == ["Отдел продаж"]
    assert await d.department_count(s.owner, s.departments["direction"]) == 3
    _, roots = await d.departments(s.manager, None)
    assert [r.name for r in roots] == ["Отдел продаж"]
    assert await d.departments(s.manager, s.departments["accounting"]) == (None, [])
    page = await d.page(s.manager, Source("department", str(s.departments["direction"])))
    assert page.total == 2  # only the sales part of Дирекция's subtree
    assert await d.department_count(s.owner, None) == 1  # Кузнецов is in no department
    assert await d.department_count(s.manager, None) == 0
    page = await d.page(s.owner, Source("department", "none"))
    assert [r.msisdn for r in page.items] == ["+79130000004"]


async def test_card(db):
    s = await seed(db)
    card = await NumberDirectory(db).card(s.owner, s.numbers["+79139479580"], today=TODAY)
    assert card.holder == "Иванов Иван Ольгович"
    assert card.department == "Отдел продаж"
    assert (card.contract, card.region) == ("154396712662", "Новосибирская область")
    assert (card.account, card.balance, card.tariff) == ("254396728931", 150_000, "Бизнес общение")
    assert [x.name for x in card.services] == ["50 SMS в поездках"]
    assert card.services[0].auto_disable_at is not None
    assert card.forwardings == [("busy", "+79130000001")]
    assert card.limits == [(100_000, "notify")]
    assert card.month_charges == 1_234
    assert await NumberDirectory(db).card(s.employee, s.numbers["+79139479580"]) is None


async def test_surnames_come_first(db, monkeypatch):
    """«Иванов» lists the Ивановы before a holder whose patronymic is Ивановна, and the exact
    surname before a longer one; the order holds across a capped search too."""
    from services.numbers import service as numbers_service
    from storage.models import Number

    s = await seed(db)
    async with db.transaction() as session:
        first = await session.get(Number, s.numbers["+79139479580"])
        for k, holder in enumerate(
            ["Бондаренко Карина Ивановна", "Абрамова Ивановна Ирина", "Иванова Мария"]
        ):
            msisdn = f"+7913555000{k}"
            session.add(
                Number(
                    company_id=first.company_id,
                    contract_id=first.contract_id,
                    account_id=first.account_id,
                    tariff_id=first.tariff_id,
                    msisdn=msisdn,
                    msisdn_rev=msisdn[::-1],
                    iccid=f"89701029999999999{k}",
                    iccid_rev=f"89701029999999999{k}"[::-1],
                    holder_name=holder,
                    holder_search=holder.lower(),
                )
            )
    d = NumberDirectory(db)
    _, page = await d.search(s.owner, "Иванов")
    assert [r.holder for r in page.items] == [
        "Иванов Иван Михайлович",
        "Иванов Иван Ольгович",
        "Иванова Мария",
        "Абрамова Ивановна Ирина",
        "Бондаренко Карина Ивановна",
    ]
    _, page = await d.search(s.owner, "иванов иван")
    assert [r.holder for r in page.items][:2] == [
        "Иванов Иван Михайлович",
        "Иванов Иван Ольгович",
    ]
    monkeypatch.setattr(numbers_service, "MAX_HITS", 3)
    _, page = await d.search(s.owner, "Иванов")
    assert page.capped and [r.holder for r in page.items] == [
        "Иванов Иван Михайлович",
        "Иванов Иван Ольгович",
        "Иванова Мария",
    ]
