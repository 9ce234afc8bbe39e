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
