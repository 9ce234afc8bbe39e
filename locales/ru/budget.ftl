## Corporate budget: alerts and the «💰 Бюджет» workplace

alert-kind-budget_80 = Бюджет 80 %
alert-kind-budget_100 = Бюджет 100 %
alert-budget-80 = { $level ->
    [number] 💰 Номер { $target } израсходовал 80 % бюджета месяца: { $spent } из { $limit } ₽.
    [department] 💰 Отдел «{ $target }» израсходовал 80 % бюджета месяца: { $spent } из { $limit } ₽.
   *[company] 💰 Компания израсходовала 80 % бюджета месяца: { $spent } из { $limit } ₽.
}{ $done ->
    [block] {" "}Исходящие вызовы заблокированы до конца месяца или до повышения лимита.
    [services_off] {" "}Платные услуги отключены.
    [both] {" "}Платные услуги отключены, исходящие вызовы заблокированы до конца месяца или до повышения лимита.
   *[other] {""}
}
alert-budget-100 = { $level ->
    [number] ⛔ Номер { $target } исчерпал бюджет месяца: { $spent } из { $limit } ₽.
    [department] ⛔ Отдел «{ $target }» исчерпал бюджет месяца: { $spent } из { $limit } ₽.
    [cap] ⛔ Номер { $target } превысил сумму, которую оплачивает компания: { $spent } из { $limit } ₽.
   *[company] ⛔ Компания исчерпала бюджет месяца: { $spent } из { $limit } ₽.
}{ $done ->
    [block] {" "}Исходящие вызовы заблокированы до конца месяца или до повышения лимита.
    [services_off] {" "}Платные услуги отключены.
    [both] {" "}Платные услуги отключены, исходящие вызовы заблокированы до конца месяца или до повышения лимита.
    [employee] {" "}Превышение оплачивается за счёт сотрудника.
   *[other] {""}
}

bud-title = 💰 <b>Бюджет на { $month }</b>
bud-company = 🏢 Компания: { $spent } из { $limit } ₽ ({ $share } %)
bud-company-none = 🏢 Компания: { $spent } ₽, лимит не задан
bud-dept-line = · { $name }: { $spent } из { $limit } ₽ ({ $share } %)
bud-dept-line-none = · { $name }: { $spent } ₽
bud-more = …и ещё { $n }
bud-numbers = 📱 Номеров с лимитом: { $n }{ $over ->
    [0] {""}
   *[other] , сверх лимита: { $over }
}
bud-btn-company = 🏢 Лимит компании
bud-btn-depts = 🗂 Лимиты отделов
bud-btn-number = 📱 Лимит номера
bud-btn-rules = ⚖️ Правила списания
bud-depts-title = 🗂 <b>Лимиты отделов</b>
    Выберите отдел, чтобы задать его месячный лимит.
bud-dept-btn = { $name }: { $limit }
bud-no-limit = нет лимита
bud-ask-number = 📱 Отправьте номер телефона, например +7 913 947-95-80.
bud-ask-amount = 💰 <b>{ $target }</b>
    Сейчас: { $current }. Отправьте месячный лимит в рублях, например 5000. 0 — снять лимит.
bud-ask-cap = 💼 Сколько компания оплачивает за номер в месяц? Отправьте сумму в рублях; 0 — без ограничения.
bud-target-company = Вся компания
bud-target-department = Отдел «{ $name }»
bud-target-number = Номер { $name }
bud-saved = ✅ Лимит сохранён: { $target } — { $amount }.
bud-removed = ✅ Лимит снят: { $target }.
bud-bad-amount = Сумма — это число рублей, например 5000 или 2500,50. Отправьте ещё раз.
bud-rules = ⚖️ <b>Правила списания</b>
    Компания оплачивает за номер: { $cap }
    Сверх этой суммы: { $excess ->
        [restrict] исходящие вызовы закрываются до конца месяца
       *[employee] за счёт сотрудника (личный счёт)
    }
    Отметьте, что делать при 80 % и 100 % лимита.
bud-cap-none = без ограничения
bud-btn-cap = 💼 Сумма за номер
bud-btn-excess = { $excess ->
    [restrict] Сверх: ограничить номер
   *[employee] Сверх: за счёт сотрудника
}
bud-act-notify = уведомить
bud-act-services_off = откл. платные услуги
bud-act-block = блок исходящих
bud-btn-act = { $on ->
    [yes] ✅
   *[no] ▫️
} { $step } %: { $name }
budget-err-forbidden = Бюджет доступен ролям с правом «Бюджет».
budget-err-company_only = Лимит компании и правила списания меняют только те, кому доступна вся компания.
budget-err-scope = Это вне вашей зоны: лимиты задаются только для отделов и номеров, которые вам доступны.
budget-err-amount = Сумма должна быть от 0 до 100 000 000 ₽.
budget-err-number = Такого номера среди доступных вам нет. Проверьте номер и отправьте ещё раз.

## The budget report (reports workplace)
rep-title-budget = Бюджет
rep-empty-budget = В этом месяце нет ни расходов, ни лимитов в вашем охвате.
rep-hint-budget = Лимит, израсходовано, остаток и превышения за текущий месяц по отделам или номерам.
rep-col-limit = Лимит
rep-col-spent = Израсходовано
rep-col-remaining = Остаток
rep-col-overrun = Превышение
rep-chart-budget_spent = 10 крупнейших по расходам
rep-chart-budget_state = Лимиты по состоянию
rep-name-budget_ok = до 80 %
rep-name-budget_near = 80–100 %
rep-name-budget_over = исчерпан
rep-fact-limited = С лимитом: { $n }
rep-fact-over_limit = Лимит исчерпан: { $n }
