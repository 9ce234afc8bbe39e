## Financial documents

doc-kind-invoice = 🧾 Billing period invoice
doc-kind-vat_invoice = 🧾 VAT invoice
doc-kind-call_details = 📞 Call details
doc-kind-balance = 💰 Balance report
doc-kind-act = 🤝 Reconciliation act
doc-kind-unified_invoice = 🏢 Holding's unified invoice
doc-kind-unified_act = 🏢 Unified reconciliation act

doc-fmt-pdf = 📕 PDF
doc-fmt-xlsx = 📗 XLSX
doc-fmt-xml = 📄 XML
doc-fmt-html = 🌐 HTML

doc-selected = Selected: { $numbers ->
    [one] { $numbers } number
   *[other] { $numbers } numbers
}, { $accounts } accounts, { $contracts ->
    [one] { $contracts } contract
   *[other] { $contracts } contracts
}
doc-selected-accounts = By account: { $accounts } accounts, { $contracts ->
    [one] { $contracts } contract
   *[other] { $contracts } contracts
}
doc-selected-none = The selection is empty.
doc-holding = The whole holding: every contract and account.

doc-choose =
    <b>📄 Financial documents</b>
    { $selected }

    Choose a document. Documents by number use the current selection; you can also send numbers in a message (one per line).
doc-numbers-missing = Not found among the numbers you may see: { $list }

doc-period =
    <b>{ $doc }</b>
    { $selected }

    For which period?
doc-period-last_month = 📅 Last month ({ $label })
doc-period-this_month = 📅 This month ({ $label })
doc-period-last_quarter = 📅 Last quarter ({ $label })
doc-period-custom = 🗓 Pick dates
doc-date-from = Pick the <b>first</b> day of the period.
doc-date-to = From { $start }. Pick the <b>last</b> day.

doc-email =
    <b>Where should the document be e-mailed?</b>
    Your address: { $own }

    Send another address as a message. The file comes here, to the chat, in any case.
doc-email-own = 📧 { $email }
doc-email-chat-only = 💬 Chat only
doc-email-none = chat only
doc-email-bad = "{ $value }" is not an e-mail address. Send one like name@example.com.

doc-format = Which format? PDF to print, XLSX to calculate, XML for accounting systems, HTML to view in a browser.

doc-consent =
    <b>Call details are a paid service.</b>
    Cost: { $cost } ₽ (10 ₽ per number per month of the period), charged to the numbers' accounts.

    I understand this operation is paid and accept the terms of use.
doc-consent-yes = ✅ I agree, order
doc-consent-no = ✖️ Decline
doc-refused = Order cancelled: nothing was ordered and nothing was charged.

doc-confirm =
    <b>Check the order</b>
    Document: { $doc }
    { $selected }
    Period: { $period }
    Format: { $fmt }
    E-mail: { $email }{ $paid ->
        [yes] {"\u000A"}Cost: { $cost } ₽
       *[no] {""}
    }

    Some mail servers refuse large letters; the file always arrives in the chat.
doc-run = ▶️ Run
doc-file-caption = 📄 Order No. { $order }
doc-done =
    ✅ <b>Order No. { $order } is done</b>: { $doc }.
    { $parts ->
        [one] The file is above, in the chat.
       *[other] The file is large: it is split into { $parts } parts, above in the chat.
    }{ $paid ->
        [yes] {"\u000A"}Charged: { $cost } ₽.
       *[no] {""}
    }
doc-done-mail = 📧 A copy was sent to { $email }.
doc-done-mail-big = 📧 The file is too large for e-mail: { $email } got a note that it was delivered in the chat only.
doc-other = 📄 Another document

doc-error-not_allowed = This document is not available to you.
doc-error-no_numbers = The selection has no numbers you may order documents for. Build one in «📱 Numbers» or send numbers as a message.
doc-error-no_accounts = No account whose every number you may see: an account's documents cover all its numbers.
doc-error-period_order = The period ends before it starts: pick the dates again.
doc-error-period_future = A period cannot end in the future.
doc-error-period_long = The period is longer than a year: pick at most 12 months.
doc-error-consent = Call details are paid: they cannot be ordered without consent.
doc-error-bad_email = That e-mail address will not do: choose another.
doc-error-incomplete = The order is incomplete: start again.

## In the action history

hist-document-invoice = 📄 Billing period invoice
hist-document-vat-invoice = 📄 VAT invoice
hist-document-call-details = 📄 Call details
hist-document-balance = 📄 Balance report
hist-document-act = 📄 Reconciliation act
hist-document-unified-invoice = 📄 Unified invoice
hist-document-unified-act = 📄 Unified reconciliation act

## Inside the files: what a document says, in the language of whoever ordered it

docf-title-invoice = Billing period invoice
docf-title-vat_invoice = VAT invoice (schet-faktura)
docf-title-call_details = Call details
docf-title-balance = Detailed balance report
docf-title-act = Reconciliation act
docf-title-unified_invoice = Unified invoice
docf-title-unified_act = Unified reconciliation act
docf-file-invoice = invoice
docf-file-vat_invoice = vat-invoice
docf-file-call_details = call-details
docf-file-balance = balance-report
docf-file-act = reconciliation-act
docf-file-unified_invoice = unified-invoice
docf-file-unified_act = unified-reconciliation-act
docf-no-number = n/a
docf-heading = { $title } No. { $number } of { $date }
docf-page = Page { $page } of { $pages }
docf-continued = (continued)
docf-inn = INN
docf-kpp = KPP
docf-supplier = Supplier
docf-seller = Seller
docf-buyer = Buyer
docf-period = Period
docf-contract = Contract
docf-contract-dated = No. { $number } of { $date }
docf-contract-undated = No. { $number }
docf-accounts = Personal accounts
docf-date = Date
docf-currency = Currency
docf-currency-rub = Russian rouble (RUB, 643)
docf-numbers = Numbers
docf-long-date = { $day } { $month } { $year }

docf-cat-subscription = Subscription fee
docf-cat-calls = Calls
docf-cat-sms = SMS messages
docf-cat-data = Data (mobile internet)
docf-cat-services = Additional services
docf-cat-ops = One-off charges (operations)

docf-inv-table = Charges
docf-inv-col-n = No.
docf-inv-col-group = Contract / account
docf-inv-col-service = Service
docf-inv-col-net = Net of VAT, ₽
docf-inv-col-vat = VAT 20 %, ₽
docf-inv-col-gross = Incl. VAT, ₽
docf-inv-group-account = Account { $account }
docf-inv-group-contract = { $contract } ({ $region })
docf-inv-total = Total
docf-inv-net = Total net of VAT
docf-inv-vat = VAT 20 %
docf-inv-due = Total due
docf-inv-words = Total due: { $total }, including VAT 20 %: { $vat }

docf-sf-table = Goods (work, services)
docf-sf-col-n = No.
docf-sf-col-service = Service
docf-sf-col-unit = Unit
docf-sf-col-qty = Qty
docf-sf-col-price = Price net of VAT, ₽
docf-sf-col-net = Amount net of VAT, ₽
docf-sf-col-rate = Rate
docf-sf-col-vat = VAT, ₽
docf-sf-col-gross = Amount incl. VAT, ₽
docf-sf-unit = unit
docf-sf-rate = 20 %
docf-sf-total = Total due
docf-sf-net = Amount net of VAT
docf-sf-vat = VAT
docf-sf-due = Total
docf-sf-words = Total: { $total }, including VAT 20 %: { $vat }

docf-cd-col-at = Date and time (Moscow)
docf-cd-col-type = Type
docf-cd-col-peer = Number / resource
docf-cd-col-seconds = Duration, m:s
docf-cd-col-kb = Volume, KB
docf-cd-col-cost = Cost, ₽
docf-cd-call = Call
docf-cd-sms = SMS
docf-cd-data = Internet
docf-cd-number = { $phone }{ $has_holder ->
    [yes] {" "}— { $holder }
   *[no] {""}
} (account { $account })
docf-cd-events = Total: { $count }
docf-cd-sms-count = SMS: { $count }
docf-cd-total = Call details total
docf-cd-words = Total: { $total }
docf-cd-note = Costs include VAT. Incoming calls in the home region are free of charge.

docf-bal-col-date = Date
docf-bal-col-operation = Operation
docf-bal-col-charged = Charged, ₽
docf-bal-col-paid = Paid, ₽
docf-bal-col-balance = Balance, ₽
docf-bal-account = Account { $account } — { $name } (contract { $contract })
docf-bal-closing-row = Totals; closing balance
docf-pay-bank = Payment (bank transfer)
docf-pay-card = Payment (bank card)
docf-pay-other = Payment
docf-sum-opening = Opening balance
docf-sum-charged = Charged in the period
docf-sum-paid = Paid in the period
docf-sum-closing = Closing balance
docf-bal-words = Closing balance: { $total }

docf-act-col-date = Date
docf-act-col-entry = Entry
docf-act-col-debit = Charged (debit), ₽
docf-act-col-credit = Paid (credit), ₽
docf-act-account = Account { $account } (contract { $contract })
docf-act-contract = Contract { $contract } — { $region }
docf-act-opening = Opening balance
docf-act-turnover = Turnover for the period
docf-act-closing = Closing balance
docf-act-charges = Charges for { $month } { $year }
docf-act-payments = Payments for { $month } { $year }
docf-act-payment = { $method } of { $date }
docf-act-advance = Balance in the subscriber's favour (advance): { $total }
docf-act-debt = Owed by the subscriber: { $total }
docf-act-settled = Nothing is owed
docf-act-words = As of { $date }: { $saldo }
docf-act-note-sign = A positive balance is the subscriber's advance, a negative one is a debt.
docf-act-note-signatures = Signatures of the parties: ____________ / ____________

docf-mail-subject = { $title } for { $period } (request No. { $order })
docf-mail-body =
    Hello,

    Attached is the document “{ $title }” for { $period } (request No. { $order }), file { $file }.

    Virtual Manager
docf-mail-too-big =
    Hello,

    The document “{ $title }” for { $period } (request No. { $order }) is { $size } MB: more than mail servers accept, so the document was delivered in the chat with the bot only.

    Virtual Manager
docf-operator-demo-name = PJSC Telecom-Operator
docf-operator-demo-address = 4 Svyazistov St., Moscow 109147
