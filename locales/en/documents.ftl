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
