"""Fluent translations: every user-visible string lives in locales/<lang>/*.ftl."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
ROOT = Path(__file__).parent
log = logging.getLogger(__name__)

_ARG_TYPES = (str, int, float, Decimal, dt.date, dt.datetime)


class Translator:
    """Formats one language's messages; a missing key shows the key, never raises."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bundle = FluentBundle([lang], use_isolating=False)
        for path in sorted((ROOT / lang).glob("*.ftl")):
            errors = self.bundle.add_resource(FluentResource(path.read_text("utf-8")))
            if errors:
                raise ValueError(f"{path}: {errors}")

    def has(self, key: str) -> bool:
        return self.bundle.has_message(key)

    def __call__(self, key: str, /, **args: Any) -> str:
        if not self.bundle.has_message(key):
            log.error("missing translation %s/%s", self.lang, key)
            return key
        message = self.bundle.get_message(key)
        clean = {k: v for k, v in args.items() if isinstance(v, _ARG_TYPES)}
        text, errors = self.bundle.format_pattern(message.value, clean)
        if errors:
            log.error("translation %s/%s: %s", self.lang, key, errors)
        return text

    def keys(self) -> set[str]:
        return set(self.bundle._messages)


@cache
def translator(lang: str | None) -> Translator:
    return Translator(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
