## Approvals: requests, approver cards, the "Согласования" workplace

apr-tz = МСК

apr-card-title = 🔔 <b>Запрос на согласование №{ $id }</b>
apr-card-from = От: { $name }
apr-card-op = Операция: { $op }
apr-card-number = Номер: { $number }
apr-card-numbers = { $n ->
    [one] { $n } номер
    [few] { $n } номера
   *[many] { $n } номеров
}
apr-card-params = Параметры: { $params }
apr-card-cost = Стоимость: { $cost } ₽
apr-card-reason = Обоснование: «{ $reason }»
apr-card-escalated = ⬆️ В подразделении некому согласовать — запрос передан администратору.
apr-card-expires = ⏳ Ждёт решения до { $when }

apr-state-pending = ⏳ Ждёт решения до { $when }
apr-state-approved = ✅ Согласовано: { $name }, { $when }
apr-state-rejected = ❌ Отклонено: { $name }, { $when }
apr-state-why = Причина: «{ $reason }»
apr-state-withdrawn = ↩️ Отозван автором { $when }
apr-state-withdrawn-off = ↩️ Снят: { $name } отключил(а) доступ автора { $when }
apr-state-expired = ⌛ Срок согласования истёк { $when }

apr-status-pending = ожидает решения
apr-status-approved = согласован
apr-status-rejected = отклонён
apr-status-expired = срок истёк
apr-status-withdrawn = отозван

apr-btn-approve = ✅ Согласовать
apr-btn-reject = ❌ Отклонить
apr-btn-info = ℹ️ Подробнее
apr-btn-withdraw = ↩️ Отозвать запрос

apr-you-approved = ✅ Ваш запрос №{ $id } ({ $op }) согласован: { $name }.
apr-you-rejected = ❌ Ваш запрос №{ $id } ({ $op }) отклонён: { $name }.
apr-you-expired = ⌛ Срок согласования запроса №{ $id } ({ $op }) истёк, операция не выполнена. Если она ещё нужна, отправьте запрос заново.

apr-exec-running = ⏳ Выполняю операцию по запросу №{ $id }: { $op }…
apr-exec-done = ✅ Операция по запросу №{ $id } выполнена: { $done } из { $total }.
apr-exec-partial = ⚠️ Операция по запросу №{ $id } выполнена частично: { $done } из { $total }, ошибок: { $failed }.
apr-exec-failed = ❌ Операцию по запросу №{ $id } выполнить не удалось. Попробуйте ещё раз или обратитесь к администратору.
apr-exec-scheduled = 🕒 Операция по запросу №{ $id } запланирована на { $when }.
apr-exec-queued = ⏳ Операция по запросу №{ $id } поставлена в очередь.

# Answers to buttons
apr-ans-approved = Согласовано. Операция запущена.
apr-ans-rejected = Отклонено, автор запроса получил причину.
apr-ans-withdrawn = Запрос отозван.
apr-ans-already = Запрос №{ $id } уже закрыт: { $status }.
apr-ans-not-found = Запрос не найден.
apr-ans-self = Свой запрос согласовать нельзя.
apr-ans-forbidden = У вас нет прав решать этот запрос.

# Submitting a request
apr-sent-what = 📨 Запрос №{ $id } на согласование: { $op }, { $numbers }.
apr-sent = Отправлен { $n ->
    [one] { $n } согласующему
   *[other] { $n } согласующим
}. Когда решение будет принято, я напишу. Добавьте обоснование — так его рассмотрят быстрее.
apr-sent-escalated = ⬆️ В вашем подразделении некому согласовать эту операцию, поэтому запрос передан администратору.
apr-sent-nobody = ⚠️ Сейчас нет никого, кто мог бы согласовать запрос. Он будет ждать до { $when }; обратитесь к администратору.
apr-btn-justify = ✍️ Добавить обоснование
apr-justify-ask = Напишите, зачем нужна операция по запросу №{ $id }, — это увидят согласующие.
apr-justify-done = ✅ Обоснование добавлено, согласующие его видят.

# Reject reason step
apr-reject-ask = Напишите причину отказа по запросу №{ $id } — её получит автор запроса.
apr-reject-empty = Причина не может быть пустой — напишите пару слов.

# Details
apr-details-title = <b>Запрос №{ $id }</b> — { $status }
apr-details-created = Создан: { $when }
apr-details-numbers = <b>Номера</b> ({ $n }):
apr-details-more = …и ещё { $n }
apr-details-history = <b>Прошлые запросы автора:</b>
apr-details-no-history = Других запросов у автора нет.

# Workplace
apr-wp-title = <b>✅ Согласования</b>
apr-wp-inbox = <b>Ждут вашего решения:</b> { $pending }
apr-wp-mine-title = <b>Мои запросы</b>
apr-wp-empty = Здесь пока пусто.
apr-tab-inbox = 📥 На согласование
apr-tab-mine = 📤 Мои запросы
apr-filter-all = Все
apr-filter-pending = ⏳ Ожидают
apr-filter-decided = Решённые
apr-wp-filter = Фильтр: { $filter }

# Approval rules (admins)
apr-rules-button = ⚙️ Правила согласования
apr-rules-title =
    <b>⚙️ Правила согласования</b>
    Что роль позволяет только запросить, всегда согласует руководитель. Правила добавляют согласование по числу номеров или по сумме — даже для тех, кто может выполнить операцию сам:
apr-rules-none = Правил нет.
apr-rule-line = { $n }. { $op }: { $cond } → { $level }
apr-rule-any-op = любая операция
apr-rule-always = всегда
apr-rule-and = { " и " }
apr-rule-numbers = больше { $n ->
    [one] { $n } номера
   *[other] { $n } номеров
}
apr-rule-cost = дороже { $cost } ₽
apr-level-manager = руководитель
apr-level-admin = администратор
apr-rule-delete = 🗑 { $n }
apr-rule-deleted = Правило удалено.
apr-rule-add = ➕ Добавить правило
apr-rule-ask-op = Для какой операции правило?
apr-rule-ask-numbers = Сколько номеров операция должна превысить, чтобы понадобилось согласование? Отправьте число или нажмите «Пропустить».
apr-rule-ask-cost = Какую сумму в рублях операция должна превысить? Отправьте число (например, 5000) или нажмите «Пропустить».
apr-rule-ask-level = Кто согласует?
apr-rule-skip = Пропустить
apr-rule-bad-number = Нужно целое число, например 100.
apr-rule-bad-cost = Нужна сумма в рублях, например 5000 или 499,99.
apr-rule-saved = Правило сохранено.
