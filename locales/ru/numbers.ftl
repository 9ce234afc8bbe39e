## Numbers workplace: search, hierarchy, number card, selections, files

num-title =
    <b>📱 Номера</b>
    Введите фамилию, номер, номер SIM-карты или лицевой счёт — или выберите, как искать.
num-btn-contracts = 🗂 Контракты и лицевые счета
num-btn-departments = 🏢 Структура компании
num-blocked-mark = 🔒
num-search-found = 🔎 «{ $query }» ({ $kind ->
        [name] по ФИО
        [phone] по номеру
        [suffix] по последним цифрам номера или SIM
        [iccid] по номеру SIM-карты
        [account] по лицевому счёту
       *[other] поиск
    }): { $n ->
        [one] найден { $n } номер
        [few] найдено { $n } номера
       *[many] найдено { $n } номеров
    }
num-search-none =
    🔎 По запросу «{ $query }» ничего не найдено.
    Проверьте написание: можно ввести фамилию или часть ФИО, номер в любом виде (+7 913 947-95-80, 89139479580, 947-95-80), номер SIM-карты или 12 цифр лицевого счёта.
num-search-many = 🔎 «{ $query }»: найдено больше { $n } номеров. Уточните запрос — например, добавьте имя или отчество; ниже первые { $n }, сначала по фамилии.
num-search-too-short = 🔎 «{ $query }» — слишком коротко. Введите хотя бы 2 буквы фамилии или 4 последние цифры номера.
num-list-empty = Здесь нет доступных вам номеров.
num-list-account = 💳 <b>Лицевой счёт { $account }</b>
    Контракт { $contract } ({ $region }) · баланс { $balance }
    { $n ->
        [one] { $n } номер
        [few] { $n } номера
       *[many] { $n } номеров
    }
num-list-department = 🏢 <b>{ $name }</b> (с вложенными отделами): { $n ->
        [one] { $n } номер
        [few] { $n } номера
       *[many] { $n } номеров
    }
num-list-unassigned = 🏢 <b>Без отдела</b>: { $n ->
        [one] { $n } номер
        [few] { $n } номера
       *[many] { $n } номеров
    }
num-list-contract = 🗂 <b>Контракт { $contract }</b> { $name } ({ $region }): { $n ->
        [one] { $n } номер
        [few] { $n } номера
       *[many] { $n } номеров
    }
num-list-current = 🧺 <b>Текущая выборка</b>: { $n ->
        [one] { $n } номер
        [few] { $n } номера
       *[many] { $n } номеров
    }
num-list-saved = 📚 <b>Выборка «{ $name }»</b>: { $n ->
        [one] { $n } номер
        [few] { $n } номера
       *[many] { $n } номеров
    }
num-not-found = Номер не найден.
num-btn-tick-mode = ☑️ Отметить несколько
num-btn-open-mode = 👁 Открывать карточки
num-btn-add-ticked = ➕ Добавить отмеченные ({ $ticked }) в выборку
num-btn-remove-ticked = ➖ Убрать отмеченные ({ $ticked }) из выборки
num-btn-add-all = ➕ Добавить все ({ $total }) в выборку

## Number card

card-head = 📱 <b>{ $number }</b>
    { $holder } · { $status }
card-comment = 💬 { $comment }
card-body =
    🏢 Отдел: { $department }
    🗂 Контракт: { $contract } { $contract_name } ({ $region })
    💳 Лицевой счёт: { $account }, баланс { $balance } ({ $settlement })
    📶 Тариф: { $tariff }
    💾 SIM: { $iccid }
    🧾 Начислено в этом месяце: { $charges }
card-status-active = активен
card-status-blocked = 🔒 заблокирован
card-status-closed = закрыт
card-settlement-advance = авансовый расчёт
card-settlement-credit = кредитный расчёт
card-services = <b>Услуги</b>
    { $lines }
card-owed = 💸 За счёт сотрудника в этом месяце: { $amount }
card-no-services = Подключённых услуг нет.
card-service-from = с { $date }
card-service-until = до { $date }
card-since = с { $date }
card-blocks = <b>Блокировки</b>
    { $lines }
card-block-voluntary = добровольная
card-block-lost = утеря/кража
card-block-financial = финансовая
card-block-budget = 📵 исходящие вызовы (бюджет)
card-forwardings = <b>Переадресация</b>
    { $lines }
card-fwd-always = всегда
card-fwd-busy = если занято
card-fwd-no_answer = если нет ответа
card-fwd-unreachable = если недоступен
card-limits = <b>Индивидуальные лимиты</b>
    { $lines }
card-limit-notify = уведомить
card-limit-block = заблокировать
card-btn-add = ➕ В выборку
card-btn-remove = ➖ Из выборки
card-btn-operations = ⚙️ Операции
card-btn-account = 💳 Номера ЛС

## Hierarchy

hier-contracts = <b>🗂 Контракты</b>
    Выберите контракт, чтобы увидеть его лицевые счета.
hier-contract-button = { $name } · { $n }
hier-btn-accounts-only = 💳 Только лицевые счета
hier-accounts-of = <b>🗂 Контракт { $number }</b> { $name } ({ $region })
    Лицевые счета:
hier-accounts-only = <b>💳 Лицевые счета</b> и их балансы:
hier-btn-add-contract = ➕ Весь контракт в выборку
hier-departments-top = <b>🏢 Структура компании</b>
    Выберите департамент или отдел.
hier-department = <b>🏢 { $name }</b>
    С вложенными отделами: { $n ->
        [one] { $n } номер
        [few] { $n } номера
       *[many] { $n } номеров
    }
hier-btn-numbers = 📱 Номера ({ $count })
hier-btn-add-department = ➕ Весь отдел в выборку
hier-btn-unassigned = ▫️ Без отдела ({ $unassigned })

## Selections

sel-summary = Выбрано: { $n ->
        [one] { $n } номер
        [few] { $n } номера
       *[many] { $n } номеров
    }, { $a } ЛС, { $c ->
        [one] { $c } контракт
        [few] { $c } контракта
       *[many] { $c } контрактов
    }
sel-summary-empty = Выборка пуста.
sel-title = <b>🧺 Текущая выборка</b>
sel-one-contract = Все номера — в одном контракте.
sel-many-contracts = Номера из нескольких контрактов: некоторые операции выполняются только в пределах одного контракта.
sel-btn-open = 🧺 Выборка{ $sel_badge }
sel-btn-show = 👁 Показать
sel-btn-filter = 🔽 Добавить по фильтру
sel-btn-load = 📥 Загрузить из файла
sel-btn-export = 📤 Выгрузить XLSX
sel-btn-save = 💾 Сохранить
sel-btn-all = 📚 Все выборки
sel-btn-clear = 🗑 Очистить
sel-btn-clear-yes = 🗑 Да, очистить
sel-clear-confirm = Очистить текущую выборку? Сохранённые выборки не изменятся.
sel-cleared = Выборка очищена.
sel-added = { $n ->
        [one] Добавлен { $n } номер.
        [few] Добавлено { $n } номера.
       *[many] Добавлено { $n } номеров.
    }
sel-removed = { $n ->
        [one] Убран { $n } номер.
        [few] Убрано { $n } номера.
       *[many] Убрано { $n } номеров.
    }
sel-empty = Выборка пуста: сначала добавьте номера.
sel-save-prompt = Напишите название для выборки (до 60 символов). Если выборка с таким названием уже есть, она будет заменена.
sel-saved = 💾 Выборка сохранена как «{ $name }».
sel-saved-replaced = 💾 Выборка «{ $name }» обновлена.
sel-all-title = <b>📚 Все выборки</b>
sel-none-saved = Сохранённых выборок пока нет. Соберите выборку и нажмите «Сохранить».
sel-saved-button = { $name } · { $n }
sel-saved-title = <b>📚 Выборка «{ $name }»</b>
    { $summary }
sel-btn-make-current = ✅ Сделать текущей
sel-btn-rename = ✏️ Переименовать
sel-btn-delete = 🗑 Удалить
sel-btn-delete-yes = 🗑 Да, удалить
sel-made-current = { $n ->
        [one] Выборка загружена в текущую: { $n } номер.
        [few] Выборка загружена в текущую: { $n } номера.
       *[many] Выборка загружена в текущую: { $n } номеров.
    }
sel-rename-prompt = Напишите новое название выборки.
sel-renamed = Выборка переименована.
sel-delete-confirm = Удалить выборку «{ $name }»? Текущая выборка не изменится.
sel-deleted = Выборка удалена.
sel-error-name-empty = Название не может быть пустым. Напишите название.
sel-error-name-long = Слишком длинное название: не больше { $max } символов.
sel-error-name-taken = Выборка с таким названием уже есть. Выберите другое.
sel-error-empty = Выборка пуста — сохранять нечего.
sel-error-not-found = Выборка не найдена.
sel-error-bad-filter = Такого фильтра нет.
sel-filter-title = <b>🔽 Добавить номера по фильтру</b>
sel-filter-tariff = По тарифу
sel-filter-service = По подключённой услуге
sel-filter-region = По региону
sel-filter-blocked = Заблокированные
sel-filter-active = Незаблокированные
sel-filter-balance_below = Баланс ЛС ниже суммы
sel-balance-prompt = Напишите сумму в рублях: добавлю номера, у лицевых счетов которых баланс ниже. Например: 100 или -50,5
sel-balance-invalid = Не понял сумму. Напишите число, например 100 или -50,5.
sel-export-filename = выборка
sel-exporting = Готовлю файл…
sel-exported = { $n ->
        [one] Выборка: { $n } номер.
        [few] Выборка: { $n } номера.
       *[many] Выборка: { $n } номеров.
    }
xlsx-number = Абонентский номер
xlsx-holder = ФИО
xlsx-account = Лицевой счёт
xlsx-contract = Контракт
xlsx-department = Отдел
xlsx-tariff = Тариф
xlsx-balance = Баланс ЛС, ₽

## Loading a selection from a file

load-prompt = <b>📥 Загрузка выборки</b>
    Отправьте файл XLSX или CSV со столбцом номеров телефонов, номеров SIM-карт (ICCID) или лицевых счетов. Заголовок столбца не обязателен; номера — в любом виде: +7 (913) 947-95-80, 89139479580, 9139479580.
load-need-file = Нужен файл XLSX или CSV — отправьте его как документ.
load-confirm = 📥 Файл «{ $name }». Заменить текущую выборку номерами из файла или добавить их к ней?
load-btn-replace = 🔄 Заменить
load-btn-add = ➕ Добавить
load-working = Читаю файл…
load-done = 📥 <b>Файл прочитан</b>: { $rows ->
        [one] { $rows } строка
        [few] { $rows } строки
       *[many] { $rows } строк
    }, найдено { $found ->
        [one] { $found } номер
        [few] { $found } номера
       *[many] { $found } номеров
    }, в выборку добавлено { $added }. Не взято строк: { $skipped }.
load-skipped-title = <b>Не взяты:</b>
load-line = строка { $row }: { $value } — { $reason }
load-more-in-file = …и ещё { $n } — полный список в файле выше.
load-nothing-changed = Ни один номер не найден — выборка не изменилась.
load-reason-invalid = неверный формат
load-reason-not_found = не найден
load-reason-out_of_scope = вне вашей зоны доступа
load-reason-duplicate = повтор
load-col-row = Строка
load-col-value = Значение
load-col-reason = Причина
load-report-filename = не-взятые-строки
load-report-caption = Строки, которые не попали в выборку: { $n }.
load-problem-wrong-type = Этот файл не подходит: нужен XLSX или CSV. Выборка не изменилась.
load-problem-too-big = Файл больше { $mb } МБ — такой бот не может принять. Разбейте его на части. Выборка не изменилась.
load-problem-empty = Файл пустой. Выборка не изменилась.
load-problem-broken = Файл не читается: похоже, он повреждён или это не XLSX/CSV. Пересохраните его и отправьте снова. Выборка не изменилась.
load-problem-no-column = В файле не нашлось столбца с номерами телефонов, SIM-картами или лицевыми счетами. Выборка не изменилась.
load-problem-too-many-rows = В файле больше { $limit } строк — это слишком много для одной выборки. Разбейте файл на части. Выборка не изменилась.
load-problem-download = Не удалось получить файл от Telegram. Отправьте его ещё раз. Выборка не изменилась.
