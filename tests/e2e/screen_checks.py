"""What a screen must not show, as a phone shows it: the checks of the screen walk
(tests/e2e/test_screen_walker.py), one message at a time."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from locales import ROOT as LOCALES
from tests.fakeapi import BotMessage

LINE_WIDTH = 35
MAX_LINES = 25
MAX_LABEL = 30
DUMP = os.environ.get("WALKER_DUMP")


def locale_keys() -> set[str]:
    keys: set[str] = set()
    for path in Path(LOCALES).glob("*/*.ftl"):
        keys |= set(re.findall(r"^([a-z][a-z0-9_-]*) =", path.read_text("utf-8"), re.M))
    return keys


CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё][А-Яа-яЁё-]*")


def allowed_cyrillic(db_path: Path) -> set[str]:
    """Words of the demo's data and of the English locale itself."""
    words: set[str] = set()
    for path in Path(LOCALES).glob("en/*.ftl"):
        words |= set(CYRILLIC_WORD.findall(path.read_text("utf-8")))
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            cols = [r[1] for r in conn.execute(f"pragma table_info('{table}')")]
            for col in cols:
                for (value,) in conn.execute(
                    f'select distinct "{col}" from "{table}" where typeof("{col}") = \'text\''
                ):
                    words |= set(CYRILLIC_WORD.findall(value))
    return words


def phone_lines(msg: BotMessage) -> int:
    text = sum(max(1, -(-len(line) // LINE_WIDTH)) for line in msg.content.split("\n"))
    return text + len((msg.inline_markup or {}).get("inline_keyboard", []))


def label_length(label: str) -> int:
    return len(label.replace("\ufe0f", ""))


CODE = re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z0-9]+)+(?![\w@])")
PLACEHOLDER = re.compile(r"\{\s*\$")


@dataclass
class Checker:
    lang: str
    keys: set[str]
    cyrillic_ok: set[str]
    problems: dict[str, str] = field(default_factory=dict)  # problem -> way there

    def add(self, problem: str, way: str) -> None:
        self.problems.setdefault(problem, way)

    def message(self, msg: BotMessage, way: str) -> None:
        if DUMP:  # WALKER_DUMP=file: every screen the walk saw, to read them all at once
            with open(DUMP, "a", encoding="utf-8") as out:
                rows = (msg.inline_markup or {}).get("inline_keyboard", [])
                keys = "\n".join(" | ".join(b["text"] for b in row) for row in rows)
                out.write(f"=== [{self.lang}] {way}\n{msg.content}\n--- \n{keys}\n\n")
        text = msg.content
        first = text.split("\n", 1)[0][:60]
        lines = phone_lines(msg)
        if lines > MAX_LINES:
            self.add(f"{lines} phone lines: «{first}»", way)
        labels = [b["text"] for b in msg.inline_buttons]
        for label in labels:
            if label_length(label) > MAX_LABEL:
                self.add(f"button of {label_length(label)} characters: «{label}»", way)
        for part in (text, *labels):
            for token in re.findall(r"[a-z][a-z0-9]*(?:-[a-z0-9_]+)+", part):
                if token in self.keys:
                    self.add(f"locale key {token} in «{first}»", way)
            if PLACEHOLDER.search(part):
                self.add(f"unfilled placeholder in «{part[:60]}»", way)
            for code in CODE.findall(part):
                self.add(f"internal code {code} in «{part[:60]}»", way)
            if self.lang == "en":
                cut = set(re.findall(r"([А-Яа-яЁё-]+)…", part))  # part of a clipped data word
                russian = [
                    w
                    for w in CYRILLIC_WORD.findall(part)
                    if w not in self.cyrillic_ok
                    and w not in cut
                    and not (len(w) == 1 and w.isupper())  # initials
                ]
                if russian:
                    self.add(f"Russian {russian[:3]} in «{part[:60]}»", way)
