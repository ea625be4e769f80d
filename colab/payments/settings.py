"""The payment settings the domain reads (the lab's bank account, the public address), read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from colab.config import load_settings


@dataclass(frozen=True)
class PaymentSettings:
    iban: str
    bic: str
    beneficiary: str
    base_url: str
    statement_max_bytes: int


@cache
def payment_settings() -> PaymentSettings:
    settings = load_settings()
    return PaymentSettings(
        iban=settings.bank_iban,
        bic=settings.bank_bic,
        beneficiary=settings.bank_beneficiary,
        base_url=settings.base_url.rstrip("/"),
        statement_max_bytes=settings.statement_max_bytes,
    )
