## Action history

hist-title =
    📜 <b>Action history</b>
    Entries: { $total } · page { $page } of { $pages }

    { $body }
hist-empty = Nothing found. Change the filters or reset them.
hist-entry =
    <b>{ $when }</b> · { $action } · { $status }
    { "  " }{ $who }
hist-system = System
hist-period-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
    }
hist-period-all = All time
hist-kind-all = All kinds
hist-kind-operations = Operations
hist-kind-approvals = Approvals
hist-kind-numbers = Numbers and services
hist-kind-access = Users and access
hist-kind-appeals = Appeals
hist-kind-selections = Selections
hist-kind-documents = Documents and reports
hist-status-all = Any status
hist-status-other = other
hist-status-done = ✅ done
hist-status-failed = ❌ failed
hist-status-partial = ⚠️ partly done
hist-status-queued = ⏳ queued
hist-status-running = ⏳ running
hist-status-scheduled = 🗓 scheduled
hist-status-awaiting-approval = 📝 awaiting approval
hist-status-pending = 📝 pending
hist-status-approved = 👍 approved
hist-status-rejected = 👎 rejected
hist-status-cancelled = 🚫 cancelled
hist-status-expired = ⌛ expired
hist-status-withdrawn = ↩️ withdrawn
hist-status-refused = ⛔ refused
hist-author-all = All users
hist-number-all = Any number
hist-number-any = ✖️ Any number
hist-ask-number = Send the phone number whose history to show, e.g. <code>+7 913 947-95-80</code>.
hist-number-unknown = That number is not among yours. Check it and send it again.
hist-choose-kind = Which actions to show?
hist-choose-status = Actions with which status?
hist-choose-author = Whose actions to show?
hist-export = 📥 Export XLSX
hist-exported = Action history: { $n ->
    [one] { $n } entry
   *[other] { $n } entries
    }.
hist-reset = 🧹 Reset filters
hist-col-when = When
hist-col-who = Who
hist-col-action = Action
hist-col-status = Status
hist-col-number = Number
hist-col-op = Operation
hist-action-other = Action
hist-sms-undelivered = SMS not delivered
hist-sms-report = SMS delivered: { $delivered } of { $total }
hist-approval-request = Approval requested
hist-approval-approved = Request approved
hist-approval-rejected = Request rejected
hist-approval-expired = Request expired
hist-approval-withdrawn = Request withdrawn
hist-approval-justify = Request justified
hist-approval-escalated = Request escalated
hist-block-expire = Block ended on its date
hist-service-auto-disable = Service switched off on its date
hist-grant-role = Role changed
hist-grant-scope = Role scope changed
hist-role-copy = Role copied
hist-role-delete = Role deleted
hist-grant-revoke = Role revoked
hist-invite-accept = Invite accepted
hist-invite-create = Invite created
hist-number-msisdn-replaced = Number replaced
hist-number-sim-replaced = SIM card replaced
hist-policy-rule-delete = Approval rule deleted
hist-policy-rule-save = Approval rule saved
hist-role-create = Role created
hist-role-permission = Role permissions changed
hist-selection-save = Selection saved
hist-user-activate = Access switched on
hist-user-deactivate = Access switched off
hist-user-contact-join = Employee joined by phone number
hist-open = 📜 History
hist-appeal-create = Appeal created
hist-appeal-close = Appeal closed
hist-department-create = Department created
hist-department-rename = Department renamed
hist-department-move = Department moved
hist-department-delete = Department deleted
hist-access-refused = ⛔ Access refused
hist-budget-limit = Budget limit changed
hist-budget-rules = Budget rules changed
hist-budget-80 = Budget 80 % spent
hist-budget-100 = Budget fully spent
hist-budget-lift = Budget bar on outgoing calls lifted
hist-limit-block = Number blocked: limit reached
hist-planned-block-schedule = Scheduled block created
hist-planned-cancel = Scheduled item cancelled
hist-planned-cancel-request = Cancellation of a scheduled item asked for
hist-planned-cancel-refuse = Request to cancel a scheduled item refused
hist-planned-missed = Scheduled item missed: the bot was down
hist-planned-move = Scheduled item moved
hist-planned-run-now = Scheduled item run now
hist-service-started = Service connected (deferred connection)
hist-promised-repaid = Promised payment repaid
hist-promised-overdue = Promised payment overdue
hist-kind-settings = Settings
hist-settings-alert = Notifications set
hist-settings-threshold = Balance threshold changed
hist-report-payments = 📊 Report: charges and payments
hist-report-categories = 📊 Report: charges by category
hist-report-traffic = 📊 Report: traffic
hist-report-numbers = 📊 Report: numbers
hist-report-promised = 📊 Report: promised payments
hist-report-balances = 📊 Report: balances
hist-report-unbilled = 📊 Report: this month so far
hist-report-budget = 📊 Report: budget
