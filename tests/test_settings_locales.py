"""Settings fail with one clear line; every text exists in both languages."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bot.settings import SettingsError, load_settings
from locales import LANGUAGES, ROOT, translator
from services.formatting import pretty_phone
from services.numbers.phones import normalize

TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_missing_token_is_one_clear_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: Setting BOT_TOKEN is required but not set"


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"ADMIN_IDS": "12,abc"}, "ADMIN_IDS"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"WEBHOOK_PORT": "0"}, "WEBHOOK_PORT"),
        ({"BOT_TOKEN": "nonsense"}, "BOT_TOKEN"),
    ],
)
def test_malformed_setting_names_itself(monkeypatch, env, name):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError, match=rf"^Setting {name} is invalid"):
        load_settings()


def test_admin_ids_and_postgres_url(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("ADMIN_IDS", "1, 2,3")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    s = load_settings()
    assert s.admin_ids == [1, 2, 3]
    assert s.database_url == "postgresql+asyncpg://u@h/db"


def test_every_key_exists_in_every_language():
    keys = {lang: translator(lang).keys() for lang in LANGUAGES}
    for lang in LANGUAGES:
        missing = set().union(*keys.values()) - keys[lang]
        assert not missing, f"{lang} lacks {sorted(missing)}"


def test_no_key_is_written_twice():
    """Two helpers adding one key to two files: the later one would silently win."""
    import re
    from collections import Counter
    from pathlib import Path

    from locales import ROOT

    for lang in LANGUAGES:
        keys = Counter(
            key
            for path in sorted(Path(ROOT, lang).glob("*.ftl"))
            for key in re.findall(r"^([a-z][a-z0-9_-]*) =", path.read_text("utf-8"), re.M)
        )
        assert [k for k, n in keys.items() if n > 1] == [], lang


def test_every_key_used_in_code_exists():
    used: set[str] = set()
    pattern = re.compile(r"""(?:i18n|T|_t|tr)\(\s*["']([a-z][a-z0-9_-]+)["']""")
    for folder in ("handlers", "bot", "services"):
        for path in (ROOT.parent / folder).rglob("*.py"):
            used |= set(pattern.findall(path.read_text("utf-8")))
    missing = {k for k in used if not translator("ru").has(k)}
    assert not missing, sorted(missing)


@pytest.mark.parametrize(
    ("n", "ru", "en"),
    [
        (1, "1 день", "1 day"),
        (3, "3 дня", "3 days"),
        (5, "5 дней", "5 days"),
        (21, "21 день", "21 days"),
    ],
)
def test_plural_forms(n, ru, en):
    assert translator("ru")("invite-ttl-days", days=n) == ru
    assert translator("en")("invite-ttl-days", days=n) == en


@pytest.mark.parametrize(
    "text", ["+7 (913) 947-95-80", "89139479580", "9139479580", "+79139479580", "8 913 947 95 80"]
)
def test_phone_forms(text):
    assert normalize(text) == "+79139479580"
    assert pretty_phone("+79139479580") == "+7 (913) 947-95-80"


@pytest.mark.parametrize("text", ["123", "abc", "+7 913", ""])
def test_bad_phones(text):
    assert normalize(text) is None


def test_a_malformed_token_is_explained_not_shown_as_a_pattern(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", "123456:your-token")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "looks like 123456789:" in str(caught.value) and "^" not in str(caught.value)
