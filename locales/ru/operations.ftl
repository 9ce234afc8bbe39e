## Operations on numbers

op-notify-service-on = Услуга «{ $name }» подключена.
op-notify-service-off = Услуга «{ $name }» отключена.
op-notify-sim-order = Заказ SIM-карт: { $count } шт., тариф { $tariff }, адрес доставки: { $address }.

op-tariff = Смена тарифного плана
op-services-on = Подключение услуг
op-services-off = Отключение услуг
op-block-on = Установка блокировки
op-block-off = Снятие блокировки
op-forward-on = Установка переадресации
op-forward-off = Снятие переадресации
op-limit-on = Установка индивидуального лимита
op-limit-off = Удаление индивидуального лимита
op-sms = Отправка SMS
op-sim-replace = Замена SIM-карты
op-number-replace = Замена номера
op-promised-payment = Обещанный платёж
op-department-move = Перенос в другой отдел
op-account-split = Разделение лицевого счёта
op-settlement = Смена метода взаиморасчётов
op-move-funds = Перенос средств между лицевыми счетами
# Shorter titles where a button cannot hold the full one
op-limit-on-short = Индивидуальный лимит
op-limit-off-short = Удаление лимита
op-move-funds-short = Перенос средств между ЛС
op-sim-order = Заказ новых SIM-карт

op-selected = Выбрано: { $numbers ->
    [one] { $numbers } номер
    [few] { $numbers } номера
   *[many] { $numbers } номеров
}, { $accounts } ЛС, { $contracts ->
    [one] { $contracts } контракт
    [few] { $contracts } контракта
   *[many] { $contracts } контрактов
}
op-choose =
    <b>Операции с номерами</b>
    { $selected }

    Выберите операцию:
op-choose-empty =
    <b>Операции с номерами</b>
    Номера не выбраны.

    Отправьте номера телефонов — по одному в строке (например, 913 947-95-80), или откройте раздел «Номера» и соберите выборку.
op-choose-none =
    <b>Операции с номерами</b>
    { $selected }

    Для этих номеров нет доступных вам операций.
op-numbers-not-found = Не найдены среди доступных вам номеров: { $list }
op-numbers-none = Ни один номер не найден среди доступных вам. Проверьте написание.
op-title = <b>{ $title }</b> · { $selected }

op-step-tariff_id = Выберите тарифный план (доступные на контракте):
op-step-service_id = Выберите услугу. Чтобы найти услугу, отправьте часть названия.
op-step-services_off-service_id = Выберите услугу для отключения. Чтобы найти услугу, отправьте часть названия.
op-step-start_at = Когда выполнить? Выберите дату в календаре или нажмите «Сейчас».
op-step-services_on-start_at = «Отложить подключение до»: выберите дату или нажмите «Сейчас».
op-step-block_on-start_at = Установить блокировку с: выберите дату или нажмите «Сейчас».
op-step-block_off-start_at = Снять блокировку с: выберите дату или нажмите «Сейчас».
op-step-auto_off = «Автоматически отключить»: выберите дату или нажмите «Пропустить».
op-step-inform_to = Кого ещё проинформировать о выполнении? Отправьте номер телефона или e-mail, например <code>+7 917 597-70-94</code> или <code>name@company.ru</code> (несколько — через запятую), или нажмите «Пропустить».
op-step-inform = «Проинформировать» абонента о выполнении: отметьте способы и нажмите «Далее».
op-step-kind = Выберите вид блокировки:
op-step-until = Действует до (дата) — или «Пропустить», чтобы без срока:
op-step-condition = Выберите условие переадресации:
op-step-target = Отправьте номер, на который переадресовать вызовы (например, +7 913 111-22-33):
op-step-amount = Отправьте сумму в рублях:
op-step-limit_on-amount = Отправьте месячный лимит в рублях (например, 1500):
op-step-promised_payment-amount = { $eligible ->
    [0] Номер сейчас не может получить обещанный платёж: по лицевому счёту есть непогашенный обещанный платёж или нет платежей за последние месяцы.
   *[other] Отправьте сумму обещанного платежа в рублях. Доступно до { NUMBER($max, minimumFractionDigits: 2) } ₽.
}
op-step-move_funds-amount = Отправьте сумму переноса в рублях:
op-step-action = Что делать при достижении лимита?
op-step-text = Отправьте текст SMS (до 10 сообщений). Кириллица — до 70 символов в одном SMS, латиница — до 160.
op-step-iccid = Отправьте номер новой SIM-карты (ICCID, 19–20 цифр):
op-step-free_number_id = Выберите новый номер из свободных номеров контракта (можно отправить часть номера для поиска):
op-step-days = На сколько дней?
op-step-name = Отправьте название нового лицевого счёта:
op-step-method = Выберите метод взаиморасчётов:
op-step-department_id = Выберите отдел, в который перенести номера (можно отправить часть названия):
op-step-to_account_id = Выберите лицевой счёт, на который перенести средства:
op-step-count = Сколько SIM-карт заказать? (от 1 до 100)
op-step-address = Отправьте адрес доставки:
op-step-time = Дата: { $date }. Выберите время ({ $zone }) или отправьте его, например 09:30:
op-current = Сейчас: { $value }
op-search = Поиск: «{ $query }»
op-no-options = Ничего не найдено.
op-calendar-today = Сегодня

op-opt-tariff = { $name } — { NUMBER($fee) } ₽/мес
op-opt-service = { $name } — { $price ->
    [0] бесплатно
   *[other] { NUMBER($price) } ₽
}
op-opt-account = { $name } · { NUMBER($balance, minimumFractionDigits: 2) } ₽
op-opt-kind-voluntary = Добровольная
op-opt-kind-lost = Утеря / кража
op-opt-kind-financial = Финансовая (по лимиту)
op-opt-condition-always = Безусловная
op-opt-condition-busy = Если занято
op-opt-condition-no_answer = Если нет ответа
op-opt-condition-unreachable = Если недоступен
op-opt-action-notify = Уведомить
op-opt-action-block = Заблокировать исходящие
op-opt-method-advance = Авансовый
op-opt-method-credit = Кредитный
op-opt-inform-sms = SMS
op-opt-inform-email = E-mail
op-opt-days-1 = 1 день
op-opt-days-3 = 3 дня
op-opt-days-5 = 5 дней
op-opt-days-7 = 7 дней

op-free = бесплатно

op-field-department_id = Отдел
op-field-tariff_id = Тариф
op-field-service_id = Услуга
op-field-start_at = Когда
op-field-auto_off = Автоматически отключить
op-field-inform = Проинформировать
op-field-inform_to = Проинформировать также
op-field-kind = Вид блокировки
op-field-until = До
op-field-condition = Условие
op-field-target = Куда
op-field-amount = Сумма
op-field-action = При достижении лимита
op-field-text = Текст
op-field-iccid = ICCID
op-field-free_number_id = Новый номер
op-field-days = Срок
op-field-name = Название
op-field-method = Метод
op-field-to_account_id = На лицевой счёт
op-field-count = Количество
op-field-address = Адрес доставки
op-now = сейчас
op-none = —

op-confirm-request = ⚠️ Вы можете только запросить эту операцию: она уйдёт на согласование.
op-sms-segments = { $chars } симв., { $segments } SMS

btn-op-run = ▶️ Выполнить
btn-op-request = 📨 Отправить на согласование
btn-op-skip = Пропустить
btn-op-now = Сейчас
btn-op-next = Далее ▶️
btn-op-other = ⚙️ Другие операции
btn-op-menu = 🏠 В меню

op-submitted = Операция «{ $title }» №{ $id } принята: { $n ->
    [one] { $n } номер
    [few] { $n } номера
   *[many] { $n } номеров
}. Ход выполнения — в сообщении ниже.
op-submitted-scheduled = Операция «{ $title }» №{ $id } запланирована на { $when }.
    Изменить или отменить — в разделе «🗓 Запланированное».
op-submitted-request = Запрос на операцию «{ $title }» №{ $id } отправлен на согласование.
op-progress-start = ⏳ Операция «{ $title }» отправляется…
op-progress = ⏳ { $title } №{ $id }
    Выполнено { $done } из { $total }, ошибок { $failed }
op-result =
    { $icon } <b>{ $title }</b> №{ $id }: выполнение завершено
    Выполнено: { $done } из { $total }
    Ошибок: { $failed }{ $skipped_line }{ $cost_line }
op-result-skipped = { "" }
    Не подошли: { $n }
op-result-cost = { "" }
    Списано: { $cost } ₽
op-result-failures = Номера с ошибками:
op-result-skipped-list = Не подошли (не выполнялось):
op-result-both = Ошибки и неподошедшие номера:
op-result-xlsx = Номера, которые не выполнены или не подошли, и причины — в файле.
op-xlsx-number = Номер
op-xlsx-holder = ФИО
op-xlsx-reason = Причина

op-fail-department_outside = отдел вне вашей области или не найден
op-fail-same_department = номер уже в этом отделе
op-fail-closed = номер закрыт
op-fail-number_blocked = номер заблокирован
op-fail-insufficient_funds = недостаточно средств на лицевом счёте
op-fail-tariff_recent = тариф сменён менее 5 минут назад
op-fail-same_tariff = номер уже на этом тарифе
op-fail-tariff_unavailable = тариф недоступен на контракте
op-fail-service_not_allowed = тариф номера не позволяет эту услугу
op-fail-already_on = услуга уже подключена
op-fail-conflict = несовместима с подключённой услугой { $arg }
op-fail-not_on = услуга не подключена
op-fail-already_blocked = блокировка уже установлена
op-fail-not_blocked = такой блокировки нет
op-fail-negative_balance = отрицательный баланс
op-fail-forward_self = переадресация на тот же номер
op-fail-not_forwarded = такой переадресации нет
op-fail-no_limit = лимит не установлен
op-fail-iccid_taken = SIM-карта с таким ICCID уже используется
op-fail-free_number_unavailable = номер уже занят или с другого контракта
op-fail-pp_exists = по лицевому счёту уже есть обещанный платёж
op-fail-pp_no_payments = нет платежей за последние месяцы
op-fail-pp_amount_over = сумма больше доступной
op-fail-same_settlement = этот метод уже установлен
op-fail-bad_account = неподходящий лицевой счёт
op-fail-other_contract = номер с другого контракта
op-fail-no_answer = оператор не ответил

op-err-money = Сумма не распознана. Пример: 1500 или 1500,50.
op-err-positive = Сумма должна быть больше нуля.
op-err-phone = Номер не распознан. Пример: +7 913 111-22-33.
op-err-inform-to = «{ $value }» — не номер телефона и не e-mail. Пример: +7 917 597-70-94 или name@company.ru; несколько — через запятую.
op-err-inform-to-many = Не больше { $max } адресатов.
op-err-iccid-length = ICCID — это 19 или 20 цифр с SIM-карты.
op-err-iccid-luhn = В ICCID ошибка: не сходится контрольная цифра. Проверьте цифры.
op-err-sms-empty = Текст пустой.
op-err-sms-long = Текст слишком длинный: больше { $max } SMS.
op-err-past = Дата уже прошла: выберите будущую.
op-err-empty = Пустое значение.
op-err-too-long = Слишком длинно: не больше { $max } символов.
op-err-term = Выберите срок из предложенных.
op-err-count = Укажите число от 1 до 100.
op-err-auto-off-before-start = Дата отключения должна быть позже даты подключения.
op-err-until-before-start = «До» должно быть позже начала.
op-err-missing = Не заполнен обязательный параметр.
op-err-invalid = Значение не подходит. Проверьте и отправьте ещё раз.
op-err-forbidden = Эта операция вам недоступна.
op-err-no-numbers = Нет доступных вам номеров для операции.
op-err-too-many = Эта операция выполняется только для { $max ->
    [one] одного номера
   *[other] { $max } номеров
}.
op-err-contracts = Для этой операции все номера должны быть с одного контракта.
op-err-none-eligible = Ни один из выбранных номеров не подходит для операции.
op-err-not-found = Операция не найдена.
op-err-time = Время не распознано. Пример: 09:30.
op-err-stale = Данные устарели, начните операцию заново.

op-month-1 = Январь
op-month-2 = Февраль
op-month-3 = Март
op-month-4 = Апрель
op-month-5 = Май
op-month-6 = Июнь
op-month-7 = Июль
op-month-8 = Август
op-month-9 = Сентябрь
op-month-10 = Октябрь
op-month-11 = Ноябрь
op-month-12 = Декабрь
op-weekdays = Пн Вт Ср Чт Пт Сб Вс


## The confirm screen: the usual choices in one line, consent on the priced button
op-default-start_at = сейчас
op-default-auto_off = без автоотключения
op-default-inform = без уведомления
op-default-inform_to = { "" }
op-default-until = без срока
op-usual-start_at = { $value }
op-usual-auto_off = автоотключение { $value }
op-usual-inform = уведомить: { $value }
op-usual-inform_to = сообщить: { $value }
op-usual-until = до { $value }
op-usual-days = срок: { $value }
op-usual-condition = { $value }
op-usual-action = при лимите: { $value }
op-confirm-skipped = Подойдут: { $eligible } из { $total }. Не подойдут:
op-confirm-skipped-more = …и ещё { $n }
op-confirm-paid = 💳 Платно: { $price } ₽ за номер. Нажимая кнопку с ценой, вы принимаете правила использования системы.
op-err-price-changed = Стоимость изменилась: проверьте её и нажмите ещё раз.
btn-op-run-paid = ▶️ Выполнить за { $cost } ₽
btn-op-run-services_on = ▶️ Подключить за { $cost } ₽
btn-op-run-sms = ▶️ Отправить за { $cost } ₽
btn-op-request-paid = 📨 Запросить · { $cost } ₽
btn-op-change = ⚙️ Изменить

## Времена в часовых поясах контрактов
op-time-local = местное время { $n ->
    [one] региона
   *[other] каждого региона
}: { $zones }
op-time-several = Номера в { $n ->
    [one] { $n } часовом поясе
   *[other] { $n } часовых поясах
}: выполнить в одно и то же местное время в каждом регионе или в один момент по МСК?
op-time-mode-local = 🌍 В одно местное время
op-time-mode-moment = 🕐 В один момент (МСК)
op-when-moment = { $when }, одновременно { $n ->
    [one] в { $n } регионе
   *[other] в { $n } регионах
}
op-when-local = по местному времени: { $list }{ $more ->
    [0] {""}
   *[other] {" "}и ещё { $more }
}
op-err-zones-changed = Номера выборки изменились: выберите время ещё раз.
op-zone-line = №{ $id } — { $n ->
    [one] { $n } номер
    [few] { $n } номера
   *[many] { $n } номеров
}, { $when }
op-zone-failed = { $zone }: { $reason }
op-submitted-zones = Операция «{ $title }» запланирована в каждом регионе по местному времени:
    { $list }
    Изменить или отменить — в разделе «🗓 Запланированное».
