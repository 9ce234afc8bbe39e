"""Fluent translations: every user-visible string lives in locales/<lang>/*.ftl.

Messages are HTML (the bot's parse mode). Escaping is done here, by construction: every
string argument is escaped unless it is already `Html` (what the translator itself returns,
or `escape()`/`html_join()` produced), so a name such as ``<b>`` or ``A & B`` can reach a
message only as text. Text built outside the translator goes through `escape()`.
Fields Telegram shows as plain text (button labels, alerts) are unescaped once, where the
request leaves the process (bot/telegram.py).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Junk

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
ROOT = Path(__file__).parent
log = logging.getLogger(__name__)

_ARG_TYPES = (str, int, float, Decimal, dt.date, dt.datetime)


class Html(str):
    """A string that is already valid HTML for a message: never escaped again."""

    __slots__ = ()


def escape(value: object) -> Html:
    """Text (a name, a comment, typed text) made safe for an HTML message; idempotent."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=False))


def html_join(parts: Iterable[object], sep: str = "\n") -> Html:
    """Joins message fragments; those that are not `Html` yet are escaped."""
    return Html(escape(sep).join(escape(p) for p in parts))


def html_fmt(template: str, /, **args: object) -> Html:
    """`template` is ours (HTML); every argument is escaped unless it is `Html` already."""
    return Html(template.format(**{k: escape(v) for k, v in args.items()}))


class Translator:
    """Formats one language's messages; a missing key shows the key, never raises."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bundle = FluentBundle([lang], use_isolating=False)
        for path in sorted((ROOT / lang).glob("*.ftl")):
            resource = FluentResource(path.read_text("utf-8"))
            # The bundle skips what does not parse; a broken entry must not vanish quietly.
            junk = [entry for entry in resource.body if isinstance(entry, Junk)]
            if junk:
                raise ValueError(f"{path}: cannot parse {(junk[0].content or '')[:60]!r}")
            self.bundle.add_resource(resource)

    def has(self, key: str) -> bool:
        return self.bundle.has_message(key)

    def __call__(self, key: str, /, **args: Any) -> Html:
        """The message as HTML for Telegram: every string argument is escaped."""
        return Html(self._format(key, True, args))

    def plain(self, key: str, /, **args: Any) -> str:
        """The message as plain text (an SMS, an e-mail): arguments go in as they are."""
        return self._format(key, False, args)

    def _format(self, key: str, escaping: bool, args: dict[str, Any]) -> str:
        if not self.bundle.has_message(key):
            log.error("missing translation %s/%s", self.lang, key)
            return escape(key) if escaping else key
        message = self.bundle.get_message(key)
        if message.value is None:  # a message with attributes only: nothing to show
            log.error("translation %s/%s has no value", self.lang, key)
            return escape(key) if escaping else key
        clean = {
            k: escape(v) if escaping and isinstance(v, str) else v
            for k, v in args.items()
            if isinstance(v, _ARG_TYPES)
        }
        text, errors = self.bundle.format_pattern(message.value, clean)
        if errors:
            log.error("translation %s/%s: %s", self.lang, key, errors)
        return str(text)

    def keys(self) -> set[str]:
        return set(self.bundle._messages)


def translator(lang: str | None) -> Translator:
    # One parse per language: an unknown or missing language shares the default's.
    return _translator(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


@cache
def _translator(lang: str) -> Translator:
    return Translator(lang)
