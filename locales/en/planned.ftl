## Scheduled: times in the contracts' time zones

pl-tz-msk = Moscow time
pl-tz-label = { $name } ({ $offset })
pl-when-msk = { $when } Moscow time
pl-when-both = { $when } { $zone } = { $msk } Moscow time
pl-tz-Europe-Moscow = Moscow
pl-tz-Europe-Kaliningrad = Kaliningrad
pl-tz-Europe-Samara = Samara
pl-tz-Asia-Yekaterinburg = Yekaterinburg
pl-tz-Asia-Omsk = Omsk
pl-tz-Asia-Novosibirsk = Novosibirsk
pl-tz-Asia-Krasnoyarsk = Krasnoyarsk
pl-tz-Asia-Irkutsk = Irkutsk
pl-tz-Asia-Yakutsk = Yakutsk
pl-tz-Asia-Vladivostok = Vladivostok
pl-tz-Asia-Magadan = Magadan
pl-tz-Asia-Kamchatka = Kamchatka

## The «Scheduled» workplace
pl-title = <b>🗓 Scheduled</b>
pl-total = Ahead: { $n }
pl-grace = What came due while the bot was stopped runs at start if it is at most { $hours } h late.
pl-empty = Nothing is scheduled.
pl-filter-kind-all = All kinds
pl-filter-kind-operation = Operations
pl-filter-kind-service_off = Auto-offs
pl-filter-kind-block_end = Block ends
pl-filter-kind-block_schedule = Block schedules
pl-filter-kind-report = Reports
pl-filter-period-all = Any time
pl-filter-period-day = 24 hours
pl-filter-period-week = Week
pl-filter-period-month = Month
pl-kind-operation = deferred operation
pl-kind-service_off = automatic service switch-off
pl-kind-block_end = block end
pl-kind-block_schedule = block on a schedule
pl-kind-report = report on a schedule
pl-icon-operation = ⚙️
pl-icon-service_off = 🔌
pl-icon-block_end = 🔓
pl-icon-block_schedule = 🔁
pl-icon-report = 📊
pl-what-operation = { $title } #{ $id }
pl-what-service-off = Switch-off of «{ $name }»
pl-what-block-end = Block lifted: { $kind }
pl-what-block-schedule = { $step }: { $kind }
pl-what-report = Report «{ $title }»
pl-step-on = Block
pl-step-off = Unblock
pl-numbers = 📱 { $n ->
    [one] { $n } number
   *[other] { $n } numbers
}: { $first }{ $more ->
    [0] {""}
   *[other] {" "}and { $more } more
}
pl-rule-weekly = { $day } { $time }
pl-rule-monthly = day { $day } at { $time }
pl-rule-daily = daily at { $time }
pl-rule-step = { $when } — { $step }
pl-rule-until = { $rule }, until { $until }
pl-system = System
pl-card-title = <b>{ $icon } { $what }</b>
pl-card-kind = Kind: { $kind }
pl-card-when = 🕒 { $when }
pl-card-rule = 🔁 { $rule }
pl-card-who = 👤 Scheduled by: { $who }
pl-btn-run = ▶️ Run now
pl-btn-move = 🕒 Move
pl-btn-cancel = ✖️ Cancel it
pl-btn-cancel-yes = ✖️ Yes, cancel
pl-cancel-ask = Cancel it? The numbers stay as they are.
pl-move-date = Choose the new date ({ $zone }):
pl-move-time = Date: { $date }. Choose the time ({ $zone }) or send it, e.g. 09:30:
pl-done-cancel = ✅ Cancelled: the numbers stay as they are.
pl-done-run = ✅ Started: it runs within a minute.
pl-done-move = ✅ Moved.
pl-out-not_found = There is no such entry, or it is not yours to see.
pl-out-forbidden = Only an admin, its author or someone who may do it for all its numbers can change it.
pl-out-gone = It is already running, done or cancelled.
pl-out-past = That time has passed: choose a time ahead.

## Recurring blocks
plb-btn-add = ➕ Block on a schedule
plb-title = <b>🔁 Block on a schedule</b>
plb-empty = 📱 The current selection is empty: add numbers under «📱 Numbers» (one number is a selection too).
plb-numbers = 📱 From the selection: { $n ->
    [one] { $n } number
   *[other] { $n } numbers
}
plb-numbers-none = 📱 The selection has { $n }, none of which you may block.
plb-numbers-some = 📱 Of the selection's { $n }, yours to block: { $ok }
plb-kind = Kind: { $kind }
plb-on = 🔒 Block: { $when }
plb-off = 🔓 Lift: { $when }
plb-until = ⏳ Until: { $until }
plb-forever-text = for ever
plb-zones = 🕒 Local time of the numbers: { $zones }
plb-forever = For ever
plb-dated = Until a date…
plb-btn-create = ✅ Schedule it
plb-btn-list = 🗓 To the list
plb-slot-on = When to block: { $when }. Pick a day and a time, or send a time such as 07:30.
plb-slot-off = When to lift the block: { $when }. Pick a day and a time, or send a time such as 07:30.
plb-pick-until = Until which day (inclusive) does the schedule hold?
plb-err-same = Blocking and lifting fall at the same moment: change one of them.
plb-err-none = You may block none of the selection's numbers: nothing was scheduled.
plb-err-until = No block falls before that date: pick a later one.
plb-done = ✅ Scheduled{ $n ->
    [1] {""}
   *[other] {" "}per time zone: { $n }
}. It is listed under «🗓 Scheduled», where it can be moved or cancelled.

## Approval deadlines
pl-filter-kind-approval = Approval deadlines
pl-kind-approval = a request's decision deadline
pl-icon-approval = ⏳
pl-what-approval = Request: { $title } #{ $id }
pl-card-requester = 👤 Requested by: { $who }
pl-approval-hint = The request waits for a decision until then, and expires after. It is decided under «✅ Approvals».
pl-out-deadline = A request's deadline is not moved or cancelled here: decide the request under «✅ Approvals».

## Cancelling on request
pl-btn-ask-cancel = ✖️ Ask to cancel
pl-btn-refuse = ↩️ Keep it, refuse
pl-card-asked = ❓ Cancellation asked by: { $who }
pl-done-requested = ✅ Cancellation requested: an admin or the author decides, and you will be told.
pl-done-refuse = ✅ Kept as it is: the asker will be told.
pl-out-requested = Cancellation requested.
pl-out-asked = A cancellation is already asked for and waits for a decision.
pl-ask-cancel = ❓ { $who } asks to cancel scheduled item #{ $id }: { $kind }, { $when }. Decide under «🗓 Scheduled»: cancel it or keep it.
pl-ask-approved = ✅ Scheduled item #{ $id } ({ $kind }, { $when }) was cancelled as you asked.
pl-ask-refused = ↩️ Scheduled item #{ $id } ({ $kind }, { $when }) was kept: your request to cancel it was refused.
pl-cancel-ask-request = You cannot cancel this yourself: ask an admin or the author? Until they decide, it stays as it is.
pl-btn-ask-yes = ✖️ Yes, ask
pl-btn-open-request = ✅ Open the request
plb-btn-weekly = 🔁 Every week…
plb-numbers-op = 📱 The operation's numbers: { $n }
