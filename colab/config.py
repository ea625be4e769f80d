"""Settings, read from the environment and an optional `.env` file (see .env.example)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.config import Config
from starlette.datastructures import Secret

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-insecure-secret-change-me"
DEFAULT_DATABASE_URL = f"sqlite://{ROOT / 'var' / 'colab.sqlite3'}"
#: the only environments where the public development key may sign sessions
DEV_ENVIRONMENTS = frozenset({"development", "test"})


class ConfigurationError(RuntimeError):
    """The settings do not allow the lab to start safely."""


@dataclass(frozen=True)
class Settings:
    environment: str
    debug: bool
    secret_key: Secret
    database_url: str
    token_lifetime_days: int
    session_lifetime_days: int
    base_url: str
    #: a file of words that flag a submission (one per line); empty: the list shipped in moderation/
    moderation_blocklist_file: str = ""
    #: reported content is hidden automatically at this many reports from accounts at least this old
    reports_to_hide: int = 3
    reporter_min_account_days: int = 7
    #: days an accepted team applicant has to confirm before the application expires
    team_confirm_days: int = 7
    #: an expert credential a moderator grants lasts this many days
    expert_credential_days: int = 730
    #: "inprocess": the server runs the worker (the SQLite default); "external": `colab worker` processes do
    worker: str = "inprocess"
    worker_poll_seconds: float = 1.0
    worker_lease_seconds: int = 300
    worker_max_attempts: int = 8
    #: "files" (var/mail, the development default), "console" or "smtp"
    mail_backend: str = "files"
    mail_dir: str = "var/mail"
    mail_from: str = "Colab Wallonie <noreply@colab.wallonie.be>"
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: Secret = Secret("")
    #: "starttls", "tls" (implicit, port 465) or "none"
    smtp_tls: str = "starttls"
    #: Redis for the rate limits (shared by every process); empty: in this process's memory
    redis_url: str = ""
    #: anonymous public reads answered from the read cache (colab/api/cache.py); off only to measure without it
    read_cache: bool = True
    log_in_limit_per_account: str = "10 per 15 minutes"
    log_in_limit_per_ip: str = "50 per 15 minutes"
    sign_up_limit_per_ip: str = "10 per hour"
    graphql_cost_limit: str = "1000 per minute"
    #: the prefix of the rate limits' Redis keys (tests give each test its own)
    rate_limit_prefix: str = "colab"
    #: where uploaded images (project covers) are stored (colab/storage.py DiskStorage)
    upload_dir: str = str(ROOT / "var" / "uploads")
    #: crowdacting (colab/acting): a late cancellation, how long an offered place is held, when reminders go
    acting_late_cancel_hours: int = 24
    acting_offer_hours: int = 24
    acting_reminder_hours: int = 24
    # crowdfunding (colab/funding/): the smallest and largest pledge, how long a transfer or an online payment
    # may take before the pledge expires, how long a closed campaign waits for announced transfers
    funding_min_pledge_cents: int = 500
    funding_max_pledge_cents: int = 1_000_000
    funding_transfer_days: int = 10
    funding_online_hold_minutes: int = 30
    funding_grace_days: int = 5
    # payments (colab/payments/): the lab's bank account shown with transfer instructions (checked with schwifty
    # at startup), and Mollie for online payments (no key: the online option is hidden)
    bank_iban: str = "BE71096123456769"
    bank_bic: str = "GKCCBEBB"
    bank_beneficiary: str = "Colab Wallonie ASBL"
    mollie_api_key: Secret = Secret("")
    mollie_api_url: str = "https://api.mollie.com/v2"
    #: largest CAMT.053 statement accepted, in bytes
    statement_max_bytes: int = 5 * 1024 * 1024

    @property
    def production(self) -> bool:
        return self.environment.strip().lower() == "production"

    @property
    def development(self) -> bool:
        return self.environment.strip().lower() == "development"

    def check(self) -> None:
        """Refuse the public development key anywhere but development and test (any spelling of the name)."""
        if self.environment.strip().lower() not in DEV_ENVIRONMENTS and str(self.secret_key) in ("", DEV_SECRET_KEY):
            raise ConfigurationError(
                f"SECRET_KEY must be set to a private random value when ENVIRONMENT={self.environment}"
                " (the development key is accepted only in development and test)"
            )
        if self.production and self.debug:
            raise ConfigurationError("DEBUG must be off when ENVIRONMENT=production")
        if self.worker not in ("inprocess", "external"):
            raise ConfigurationError("WORKER must be inprocess or external")
        if self.mail_backend not in ("files", "console", "smtp"):
            raise ConfigurationError("MAIL_BACKEND must be files, console or smtp")
        if self.smtp_tls not in ("starttls", "tls", "none"):
            raise ConfigurationError("SMTP_TLS must be starttls, tls or none")
        _check_bank_account(self.bank_iban, self.bank_bic)


def _check_bank_account(iban: str, bic: str) -> None:
    """The lab's IBAN and BIC must be real (schwifty checks the country format and the check digits)."""
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        IBAN(iban)
    except SchwiftyException as error:
        raise ConfigurationError(f"BANK_IBAN is not a valid IBAN ({iban!r}): {error}") from error
    try:
        BIC(bic)
    except SchwiftyException as error:
        raise ConfigurationError(f"BANK_BIC is not a valid BIC ({bic!r}): {error}") from error


def _default_worker(database_url: str) -> str:
    return "external" if database_url.startswith(("postgres", "asyncpg")) else "inprocess"


def load_settings(env_file: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read the settings; explicit `environ` (tests) wins over the process environment."""
    path = Path(env_file) if env_file else ROOT / ".env"
    config = (
        Config(path if path.exists() else None, environ=environ)
        if environ is not None
        else Config(path if path.exists() else None)
    )
    environment = config("ENVIRONMENT", default="development")
    database_url = config("DATABASE_URL", default=DEFAULT_DATABASE_URL)
    return Settings(
        environment=environment,
        debug=config("DEBUG", cast=bool, default=environment == "development"),
        secret_key=Secret(config("SECRET_KEY", default=DEV_SECRET_KEY)),
        database_url=database_url,
        token_lifetime_days=config("TOKEN_LIFETIME_DAYS", cast=int, default=30),
        session_lifetime_days=config("SESSION_LIFETIME_DAYS", cast=int, default=14),
        base_url=config("BASE_URL", default="http://127.0.0.1:8000"),
        moderation_blocklist_file=config("MODERATION_BLOCKLIST_FILE", default=""),
        reports_to_hide=config("REPORTS_TO_HIDE", cast=int, default=3),
        reporter_min_account_days=config("REPORTER_MIN_ACCOUNT_DAYS", cast=int, default=7),
        team_confirm_days=config("TEAM_CONFIRM_DAYS", cast=int, default=7),
        expert_credential_days=config("EXPERT_CREDENTIAL_DAYS", cast=int, default=730),
        # SQLite has one writer: the server's own worker is the only one; PostgreSQL runs `colab worker` processes
        worker=config("WORKER", default=_default_worker(database_url)),
        worker_poll_seconds=config("WORKER_POLL_SECONDS", cast=float, default=1.0),
        worker_lease_seconds=config("WORKER_LEASE_SECONDS", cast=int, default=300),
        worker_max_attempts=config("WORKER_MAX_ATTEMPTS", cast=int, default=8),
        mail_backend=config("MAIL_BACKEND", default="smtp" if environment == "production" else "files"),
        mail_dir=config("MAIL_DIR", default="var/mail"),
        mail_from=config("MAIL_FROM", default="Colab Wallonie <noreply@colab.wallonie.be>"),
        smtp_host=config("SMTP_HOST", default="localhost"),
        smtp_port=config("SMTP_PORT", cast=int, default=587),
        smtp_user=config("SMTP_USER", default=""),
        smtp_password=Secret(config("SMTP_PASSWORD", default="")),
        smtp_tls=config("SMTP_TLS", default="starttls"),
        redis_url=config("REDIS_URL", default=""),
        read_cache=config("READ_CACHE", cast=bool, default=True),
        log_in_limit_per_account=config("LOG_IN_LIMIT_PER_ACCOUNT", default="10 per 15 minutes"),
        log_in_limit_per_ip=config("LOG_IN_LIMIT_PER_IP", default="50 per 15 minutes"),
        sign_up_limit_per_ip=config("SIGN_UP_LIMIT_PER_IP", default="10 per hour"),
        graphql_cost_limit=config("GRAPHQL_COST_LIMIT", default="1000 per minute"),
        upload_dir=config("UPLOAD_DIR", default=str(ROOT / "var" / "uploads")),
        acting_late_cancel_hours=config("ACTING_LATE_CANCEL_HOURS", cast=int, default=24),
        acting_offer_hours=config("ACTING_OFFER_HOURS", cast=int, default=24),
        acting_reminder_hours=config("ACTING_REMINDER_HOURS", cast=int, default=24),
        funding_min_pledge_cents=config("FUNDING_MIN_PLEDGE_CENTS", cast=int, default=500),
        funding_max_pledge_cents=config("FUNDING_MAX_PLEDGE_CENTS", cast=int, default=1_000_000),
        funding_transfer_days=config("FUNDING_TRANSFER_DAYS", cast=int, default=10),
        funding_online_hold_minutes=config("FUNDING_ONLINE_HOLD_MINUTES", cast=int, default=30),
        funding_grace_days=config("FUNDING_GRACE_DAYS", cast=int, default=5),
        bank_iban=config("BANK_IBAN", default="BE71096123456769").replace(" ", "").upper(),
        bank_bic=config("BANK_BIC", default="GKCCBEBB").strip().upper(),
        bank_beneficiary=config("BANK_BENEFICIARY", default="Colab Wallonie ASBL").strip(),
        mollie_api_key=Secret(config("MOLLIE_API_KEY", default="")),
        mollie_api_url=config("MOLLIE_API_URL", default="https://api.mollie.com/v2").rstrip("/"),
        statement_max_bytes=config("STATEMENT_MAX_BYTES", cast=int, default=5 * 1024 * 1024),
    )
