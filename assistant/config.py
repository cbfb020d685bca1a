"""Settings for the whole assistant, read once from ASSISTANT_* variables with offline-safe defaults."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.errors import ConfigError

LLM_PROVIDERS = ("none", "ollama", "openai")


class Settings(BaseSettings):
    """Everything configurable; every default works offline on a fresh machine."""

    # An empty variable (ASSISTANT_LLM=) means "use the default", as it would if it were unset.
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore", env_ignore_empty=True)

    # Where things live. Relative paths resolve against the working directory,
    # which is the project root for `make run`, `ingest.py` and `app.py`.
    data_dir: Path = Path("data")
    knowledge_dir: Path = Path("knowledge")
    collection: str = "articles"

    # A Chroma server instead of the embedded store, for a studio that outgrows one machine.
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False
    chroma_retries: int = 3
    # A stalled server must not hang a visitor: each request to it is bounded (seconds).
    chroma_connect_timeout_s: float = 5.0
    chroma_read_timeout_s: float = 20.0

    # The studio's own blog, beside knowledge/ (README, "Use your own blog"): sources separated by spaces
    # or commas, each "sitemap:URL", "wxr:FILE" (a WordPress export) or "pages:DIR" (saved HTML pages).
    blog_sources: Annotated[list[str], NoDecode] = []
    # Polite fetching of sitemap pages: a user agent naming the project, a pause between requests
    # (robots.txt's Crawl-delay wins when longer), timeouts, bounded retries and a size cap per page.
    fetch_user_agent: str = "posture-assistant/0.1 (blog indexer for a posture studio's assistant)"
    fetch_delay_s: float = Field(default=1.0, ge=0)
    fetch_timeout_s: float = Field(default=15.0, gt=0)
    fetch_retries: int = Field(default=2, ge=0, le=5)
    fetch_backoff_s: float = Field(default=1.0, ge=0)
    fetch_max_bytes: int = Field(default=2_000_000, gt=0)

    # Embedding runtime: "auto" uses the ONNX export when it exists (fast start, no torch
    # import) and sentence-transformers otherwise; "torch" forces sentence-transformers.
    embedding_runtime: Literal["auto", "onnx", "torch"] = "auto"

    # Retrieval.
    top_k: int = 5
    # Best cosine similarity (passage or FAQ question) below which a question counts as not covered
    # (unless a curated question matches; see assistant/answer/direct.py). Calibrated on
    # tests/data/answer_dev.jsonl (48 uncovered near-misses): 0.30 declined 42% of them, 0.50 declines
    # most while keeping false declines of covered questions near 6%.
    relevance_threshold: float = 0.50

    # Optional language model: "none", or provider:model such as "ollama:llama3.1",
    # "openai:gpt-4o-mini"; llm_base_url points "openai:" at any compatible server.
    llm: str = "none"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    # The whole reply, retries included, is bounded: the first token within llm_first_token_s, all of it
    # within llm_timeout_s (the CLI and email drafts) or chat_llm_timeout_s (a visitor waiting in the chat).
    llm_timeout_s: float = 30.0
    llm_first_token_s: float = 10.0
    chat_llm_timeout_s: float = 8.0

    # The studio, used in articles, answers, drafts and the app.
    region: Literal["uk", "us"] = "uk"
    studio_name: str = "The Posture Studio"
    site_url: str = "https://posture-studio.example"
    booking_url: str = "https://posture-studio.example/book"
    studio_phone: str = "01234 567890"
    studio_email: str = "hello@posture-studio.example"
    specialist_name: str = "Deb"
    # The studio's practical details for the logistics answers (knowledge/answers/studio-logistics.yaml).
    # Unset, the answer says to ask the studio instead of guessing.
    assessment_price: str = ""
    opening_hours: str = ""
    studio_address: str = ""
    insurance: str = ""
    session_length: str = ""
    cancellation_policy: str = ""
    signature: str = "Warm regards,\n{specialist_name}\n{studio_name}\n{studio_phone} | {studio_email}"

    # Limits for the public chat.
    max_message_chars: int = 8000
    # Bounded inputs: one article file (bigger ones are skipped with a reason), and how deep an
    # article's HTML may nest before it is refused. (Email caps: assistant/email/parse.py.)
    max_article_bytes: int = 2_000_000
    max_html_depth: int = 200
    rate_limit_per_minute: int = 10

    # Insights (off by default: health conversations are private).
    log_questions: bool = False
    database_url: str | None = None
    retention_days: int = 90
    insights_password_hash: SecretStr | None = Field(default=None)

    # Staff pages (Email desk, Insights, Standard answers): one login. The hash comes from
    # `python -m assistant insights hash-password`; unset, the older insights_password_hash is used.
    staff_password_hash: SecretStr | None = Field(default=None)
    staff_session_minutes: int = 30  # signed out after this long without using a staff page
    staff_max_failures: int = 5  # wrong passwords in a row before the login locks
    staff_lockout_minutes: int = 15

    # The website API and widget (assistant/api). Origins are comma-separated, e.g.
    # "https://posture-studio.example,https://www.posture-studio.example"; empty allows none.
    allowed_origins: str = ""
    # Whether the studio's site gives each article section heading an id made from its text (as WordPress
    # table-of-contents plugins do): then the widget's citations open the article at the section quoted.
    site_section_anchors: bool = False
    api_max_body_bytes: int = 65_536
    conversation_idle_minutes: int = 60  # the server forgets a conversation idle this long
    max_conversations: int = 5000  # the oldest idle ones are forgotten first
    widget_colour: str = "#1f5f8b"
    widget_greeting: str = "Hi! I answer questions about posture, back pain and sciatica from the studio's articles."
    # Suggested questions, separated by "|".
    widget_suggestions: str = ("Why does one hip sit higher than the other?|How long should I foam roll?|"
                               "What can I do about sciatica at my desk?|What happens at a posture assessment?")

    # The studio's mailbox (`assistant mail sync`): drafts replies into Drafts over IMAP, never sends.
    # The password is an app password from the environment (ASSISTANT_IMAP_PASSWORD), never the account's own.
    imap_host: str | None = None
    imap_port: int | None = None  # default: 993 for ssl, 143 for starttls and plain
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    # ssl (IMAPS) or starttls; plain (no encryption) is refused unless the host is a loopback address.
    imap_security: Literal["ssl", "starttls", "plain"] = "ssl"
    # A certificate (or private CA) to trust instead of the system's, for a self-hosted server; never "don't verify".
    imap_ca_file: Path | None = None
    imap_inbox_folder: str = "INBOX"
    imap_drafts_folder: str = "Drafts"
    imap_timeout_s: float = 30.0
    # Only messages that arrived in the last imap_since_days are read, at most imap_max_per_sync per run.
    imap_since_days: int = Field(default=14, ge=1)
    imap_max_per_sync: int = Field(default=50, ge=1)
    # False: record processed messages in data_dir instead of an IMAP keyword (servers without keywords).
    imap_use_keywords: bool = True

    @field_validator("llm")
    @classmethod
    def _known_provider(cls, value: str) -> str:
        provider = value.split(":", 1)[0].strip().lower()
        if provider not in LLM_PROVIDERS:
            raise ValueError(
                f"unknown llm provider {provider!r} in ASSISTANT_LLM={value!r} "
                f"(expected one of: {', '.join(LLM_PROVIDERS)}; e.g. ollama:llama3.1)"
            )
        return value.strip()

    @field_validator("blog_sources", mode="before")
    @classmethod
    def _split_sources(cls, value: object) -> object:
        if isinstance(value, str):
            return [v for v in value.replace(",", " ").split() if v]
        return value

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, value: str) -> str:
        if len(value) < 3:
            raise ValueError(f"collection name {value!r} is too short (Chroma needs 3+ characters)")
        return value

    @field_validator("widget_colour")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip()):
            raise ValueError(f"colour {value!r} is not a #rrggbb hex colour (e.g. #1f5f8b)")
        return value.strip()

    @property
    def origins(self) -> tuple[str, ...]:
        """The website origins the API answers from a browser (CORS allow-list)."""
        return tuple(o.strip().rstrip("/") for o in self.allowed_origins.split(",") if o.strip())

    @property
    def suggestions(self) -> tuple[str, ...]:
        """The widget's suggested questions."""
        return tuple(q.strip() for q in self.widget_suggestions.split("|") if q.strip())

    @property
    def staff_hash(self) -> str:
        """The staff password hash (staff_password_hash, else insights_password_hash), or ''."""
        for secret in (self.staff_password_hash, self.insights_password_hash):
            if secret is not None and secret.get_secret_value().strip():
                return secret.get_secret_value().strip()
        return ""

    @property
    def chroma_dir(self) -> Path:
        """Folder of the embedded Chroma store."""
        return self.data_dir / "chroma"

    @property
    def onnx_model_path(self) -> Path:
        """Where ingest writes the ONNX export of the embedding model."""
        return self.data_dir / "models" / "all-MiniLM-L6-v2.onnx"

    @property
    def uses_chroma_server(self) -> bool:
        """Whether a Chroma server is configured instead of the embedded store."""
        return bool(self.chroma_host)

    @property
    def mailbox_dir(self) -> Path:
        """Where the mail sync keeps its queue and, without IMAP keywords, its record of processed messages."""
        return self.data_dir / "mailbox"

    @property
    def studio_fields(self) -> dict[str, str]:
        """Placeholder values that articles and messages may use."""
        fields = {
            "studio_name": self.studio_name,
            "site_url": self.site_url.rstrip("/"),
            "booking_url": self.booking_url,
            "studio_phone": self.studio_phone,
            "studio_email": self.studio_email,
            "specialist_name": self.specialist_name,
            "assessment_price": self.assessment_price,
            "opening_hours": self.opening_hours,
            "studio_address": self.studio_address,
            "insurance": self.insurance,
            "session_length": self.session_length,
            "cancellation_policy": self.cancellation_policy,
        }
        return fields

    @property
    def signature_text(self) -> str:
        """The email signature with the studio's details filled in."""
        return fill_placeholders(self.signature, self.studio_fields)

    @property
    def database_location(self) -> str:
        """SQLAlchemy URL of the insights store."""
        return self.database_url or f"sqlite:///{self.data_dir / 'insights.sqlite3'}"


def fill_placeholders(text: str, fields: dict[str, str]) -> str:
    """Replace only the known {name} placeholders, leaving any other braces alone."""
    for key, value in fields.items():
        text = text.replace("{" + key + "}", value)
    return text


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use; ConfigError names a bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        raise config_error(exc) from None


def config_error(exc: ValidationError) -> ConfigError:
    """One line per bad variable: its name, what is wrong and what is allowed (never a secret's value)."""
    names, lines = [], []
    for error in exc.errors():
        field = str(error["loc"][0]) if error.get("loc") else ""
        name = f"ASSISTANT_{field.upper()}" if field else "configuration"
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        names.append(name)
        lines.append(f"{name}: {message}")
    return ConfigError("invalid configuration: " + "; ".join(lines), tuple(names))
