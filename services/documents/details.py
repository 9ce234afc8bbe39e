"""Call details: every call, SMS and data session of the period, per number, with subtotals."""

from __future__ import annotations

from services.documents.builders import Inputs, _buyer, _doc, columns, operator_party, period_fact
from services.documents.cdr import EventKind, events_between
from services.documents.model import Cell, ColKind, Document, Line, Table
from services.formatting import pretty_phone

DETAIL_COLUMNS = (
    ("at", ColKind.DATETIME, 1.7),
    ("type", ColKind.TEXT, 0.9),
    ("peer", ColKind.TEXT, 1.9),
    ("seconds", ColKind.SECONDS, 1.0),
    ("kb", ColKind.INT, 1.0),
    ("cost", ColKind.MONEY, 1.2),
)


def call_details(inp: Inputs) -> Document:
    w = inp.words
    names = {k: w(f"cd-{k.value}") for k in EventKind}  # once, not per row
    rows_of: dict[int, list[tuple[Cell, ...]]] = {n.id: [] for n in inp.numbers}
    totals: dict[int, list[int]] = {n.id: [0, 0, 0, 0, 0] for n in inp.numbers}
    for nid, e in events_between(inp.usage, inp.start, inp.end, inp.today):
        t = totals[nid]
        if e.kind == EventKind.CALL:
            rows_of[nid].append((e.at, names[e.kind], pretty_phone(e.peer), e.amount, None, e.cost))
            t[0] += e.amount
        elif e.kind == EventKind.SMS:
            rows_of[nid].append((e.at, names[e.kind], pretty_phone(e.peer), None, None, e.cost))
            t[1] += 1
        else:
            rows_of[nid].append((e.at, names[e.kind], e.peer, None, e.amount, e.cost))
            t[2] += e.amount
        t[3] += e.cost
        t[4] += 1
    cols = columns(w, "cd", DETAIL_COLUMNS)
    tables: list[Table] = []
    grand = 0
    for n in inp.numbers:
        t = totals[n.id]
        title = w(
            "cd-number",
            phone=pretty_phone(n.msisdn),
            holder=n.holder or "",
            has_holder="yes" if n.holder else "no",
            account=n.account,
        )
        total = (None, w("cd-events", count=str(t[4])), w("cd-sms-count", count=str(t[1])))
        tables.append(Table("number", title, cols, rows_of[n.id], (*total, t[0], t[2], t[3])))
        grand += t[3]
    facts = [period_fact(inp), (w("numbers"), str(len(inp.numbers)))]
    return _doc(
        inp,
        parties=(operator_party(inp), _buyer(inp)),
        facts=tuple(facts),
        tables=tuple(tables),
        summary=(Line("total", w("cd-total"), grand),),
        words=w("cd-words", total=w.in_words(grand)),
        notes=(w("cd-note"),),
    )
