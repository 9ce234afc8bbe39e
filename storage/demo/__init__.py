"""Deterministic demo data: ООО «Ромашка», four regional contracts and a year of history, and
on request a neighbour holding (АО «Вектор Логистик») in the same database.

The same seed and `today` give byte-identical rows. The parts: catalogue.py (tariffs and
services), holdings.py (the companies: contracts, departments, seed numbers, users), people.py
and people.json (names), builder.py and history.py (drawing the rows), sink.py (bulk insert),
loader.py (`generate`).
"""

from __future__ import annotations

from storage.demo.context import luhn_check_digit
from storage.demo.holdings import NEIGHBOUR, ROMASHKA, DemoUser, Holding
from storage.demo.loader import DemoDataError, DemoSummary, generate, is_empty

__all__ = [
    "COMPANY_NAME",
    "EMAIL_DOMAIN",
    "NEIGHBOUR",
    "NEIGHBOUR_NAME",
    "ROMASHKA",
    "SEED_ACCOUNTS",
    "SEED_NUMBERS",
    "DemoDataError",
    "DemoSummary",
    "DemoUser",
    "Holding",
    "generate",
    "is_empty",
    "luhn_check_digit",
]

COMPANY_NAME = ROMASHKA.name
EMAIL_DOMAIN = ROMASHKA.email_domain
SEED_NUMBERS = ROMASHKA.seed_numbers
SEED_ACCOUNTS = ROMASHKA.seed_accounts
NEIGHBOUR_NAME = NEIGHBOUR.name
