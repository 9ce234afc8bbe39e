"""Settings contract (names fixed by DESIGN.md), read from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DB = "sqlite+aiosqlite:///./data/vm.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: str | None = Field(default=None, pattern=r"^\d+:[\w-]{20,}$")
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = DEFAULT_DB
    redis_url: str | None = None
    # Keeps the keys of several bots (or test runs) sharing one Redis apart.
    redis_prefix: str = Field(default="vm", pattern=r"^[\w.-]{1,40}$")
    admin_ids: Annotated[list[int], NoDecode] = []
    demo_data: bool = False
    demo_numbers: int = Field(default=300, ge=1, le=200_000)

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "vm-bot@localhost"
    smtp_starttls: bool = False
    smtp_tls: bool = False  # implicit TLS (usually port 465)
    # How often queued e-mail and SMS are looked for (mail leaves within a minute).
    outbox_interval_seconds: float = Field(default=10, gt=0)
    # Telegram's limits the delivery queue keeps to: messages a second in total, a second
    # per chat, and the burst a chat may get at once.
    telegram_rate: float = Field(default=30, gt=0)
    telegram_chat_rate: float = Field(default=1, gt=0)
    telegram_chat_burst: int = Field(default=3, ge=1)
    # Above this a document is not attached to the e-mail: the letter says it is in the chat.
    document_email_limit_mb: float = Field(default=10, gt=0)
    # The Bot API takes files up to 50 MB (a local Bot API server up to 2000 MB): a bigger
    # document is zipped, and a zip still too big is cut into parts of this size.
    telegram_file_limit_mb: float = Field(default=50, gt=0)
    # The supplier printed on every document: the operator's own requisites. An empty name
    # or address is the embedded demo operator's, in the document's language (locales).
    operator_name: str = ""
    operator_inn: str = Field(default="7712345671", pattern=r"^(\d{10}|\d{12})?$")
    operator_kpp: str = Field(default="771201001", pattern=r"^(\d{9})?$")
    operator_address: str = ""

    webhook_url: str | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_secret: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,256}$")

    # The embedded operator applies each item after this delay, like the real one.
    operator_delay_ms: int = Field(default=300, ge=0)
    default_language: str = "ru"
    log_level: str = "INFO"
    # Approval requests wait this long for a decision.
    approval_ttl_seconds: int = Field(default=24 * 3600, ge=1)
    # How long the embedded service centre takes to answer an appeal.
    appeal_answer_seconds: int = Field(default=600, ge=0)
    # How often due deferred operations, auto-disables, block ends and expired approval
    # requests are looked for.
    scheduler_interval_seconds: float = Field(default=15, gt=0)
    # How often the embedded operator bills the usage of the time that passed.
    accrual_interval_seconds: float = Field(default=60, gt=0)
    # A scheduled item that came due while the bot was down still runs at start if it is
    # at most this late; older occurrences are marked missed (admins see the figure).
    schedule_grace_minutes: int = Field(default=360, ge=0)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://", "postgresql://")):
            raise ValueError("use sqlite+aiosqlite:// or postgresql+asyncpg://")
        if value.startswith("postgresql://"):
            value = "postgresql+asyncpg://" + value.removeprefix("postgresql://")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def ensure_data_dir(self) -> None:
        if self.is_sqlite and ":///" in self.database_url:
            path = self.database_url.split(":///", 1)[1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)


class SettingsError(Exception):
    """One readable line naming the setting that is wrong."""


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)  # validated like the environment
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "?"
        if err["type"] == "missing":
            raise SettingsError(f"Setting {name} is required but not set") from None
        if name == "BOT_TOKEN":  # say what a token looks like, not a regular expression
            raise SettingsError(
                "Setting BOT_TOKEN is invalid: a token from @BotFather looks like "
                "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw (digits, a colon, then at least "
                "20 letters, digits, _ or -)"
            ) from None
        raise SettingsError(f"Setting {name} is invalid: {err['msg']}") from None
