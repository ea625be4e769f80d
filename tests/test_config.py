"""Settings: safe production start, defaults, and .env.example documenting every setting."""

import re
from pathlib import Path

import pytest

from colab.config import DEV_SECRET_KEY, ROOT, ConfigurationError, load_settings
from web.app import create_app


def test_production_refuses_the_development_secret_key() -> None:
    settings = load_settings(environ={"ENVIRONMENT": "production", "DEBUG": "false"})
    assert str(settings.secret_key) == DEV_SECRET_KEY
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(settings)


def test_production_refuses_debug() -> None:
    settings = load_settings(environ={"ENVIRONMENT": "production", "DEBUG": "true", "SECRET_KEY": "x" * 40})
    with pytest.raises(ConfigurationError, match="DEBUG"):
        create_app(settings)


def test_production_starts_with_a_private_key() -> None:
    app = create_app(load_settings(environ={"ENVIRONMENT": "production", "SECRET_KEY": "x" * 40}))
    assert app.state.settings.production is True
    assert app.debug is False


def test_the_default_database_is_a_sqlite_file_in_a_git_ignored_folder() -> None:
    url = load_settings(env_file=ROOT / "does-not-exist.env", environ={}).database_url
    assert url == f"sqlite://{ROOT / 'var' / 'colab.sqlite3'}"
    assert "var/" in (ROOT / ".gitignore").read_text().splitlines()


def test_every_setting_is_documented_in_env_example() -> None:
    read = set(re.findall(r'config\(\s*"([A-Z_]+)"', (ROOT / "colab" / "config.py").read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no setting found in colab/config.py"
    assert read == documented


def test_env_example_defaults_match_the_code() -> None:
    documented = dict(re.findall(r"^([A-Z_]+)=(.*)$", (ROOT / ".env.example").read_text(), re.M))
    settings = load_settings(env_file=Path("/nonexistent"), environ={})
    assert documented["ENVIRONMENT"] == settings.environment
    assert documented["SECRET_KEY"] == str(settings.secret_key)
    assert int(documented["TOKEN_LIFETIME_DAYS"]) == settings.token_lifetime_days
    assert int(documented["SESSION_LIFETIME_DAYS"]) == settings.session_lifetime_days
    assert documented["BASE_URL"] == settings.base_url


@pytest.mark.parametrize("environment", ["staging", "Production", "PRODUCTION", "preprod", " production "])
def test_the_development_secret_key_is_refused_outside_development_and_test(environment: str) -> None:
    settings = load_settings(environ={"ENVIRONMENT": environment, "DEBUG": "false"})
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(settings)


@pytest.mark.parametrize("environment", ["development", "test", "Development", "TEST"])
def test_the_development_secret_key_is_accepted_in_development_and_test(environment: str) -> None:
    assert create_app(load_settings(environ={"ENVIRONMENT": environment, "DEBUG": "false"})) is not None


def test_production_in_capitals_is_production() -> None:
    settings = load_settings(environ={"ENVIRONMENT": "Production", "SECRET_KEY": "x" * 40})
    assert settings.production is True


def test_env_example_documents_the_rate_limits_as_the_code_reads_them() -> None:
    documented = dict(re.findall(r"^([A-Z_]+)=(.*)$", (ROOT / ".env.example").read_text(), re.M))
    settings = load_settings(env_file=Path("/nonexistent"), environ={})
    assert documented["REDIS_URL"] == settings.redis_url == ""
    assert documented["LOG_IN_LIMIT_PER_ACCOUNT"] == settings.log_in_limit_per_account
    assert documented["LOG_IN_LIMIT_PER_IP"] == settings.log_in_limit_per_ip
    assert documented["SIGN_UP_LIMIT_PER_IP"] == settings.sign_up_limit_per_ip
    assert documented["GRAPHQL_COST_LIMIT"] == settings.graphql_cost_limit


def test_a_wrong_bank_account_stops_the_lab_with_a_clear_message() -> None:
    with pytest.raises(ConfigurationError, match="BANK_IBAN is not a valid IBAN"):
        create_app(load_settings(environ={"ENVIRONMENT": "test", "BANK_IBAN": "BE71 0961 2345 6768"}))
    with pytest.raises(ConfigurationError, match="BANK_BIC"):
        create_app(load_settings(environ={"ENVIRONMENT": "test", "BANK_BIC": "NOTABIC"}))
    spaced = load_settings(environ={"ENVIRONMENT": "test", "BANK_IBAN": "be71 0961 2345 6769"})
    assert spaced.bank_iban == "BE71096123456769"
    spaced.check()
