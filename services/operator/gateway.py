"""The calls an operator must support; each OpSpec names one of them. The contract of a
call (`Operator` and the data it gets) is in services/ports.py; the embedded simulator
(simulator.py) implements it on the application database."""

# The calls an operator must support; each OpSpec names one of them.
METHODS = (
    "change_tariff",
    "services_on",
    "services_off",
    "block_on",
    "block_off",
    "forward_on",
    "forward_off",
    "limit_on",
    "limit_off",
    "send_sms",
    "replace_sim",
    "replace_number",
    "promised_payment",
    "split_account",
    "change_settlement",
    "move_funds",
    "order_sims",
)
