"""One typed settings object, read from the environment (prefix FRONTDOOR_) or a `.env` file.

Nothing here runs at import time: `load_settings()` builds the object, and generates the
two local secrets into `var/` the first time they are missing, so a fresh machine works
with no configuration while production can pass real keys in the environment.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.crypto import parse_master_keys

DEFAULT_VAR_DIR = Path("var")


class ConfigurationError(Exception):
    """Bad configuration: start-up stops with this one-line message."""


class Settings(BaseSettings):
    """Everything Frontdoor reads from its environment."""

    model_config = SettingsConfigDict(
        env_prefix="FRONTDOOR_", env_file=".env", extra="ignore", populate_by_name=True
    )

    database_url: str = "sqlite+aiosqlite:///var/frontdoor.db"
    public_url: str = "http://127.0.0.1:8000"
    secret_key: SecretStr | None = None
    data_keys: SecretStr | None = None
    var_dir: Path = DEFAULT_VAR_DIR
    simulator: bool = False
    docs_enabled: bool = True
    log_level: str = "INFO"
    console_idle_minutes: float = Field(default=30, gt=0, description="console session idle")
    console_absolute_hours: float = Field(default=12, gt=0, description="longest session")
    search_limit: int = Field(
        default=60, ge=1, description="free-text searches per staff member per window"
    )
    search_window_minutes: float = Field(default=10, gt=0, description="the search window")
    export_limit: int = Field(default=10, ge=1, description="exports per staff member per window")
    export_window_minutes: float = Field(default=60, gt=0, description="the export window")

    telegram_token: SecretStr | None = None
    telegram_secret: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"

    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_sms_from: str | None = None
    twilio_whatsapp_from: str | None = None
    twilio_messaging_service_sid: str | None = None
    twilio_api_url: str = "https://api.twilio.com"

    routing_file: Path | None = None
    emergency_contacts: dict[str, str] = Field(
        default_factory=dict,
        description='safety contacts sent to people in danger, by country: {"CM": "…", "*": "…"}',
    )
    sender_enabled: bool = Field(default=True, description="run the sender inside `serve`")
    background_enabled: bool = Field(
        default=True, description="run the spool replay, inbound retries and sender in-process"
    )
    sender_concurrency: int = Field(default=8, ge=1, description="sends in flight at once")
    sender_send_timeout: float = Field(default=20.0, gt=0, description="seconds per provider call")
    sender_lease_seconds: float = Field(default=90.0, gt=0, description="reclaim after")
    sender_max_attempts: int = Field(default=8, ge=1, description="then the row fails for staff")
    sender_retry_base: float = Field(default=2.0, gt=0, description="first retry delay, doubling")
    sender_retry_cap: float = Field(default=900.0, gt=0, description="longest retry delay")
    sender_poll_interval: float = Field(default=0.5, gt=0, description="idle wait between claims")
    telegram_rate: float = Field(default=30.0, gt=0, description="messages/s over all chats")
    telegram_chat_rate: float = Field(default=1.0, gt=0, description="messages/s to one chat")
    twilio_sms_rate: float | None = Field(
        default=None, gt=0, description="segments/s; unset: 1 for a +1 long code, else 10"
    )
    twilio_whatsapp_rate: float = Field(default=80.0, gt=0, description="messages/s")
    whatsapp_template_sid: str | None = Field(
        default=None, description="ContentSid sent outside WhatsApp's 24-hour window"
    )
    whatsapp_template_variables: dict[str, str] = Field(
        default_factory=dict, description='variable -> source: {"1": "case_reference"}'
    )
    sms_price_per_segment: float = Field(
        default=0.05, ge=0, description="a broadcast preview's estimated cost per SMS segment"
    )

    @field_validator("public_url", "telegram_api_url", "twilio_api_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("data_keys")
    @classmethod
    def _data_keys_parse(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            parse_master_keys(value.get_secret_value())
        return value

    @property
    def master_keys(self) -> list[tuple[str, bytes]]:
        """The data-at-rest master keys, newest first, as (key id, key bytes)."""
        if self.data_keys is None:
            raise ConfigurationError("FRONTDOOR_DATA_KEYS is not set")
        return parse_master_keys(self.data_keys.get_secret_value())


def _read_or_create_secret(path: Path, make: Callable[[], str]) -> str:
    """Return the secret stored in `path`, creating it (mode 0600) the first time."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def new_master_key() -> str:
    """A fresh 256-bit data key in the FRONTDOOR_DATA_KEYS format."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def load_settings(**overrides: object) -> Settings:
    """Build the settings, filling missing local secrets from `var/` (generated once)."""
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "settings"
        raise ConfigurationError(
            f"invalid setting FRONTDOOR_{field.upper()}: {first['msg']}"
        ) from None
    updates: dict[str, object] = {}
    if settings.secret_key is None:
        updates["secret_key"] = SecretStr(
            _read_or_create_secret(
                settings.var_dir / "secret_key", lambda: secrets.token_urlsafe(48)
            )
        )
    if settings.data_keys is None:
        stored = _read_or_create_secret(settings.var_dir / "data_keys", new_master_key)
        try:
            parse_master_keys(stored)
        except ValueError as error:
            raise ConfigurationError(
                f"invalid key in {settings.var_dir / 'data_keys'}: {error}"
            ) from None
        updates["data_keys"] = SecretStr(stored)
    return settings.model_copy(update=updates) if updates else settings
