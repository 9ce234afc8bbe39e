## Faults: what the user reads when something breaks, with an id to quote to support

err-incident = Что-то пошло не так, мы уже разбираемся. Попробуйте ещё раз или вернитесь в меню. Номер случая: <code>{ $id }</code>
err-refused = Нет доступа к этому объекту.
