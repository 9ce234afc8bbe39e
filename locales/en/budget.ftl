## Corporate budget: alerts and the «💰 Budget» workplace

alert-kind-budget_80 = Budget 80 %
alert-kind-budget_100 = Budget 100 %
alert-budget-80 = { $level ->
    [number] 💰 Number { $target } has spent 80 % of its monthly budget: { $spent } of { $limit } ₽.
    [department] 💰 Department “{ $target }” has spent 80 % of its monthly budget: { $spent } of { $limit } ₽.
   *[company] 💰 The company has spent 80 % of its monthly budget: { $spent } of { $limit } ₽.
}{ $done ->
    [block] {" "}Outgoing calls are blocked until the month ends or the limit is raised.
    [services_off] {" "}Paid services are switched off.
    [both] {" "}Paid services are switched off, outgoing calls blocked until the month ends or the limit is raised.
   *[other] {""}
}
alert-budget-100 = { $level ->
    [number] ⛔ Number { $target } has used up its monthly budget: { $spent } of { $limit } ₽.
    [department] ⛔ Department “{ $target }” has used up its monthly budget: { $spent } of { $limit } ₽.
    [cap] ⛔ Number { $target } is over what the company pays: { $spent } of { $limit } ₽.
   *[company] ⛔ The company has used up its monthly budget: { $spent } of { $limit } ₽.
}{ $done ->
    [block] {" "}Outgoing calls are blocked until the month ends or the limit is raised.
    [services_off] {" "}Paid services are switched off.
    [both] {" "}Paid services are switched off, outgoing calls blocked until the month ends or the limit is raised.
    [employee] {" "}The excess is charged to the employee.
   *[other] {""}
}

bud-title = 💰 <b>Budget for { $month }</b>
bud-company = 🏢 Company: { $spent } of { $limit } ₽ ({ $share } %)
bud-company-none = 🏢 Company: { $spent } ₽, no limit set
bud-dept-line = · { $name }: { $spent } of { $limit } ₽ ({ $share } %)
bud-dept-line-none = · { $name }: { $spent } ₽
bud-more = …and { $n } more
bud-numbers = 📱 Numbers with a limit: { $n }{ $over ->
    [0] {""}
   *[other] , over the limit: { $over }
}
bud-btn-company = 🏢 Company limit
bud-btn-depts = 🗂 Department limits
bud-btn-number = 📱 Number limit
bud-btn-rules = ⚖️ Write-off rules
bud-depts-title = 🗂 <b>Department limits</b>
    Choose a department to set its monthly limit.
bud-dept-btn = { $name }: { $limit }
bud-no-limit = no limit
bud-ask-number = 📱 Send the phone number, e.g. +7 913 947-95-80.
bud-ask-amount = 💰 <b>{ $target }</b>
    Now: { $current }. Send the monthly limit in roubles, e.g. 5000. 0 removes the limit.
bud-ask-cap = 💼 How much does the company pay for a number a month? Send the amount in roubles; 0 means no cap.
bud-target-company = The whole company
bud-target-department = Department “{ $name }”
bud-target-number = Number { $name }
bud-saved = ✅ Limit saved: { $target } — { $amount }.
bud-removed = ✅ Limit removed: { $target }.
bud-bad-amount = An amount is a number of roubles, e.g. 5000 or 2500.50. Send it again.
bud-rules = ⚖️ <b>Write-off rules</b>
    The company pays for a number: { $cap }
    Above that: { $excess ->
        [restrict] outgoing calls are barred until the month ends
       *[employee] charged to the employee (personal account)
    }
    Tick what happens at 80 % and 100 % of a limit.
bud-cap-none = no cap
bud-btn-cap = 💼 Amount per number
bud-btn-excess = { $excess ->
    [restrict] Above: restrict number
   *[employee] Above: employee pays
}
bud-act-notify = notify
bud-act-services_off = paid services off
bud-act-block = block outgoing
bud-btn-act = { $on ->
    [yes] ✅
   *[no] ▫️
} { $step } %: { $name }
budget-err-forbidden = The budget is open to roles with the “Budget” permission.
budget-err-company_only = Only those who see the whole company change the company limit and the write-off rules.
budget-err-scope = That is outside your scope: limits are set only for departments and numbers you can see.
budget-err-amount = The amount must be between 0 and 100,000,000 ₽.
budget-err-number = There is no such number among yours. Check it and send it again.

## The budget report (reports workplace)
rep-title-budget = Budget
rep-empty-budget = No spending and no limits in your scope this month.
rep-hint-budget = This month's limit, spending, what remains and overruns, by department or by number.
rep-col-limit = Limit
rep-col-spent = Spent
rep-col-remaining = Remaining
rep-col-overrun = Overrun
rep-chart-budget_spent = 10 biggest spenders
rep-chart-budget_state = Limits by state
rep-name-budget_ok = under 80 %
rep-name-budget_near = 80–100 %
rep-name-budget_over = used up
rep-fact-limited = With a limit: { $n }
rep-fact-over_limit = Limit used up: { $n }
