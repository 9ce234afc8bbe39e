## Notifications: delivery notes, the «🔔 Уведомления» settings, alerts

ntf-btn-menu = ☰ Меню
ntf-mail-failed = 📭 Письмо не доставлено
    Кому: { $to }
    Тема: { $subject }
    Ответ почтового сервера: <code>{ $error }</code>
    Проверьте адрес и отправьте ещё раз.

ntf-sms-undelivered = 📵 SMS по операции №{ $id } доставлены не все: не доставлено { $failed } из { $total }.
    { $lines }{ $more }
ntf-sms-failure = • { $to } — { $reason }
ntf-sms-more = { "" }
    …и ещё { $n }: см. «📜 История».
ntf-sms-reason-number-blocked = номер заблокирован
ntf-sms-reason-unknown-number = номер не обслуживается
ntf-sms-reason-not-a-number = это не номер телефона
ntf-sms-reason-undelivered = не доставлено

ntf-inform-done = Виртуальный менеджер: операция №{ $id } «{ $op }» выполнена: { $done } из { $total }.
ntf-inform-partial = Виртуальный менеджер: операция №{ $id } «{ $op }» выполнена не полностью: { $done } из { $total }.
ntf-inform-subject = Операция №{ $id } «{ $op }»
alert-mail-subject = Виртуальный менеджер: оповещение
alert-balance-low = 💰 Баланс ЛС { $account } ниже порога: { $balance } ₽ (порог { $threshold } ₽).
alert-limit-80 = 📶 Номер { $number } израсходовал 80 % индивидуального лимита: { $spent } из { $limit } ₽.
alert-limit-100 = { $blocked ->
    [yes] ⛔ Номер { $number } исчерпал индивидуальный лимит ({ $spent } из { $limit } ₽) и заблокирован.
   *[no] 📵 Номер { $number } исчерпал индивидуальный лимит: { $spent } из { $limit } ₽.
}
alert-promised-due = ⏰ Завтра, { $due }, срок обещанного платежа { $amount } ₽ по ЛС { $account }.
alert-promised-repaid = ✅ Обещанный платёж { $amount } ₽ по ЛС { $account } погашен.
alert-promised-overdue = ⚠️ Обещанный платёж { $amount } ₽ по ЛС { $account } просрочен: на счёте не хватило средств.
alert-operation-done = ✅ Отложенная операция №{ $id } «{ $op }» выполнена: { $done } из { $total }.
alert-operation-failed = ❌ Отложенная операция №{ $id } «{ $op }» не выполнена полностью: { $done } из { $total }.
alert-request-waiting = ⏳ Запрос №{ $id } от { $name } ждёт вашего решения больше суток. Откройте «✅ Согласования».
alert-funds = 💸 Движение средств по ЛС { $account }: { $amount } ₽.
alert-tariff-changed = 🔁 На номере { $number } сменён тариф (операция №{ $id }).
alert-option-connected = ➕ На номере { $number } подключена услуга (операция №{ $id }).
alert-digest = 🔔 Сразу { $n ->
    [one] { $n } оповещение
    [few] { $n } оповещения
   *[many] { $n } оповещений
}:
    { $lines }

    Первые из них:
    { $first }
alert-digest-line = • { $kind }: { $n }

alert-kind-balance_low = Баланс ниже порога
alert-kind-limit_80 = Лимит номера 80 %
alert-kind-limit_100 = Лимит номера 100 %
alert-kind-promised_due = Обещанный платёж завтра
alert-kind-promised_repaid = Обещанный платёж погашен
alert-kind-promised_overdue = Обещанный платёж просрочен
alert-kind-operation_done = Запланированное выполнено
alert-kind-operation_failed = Запланированное не выполнено
alert-kind-request_waiting = Запрос ждёт решения > суток
alert-kind-funds = Движение средств
alert-kind-tariff_changed = Смена тарифа
alert-kind-option_connected = Подключение услуги

wp-notifications = 🔔 Уведомления
ntf-title = <b>🔔 Уведомления</b>
    Нажмите на оповещение, чтобы выбрать канал: ▫️ выкл. → 💬 Telegram → 📧 e-mail → 💬📧 оба.
ntf-mail-ok = 📮 Почта отправляется. В очереди: { $n }.
ntf-mail-off = 📮 Почта не настроена (SMTP_HOST не задан): письма ждут в очереди — { $n }.
ntf-btn-thresholds = 💰 Пороги баланса
ntf-thresholds-title = <b>💰 Пороги баланса</b>
    Выберите лицевой счёт: когда баланс опустится ниже порога, придёт оповещение (не чаще раза в день).
ntf-thresholds-empty = Нет лицевых счетов в вашей зоне.
ntf-threshold-item = { $account } · { $balance } ₽ · порог { $threshold }
ntf-threshold-ask = Введите порог в рублях, например <code>5000</code> или <code>1500,50</code>. 0 — без оповещения.
ntf-threshold-bad = ⚠️ Не похоже на сумму. Введите число рублей, например 5000.
ntf-threshold-saved = ✅ Порог сохранён: { $amount } ₽.
