## Notifications: delivery notes, the «🔔 Notifications» settings, alerts

ntf-btn-menu = ☰ Menu
ntf-mail-failed = 📭 E-mail not delivered
    To: { $to }
    Subject: { $subject }
    Mail server's answer: <code>{ $error }</code>
    Check the address and send it again.

ntf-sms-undelivered = 📵 Not every SMS of operation #{ $id } was delivered: { $failed } of { $total } were not.
    { $lines }{ $more }
ntf-sms-failure = • { $to } — { $reason }
ntf-sms-more = { "" }
    …and { $n } more: see «📜 History».
ntf-sms-reason-number-blocked = the number is blocked
ntf-sms-reason-unknown-number = the number is not in service
ntf-sms-reason-not-a-number = not a phone number
ntf-sms-reason-undelivered = not delivered

ntf-inform-done = Virtual Manager: operation #{ $id } «{ $op }» is done: { $done } of { $total }.
ntf-inform-partial = Virtual Manager: operation #{ $id } «{ $op }» is done only in part: { $done } of { $total }.
ntf-inform-subject = Operation #{ $id } «{ $op }»
alert-mail-subject = Virtual Manager: alert
alert-balance-low = 💰 Account { $account } balance is below the threshold: { $balance } ₽ (threshold { $threshold } ₽).
alert-limit-80 = 📶 Number { $number } has used 80 % of its individual limit: { $spent } of { $limit } ₽.
alert-limit-100 = { $blocked ->
    [yes] ⛔ Number { $number } has used up its individual limit ({ $spent } of { $limit } ₽) and is blocked.
   *[no] 📵 Number { $number } has used up its individual limit: { $spent } of { $limit } ₽.
}
alert-promised-due = ⏰ Tomorrow, { $due }, the promised payment of { $amount } ₽ on account { $account } is due.
alert-promised-repaid = ✅ The promised payment of { $amount } ₽ on account { $account } is repaid.
alert-promised-overdue = ⚠️ The promised payment of { $amount } ₽ on account { $account } is overdue: the account lacked funds.
alert-operation-done = ✅ Deferred operation #{ $id } “{ $op }” is done: { $done } of { $total }.
alert-operation-failed = ❌ Deferred operation #{ $id } “{ $op }” did not fully succeed: { $done } of { $total }.
alert-request-waiting = ⏳ Request #{ $id } from { $name } has waited for your decision for more than a day. Open “✅ Approvals”.
alert-funds = 💸 Funds on account { $account }: { $amount } ₽.
alert-tariff-changed = 🔁 The tariff of { $number } was changed (operation #{ $id }).
alert-option-connected = ➕ A service was connected on { $number } (operation #{ $id }).
alert-digest = 🔔 { $n } alerts at once:
    { $lines }

    The first of them:
    { $first }
alert-digest-line = • { $kind }: { $n }

alert-kind-balance_low = Balance below threshold
alert-kind-limit_80 = Number limit 80 %
alert-kind-limit_100 = Number limit 100 %
alert-kind-promised_due = Promised payment due soon
alert-kind-promised_repaid = Promised payment repaid
alert-kind-promised_overdue = Promised payment overdue
alert-kind-operation_done = Deferred operation done
alert-kind-operation_failed = Deferred operation failed
alert-kind-request_waiting = Request waiting over a day
alert-kind-funds = Funds in and out
alert-kind-tariff_changed = Tariff changed
alert-kind-option_connected = Service connected

wp-notifications = 🔔 Notifications
ntf-title = <b>🔔 Notifications</b>
    Tap an alert to choose its channel: ▫️ off → 💬 Telegram → 📧 e-mail → 💬📧 both.
ntf-mail-ok = 📮 Mail is being sent. Queued: { $n }.
ntf-mail-off = 📮 Mail is not set up (SMTP_HOST is empty): messages wait in the queue — { $n }.
ntf-btn-thresholds = 💰 Balance thresholds
ntf-thresholds-title = <b>💰 Balance thresholds</b>
    Choose a personal account: when its balance falls below the threshold, an alert comes (at most once a day).
ntf-thresholds-empty = No personal accounts in your scope.
ntf-threshold-item = { $account } · { $balance } ₽ · threshold { $threshold }
ntf-threshold-ask = Type the threshold in roubles, e.g. <code>5000</code> or <code>1500.50</code>. 0 — no alert.
ntf-threshold-bad = ⚠️ That does not look like an amount. Type roubles, e.g. 5000.
ntf-threshold-saved = ✅ Threshold saved: { $amount } ₽.
