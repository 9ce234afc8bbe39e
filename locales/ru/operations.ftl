## Operations on numbers

op-notify-service-on = Услуга «{ $name }» подключена.
op-notify-service-off = Услуга «{ $name }» отключена.
op-notify-sim-order = Заказ SIM-карт: { $count } шт., тариф { $tariff }, адрес доставки: { $address }.
