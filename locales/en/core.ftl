## Commands, menu, onboarding, common buttons and errors

cmd-start = Start
cmd-menu = Main menu
cmd-help = Help
cmd-cancel = Cancel the current action
cmd-language = Language / Язык

btn-back = ◀️ Back
btn-cancel = ✖️ Cancel
btn-done = ✅ Done
btn-menu = 🏠 Menu

menu-title =
    <b>Virtual Manager</b>
    { $name } · { $roles }

    { $waits }Choose a section or just type a surname, phone number, SIM number or account number.

wp-numbers = 📱 Numbers
wp-operations = ⚙️ Operations
wp-documents = 📄 Documents
wp-reports = 📊 Reports
wp-budget = 💰 Budget
wp-approvals = ✅ Approvals
wp-scheduled = 🗓 Scheduled
wp-appeals = 💬 Appeals
wp-history = 📜 History
wp-users = 👥 Users and roles
wp-hierarchy = 🏢 Hierarchy
wp-help = ❓ Help

role-owner = owner
role-admin = admin
role-manager = manager
role-accountant = accountant
role-employee = employee
role-viewer = viewer

scope-company = Whole company
scope-department = A department
scope-own = Own numbers

lang-button = 🌐 Русский
lang-name = English
lang-choose = Choose a language:
lang-switched = Language: English

cancelled = Cancelled.

onboard-stranger =
    Hello! This is the Virtual Manager, a bot for corporate customers.

    Access is given by your company's administrator: ask them for an invite link.
    If you have a corporate SIM card, tap "Share my number": if the number belongs to a customer company, you will get access to your own number.
onboard-share-contact = 📱 Share my number
onboard-contact-not_own = Please send your own contact with the "Share my number" button, not somebody else's.
onboard-contact-no_match = This number is not one of our corporate numbers. Ask your company's administrator for an invite link.
onboard-contact-already_member = You are already connected to a company. Open /menu.
onboard-contact-joined = Done: your number is confirmed and available to you.
onboard-already = You are already connected.

invite-choose-role = <b>Invite a user</b>
    Choose a role:
invite-choose-scope = Which numbers will they see?
invite-choose-department = Choose a department:
invite-scope-own = 📱 Their own number only
invite-scope-department = 🏢 A department
invite-scope-company = 🌐 Whole company
invite-choose-number =
    <b>Invite: their own number</b>
    Send the employee's phone number, e.g. +7 913 947-95-80. They will see this number only.
invite-number-unknown = ⚠️ That number is not among the numbers you may invite to. Send another number.
invite-btn-other-scope = 📍 Another scope
invite-where-own = Access: number { $where } only.
invite-where-department = Access: { $where } with its sub-departments.
invite-where-company = Access: the whole company.
invite-choose-ttl = How long is the link valid?
invite-ttl-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
invite-done =
    <b>The invite link is ready</b>
    Role: { $role_name }. Valid for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }, single use.
    { $scope_text }

    { $link }

    Forward it to the employee.
invite-joined = Welcome! The invite is accepted.
invite-not_found = Invite not found. Check the link or ask for a new one.
invite-expired = This invite has expired. Ask your administrator for a new link.
invite-used = This invite has already been used. Ask your administrator for a new link.
invite-already_member = You are already connected to a company; the invite was not needed.

fallback-member = I did not understand that. Open the menu or type a surname, phone, SIM or account number.
understand-command = I do not know the command { $command }. I understand: /menu — the menu, /help — help, /cancel — stop what you are doing, /language — the language.
understand-home = I understand buttons: choose an action on your number's card or open the menu.
understand-media = Photos, stickers, voice messages and locations are not something the bot handles. I understand buttons, text (a surname, phone, SIM or account number) and XLSX/CSV files with a list of numbers.

err-not-allowed = This action is not available to you.
err-stale-button = This button is outdated. Opening the menu.
err-internal = Something went wrong. Try again or open /menu.

## An employee's home: their own number

home-head = 📱 <b>{ $number }</b> · { $status }
    { $holder }
home-body =
    💰 Balance: <b>{ $balance }</b>
    📶 Tariff: { $tariff }
    🧾 Spent this month: { $charges }
home-owed = 💸 Above what the company pays, on you: <b>{ $amount }</b>
home-gone = Your number is no longer available. Please contact your company's administrator.
home-btn-promised = 💳 Promised payment
home-btn-service_on = ➕ Add a service
home-btn-lost = 🔒 Block: phone lost
home-btn-unblock = 🔓 Remove the block
home-btn-tariff = 📶 Change tariff
home-btn-service_off = ➖ Remove a service
home-btn-more = ⚙️ Other operations
home-wp-approvals = 📨 My requests
home-wp-appeals = 💬 Appeals
home-wp-notifications = 🔔 Notifications
home-wp-help = ❓ Help

## What waits for a manager, at the top of the menu

menu-waiting = 📨 Waiting for your decision: <b>{ $n }</b>
menu-running = ⏳ Your operations running: { $n }
menu-btn-first = 📨 To the first request
menu-nothing-waits = No request is waiting for a decision.
