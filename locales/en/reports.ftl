## Reports and charts

rep-title-payments = Charges and payments
rep-title-categories = Charges by category
rep-title-traffic = Traffic
rep-title-numbers = Numbers
rep-title-promised = Promised payments
rep-title-balances = Balances
rep-title-unbilled = This month so far

rep-by-contract = by contract
rep-by-account = by personal account
rep-by-department = by department
rep-by-number = by number

rep-scope-company = Scope: the whole company
rep-scope-mine = Scope: your department's numbers
rep-scope-selection = Scope: the current selection
rep-snapshot = as of { $date }

rep-change = { $arrow } { $pct } % against the previous period ({ $prev })
rep-change-none = No data in the previous period.
rep-movers = Changed the most:

rep-empty-payments = No personal account has all its numbers in your scope, or nothing happened in the period.
rep-empty-categories = No charges in this period.
rep-empty-traffic = No traffic in this period.
rep-empty-numbers = No numbers in scope.
rep-empty-promised = No promised payments in this period.
rep-empty-balances = No personal account has all its numbers in your scope.
rep-empty-unbilled = No charges since the 1st.

rep-fact-reconciled = { $n ->
    [1] ✅ Reconciles: opening + paid − charged = closing
   *[other] ⚠️ Does not reconcile: check the data
 }
rep-fact-accounts = Personal accounts: { $n }
rep-fact-status_active = Active numbers: { $n }
rep-fact-status_blocked = Blocked: { $n }
rep-fact-status_closed = Closed: { $n }
rep-fact-n_below_zero = Below zero: { $n }
rep-fact-n_near_limit = Near the credit limit: { $n }

rep-col-totals = Total
rep-col-contract = Contract
rep-col-name = Name
rep-col-account = Personal account
rep-col-department = Department
rep-col-msisdn = Number
rep-col-holder = Holder
rep-col-subscription = Subscription
rep-col-calls = Calls
rep-col-sms = SMS
rep-col-data = Data
rep-col-services = Services
rep-col-roaming = Roaming
rep-col-oneoff = One-off
rep-col-total = Total charged
rep-col-opening = Opening balance
rep-col-charged = Charged
rep-col-paid = Paid
rep-col-closing = Closing balance
rep-col-voice_min = Minutes
rep-col-data_mb = Data, MB
rep-sum-data_mb = Data
rep-col-tariff = Tariff
rep-col-status = Status
rep-col-spend = Spend in period
rep-col-taken_n = Taken, count
rep-col-taken = Taken
rep-col-repaid = Repaid
rep-col-overdue = Overdue
rep-col-active = Active
rep-col-accounts = Personal accounts
rep-col-balance = Balance
rep-col-credit_limit = Credit limit
rep-col-below_zero = Below zero
rep-col-near_limit = Near limit
rep-col-settlement = Settlement
rep-col-state = State
rep-col-fixed = Fees and services
rep-col-usage = Usage
rep-col-so_far = Since the 1st
rep-col-projection = Month-end projection

rep-name-subscription = Subscription
rep-name-calls = Calls
rep-name-sms = SMS
rep-name-data = Data
rep-name-services = Services
rep-name-roaming = Roaming
rep-name-oneoff = One-off
rep-name-charged = Charged
rep-name-paid = Paid
rep-name-voice_min = Call minutes
rep-name-data_gb = Data, GB
rep-name-repaid = Repaid
rep-name-active = Active
rep-name-overdue = Overdue
rep-name-below_zero = Below zero
rep-name-near_limit = Near the credit limit
rep-name-ok = Fine
rep-name-so_far = Charged since the 1st
rep-name-projection = Projection to month end
rep-name-advance = advance
rep-name-credit = credit
rep-name-blocked = Blocked
rep-name-closed = Closed

rep-chart-structure = Structure of charges
rep-chart-by_month = Charges by month
rep-chart-top_groups = Top 10 by charges
rep-chart-charged_paid = Charged and paid by month
rep-chart-top_charged = Top 10 by charges
rep-chart-traffic_month = Traffic by month
rep-chart-top_data = Top 10 numbers by data
rep-chart-by_tariff = Spend by tariff
rep-chart-top_spend = Top 10 numbers by spend
rep-chart-promised_state = Promised payments by state
rep-chart-promised_month = Promised payments by month
rep-chart-balance_state = Personal accounts by balance state
rep-chart-lowest = 10 lowest balances
rep-chart-so_far = Charges since the 1st and projection
rep-chart-top_so_far = Top 10 since the 1st
rep-chart-empty = No data

rep-choose =
    <b>📊 Reports</b>
    Choose a report. The totals come as a message, the charts as pictures, the full table as an XLSX file.
rep-hint-payments = Opening balance, charged, paid and closing balance of every personal account.
rep-hint-categories = Subscription, calls, SMS, data, services, roaming and one-off: structure and dynamics.
rep-hint-traffic = Minutes, SMS and megabytes by month and group; the busiest numbers.
rep-hint-numbers = Every number: tariff, status, department, holder and spend in the period.
rep-hint-promised = Promised payments taken, repaid, active and overdue.
rep-hint-balances = Balance and credit limit of every personal account; who is below zero or near the limit.
rep-hint-unbilled = Charged from the 1st until today and a month-end projection.
rep-opt-scope = What to count:
rep-opt-scope-all = All my scope
rep-opt-scope-sel = Selection ({ $n })
rep-opt-contract = By contract
rep-opt-account = By personal account
rep-opt-department = By department
rep-opt-number = By number
rep-period-this_month = This month
rep-period-last_month = Last month
rep-period-last_3 = 3 months
rep-period-last_12 = 12 months
rep-period-last_quarter = Last quarter
rep-period-custom = 📅 Custom period
rep-pick-start = <b>Custom period</b>
    Choose the first day.
rep-pick-end = <b>Custom period</b>
    Choose the last day.
rep-btn-build = 📊 Build
rep-btn-xlsx = 📥 XLSX table
rep-btn-options = ⚙️ Options
rep-btn-other = 📊 Another report
rep-building = Building the report…
rep-xlsx-caption = The full table: { $rows } { $rows ->
    [one] row
   *[other] rows
 }.
rep-err-no-selection = The current selection is empty: pick numbers under «📱 Numbers» or build the report over your whole scope.
rep-err-forbidden = Reports are not available to your role.

## Scheduled reports
srep-head = 🗓 Scheduled report
srep-file = Report as XLSX
srep-mail-subject = Scheduled report: { $title }
srep-mail-footer = The report is attached (XLSX). Change or cancel the schedule in the bot, «Scheduled».
srep-err-forbidden = You have no right to reports.
srep-err-period = This period does not suit a scheduled report: { $arg }
srep-err-email = This is not an e-mail address: { $arg }
srep-err-emails-many = No more than { $arg } addresses.
srep-err-nowhere = Say where to send the report: to the chat or by e-mail.
srep-err-rule = There is no such schedule: { $arg }
rep-btn-schedule = 🗓 On a schedule
srep-title = <b>🗓 Scheduled report</b>
srep-when-monthly = monthly, on day { $day } at { $time }, { $zone }
srep-when-weekly = weekly: { $day } at { $time }, { $zone }
srep-line-when = 🔁 { $when }
srep-line-period = 📅 Period: { $period }
srep-line-chat = 💬 To the chat: { $on ->
    [1] yes
   *[other] no
}
srep-line-mail = ✉️ By e-mail: { $n ->
    [0] no
   *[other] { $list }
}
srep-hint-mail = Send an e-mail address as a message (up to { $n }). Scope: all of yours.
srep-freq-monthly = Monthly
srep-freq-weekly = Weekly
srep-period-last_month = Last month
srep-period-this_month = This month
srep-period-last_3 = 3 months
srep-period-last_7 = Past 7 days
srep-btn-chat = To the chat
srep-btn-clear = ✖️ Remove addresses
srep-btn-create = ✅ Schedule it
srep-btn-planned = 🗓 Scheduled
srep-done = ✅ The report is scheduled: { $when }. Change or cancel it under «🗓 Scheduled».
