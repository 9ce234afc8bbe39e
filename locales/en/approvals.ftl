## Approvals: requests, approver cards, the "Approvals" workplace

apr-tz = MSK

apr-card-title = 🔔 <b>Approval request #{ $id }</b>
apr-card-from = From: { $name }
apr-card-op = Operation: { $op }
apr-card-number = Number: { $number }
apr-card-numbers = { $n ->
    [one] { $n } number
   *[other] { $n } numbers
}
apr-card-params = Parameters: { $params }
apr-card-cost = Cost: { $cost } ₽
apr-card-reason = Justification: “{ $reason }”
apr-card-escalated = ⬆️ Nobody in the department can approve it, so it went to an admin.
apr-card-expires = ⏳ Awaiting a decision until { $when }

apr-state-pending = ⏳ Awaiting a decision until { $when }
apr-state-approved = ✅ Approved by { $name }, { $when }
apr-state-rejected = ❌ Rejected by { $name }, { $when }
apr-state-why = Reason: “{ $reason }”
apr-state-withdrawn = ↩️ Withdrawn by the requester { $when }
apr-state-withdrawn-off = ↩️ Withdrawn: { $name } switched the requester's access off { $when }
apr-state-expired = ⌛ Expired { $when }

apr-status-pending = awaiting a decision
apr-status-approved = approved
apr-status-rejected = rejected
apr-status-expired = expired
apr-status-withdrawn = withdrawn

apr-btn-approve = ✅ Approve
apr-btn-reject = ❌ Reject
apr-btn-info = ℹ️ Details
apr-btn-withdraw = ↩️ Withdraw request

apr-you-approved = ✅ Your request #{ $id } ({ $op }) was approved by { $name }.
apr-you-rejected = ❌ Your request #{ $id } ({ $op }) was rejected by { $name }.
apr-you-expired = ⌛ Request #{ $id } ({ $op }) expired; the operation was not run. Send it again if you still need it.

apr-exec-running = ⏳ Running the operation of request #{ $id }: { $op }…
apr-exec-done = ✅ The operation of request #{ $id } is done: { $done } of { $total }.
apr-exec-partial = ⚠️ The operation of request #{ $id } partly succeeded: { $done } of { $total }, errors: { $failed }.
apr-exec-failed = ❌ The operation of request #{ $id } could not be run. Try again or ask an admin.
apr-exec-scheduled = 🕒 The operation of request #{ $id } is scheduled for { $when }.
apr-exec-queued = ⏳ The operation of request #{ $id } is queued.

# Answers to buttons
apr-ans-approved = Approved. The operation has started.
apr-ans-rejected = Rejected; the requester got the reason.
apr-ans-withdrawn = Request withdrawn.
apr-ans-already = Request #{ $id } is already closed: { $status }.
apr-ans-not-found = Request not found.
apr-ans-self = You cannot approve your own request.
apr-ans-forbidden = You may not decide this request.

# Submitting a request
apr-sent-what = 📨 Request #{ $id } for approval: { $op }, { $numbers }.
apr-sent = Sent to { $n ->
    [one] { $n } approver
   *[other] { $n } approvers
}. I will write when it is decided. Add a justification — it helps to get it approved sooner.
apr-sent-escalated = ⬆️ Nobody in your department can approve this operation, so the request went to an admin.
apr-sent-nobody = ⚠️ Nobody can approve the request right now. It will wait until { $when }; please contact an admin.
apr-btn-justify = ✍️ Add justification
apr-justify-ask = Write why the operation of request #{ $id } is needed — the approvers will see it.
apr-justify-done = ✅ Justification added; the approvers see it.

# Reject reason step
apr-reject-ask = Write the reason for rejecting request #{ $id } — the requester will get it.
apr-reject-empty = The reason cannot be empty — a few words, please.

# Details
apr-details-title = <b>Request #{ $id }</b> — { $status }
apr-details-created = Created: { $when }
apr-details-numbers = <b>Numbers</b> ({ $n }):
apr-details-more = …and { $n } more
apr-details-history = <b>The requester's previous requests:</b>
apr-details-no-history = The requester has no other requests.

# Workplace
apr-wp-title = <b>✅ Approvals</b>
apr-wp-inbox = <b>Awaiting your decision:</b> { $pending }
apr-wp-mine-title = <b>My requests</b>
apr-wp-empty = Nothing here yet.
apr-tab-inbox = 📥 To approve
apr-tab-mine = 📤 My requests
apr-filter-all = All
apr-filter-pending = ⏳ Pending
apr-filter-decided = Decided
apr-wp-filter = Filter: { $filter }

# Approval rules (admins)
apr-rules-button = ⚙️ Approval rules
apr-rules-title =
    <b>⚙️ Approval rules</b>
    What a role may only request always needs a manager. Rules add approval by the number of numbers or by the sum — even for those who may perform the operation themselves:
apr-rules-none = No rules.
apr-rule-line = { $n }. { $op }: { $cond } → { $level }
apr-rule-any-op = any operation
apr-rule-always = always
apr-rule-and = { " and " }
apr-rule-numbers = over { $n ->
    [one] { $n } number
   *[other] { $n } numbers
}
apr-rule-cost = over { $cost } ₽
apr-level-manager = manager
apr-level-admin = admin
apr-rule-delete = 🗑 { $n }
apr-rule-deleted = Rule deleted.
apr-rule-add = ➕ Add a rule
apr-rule-ask-op = Which operation is the rule for?
apr-rule-ask-numbers = How many numbers must the operation exceed to need approval? Send a number or press “Skip”.
apr-rule-ask-cost = What sum in roubles must the operation exceed? Send a number (e.g. 5000) or press “Skip”.
apr-rule-ask-level = Who approves?
apr-rule-skip = Skip
apr-rule-bad-number = A whole number, please, e.g. 100.
apr-rule-bad-cost = A sum in roubles, please, e.g. 5000 or 499.99.
apr-rule-saved = Rule saved.
