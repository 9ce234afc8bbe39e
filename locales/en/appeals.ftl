## Appeals to the service centre

appeal-list-title =
    💬 <b>Appeals</b> to the operator's service centre

    { $body }
appeal-none = You have no appeals yet. Tap «✍️ New appeal»: the service centre answers in this chat.
appeal-list-counts = Total: { $total }, open: { $open }. Choose an appeal to read the thread.
appeal-btn-new = ✍️ New appeal
appeal-btn-open = 💬 Open the appeal
appeal-btn-reply = ✍️ Reply
appeal-btn-close = ✅ Close
appeal-btn-list = ◀️ To the list
appeal-btn-no-numbers = ➡️ No numbers
appeal-ask-topic = What is the appeal about?
appeal-topic-billing = 💳 Billing question
appeal-topic-technical = 🛠 Technical problem
appeal-topic-documents = 📄 Documents
appeal-topic-number = 📱 Number or SIM card
appeal-topic-other = ❔ Other
appeal-ask-text = Describe the question in one message. You may attach a file or a photo: its caption becomes the text.
appeal-ask-numbers = If it is about numbers, send them separated by commas, e.g. <code>+7 913 947-95-80, 89139479689</code>. Or tap «➡️ No numbers».
appeal-ask-reply = Write your reply in one message; you may attach a file or a photo.
appeal-need-text = Write some text or attach a file: an empty appeal cannot be sent.
appeal-too-long = Too long: { $length } characters, up to { $limit } allowed. Shorten it or attach it as a file.
appeal-numbers-unknown = These numbers are not among yours: { $numbers }. Send the numbers again or tap «➡️ No numbers».
appeal-created = ✅ Appeal №{ $id } received. The service centre will answer in this chat.
appeal-replied = ✅ Your reply went to the service centre.
appeal-closed = ✅ The appeal is closed. Please rate the answer.
appeal-rated = Thank you for rating: { $n } of 5.
appeal-not-found = Appeal not found. Open the list of appeals.
appeal-earlier = … { $n } earlier message(s) above
appeal-from-author = 👤 You
appeal-from-operator = 🏢 Service centre
appeal-status-new = new
appeal-status-in-work = in work
appeal-status-answered = answered
appeal-status-closed = closed
appeal-view =
    💬 <b>Appeal №{ $id }</b> · { $topic }
    Status: { $status } · of { $created }
    Numbers: { $numbers }

    { $thread }
appeal-answered =
    💬 The service centre answered appeal №{ $id } «{ $subject }»:

    { $answer }
appeal-answer-billing = Hello! We checked the charges in your appeal №{ $id }. They match the tariff; the call details for the period are in «📄 Documents». If the question remains, reply to this message.
appeal-answer-technical = Hello! For appeal №{ $id } we checked the network in your region and reset the number's profile. Please restart the phone; if the problem returns, reply with where and when it happens.
appeal-answer-documents = Hello! The documents for appeal №{ $id } can be ordered in «📄 Documents»: they arrive in chat and by e-mail. If the one you need is not there, reply with the document and the period.
appeal-answer-number = Hello! About appeal №{ $id }: SIM or number replacement is in «⚙️ Operations». If the number is lost, set the «lost» block first. We are here if you need help.
appeal-answer-other = Hello! Thank you for appeal №{ $id }. We looked into your question; if more information is needed, reply to this message.
