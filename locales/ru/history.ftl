## Action history

hist-title =
    📜 <b>История действий</b>
    Записей: { $total } · стр. { $page } из { $pages }

    { $body }
hist-empty = Ничего не найдено. Измените фильтры или сбросьте их.
hist-entry =
    <b>{ $when }</b> · { $action } · { $status }
    { "  " }{ $who }
hist-system = Система
hist-period-days = { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
    }
hist-period-all = За всё время
hist-kind-all = Все виды
hist-kind-operations = Операции
hist-kind-approvals = Согласования
hist-kind-numbers = Номера и услуги
hist-kind-access = Пользователи и доступ
hist-kind-appeals = Обращения
hist-kind-selections = Выборки
hist-kind-documents = Документы и отчёты
hist-status-all = Любой статус
hist-status-other = другое
hist-status-done = ✅ выполнено
hist-status-failed = ❌ ошибка
hist-status-partial = ⚠️ частично
hist-status-queued = ⏳ в очереди
hist-status-running = ⏳ выполняется
hist-status-scheduled = 🗓 запланировано
hist-status-awaiting-approval = 📝 на согласовании
hist-status-pending = 📝 ожидает
hist-status-approved = 👍 согласовано
hist-status-rejected = 👎 отклонено
hist-status-cancelled = 🚫 отменено
hist-status-expired = ⌛ истёк срок
hist-status-withdrawn = ↩️ отозвано
hist-status-refused = ⛔ отказано
hist-author-all = Все пользователи
hist-number-all = Любой номер
hist-number-any = ✖️ Любой номер
hist-ask-number = Отправьте номер телефона, историю которого показать, например <code>+7 913 947-95-80</code>.
hist-number-unknown = Такого номера нет среди ваших. Проверьте номер и отправьте его ещё раз.
hist-choose-kind = Какие действия показать?
hist-choose-status = Действия с каким статусом показать?
hist-choose-author = Чьи действия показать?
hist-export = 📥 Выгрузить XLSX
hist-exported = История действий: { $n ->
    [one] { $n } запись
    [few] { $n } записи
   *[many] { $n } записей
    }.
hist-reset = 🧹 Сбросить фильтры
hist-col-when = Когда
hist-col-who = Кто
hist-col-action = Действие
hist-col-status = Статус
hist-col-number = Номер
hist-col-op = Операция
hist-action-other = Действие
hist-sms-undelivered = SMS не доставлено
hist-sms-report = SMS доставлены: { $delivered } из { $total }
hist-approval-request = Запрос на согласование
hist-approval-approved = Запрос согласован
hist-approval-rejected = Запрос отклонён
hist-approval-expired = Запрос истёк
hist-approval-withdrawn = Запрос отозван
hist-approval-justify = Обоснование запроса
hist-approval-escalated = Запрос передан выше
hist-block-expire = Блокировка снята по сроку
hist-service-auto-disable = Услуга отключена по сроку
hist-grant-role = Роль изменена
hist-grant-scope = Область роли изменена
hist-role-copy = Роль скопирована
hist-role-delete = Роль удалена
hist-grant-revoke = Роль отозвана
hist-invite-accept = Приглашение принято
hist-invite-create = Приглашение создано
hist-number-msisdn-replaced = Номер заменён
hist-number-sim-replaced = SIM-карта заменена
hist-policy-rule-delete = Правило согласования удалено
hist-policy-rule-save = Правило согласования сохранено
hist-role-create = Роль создана
hist-role-permission = Права роли изменены
hist-selection-save = Выборка сохранена
hist-user-activate = Доступ включён
hist-user-deactivate = Доступ отключён
hist-user-contact-join = Сотрудник подключился по номеру
hist-open = 📜 История
hist-appeal-create = Обращение создано
hist-appeal-close = Обращение закрыто
hist-department-create = Отдел создан
hist-department-rename = Отдел переименован
hist-department-move = Отдел перемещён
hist-department-delete = Отдел удалён
hist-access-refused = ⛔ Отказано в доступе
hist-budget-limit = Лимит бюджета изменён
hist-budget-rules = Правила бюджета изменены
hist-budget-80 = Бюджет израсходован на 80 %
hist-budget-100 = Бюджет израсходован полностью
hist-budget-lift = Запрет исходящих по бюджету снят
hist-limit-block = Номер заблокирован: достигнут лимит
hist-planned-block-schedule = Блокировка по расписанию создана
hist-planned-cancel = Запланированное отменено
hist-planned-cancel-request = Запрошена отмена запланированного
hist-planned-cancel-refuse = Запрос на отмену запланированного отклонён
hist-planned-missed = Запланированное пропущено: бот был выключен
hist-planned-move = Запланированное перенесено
hist-planned-run-now = Запланированное выполнено сейчас
hist-service-started = Услуга подключена (отложенное подключение)
hist-promised-repaid = Обещанный платёж погашен
hist-promised-overdue = Обещанный платёж просрочен
hist-kind-settings = Настройки
hist-settings-alert = Уведомления настроены
hist-settings-threshold = Порог баланса изменён
hist-report-payments = 📊 Отчёт: начисления и платежи
hist-report-categories = 📊 Отчёт: начисления по категориям
hist-report-traffic = 📊 Отчёт: трафик
hist-report-numbers = 📊 Отчёт: номера
hist-report-promised = 📊 Отчёт: обещанные платежи
hist-report-balances = 📊 Отчёт: балансы
hist-report-unbilled = 📊 Отчёт: текущий месяц
hist-report-budget = 📊 Отчёт: бюджет
