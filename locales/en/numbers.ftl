## Numbers workplace: search, hierarchy, number card, selections, files

num-title =
    <b>📱 Numbers</b>
    Type a surname, a phone number, a SIM number or a personal account — or choose how to browse.
num-btn-contracts = 🗂 Contracts and accounts
num-btn-departments = 🏢 Company structure
num-blocked-mark = 🔒
num-search-found = 🔎 “{ $query }” ({ $kind ->
        [name] by name
        [phone] by number
        [suffix] by the last digits of a number or SIM
        [iccid] by SIM number
        [account] by personal account
       *[other] search
    }): { $n ->
        [one] { $n } number found
       *[other] { $n } numbers found
    }
num-search-none =
    🔎 Nothing found for “{ $query }”.
    Check the spelling: type a surname or part of a name, a number in any form (+7 913 947-95-80, 89139479580, 947-95-80), a SIM number or the 12 digits of a personal account.
num-search-many = 🔎 “{ $query }”: more than { $n } numbers found. Narrow it down — add a first name, for example; the first { $n } are below, surnames first.
num-search-too-short = 🔎 “{ $query }” is too short. Type at least 2 letters of a surname or the last 4 digits of a number.
num-list-empty = There are no numbers available to you here.
num-list-account = 💳 <b>Personal account { $account }</b>
    Contract { $contract } ({ $region }) · balance { $balance }
    { $n ->
        [one] { $n } number
       *[other] { $n } numbers
    }
num-list-department = 🏢 <b>{ $name }</b> (with sub-departments): { $n ->
        [one] { $n } number
       *[other] { $n } numbers
    }
num-list-unassigned = 🏢 <b>No department</b>: { $n ->
        [one] { $n } number
       *[other] { $n } numbers
    }
num-list-contract = 🗂 <b>Contract { $contract }</b> { $name } ({ $region }): { $n ->
        [one] { $n } number
       *[other] { $n } numbers
    }
num-list-current = 🧺 <b>Current selection</b>: { $n ->
        [one] { $n } number
       *[other] { $n } numbers
    }
num-list-saved = 📚 <b>Selection “{ $name }”</b>: { $n ->
        [one] { $n } number
       *[other] { $n } numbers
    }
num-not-found = Number not found.
num-btn-tick-mode = ☑️ Tick several
num-btn-open-mode = 👁 Open cards
num-btn-add-ticked = ➕ Add ticked ({ $ticked }) to selection
num-btn-remove-ticked = ➖ Remove ticked ({ $ticked }) from selection
num-btn-add-all = ➕ Add all ({ $total }) to selection

## Number card

card-head = 📱 <b>{ $number }</b>
    { $holder } · { $status }
card-comment = 💬 { $comment }
card-body =
    🏢 Department: { $department }
    🗂 Contract: { $contract } { $contract_name } ({ $region })
    💳 Personal account: { $account }, balance { $balance } ({ $settlement })
    📶 Tariff: { $tariff }
    💾 SIM: { $iccid }
    🧾 Charged this month: { $charges }
card-status-active = active
card-status-blocked = 🔒 blocked
card-status-closed = closed
card-settlement-advance = advance payment
card-settlement-credit = credit
card-services = <b>Services</b>
    { $lines }
card-owed = 💸 On the employee this month: { $amount }
card-no-services = No services connected.
card-service-from = from { $date }
card-service-until = until { $date }
card-since = since { $date }
card-blocks = <b>Blocks</b>
    { $lines }
card-block-voluntary = voluntary
card-block-lost = lost/stolen
card-block-financial = financial
card-block-budget = 📵 outgoing calls (budget)
card-forwardings = <b>Call forwarding</b>
    { $lines }
card-fwd-always = always
card-fwd-busy = when busy
card-fwd-no_answer = on no answer
card-fwd-unreachable = when unreachable
card-limits = <b>Individual limits</b>
    { $lines }
card-limit-notify = notify
card-limit-block = block
card-btn-add = ➕ Select
card-btn-remove = ➖ Unselect
card-btn-operations = ⚙️ Operations
card-btn-account = 💳 Account numbers

## Hierarchy

hier-contracts = <b>🗂 Contracts</b>
    Choose a contract to see its personal accounts.
hier-contract-button = { $name } · { $n }
hier-btn-accounts-only = 💳 Accounts only
hier-accounts-of = <b>🗂 Contract { $number }</b> { $name } ({ $region })
    Personal accounts:
hier-accounts-only = <b>💳 Personal accounts</b> and their balances:
hier-btn-add-contract = ➕ Whole contract to selection
hier-departments-top = <b>🏢 Company structure</b>
    Choose a department.
hier-department = <b>🏢 { $name }</b>
    With sub-departments: { $n ->
        [one] { $n } number
       *[other] { $n } numbers
    }
hier-btn-numbers = 📱 Numbers ({ $count })
hier-btn-add-department = ➕ Department to selection
hier-btn-unassigned = ▫️ No department ({ $unassigned })

## Selections

sel-summary = Selected: { $n ->
        [one] { $n } number
       *[other] { $n } numbers
    }, { $a ->
        [one] { $a } account
       *[other] { $a } accounts
    }, { $c ->
        [one] { $c } contract
       *[other] { $c } contracts
    }
sel-summary-empty = The selection is empty.
sel-title = <b>🧺 Current selection</b>
sel-one-contract = All numbers are in one contract.
sel-many-contracts = Numbers from several contracts: some operations work within one contract only.
sel-btn-open = 🧺 Selection{ $sel_badge }
sel-btn-show = 👁 Show
sel-btn-filter = 🔽 Add by filter
sel-btn-load = 📥 Load from file
sel-btn-export = 📤 Export XLSX
sel-btn-save = 💾 Save
sel-btn-all = 📚 All selections
sel-btn-clear = 🗑 Clear
sel-btn-clear-yes = 🗑 Yes, clear
sel-clear-confirm = Clear the current selection? Saved selections stay as they are.
sel-cleared = Selection cleared.
sel-added = { $n ->
        [one] { $n } number added.
       *[other] { $n } numbers added.
    }
sel-removed = { $n ->
        [one] { $n } number removed.
       *[other] { $n } numbers removed.
    }
sel-empty = The selection is empty: add numbers first.
sel-save-prompt = Type a name for the selection (up to 60 characters). A saved selection with the same name is replaced.
sel-saved = 💾 Selection saved as “{ $name }”.
sel-saved-replaced = 💾 Selection “{ $name }” updated.
sel-all-title = <b>📚 All selections</b>
sel-none-saved = No saved selections yet. Build a selection and press “Save”.
sel-saved-button = { $name } · { $n }
sel-saved-title = <b>📚 Selection “{ $name }”</b>
    { $summary }
sel-btn-make-current = ✅ Make current
sel-btn-rename = ✏️ Rename
sel-btn-delete = 🗑 Delete
sel-btn-delete-yes = 🗑 Yes, delete
sel-made-current = { $n ->
        [one] The selection is now current: { $n } number.
       *[other] The selection is now current: { $n } numbers.
    }
sel-rename-prompt = Type the new name of the selection.
sel-renamed = Selection renamed.
sel-delete-confirm = Delete the selection “{ $name }”? The current selection stays as it is.
sel-deleted = Selection deleted.
sel-error-name-empty = The name can't be empty. Type a name.
sel-error-name-long = The name is too long: { $max } characters at most.
sel-error-name-taken = A selection with this name already exists. Choose another.
sel-error-empty = The selection is empty — nothing to save.
sel-error-not-found = Selection not found.
sel-error-bad-filter = There is no such filter.
sel-filter-title = <b>🔽 Add numbers by filter</b>
sel-filter-tariff = By tariff
sel-filter-service = By connected service
sel-filter-region = By region
sel-filter-blocked = Blocked
sel-filter-active = Not blocked
sel-filter-balance_below = Account balance below
sel-balance-prompt = Type an amount in roubles: I'll add the numbers whose personal account balance is below it. For example: 100 or -50.5
sel-balance-invalid = I didn't understand the amount. Type a number, e.g. 100 or -50.5.
sel-export-filename = selection
sel-exporting = Preparing the file…
sel-exported = { $n ->
        [one] Selection: { $n } number.
       *[other] Selection: { $n } numbers.
    }
xlsx-number = Number
xlsx-holder = Holder
xlsx-account = Personal account
xlsx-contract = Contract
xlsx-department = Department
xlsx-tariff = Tariff
xlsx-balance = Account balance, RUB

## Loading a selection from a file

load-prompt = <b>📥 Load a selection</b>
    Send an XLSX or CSV file with a column of phone numbers, SIM numbers (ICCID) or personal accounts. A header is optional; numbers in any form: +7 (913) 947-95-80, 89139479580, 9139479580.
load-need-file = I need an XLSX or CSV file — send it as a document.
load-confirm = 📥 File “{ $name }”. Replace the current selection with the numbers from the file, or add them to it?
load-btn-replace = 🔄 Replace
load-btn-add = ➕ Add
load-working = Reading the file…
load-done = 📥 <b>File read</b>: { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    }, { $found ->
        [one] { $found } number found
       *[other] { $found } numbers found
    }, { $added } added to the selection. Rows not taken: { $skipped }.
load-skipped-title = <b>Not taken:</b>
load-line = row { $row }: { $value } — { $reason }
load-more-in-file = …and { $n } more — the full list is in the file above.
load-nothing-changed = No number was found — the selection has not changed.
load-reason-invalid = invalid format
load-reason-not_found = not found
load-reason-out_of_scope = outside your scope
load-reason-duplicate = duplicate
load-col-row = Row
load-col-value = Value
load-col-reason = Reason
load-report-filename = rows-not-taken
load-report-caption = Rows that did not make it into the selection: { $n }.
load-problem-wrong-type = This file won't do: an XLSX or CSV file is needed. The selection has not changed.
load-problem-too-big = The file is larger than { $mb } MB, which the bot can't accept. Split it into parts. The selection has not changed.
load-problem-empty = The file is empty. The selection has not changed.
load-problem-broken = The file can't be read: it seems damaged or is not XLSX/CSV. Save it again and resend. The selection has not changed.
load-problem-no-column = The file has no column of phone numbers, SIM numbers or personal accounts. The selection has not changed.
load-problem-too-many-rows = The file has more than { $limit } rows — too many for one selection. Split it into parts. The selection has not changed.
load-problem-download = Couldn't get the file from Telegram. Please send it again. The selection has not changed.
