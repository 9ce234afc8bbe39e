"""Financial documents: invoice, счёт-фактура, call details, balance report, reconciliation
act, and the holding's unified invoice and act; PDF, XLSX, XML and HTML.

Public face: `DocumentService` (what a user may order, the figures, the file) and plain
results; the figures come from the billing tables (queries.py), the rules that turn them
into documents live in builders.py, ledgers.py and details.py, the formats in pdf.py and
render.py.
"""

from services.documents.model import (
    HOLDING_KINDS,
    NUMBER_KINDS,
    PAID_KINDS,
    DocFormat,
    DocKind,
    Document,
    Requisites,
)
from services.documents.service import (
    DocumentError,
    DocumentService,
    Rendered,
    Target,
    build_and_render,
    price,
)

__all__ = [
    "HOLDING_KINDS",
    "NUMBER_KINDS",
    "PAID_KINDS",
    "DocFormat",
    "DocKind",
    "Document",
    "DocumentError",
    "DocumentService",
    "Rendered",
    "Requisites",
    "Target",
    "build_and_render",
    "price",
]
