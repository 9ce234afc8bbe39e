## Financial documents

doc-kind-invoice = 🧾 Счёт расчётного периода
doc-kind-vat_invoice = 🧾 Счёт-фактура
doc-kind-call_details = 📞 Детализация разговоров
doc-kind-balance = 💰 Отчёт по балансу
doc-kind-act = 🤝 Акт сверки
doc-kind-unified_invoice = 🏢 Единый счёт холдинга
doc-kind-unified_act = 🏢 Единый акт сверки

doc-fmt-pdf = 📕 PDF
doc-fmt-xlsx = 📗 XLSX
doc-fmt-xml = 📄 XML
doc-fmt-html = 🌐 HTML

doc-selected = Выбрано: { $numbers ->
    [one] { $numbers } номер
    [few] { $numbers } номера
   *[many] { $numbers } номеров
}, { $accounts } ЛС, { $contracts ->
    [one] { $contracts } контракт
    [few] { $contracts } контракта
   *[many] { $contracts } контрактов
}
doc-selected-accounts = По лицевым счетам: { $accounts } ЛС, { $contracts ->
    [one] { $contracts } контракт
    [few] { $contracts } контракта
   *[many] { $contracts } контрактов
}
doc-selected-none = Выборка пуста.
doc-holding = Весь холдинг: все контракты и лицевые счета.

doc-choose =
    <b>📄 Финансовые документы</b>
    { $selected }

    Выберите документ. Документы по номерам строятся по текущей выборке; можно прислать номера сообщением (по одному в строке).
doc-numbers-missing = Не найдены среди доступных вам номеров: { $list }

doc-period =
    <b>{ $doc }</b>
    { $selected }

    За какой период?
doc-period-last_month = 📅 Прошлый месяц ({ $label })
doc-period-this_month = 📅 Этот месяц ({ $label })
doc-period-last_quarter = 📅 Прошлый квартал ({ $label })
doc-period-custom = 🗓 Выбрать даты
doc-date-from = Выберите <b>первый</b> день периода.
doc-date-to = Период с { $start }. Выберите <b>последний</b> день.

doc-email =
    <b>Куда отправить документ по почте?</b>
    Ваш адрес: { $own }

    Другой адрес пришлите сообщением. Файл в любом случае придёт сюда, в чат.
doc-email-own = 📧 { $email }
doc-email-chat-only = 💬 Только в чат
doc-email-none = только в чат
doc-email-bad = «{ $value }» — не адрес электронной почты. Пришлите адрес вида name@example.ru.

doc-format = В каком формате? PDF — для печати, XLSX — для расчётов в таблице, XML — для учётных систем, HTML — для просмотра в браузере.

doc-consent =
    <b>Детализация разговоров — платная услуга.</b>
    Стоимость: { $cost } ₽ (10 ₽ за номер за каждый месяц периода), будет списана с лицевых счетов номеров.

    Я понимаю, что данная операция платная, и принимаю правила использования системы.
doc-consent-yes = ✅ Согласен, заказать
doc-consent-no = ✖️ Отказаться
doc-refused = Заказ отменён: документ не заказан, плата не списана.

doc-confirm =
    <b>Проверьте заявку</b>
    Документ: { $doc }
    { $selected }
    Период: { $period }
    Формат: { $fmt }
    Почта: { $email }{ $paid ->
        [yes] {"\u000A"}Стоимость: { $cost } ₽
       *[no] {""}
    }

    Из-за большого размера файла некоторые почтовые серверы могут отказать в получении письма; в чат файл придёт всегда.
doc-run = ▶️ Выполнить
doc-file-caption = 📄 Заявка № { $order }
doc-done =
    ✅ <b>Заявка № { $order } выполнена</b>: { $doc }.
    { $parts ->
        [one] Файл — выше, в чате.
       *[other] Файл большой: он разделён на { $parts } части, они выше, в чате.
    }{ $paid ->
        [yes] {"\u000A"}Списано: { $cost } ₽.
       *[no] {""}
    }
doc-done-mail = 📧 Копия отправлена на { $email }.
doc-done-mail-big = 📧 Файл слишком большой для почты: на { $email } отправлено письмо о том, что документ доставлен только в чат.
doc-other = 📄 Другой документ

doc-error-not_allowed = Этот документ вам недоступен.
doc-error-no_numbers = В выборке нет номеров, по которым вам доступны документы. Соберите выборку в «📱 Номера» или пришлите номера сообщением.
doc-error-no_accounts = Нет лицевых счетов, все номера которых вам доступны: документы по счёту включают все его номера.
doc-error-period_order = Конец периода раньше начала: выберите даты заново.
doc-error-period_future = Период не может заканчиваться в будущем.
doc-error-period_long = Период длиннее года: выберите не больше 12 месяцев.
doc-error-consent = Детализация платная: без согласия её не заказать.
doc-error-bad_email = Адрес почты не подходит: выберите другой.
doc-error-incomplete = Заявка заполнена не до конца: начните заново.

## In the action history

hist-document-invoice = 📄 Счёт расчётного периода
hist-document-vat-invoice = 📄 Счёт-фактура
hist-document-call-details = 📄 Детализация разговоров
hist-document-balance = 📄 Отчёт по балансу
hist-document-act = 📄 Акт сверки
hist-document-unified-invoice = 📄 Единый счёт холдинга
hist-document-unified-act = 📄 Единый акт сверки

## Inside the files: what a document says, in the language of whoever ordered it

docf-title-invoice = Счёт расчётного периода
docf-title-vat_invoice = Счёт-фактура
docf-title-call_details = Детализация разговоров
docf-title-balance = Детализированный отчёт по балансу
docf-title-act = Акт сверки взаимных расчётов
docf-title-unified_invoice = Единый счёт
docf-title-unified_act = Единый акт сверки
docf-file-invoice = schet
docf-file-vat_invoice = schet-faktura
docf-file-call_details = detalizaciya
docf-file-balance = otchet-po-balansu
docf-file-act = akt-sverki
docf-file-unified_invoice = edinyj-schet
docf-file-unified_act = edinyj-akt-sverki
docf-no-number = б/н
docf-heading = { $title } № { $number } от { $date }
docf-page = Стр. { $page } из { $pages }
docf-continued = (продолжение)
docf-inn = ИНН
docf-kpp = КПП
docf-supplier = Поставщик
docf-seller = Продавец
docf-buyer = Покупатель
docf-period = Период
docf-contract = Договор
docf-contract-dated = № { $number } от { $date }
docf-contract-undated = № { $number }
docf-accounts = Лицевые счета
docf-date = Дата
docf-currency = Валюта
docf-currency-rub = Российский рубль, 643
docf-numbers = Номеров
docf-long-date = { $day } { $month } { $year } г.

docf-cat-subscription = Абонентская плата
docf-cat-calls = Телефонные соединения
docf-cat-sms = SMS-сообщения
docf-cat-data = Передача данных (мобильный интернет)
docf-cat-services = Дополнительные услуги
docf-cat-ops = Разовые начисления (операции)

docf-inv-table = Начисления
docf-inv-col-n = №
docf-inv-col-group = Контракт / ЛС
docf-inv-col-service = Наименование услуги
docf-inv-col-net = Сумма без НДС, ₽
docf-inv-col-vat = НДС 20 %, ₽
docf-inv-col-gross = Сумма с НДС, ₽
docf-inv-group-account = ЛС { $account }
docf-inv-group-contract = { $contract } ({ $region })
docf-inv-total = Итого
docf-inv-net = Итого без НДС
docf-inv-vat = НДС 20 %
docf-inv-due = Всего к оплате
docf-inv-words = Всего к оплате: { $total }, в том числе НДС 20 %: { $vat }

docf-sf-table = Товары (работы, услуги)
docf-sf-col-n = №
docf-sf-col-service = Наименование услуги
docf-sf-col-unit = Ед. изм.
docf-sf-col-qty = Кол-во
docf-sf-col-price = Цена без НДС, ₽
docf-sf-col-net = Стоимость без НДС, ₽
docf-sf-col-rate = Ставка
docf-sf-col-vat = Сумма НДС, ₽
docf-sf-col-gross = Стоимость с НДС, ₽
docf-sf-unit = усл. ед.
docf-sf-rate = 20 %
docf-sf-total = Всего к оплате
docf-sf-net = Стоимость без НДС
docf-sf-vat = Сумма НДС
docf-sf-due = Всего
docf-sf-words = Всего: { $total }, в том числе НДС 20 %: { $vat }

docf-cd-col-at = Дата и время (МСК)
docf-cd-col-type = Тип
docf-cd-col-peer = Номер / ресурс
docf-cd-col-seconds = Длит., мин:с
docf-cd-col-kb = Объём, КБ
docf-cd-col-cost = Стоимость, ₽
docf-cd-call = Звонок
docf-cd-sms = SMS
docf-cd-data = Интернет
docf-cd-number = { $phone }{ $has_holder ->
    [yes] {" "}— { $holder }
   *[no] {""}
} (ЛС { $account })
docf-cd-events = Итого: { $count }
docf-cd-sms-count = SMS: { $count }
docf-cd-total = Итого по детализации
docf-cd-words = Итого: { $total }
docf-cd-note = Стоимость указана с НДС. Входящие вызовы в домашнем регионе не тарифицируются.

docf-bal-col-date = Дата
docf-bal-col-operation = Операция
docf-bal-col-charged = Начислено, ₽
docf-bal-col-paid = Оплачено, ₽
docf-bal-col-balance = Остаток, ₽
docf-bal-account = Лицевой счёт { $account } — { $name } (контракт { $contract })
docf-bal-closing-row = Итого; остаток на конец периода
docf-pay-bank = Платёж (банковский перевод)
docf-pay-card = Платёж (банковская карта)
docf-pay-other = Платёж
docf-sum-opening = Остаток на начало периода
docf-sum-charged = Начислено за период
docf-sum-paid = Оплачено за период
docf-sum-closing = Остаток на конец периода
docf-bal-words = Остаток на конец периода: { $total }

docf-act-col-date = Дата
docf-act-col-entry = Документ
docf-act-col-debit = Начислено (дебет), ₽
docf-act-col-credit = Оплачено (кредит), ₽
docf-act-account = Лицевой счёт { $account } (контракт { $contract })
docf-act-contract = Контракт { $contract } — { $region }
docf-act-opening = Сальдо начальное
docf-act-turnover = Обороты за период
docf-act-closing = Сальдо конечное
docf-act-charges = Начисления за { $month } { $year }
docf-act-payments = Платежи за { $month } { $year }
docf-act-payment = { $method } от { $date }
docf-act-advance = Сальдо в пользу абонента (аванс): { $total }
docf-act-debt = Задолженность абонента: { $total }
docf-act-settled = Задолженность отсутствует
docf-act-words = На { $date }: { $saldo }
docf-act-note-sign = Положительное сальдо — аванс абонента, отрицательное — задолженность.
docf-act-note-signatures = Подписи сторон: ____________ / ____________

docf-mail-subject = { $title } за { $period } (заявка № { $order })
docf-mail-body =
    Здравствуйте!

    Во вложении — документ «{ $title }» за период { $period } (заявка № { $order }), файл { $file }.

    Виртуальный менеджер
docf-mail-too-big =
    Здравствуйте!

    Документ «{ $title }» за период { $period } (заявка № { $order }) занимает { $size } МБ: это больше, чем принимают почтовые серверы, поэтому документ доставлен только в чат с ботом.

    Виртуальный менеджер
docf-operator-demo-name = ПАО «Телеком-Оператор»
docf-operator-demo-address = 109147, г. Москва, ул. Связистов, д. 4
