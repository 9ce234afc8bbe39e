## Operations on numbers

op-notify-service-on = The service "{ $name }" is on.
op-notify-service-off = The service "{ $name }" is off.
op-notify-sim-order = SIM card order: { $count } pcs, tariff { $tariff }, delivery address: { $address }.
