## Commands, menu, onboarding, common buttons and errors

cmd-start = Начать работу
cmd-menu = Главное меню
cmd-help = Помощь
cmd-cancel = Отменить текущее действие
cmd-language = Язык / Language

btn-back = ◀️ Назад
btn-cancel = ✖️ Отмена
btn-done = ✅ Готово
btn-menu = 🏠 Меню

menu-title =
    <b>Виртуальный менеджер</b>
    { $name } · { $roles }

    { $waits }Выберите раздел или просто напишите фамилию, номер, номер SIM-карты или лицевой счёт.

wp-numbers = 📱 Номера
wp-operations = ⚙️ Операции
wp-documents = 📄 Документы
wp-reports = 📊 Отчёты
wp-budget = 💰 Бюджет
wp-approvals = ✅ Согласования
wp-scheduled = 🗓 Запланированное
wp-appeals = 💬 Обращения
wp-history = 📜 История
wp-users = 👥 Пользователи и роли
wp-hierarchy = 🏢 Иерархия
wp-help = ❓ Помощь

role-owner = владелец
role-admin = администратор
role-manager = руководитель
role-accountant = бухгалтер
role-employee = сотрудник
role-viewer = аудитор

scope-company = Вся компания
scope-department = Департамент или отдел
scope-own = Свои номера

lang-button = 🌐 English
lang-name = Русский
lang-choose = Выберите язык:
lang-switched = Язык: русский

cancelled = Действие отменено.

onboard-stranger =
    Здравствуйте! Это «Виртуальный менеджер» — бот для корпоративных клиентов.

    Доступ выдаёт администратор вашей компании: попросите у него ссылку-приглашение.
    Если у вас корпоративная SIM-карта, нажмите «Поделиться номером» — если номер принадлежит компании-клиенту, вы получите доступ к своему номеру.
onboard-share-contact = 📱 Поделиться номером
onboard-contact-not_own = Пожалуйста, отправьте свой собственный контакт кнопкой «Поделиться номером», а не контакт другого человека.
onboard-contact-no_match = Этот номер не найден среди корпоративных номеров. Попросите у администратора вашей компании ссылку-приглашение.
onboard-contact-already_member = Вы уже подключены к компании. Откройте /menu.
onboard-contact-joined = Готово: номер подтверждён, вам доступен ваш корпоративный номер.
onboard-already = Вы уже подключены.

invite-choose-role = <b>Приглашение пользователя</b>
    Выберите роль:
invite-choose-scope = Какие номера будут доступны?
invite-choose-department = Выберите департамент или отдел:
invite-scope-own = 📱 Только свой номер
invite-scope-department = 🏢 Департамент или отдел
invite-scope-company = 🌐 Вся компания
invite-choose-number =
    <b>Приглашение: свой номер</b>
    Отправьте номер телефона сотрудника, например +7 913 947-95-80. Он увидит только этот номер.
invite-number-unknown = ⚠️ Такого номера нет среди номеров, куда вы можете пригласить. Отправьте другой номер.
invite-btn-other-scope = 📍 Другая область
invite-where-own = Доступ: только номер { $where }.
invite-where-department = Доступ: { $where } с вложенными отделами.
invite-where-company = Доступ: вся компания.
invite-choose-ttl = Сколько действует ссылка?
invite-ttl-days = { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
invite-done =
    <b>Ссылка-приглашение готова</b>
    Роль: { $role_name }. Действует { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }, одноразовая.
    { $scope_text }

    { $link }

    Перешлите её сотруднику.
invite-joined = Добро пожаловать! Приглашение принято.
invite-not_found = Приглашение не найдено. Проверьте ссылку или попросите новую.
invite-expired = Срок действия приглашения истёк. Попросите у администратора новую ссылку.
invite-used = Это приглашение уже использовано. Попросите у администратора новую ссылку.
invite-already_member = Вы уже подключены к компании; приглашение не понадобилось.

fallback-member = Не понял сообщение. Откройте меню или напишите фамилию, номер телефона, SIM-карты или лицевого счёта.
understand-command = Команда { $command } мне незнакома. Я понимаю: /menu — меню, /help — помощь, /cancel — отменить действие, /language — язык.
understand-home = Я понимаю кнопки: выберите действие на карточке вашего номера или откройте меню.
understand-media = Фото, стикеры, голосовые и геопозиции бот не обрабатывает. Я понимаю кнопки, текст (фамилию, номер телефона, SIM-карты или лицевого счёта) и файлы XLSX/CSV со списком номеров.

err-not-allowed = Это действие вам недоступно.
err-stale-button = Эта кнопка устарела. Открываю меню.
err-internal = Что-то пошло не так. Попробуйте ещё раз или откройте /menu.

## An employee's home: their own number

home-head = 📱 <b>{ $number }</b> · { $status }
    { $holder }
home-body =
    💰 Баланс: <b>{ $balance }</b>
    📶 Тариф: { $tariff }
    🧾 Расходы в этом месяце: { $charges }
home-owed = 💸 Сверх оплаты компанией, за ваш счёт: <b>{ $amount }</b>
home-gone = Ваш номер больше не доступен. Обратитесь к администратору компании.
home-btn-promised = 💳 Обещанный платёж
home-btn-service_on = ➕ Подключить услугу
home-btn-lost = 🔒 Заблокировать при утере
home-btn-unblock = 🔓 Снять блокировку
home-btn-tariff = 📶 Сменить тариф
home-btn-service_off = ➖ Отключить услугу
home-btn-more = ⚙️ Другие операции
home-wp-approvals = 📨 Мои запросы
home-wp-appeals = 💬 Обращения
home-wp-notifications = 🔔 Уведомления
home-wp-help = ❓ Помощь

## What waits for a manager, at the top of the menu

menu-waiting = 📨 Ждут вашего решения: <b>{ $n }</b>
menu-running = ⏳ Выполняются ваши операции: { $n }
menu-btn-first = 📨 К первому запросу
menu-nothing-waits = Решений не ждёт ни один запрос.
