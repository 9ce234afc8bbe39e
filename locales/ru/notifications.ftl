## Notifications: delivery notes, the «🔔 Уведомления» settings, alerts

ntf-btn-menu = ☰ Меню
ntf-mail-failed = 📭 Письмо не доставлено
    Кому: { $to }
    Тема: { $subject }
    Ответ почтового сервера: <code>{ $error }</code>
    Проверьте адрес и отправьте ещё раз.
