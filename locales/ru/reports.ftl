## Reports and charts

rep-title-payments = Начисления и платежи
rep-title-categories = Начисления по категориям
rep-title-traffic = Трафик
rep-title-numbers = Номера
rep-title-promised = Обещанные платежи
rep-title-balances = Балансы
rep-title-unbilled = Текущий месяц

rep-by-contract = по контрактам
rep-by-account = по лицевым счетам
rep-by-department = по отделам
rep-by-number = по номерам

rep-scope-company = Охват: вся компания
rep-scope-mine = Охват: номера вашего подразделения
rep-scope-selection = Охват: текущая выборка
rep-snapshot = на { $date }

rep-change = { $arrow } { $pct } % к предыдущему периоду ({ $prev })
rep-change-none = В предыдущем периоде данных нет.
rep-movers = Сильнее всего изменились:

rep-empty-payments = Нет лицевых счетов, все номера которых входят в ваш охват, или за период ничего не было.
rep-empty-categories = За этот период начислений нет.
rep-empty-traffic = За этот период трафика нет.
rep-empty-numbers = В охвате нет номеров.
rep-empty-promised = За этот период обещанных платежей не было.
rep-empty-balances = Нет лицевых счетов, все номера которых входят в ваш охват.
rep-empty-unbilled = С начала месяца начислений нет.

rep-fact-reconciled = { $n ->
    [1] ✅ Сходится: входящий + оплачено − начислено = исходящий
   *[other] ⚠️ Не сходится: проверьте данные
 }
rep-fact-accounts = Лицевых счетов: { $n }
rep-fact-status_active = Активных номеров: { $n }
rep-fact-status_blocked = Заблокированных: { $n }
rep-fact-status_closed = Закрытых: { $n }
rep-fact-n_below_zero = Ниже нуля: { $n }
rep-fact-n_near_limit = У порога кредита: { $n }

rep-col-totals = Итого
rep-col-contract = Контракт
rep-col-name = Название
rep-col-account = Лицевой счёт
rep-col-department = Отдел
rep-col-msisdn = Номер
rep-col-holder = Владелец
rep-col-subscription = Абонентская плата
rep-col-calls = Звонки
rep-col-sms = SMS
rep-col-data = Интернет
rep-col-services = Услуги
rep-col-roaming = Роуминг
rep-col-oneoff = Разовые
rep-col-total = Всего начислено
rep-col-opening = Входящий остаток
rep-col-charged = Начислено
rep-col-paid = Оплачено
rep-col-closing = Исходящий остаток
rep-col-voice_min = Минуты
rep-col-data_mb = Интернет, МБ
rep-sum-data_mb = Интернет
rep-col-tariff = Тариф
rep-col-status = Статус
rep-col-spend = Расходы за период
rep-col-taken_n = Взято, шт.
rep-col-taken = Взято
rep-col-repaid = Погашено
rep-col-overdue = Просрочено
rep-col-active = Действует
rep-col-accounts = Лицевых счетов
rep-col-balance = Баланс
rep-col-credit_limit = Кредитный лимит
rep-col-below_zero = Ниже нуля
rep-col-near_limit = У порога
rep-col-settlement = Расчёты
rep-col-state = Состояние
rep-col-fixed = Абонплата и услуги
rep-col-usage = Потребление
rep-col-so_far = С начала месяца
rep-col-projection = Прогноз на месяц

rep-name-subscription = Абонентская плата
rep-name-calls = Звонки
rep-name-sms = SMS
rep-name-data = Интернет
rep-name-services = Услуги
rep-name-roaming = Роуминг
rep-name-oneoff = Разовые
rep-name-charged = Начислено
rep-name-paid = Оплачено
rep-name-voice_min = Минуты разговоров
rep-name-data_gb = Интернет, ГБ
rep-name-repaid = Погашено
rep-name-active = Действует
rep-name-overdue = Просрочено
rep-name-below_zero = Ниже нуля
rep-name-near_limit = У порога кредита
rep-name-ok = В норме
rep-name-so_far = Начислено с 1-го числа
rep-name-projection = Прогноз до конца месяца
rep-name-advance = аванс
rep-name-credit = кредит
rep-name-blocked = Заблокирован
rep-name-closed = Закрыт

rep-chart-structure = Структура начислений
rep-chart-by_month = Начисления по месяцам
rep-chart-top_groups = 10 крупнейших по начислениям
rep-chart-charged_paid = Начислено и оплачено по месяцам
rep-chart-top_charged = 10 крупнейших по начислениям
rep-chart-traffic_month = Трафик по месяцам
rep-chart-top_data = 10 номеров с наибольшим трафиком
rep-chart-by_tariff = Расходы по тарифам
rep-chart-top_spend = 10 номеров с наибольшими расходами
rep-chart-promised_state = Обещанные платежи по состоянию
rep-chart-promised_month = Обещанные платежи по месяцам
rep-chart-balance_state = Лицевые счета по состоянию баланса
rep-chart-lowest = 10 самых низких балансов
rep-chart-so_far = Начисления с начала месяца и прогноз
rep-chart-top_so_far = 10 крупнейших с начала месяца
rep-chart-empty = Нет данных

rep-choose =
    <b>📊 Отчёты</b>
    Выберите отчёт. Итоги придут сообщением, графики — картинками, полная таблица — файлом XLSX.
rep-hint-payments = Входящий остаток, начислено, оплачено и исходящий остаток по каждому лицевому счёту.
rep-hint-categories = Абонентская плата, звонки, SMS, интернет, услуги, роуминг и разовые: структура и динамика.
rep-hint-traffic = Минуты, SMS и мегабайты по месяцам и группам; самые активные номера.
rep-hint-numbers = Все номера: тариф, статус, отдел, владелец и расходы за период.
rep-hint-promised = Взятые, погашенные, действующие и просроченные обещанные платежи.
rep-hint-balances = Баланс и кредитный лимит каждого лицевого счёта; кто ниже нуля или у порога.
rep-hint-unbilled = Начислено с 1-го числа по сегодня и прогноз на конец месяца.
rep-opt-scope = Что считать:
rep-opt-scope-all = Весь мой охват
rep-opt-scope-sel = Выборка ({ $n })
rep-opt-contract = По контрактам
rep-opt-account = По лицевым счетам
rep-opt-department = По отделам
rep-opt-number = По номерам
rep-period-this_month = Этот месяц
rep-period-last_month = Прошлый месяц
rep-period-last_3 = 3 месяца
rep-period-last_12 = 12 месяцев
rep-period-last_quarter = Прошлый квартал
rep-period-custom = 📅 Свой период
rep-pick-start = <b>Свой период</b>
    Выберите первый день.
rep-pick-end = <b>Свой период</b>
    Выберите последний день.
rep-btn-build = 📊 Построить
rep-btn-xlsx = 📥 Таблица XLSX
rep-btn-options = ⚙️ Параметры
rep-btn-other = 📊 Другой отчёт
rep-building = Строю отчёт…
rep-xlsx-caption = Полная таблица: { $rows } { $rows ->
    [one] строка
    [few] строки
   *[many] строк
 }.
rep-err-no-selection = Текущая выборка пуста: выберите номера в разделе «📱 Номера» или стройте отчёт по всему охвату.
rep-err-forbidden = Отчёты недоступны для вашей роли.

## Scheduled reports
srep-head = 🗓 Регулярный отчёт
srep-file = Отчёт в XLSX
srep-mail-subject = Регулярный отчёт: { $title }
srep-mail-footer = Отчёт во вложении (XLSX). Расписание можно изменить или отменить в боте, раздел «Запланированное».
srep-err-forbidden = У вас нет права на отчёты.
srep-err-period = Такой период для регулярного отчёта не подходит: { $arg }
srep-err-email = Это не адрес электронной почты: { $arg }
srep-err-emails-many = Не больше { $arg } адресов.
srep-err-nowhere = Укажите, куда присылать отчёт: в чат или на почту.
srep-err-rule = Такого расписания нет: { $arg }
rep-btn-schedule = 🗓 По расписанию
srep-title = <b>🗓 Отчёт по расписанию</b>
srep-when-monthly = ежемесячно, { $day }-го числа в { $time }, { $zone }
srep-when-weekly = еженедельно: { $day } в { $time }, { $zone }
srep-line-when = 🔁 { $when }
srep-line-period = 📅 Период: { $period }
srep-line-chat = 💬 В чат: { $on ->
    [1] да
   *[other] нет
}
srep-line-mail = ✉️ На почту: { $n ->
    [0] нет
   *[other] { $list }
}
srep-hint-mail = Адрес почты — отправьте сообщением (до { $n }). Охват — весь ваш.
srep-freq-monthly = Ежемесячно
srep-freq-weekly = Еженедельно
srep-period-last_month = Прошлый месяц
srep-period-this_month = Этот месяц
srep-period-last_3 = 3 месяца
srep-period-last_7 = Прошлые 7 дней
srep-btn-chat = В чат
srep-btn-clear = ✖️ Убрать адреса
srep-btn-create = ✅ Запланировать
srep-btn-planned = 🗓 Запланированное
srep-done = ✅ Отчёт запланирован: { $when }. Изменить или отменить его можно в «🗓 Запланированное».
