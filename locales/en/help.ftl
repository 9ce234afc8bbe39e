## Help: one page per workplace (❓ on its screens, /help inside it) and an overview

btn-help = ❓ Help
help-overview =
    <b>❓ Help</b>
    This bot is the "Virtual Manager" in Telegram. Open to you (❓ in each has its own help):
    { $workplaces }

    Type a surname, phone, SIM or account number and the bot finds the number. /menu — menu, /cancel — stop, /language — language.

help-numbers =
    <b>❓ Numbers</b>
    Find a number by surname, phone, SIM or account number, or through contracts and the company structure. A number's card shows its balance, tariff, services and operations; numbers can be gathered into a selection or loaded from a file.
    <i>Example:</i> type "Ivanov" and tap the number.
help-hierarchy =
    <b>❓ Company structure</b>
    Departments with their numbers, contracts and accounts. A manager sees only their own branch. A department can be created, renamed, moved and deleted (a non-empty one only after its numbers are moved).
    <i>Example:</i> a department → "📱 Numbers".
help-operations =
    <b>❓ Operations</b>
    An operation runs on the numbers of a card, of the selection, or sent as a message. The list shows only the operations that fit them and your role; what you may only request goes for approval.
    <i>Example:</i> send "+79130000000", choose "Connect services", then the service, and confirm.
help-documents =
    <b>❓ Documents</b>
    Order an invoice, a VAT invoice, call details, a balance report or a reconciliation act for a period. The document arrives as a file in this chat.
    <i>Example:</i> "📞 Call details" → number → period.
help-reports =
    <b>❓ Reports</b>
    Reports on your numbers: charges and payments, spending by category, traffic, balances, promised payments. Totals come as a message, charts as pictures, the table as an XLSX file.
    <i>Example:</i> "Balances" → period → totals and file.
help-users =
    <b>❓ Users and roles</b>
    Invite a colleague with a one-time link or QR code, change someone's role or scope, switch access off. The owner and admins set what roles may do; a manager manages the people of their department.
    <i>Example:</i> "👤 Users" → person → role → "🎭 Change role".
help-approvals =
    <b>❓ Approvals</b>
    Your requests and their status; for those entitled, colleagues' requests waiting for a decision. A request can be approved, rejected with a reason, or withdrawn by its author.
    <i>Example:</i> open a request and tap "✅ Approve".
help-scheduled =
    <b>❓ Scheduled</b>
    Everything that will happen later in your scope: deferred operations, automatic service switch-offs, block ends, scheduled reports. Open any of them to run it now, move it or cancel it.
    <i>Example:</i> open an entry → "🕒 Move" → new date.
help-notifications =
    <b>❓ Notifications</b>
    Choose what you are told about and where: Telegram, e-mail or both. Tapping an alert switches its channel round.
    <i>Example:</i> tap the balance alert until 💬 shows.
help-appeals =
    <b>❓ Appeals</b>
    Write to the operator's service centre: choose a topic and describe the question. The answer arrives in this chat; you can reply, close the appeal and rate the answer.
    <i>Example:</i> "✍️ New appeal" → "💳 Billing question" → text.
help-history =
    <b>❓ Action history</b>
    Every action in the company: operations, requests, decisions, documents, access changes. Filter by period, user, kind and status; export the list as XLSX.
    <i>Example:</i> "👤 All users" → person → "📥 Export XLSX".
help-budget =
    <b>❓ Budget</b>
    Monthly spending limits for the company, its departments and numbers: what is spent and what is left. Write-off rules decide who pays above the amount per number and what happens at 80 % and 100 % of a limit.
    <i>Example:</i> "🗂 Department limits" → department → amount.
