## Operations on numbers

op-notify-service-on = The service "{ $name }" is on.
op-notify-service-off = The service "{ $name }" is off.
op-notify-sim-order = SIM card order: { $count } pcs, tariff { $tariff }, delivery address: { $address }.

op-tariff = Change tariff plan
op-services-on = Connect services
op-services-off = Disconnect services
op-block-on = Set a block
op-block-off = Remove a block
op-forward-on = Set call forwarding
op-forward-off = Remove call forwarding
op-limit-on = Set an individual limit
op-limit-off = Remove the individual limit
op-sms = Send SMS
op-sim-replace = Replace SIM card
op-number-replace = Replace number
op-promised-payment = Promised payment
op-department-move = Move to another department
op-account-split = Split a personal account
op-settlement = Change settlement method
op-move-funds = Move funds between personal accounts
# Shorter titles where a button cannot hold the full one
op-limit-on-short = Individual limit
op-limit-off-short = Remove the limit
op-move-funds-short = Move funds between accounts
op-sim-order = Order new SIM cards

op-selected = Selected: { $numbers ->
    [one] { $numbers } number
   *[other] { $numbers } numbers
}, { $accounts ->
    [one] { $accounts } account
   *[other] { $accounts } accounts
}, { $contracts ->
    [one] { $contracts } contract
   *[other] { $contracts } contracts
}
op-choose =
    <b>Operations on numbers</b>
    { $selected }

    Choose an operation:
op-choose-empty =
    <b>Operations on numbers</b>
    No numbers are selected.

    Send phone numbers, one per line (e.g. 913 947-95-80), or build a selection in «Numbers».
op-choose-none =
    <b>Operations on numbers</b>
    { $selected }

    No operation is available to you for these numbers.
op-numbers-not-found = Not found among the numbers available to you: { $list }
op-numbers-none = None of these numbers is available to you. Check the spelling.
op-title = <b>{ $title }</b> · { $selected }

op-step-tariff_id = Choose a tariff plan (those available on the contract):
op-step-service_id = Choose a service. To search, send part of its name.
op-step-services_off-service_id = Choose a service to disconnect. To search, send part of its name.
op-step-start_at = When to run it? Pick a date or press «Now».
op-step-services_on-start_at = «Postpone connection until»: pick a date or press «Now».
op-step-block_on-start_at = Block from: pick a date or press «Now».
op-step-block_off-start_at = Unblock from: pick a date or press «Now».
op-step-auto_off = «Disconnect automatically»: pick a date or press «Skip».
op-step-inform_to = Who else should hear that it is done? Send a phone number or an e-mail, e.g. <code>+7 917 597-70-94</code> or <code>name@company.ru</code> (several: separated by commas), or press «Skip».
op-step-inform = «Inform» the subscriber when done: tick the channels and press «Next».
op-step-kind = Choose the kind of block:
op-step-until = Valid until (date) — or «Skip» for no end:
op-step-condition = Choose when calls are forwarded:
op-step-target = Send the number to forward calls to (e.g. +7 913 111-22-33):
op-step-amount = Send the amount in roubles:
op-step-limit_on-amount = Send the monthly limit in roubles (e.g. 1500):
op-step-promised_payment-amount = { $eligible ->
    [0] This number cannot get a promised payment now: the account has an unpaid promised payment or no payments in recent months.
   *[other] Send the promised payment amount in roubles. Available up to { NUMBER($max, minimumFractionDigits: 2) } ₽.
}
op-step-move_funds-amount = Send the amount to move in roubles:
op-step-action = What happens at the limit?
op-step-text = Send the SMS text (up to 10 messages). Cyrillic: up to 70 characters per SMS, Latin: up to 160.
op-step-iccid = Send the new SIM card number (ICCID, 19–20 digits):
op-step-free_number_id = Choose the new number from the contract's free numbers (send digits to search):
op-step-days = For how many days?
op-step-name = Send the name of the new personal account:
op-step-method = Choose the settlement method:
op-step-department_id = Choose the department to move the numbers to (you can send part of its name):
op-step-to_account_id = Choose the personal account to move funds to:
op-step-count = How many SIM cards? (1 to 100)
op-step-address = Send the delivery address:
op-step-time = Date: { $date }. Choose the time ({ $zone }) or send it, e.g. 09:30:
op-current = Current: { $value }
op-search = Search: «{ $query }»
op-no-options = Nothing found.
op-calendar-today = Today

op-opt-tariff = { $name } — { NUMBER($fee) } ₽/mo
op-opt-service = { $name } — { $price ->
    [0] free
   *[other] { NUMBER($price) } ₽
}
op-opt-account = { $name } · { NUMBER($balance, minimumFractionDigits: 2) } ₽
op-opt-kind-voluntary = Voluntary
op-opt-kind-lost = Lost / stolen
op-opt-kind-financial = Financial (by limit)
op-opt-condition-always = Unconditional
op-opt-condition-busy = When busy
op-opt-condition-no_answer = When no answer
op-opt-condition-unreachable = When unreachable
op-opt-action-notify = Notify
op-opt-action-block = Block outgoing
op-opt-method-advance = Advance
op-opt-method-credit = Credit
op-opt-inform-sms = SMS
op-opt-inform-email = E-mail
op-opt-days-1 = 1 day
op-opt-days-3 = 3 days
op-opt-days-5 = 5 days
op-opt-days-7 = 7 days

op-free = free

op-field-department_id = Department
op-field-tariff_id = Tariff
op-field-service_id = Service
op-field-start_at = When
op-field-auto_off = Disconnect automatically
op-field-inform = Inform
op-field-inform_to = Also inform
op-field-kind = Block
op-field-until = Until
op-field-condition = Condition
op-field-target = To
op-field-amount = Amount
op-field-action = At the limit
op-field-text = Text
op-field-iccid = ICCID
op-field-free_number_id = New number
op-field-days = Term
op-field-name = Name
op-field-method = Method
op-field-to_account_id = To account
op-field-count = Quantity
op-field-address = Delivery address
op-now = now
op-none = —

op-confirm-request = ⚠️ You may only request this operation: it goes to approval.
op-sms-segments = { $chars } chars, { $segments } SMS

btn-op-run = ▶️ Run
btn-op-request = 📨 Send for approval
btn-op-skip = Skip
btn-op-now = Now
btn-op-next = Next ▶️
btn-op-other = ⚙️ Other operations
btn-op-menu = 🏠 Menu

op-submitted = Operation «{ $title }» #{ $id } accepted: { $n ->
    [one] { $n } number
   *[other] { $n } numbers
}. Progress is shown in the message below.
op-submitted-scheduled = Operation «{ $title }» #{ $id } is scheduled for { $when }.
    Change or cancel it in «🗓 Scheduled».
op-submitted-request = The request for «{ $title }» #{ $id } was sent for approval.
op-progress-start = ⏳ Operation «{ $title }» is being sent…
op-progress = ⏳ { $title } #{ $id }
    Done { $done } of { $total }, errors { $failed }
op-result =
    { $icon } <b>{ $title }</b> #{ $id } finished
    Done: { $done } of { $total }
    Errors: { $failed }{ $skipped_line }{ $cost_line }
op-result-skipped = { "" }
    Did not fit: { $n }
op-result-cost = { "" }
    Charged: { $cost } ₽
op-result-failures = Numbers with errors:
op-result-skipped-list = Did not fit (not attempted):
op-result-both = Errors and numbers that did not fit:
op-result-xlsx = The numbers not done or not fitting, and the reasons, are in the file.
op-xlsx-number = Number
op-xlsx-holder = Holder
op-xlsx-reason = Reason

op-fail-department_outside = the department is outside your scope or not found
op-fail-same_department = the number is already in this department
op-fail-closed = the number is closed
op-fail-number_blocked = the number is blocked
op-fail-insufficient_funds = not enough money on the personal account
op-fail-tariff_recent = the tariff was changed less than 5 minutes ago
op-fail-same_tariff = the number already has this tariff
op-fail-tariff_unavailable = the tariff is not available on the contract
op-fail-service_not_allowed = the number's tariff does not allow this service
op-fail-already_on = the service is already on
op-fail-conflict = incompatible with the connected service { $arg }
op-fail-not_on = the service is not on
op-fail-already_blocked = the block is already set
op-fail-not_blocked = there is no such block
op-fail-negative_balance = negative balance
op-fail-forward_self = forwarding to the same number
op-fail-not_forwarded = there is no such forwarding
op-fail-no_limit = no limit is set
op-fail-iccid_taken = a SIM card with this ICCID is already in use
op-fail-free_number_unavailable = the number is taken or belongs to another contract
op-fail-pp_exists = the account already has a promised payment
op-fail-pp_no_payments = no payments in recent months
op-fail-pp_amount_over = the amount is above the available one
op-fail-same_settlement = this method is already set
op-fail-bad_account = unsuitable personal account
op-fail-other_contract = the number is on another contract
op-fail-no_answer = the operator did not answer

op-err-money = The amount is not recognised. Example: 1500 or 1500.50.
op-err-positive = The amount must be above zero.
op-err-phone = The number is not recognised. Example: +7 913 111-22-33.
op-err-inform-to = «{ $value }» is neither a phone number nor an e-mail. Example: +7 917 597-70-94 or name@company.ru; several: separated by commas.
op-err-inform-to-many = No more than { $max } recipients.
op-err-iccid-length = An ICCID is the 19 or 20 digits printed on the SIM card.
op-err-iccid-luhn = The ICCID has a typo: its check digit does not match. Check the digits.
op-err-sms-empty = The text is empty.
op-err-sms-long = The text is too long: more than { $max } SMS.
op-err-past = The date has passed: pick a future one.
op-err-empty = The value is empty.
op-err-too-long = Too long: at most { $max } characters.
op-err-term = Choose one of the offered terms.
op-err-count = Send a number from 1 to 100.
op-err-auto-off-before-start = The disconnection date must be after the connection date.
op-err-until-before-start = «Until» must be after the start.
op-err-missing = A required parameter is missing.
op-err-invalid = The value does not fit. Check it and send it again.
op-err-forbidden = This operation is not available to you.
op-err-no-numbers = None of the numbers is available to you for this operation.
op-err-too-many = This operation works on { $max ->
    [one] a single number
   *[other] at most { $max } numbers
} only.
op-err-contracts = For this operation all numbers must be on one contract.
op-err-none-eligible = None of the selected numbers fits this operation.
op-err-not-found = The operation is not found.
op-err-time = The time is not recognised. Example: 09:30.
op-err-stale = The data is out of date, start the operation again.

op-month-1 = January
op-month-2 = February
op-month-3 = March
op-month-4 = April
op-month-5 = May
op-month-6 = June
op-month-7 = July
op-month-8 = August
op-month-9 = September
op-month-10 = October
op-month-11 = November
op-month-12 = December
op-weekdays = Mo Tu We Th Fr Sa Su


## The confirm screen: the usual choices in one line, consent on the priced button
op-default-start_at = now
op-default-auto_off = no auto-off
op-default-inform = no notice
op-default-inform_to = { "" }
op-default-until = no end date
op-usual-start_at = { $value }
op-usual-auto_off = auto-off { $value }
op-usual-inform = notify: { $value }
op-usual-inform_to = tell: { $value }
op-usual-until = until { $value }
op-usual-days = term: { $value }
op-usual-condition = { $value }
op-usual-action = at the limit: { $value }
op-confirm-skipped = Fit: { $eligible } of { $total }. Do not fit:
op-confirm-skipped-more = …and { $n } more
op-confirm-paid = 💳 Paid: { $price } ₽ per number. Pressing the button with the price, you accept the rules of the system.
op-err-price-changed = The price has changed: check it and press again.
btn-op-run-paid = ▶️ Run for { $cost } ₽
btn-op-run-services_on = ▶️ Connect for { $cost } ₽
btn-op-run-sms = ▶️ Send for { $cost } ₽
btn-op-request-paid = 📨 Request · { $cost } ₽
btn-op-change = ⚙️ Change

## Times in the contracts' time zones
op-time-local = local time of { $n ->
    [one] the region
   *[other] each region
}: { $zones }
op-time-several = The numbers are in { $n } time zones: run at the same local time in each region or at one moment (Moscow time)?
op-time-mode-local = 🌍 Same local time
op-time-mode-moment = 🕐 One moment (Moscow)
op-when-moment = { $when }, at once in { $n } regions
op-when-local = local time: { $list }{ $more ->
    [0] {""}
   *[other] {" "}and { $more } more
}
op-err-zones-changed = The selection's numbers changed: choose the time again.
op-zone-line = #{ $id } — { $n ->
    [one] { $n } number
   *[other] { $n } numbers
}, { $when }
op-zone-failed = { $zone }: { $reason }
op-submitted-zones = Operation «{ $title }» is scheduled in each region at local time:
    { $list }
    Change or cancel it in «🗓 Scheduled».
