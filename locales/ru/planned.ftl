## Запланированное: времена в часовых поясах контрактов

pl-tz-msk = МСК
pl-tz-label = { $name } ({ $offset })
pl-when-msk = { $when } МСК
pl-when-both = { $when } { $zone } = { $msk } МСК
pl-tz-Europe-Moscow = Москва
pl-tz-Europe-Kaliningrad = Калининград
pl-tz-Europe-Samara = Самара
pl-tz-Asia-Yekaterinburg = Екатеринбург
pl-tz-Asia-Omsk = Омск
pl-tz-Asia-Novosibirsk = Новосибирск
pl-tz-Asia-Krasnoyarsk = Красноярск
pl-tz-Asia-Irkutsk = Иркутск
pl-tz-Asia-Yakutsk = Якутск
pl-tz-Asia-Vladivostok = Владивосток
pl-tz-Asia-Magadan = Магадан
pl-tz-Asia-Kamchatka = Камчатка

## Раздел «Запланированное»
pl-title = <b>🗓 Запланированное</b>
pl-total = Впереди: { $n }
pl-grace = Пропущенное, пока бот был остановлен, выполняется при запуске, если опоздало не больше чем на { $hours } ч.
pl-empty = Ничего не запланировано.
pl-filter-kind-all = Все виды
pl-filter-kind-operation = Операции
pl-filter-kind-service_off = Автоотключения
pl-filter-kind-block_end = Концы блокировок
pl-filter-kind-block_schedule = Блокировки по расписанию
pl-filter-kind-report = Отчёты
pl-filter-period-all = Всё время
pl-filter-period-day = Сутки
pl-filter-period-week = Неделя
pl-filter-period-month = Месяц
pl-kind-operation = отложенная операция
pl-kind-service_off = автоматическое отключение услуги
pl-kind-block_end = окончание блокировки
pl-kind-block_schedule = блокировка по расписанию
pl-kind-report = отчёт по расписанию
pl-icon-operation = ⚙️
pl-icon-service_off = 🔌
pl-icon-block_end = 🔓
pl-icon-block_schedule = 🔁
pl-icon-report = 📊
pl-what-operation = { $title } №{ $id }
pl-what-service-off = Отключение «{ $name }»
pl-what-block-end = Снятие блокировки: { $kind }
pl-what-block-schedule = { $step }: { $kind }
pl-what-report = Отчёт «{ $title }»
pl-step-on = Блокировка
pl-step-off = Снятие блокировки
pl-numbers = 📱 { $n ->
    [one] { $n } номер
    [few] { $n } номера
   *[many] { $n } номеров
}: { $first }{ $more ->
    [0] {""}
   *[other] {" "}и ещё { $more }
}
pl-rule-weekly = { $day } { $time }
pl-rule-monthly = { $day }-го числа в { $time }
pl-rule-daily = ежедневно в { $time }
pl-rule-step = { $when } — { $step }
pl-rule-until = { $rule }, до { $until }
pl-system = Система
pl-card-title = <b>{ $icon } { $what }</b>
pl-card-kind = Вид: { $kind }
pl-card-when = 🕒 { $when }
pl-card-rule = 🔁 { $rule }
pl-card-who = 👤 Запланировал: { $who }
pl-btn-run = ▶️ Выполнить сейчас
pl-btn-move = 🕒 Перенести
pl-btn-cancel = ✖️ Отменить
pl-btn-cancel-yes = ✖️ Да, отменить
pl-cancel-ask = Отменить? Номера останутся как есть.
pl-move-date = Выберите новую дату ({ $zone }):
pl-move-time = Дата: { $date }. Выберите время ({ $zone }) или отправьте его, например 09:30:
pl-done-cancel = ✅ Отменено: номера остались как есть.
pl-done-run = ✅ Запущено: выполнится в течение минуты.
pl-done-move = ✅ Перенесено.
pl-out-not_found = Такой записи нет или она вам недоступна.
pl-out-forbidden = Изменить это может администратор, автор или тот, кто вправе выполнить это для всех его номеров.
pl-out-gone = Это уже выполняется, выполнено или отменено.
pl-out-past = Это время уже прошло: выберите время впереди.

## Блокировка по расписанию
plb-btn-add = ➕ Блокировка по расписанию
plb-title = <b>🔁 Блокировка по расписанию</b>
plb-empty = 📱 Текущая выборка пуста: добавьте номера в «📱 Номера» (один номер — тоже выборка).
plb-numbers = 📱 Из выборки: { $n ->
    [one] { $n } номер
    [few] { $n } номера
   *[many] { $n } номеров
}
plb-numbers-none = 📱 В выборке { $n }, но ни один из них вам не блокировать.
plb-numbers-some = 📱 Из выборки ({ $n }) вам доступно: { $ok }
plb-kind = Вид: { $kind }
plb-on = 🔒 Блокировать: { $when }
plb-off = 🔓 Снимать: { $when }
plb-until = ⏳ До: { $until }
plb-forever-text = бессрочно
plb-zones = 🕒 Время местное для номеров: { $zones }
plb-forever = Бессрочно
plb-dated = До даты…
plb-btn-create = ✅ Запланировать
plb-btn-list = 🗓 К списку
plb-slot-on = Когда блокировать: { $when }. Выберите день и время или отправьте время, например 07:30.
plb-slot-off = Когда снимать блокировку: { $when }. Выберите день и время или отправьте время, например 07:30.
plb-pick-until = До какого дня действует расписание (включительно)?
plb-err-same = Блокировка и её снятие приходятся на одно и то же время: измените одно из них.
plb-err-none = Ни один номер выборки вам не блокировать: ничего не запланировано.
plb-err-until = До выбранной даты не будет ни одной блокировки: выберите дату позже.
plb-done = ✅ Запланировано{ $n ->
    [1] {""}
   *[other] {" "}по часовым поясам: { $n }
}. Расписание видно в «🗓 Запланированное»: там его можно перенести или отменить.

## Сроки согласований
pl-filter-kind-approval = Сроки согласований
pl-kind-approval = срок решения по запросу
pl-icon-approval = ⏳
pl-what-approval = Запрос: { $title } №{ $id }
pl-card-requester = 👤 Запросил: { $who }
pl-approval-hint = До этого срока запрос ждёт решения, потом истекает. Решают его в «✅ Согласования».
pl-out-deadline = Срок запроса не переносят и не отменяют: решите запрос в «✅ Согласования».

## Отмена по запросу
pl-btn-ask-cancel = ✖️ Попросить отменить
pl-btn-refuse = ↩️ Оставить, отказать
pl-card-asked = ❓ Отмену просит: { $who }
pl-done-requested = ✅ Запрос на отмену отправлен: решат администратор или автор, вам придёт ответ.
pl-done-refuse = ✅ Оставлено как есть: автору запроса придёт ответ.
pl-out-requested = Запрос на отмену отправлен.
pl-out-asked = Отмена уже запрошена и ждёт решения.
pl-ask-cancel = ❓ { $who } просит отменить запланированное №{ $id }: { $kind }, { $when }. Решите в «🗓 Запланированное»: отменить или оставить.
pl-ask-approved = ✅ Запланированное №{ $id } ({ $kind }, { $when }) отменено по вашему запросу.
pl-ask-refused = ↩️ Запланированное №{ $id } ({ $kind }, { $when }) оставлено: запрос на отмену отклонён.
pl-cancel-ask-request = Отменить это сами вы не можете: попросить администратора или автора? Пока они не решат, всё останется как есть.
pl-btn-ask-yes = ✖️ Да, попросить
pl-btn-open-request = ✅ Открыть запрос
plb-btn-weekly = 🔁 Каждую неделю…
plb-numbers-op = 📱 Номера операции: { $n }
