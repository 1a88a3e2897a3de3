"""The one typed configuration object; built once by the CLI/app factory and passed in.

Nothing reads the environment at import time: call `Settings()` (or `load_settings()`) where
the process starts. The contract's variable names (LINE_CHANNEL_SECRET, DATABASE_URL, …) have
no prefix; khetbot's own extras are spelled KHETBOT_*.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _extra(name: str, default: Any, description: str = "") -> Any:
    """A khetbot-specific setting read from KHETBOT_<NAME>."""
    return Field(default=default, validation_alias=AliasChoices(f"KHETBOT_{name}", name.lower()),
                 description=description)


RETENTION_FLOOR_DAYS = 90


class Settings(BaseSettings):
    """Runtime configuration (environment variables or a `.env` file in the working folder)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      populate_by_name=True, case_sensitive=False)

    # --- the contract
    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str = "https://api-data.line.me"
    database_url: str = "sqlite:///./var/khetbot.db"
    redis_url: str | None = None
    public_base_url: str | None = None
    line_staff_group_id: str | None = None

    # --- khetbot's own
    office_id: str = _extra("OFFICE_ID", "default", "key of the area office this deployment serves")
    office_name: str = _extra("OFFICE_NAME", "สพม.เพชรบูรณ์")
    data_dir: Path = _extra("DATA_DIR", Path("./var"), "files the service writes (images, reports)")
    redis_prefix: str = _extra("REDIS_PREFIX", "khetbot:")
    max_body_bytes: int = _extra("MAX_BODY_BYTES", 1_048_576)
    line_timeout_seconds: float = _extra("LINE_TIMEOUT_SECONDS", 10.0)
    line_max_attempts: int = _extra("LINE_MAX_ATTEMPTS", 4)
    line_backoff_seconds: float = _extra("LINE_BACKOFF_SECONDS", 0.5)
    line_max_retry_after_seconds: float = _extra("LINE_MAX_RETRY_AFTER_SECONDS", 60.0)
    line_sdk_models: bool = _extra("LINE_SDK_MODELS", False, "send through the SDK's pydantic models (debugging)")
    answer_by_reply: bool = _extra(
        "ANSWER_BY_REPLY", True, "answer with the free reply token; false: always push (counts against the "
        "monthly quota, but LINE drops a repeated push, so no answer can arrive twice)")
    loading_animation_after_seconds: float = _extra("LOADING_AFTER_SECONDS", 0.8)
    event_lease_seconds: int = _extra("EVENT_LEASE_SECONDS", 60)
    event_store_claim_seconds: int = _extra(
        "EVENT_STORE_CLAIM_SECONDS", 15, "events are stored claimed for this long (a crash is recovered after it)")
    lane_threads: int = _extra(
        "LANE_THREADS", 2, "answering threads on PostgreSQL; on SQLite, threads that take over behind a slow answer")
    recovery_interval_seconds: float = _extra("RECOVERY_INTERVAL_SECONDS", 5.0)
    event_max_attempts: int = _extra("EVENT_MAX_ATTEMPTS", 3)
    conversation_timeout_seconds: int = _extra("CONVERSATION_TIMEOUT_SECONDS", 900)
    rate_limit_per_minute: int = _extra("RATE_LIMIT_PER_MINUTE", 30)
    knowledge_refresh_seconds: float = _extra("KNOWLEDGE_REFRESH_SECONDS", 3.0)
    admin_token: SecretStr | None = _extra("ADMIN_TOKEN", None, "bearer token for the admin HTTP API")
    # school size classes (upper bounds, inclusive): เล็ก ≤499, กลาง ≤1,499, ใหญ่ ≤2,499, ใหญ่พิเศษ above
    size_small_max: int = _extra("SIZE_SMALL_MAX", 499)
    size_medium_max: int = _extra("SIZE_MEDIUM_MAX", 1499)
    size_large_max: int = _extra("SIZE_LARGE_MAX", 2499)
    # satisfaction sampling: ask for a rating after every Nth answered question (0 = never)
    rating_every_n_answers: int = _extra("RATING_EVERY_N_ANSWERS", 5)
    # incident SLA: minutes before an unacknowledged ticket reminds staff again, per priority 1..4
    sla_ack_minutes: str = _extra("SLA_ACK_MINUTES", "15,30,120,480")
    sla_resolve_hours: str = _extra("SLA_RESOLVE_HOURS", "4,8,24,72")
    # evaluation logs: days kept with user ids/texts (PDPA); the Computer Crime Act floor is 90
    interaction_retention_days: int = _extra("INTERACTION_RETENTION_DAYS", 400)
    # published files behind signed links (incident photos, report downloads): days kept after the last link expired
    file_keep_days: float = _extra("FILE_KEEP_DAYS", 7.0)
    font_path: Path | None = _extra("FONT_PATH", None, "a TTF with Thai glyphs for images/PDF")
    manual_dir: Path | None = _extra("MANUAL_DIR", None, "manual content folder (*.yaml) instead of the bundled one")
    demo_data: bool = _extra("DEMO_DATA", True, "load the bundled sample data into an empty database")

    @field_validator("interaction_retention_days")
    @classmethod
    def _retention_floor(cls, days: int) -> int:
        """The Computer Crime Act B.E. 2550 asks for at least 90 days of traffic data: never less."""
        return max(RETENTION_FLOOR_DAYS, days)

    def secret_bytes(self) -> bytes:
        """The channel secret as bytes (raises if it is not configured)."""
        if self.line_channel_secret is None or not self.line_channel_secret.get_secret_value():
            raise MissingSecretError("LINE_CHANNEL_SECRET")
        return self.line_channel_secret.get_secret_value().encode()

    def access_token(self) -> str:
        """The channel access token, or an empty string when unset (sending will then fail)."""
        return self.line_channel_access_token.get_secret_value() if self.line_channel_access_token else ""

    @property
    def is_sqlite(self) -> bool:
        """True when the database is the embedded SQLite."""
        return self.database_url.startswith("sqlite")

    def sla_ack_for(self, priority: int) -> int:
        """Minutes allowed before a ticket of this priority (1 highest) must be acknowledged."""
        return _pick(self.sla_ack_minutes, priority)

    def sla_resolve_for(self, priority: int) -> int:
        """Hours allowed before a ticket of this priority (1 highest) must be resolved."""
        return _pick(self.sla_resolve_hours, priority)


class MissingSecretError(RuntimeError):
    """A required secret (channel secret) is not configured."""


def _pick(csv: str, priority: int) -> int:
    values = [int(v) for v in csv.split(",") if v.strip()]
    return values[max(0, min(priority - 1, len(values) - 1))]


def load_settings(**overrides: object) -> Settings:
    """Read the environment (and .env) now, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
