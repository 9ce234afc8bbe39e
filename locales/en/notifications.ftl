## Notifications: delivery notes, the «🔔 Notifications» settings, alerts

ntf-btn-menu = ☰ Menu
ntf-mail-failed = 📭 E-mail not delivered
    To: { $to }
    Subject: { $subject }
    Mail server's answer: <code>{ $error }</code>
    Check the address and send it again.
