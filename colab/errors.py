"""The one expected-failure path of the lab: `ColabError(code, message, field)`."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class ErrorCode(str, Enum):
    # top-level (no payload): who is asking
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    #: too many attempts or too much cost in a window: wait `retryAfter` seconds
    RATE_LIMITED = "RATE_LIMITED"
    # input
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    TOO_SHORT = "TOO_SHORT"
    INVALID = "INVALID"
    INVALID_ID = "INVALID_ID"
    # what one request may cost (colab/api/limits.py, web/limits.py, moderation/sanitize.py)
    QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    MARKUP_TOO_COMPLEX = "MARKUP_TOO_COMPLEX"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    BAD_REQUEST = "BAD_REQUEST"
    NOT_FOUND = "NOT_FOUND"
    INVALID_EMAIL = "INVALID_EMAIL"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    PASSWORD_TOO_SHORT = "PASSWORD_TOO_SHORT"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    #: a password-reset link that is malformed, expired or already used
    INVALID_LINK = "INVALID_LINK"
    UNKNOWN_TERRITORY = "UNKNOWN_TERRITORY"
    UNKNOWN_THEME = "UNKNOWN_THEME"
    NAME_TAKEN = "NAME_TAKEN"
    ALREADY_VERIFIED = "ALREADY_VERIFIED"
    ALREADY_MEMBER = "ALREADY_MEMBER"
    DATE_IN_PAST = "DATE_IN_PAST"
    CHALLENGE_CLOSED = "CHALLENGE_CLOSED"
    NEEDS_REQUIRED = "NEEDS_REQUIRED"
    # ideas
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    NOT_ACCEPTING_IDEAS = "NOT_ACCEPTING_IDEAS"
    # review queue
    SELF_REVIEW = "SELF_REVIEW"
    NOT_CLAIMED = "NOT_CLAIMED"
    ALREADY_CLAIMED = "ALREADY_CLAIMED"
    LEASE_EXPIRED = "LEASE_EXPIRED"
    ALREADY_DECIDED = "ALREADY_DECIDED"
    REASON_REQUIRED = "REASON_REQUIRED"
    MESSAGE_REQUIRED = "MESSAGE_REQUIRED"
    # reports and appeals
    ALREADY_REPORTED = "ALREADY_REPORTED"
    NOT_REPORTABLE = "NOT_REPORTABLE"
    ALREADY_APPEALED = "ALREADY_APPEALED"
    NOT_APPEALABLE = "NOT_APPEALABLE"
    SAME_MODERATOR = "SAME_MODERATOR"
    # API tokens
    SCOPE_NOT_ALLOWED = "SCOPE_NOT_ALLOWED"
    # crowdfunding (colab/funding/)
    CEILING_REACHED = "CEILING_REACHED"
    SOLD_OUT = "SOLD_OUT"
    AMOUNT_TOO_LOW = "AMOUNT_TOO_LOW"
    AMOUNT_TOO_HIGH = "AMOUNT_TOO_HIGH"
    CAMPAIGN_NOT_LIVE = "CAMPAIGN_NOT_LIVE"
    PAYMENT_MISMATCH = "PAYMENT_MISMATCH"
    CAMPAIGN_EXISTS = "CAMPAIGN_EXISTS"
    CAMPAIGN_FROZEN = "CAMPAIGN_FROZEN"
    TOO_LATE_TO_CANCEL = "TOO_LATE_TO_CANCEL"
    # payments (colab/payments/)
    STATEMENT_TOO_LARGE = "STATEMENT_TOO_LARGE"
    STATEMENT_INVALID = "STATEMENT_INVALID"
    WRONG_ACCOUNT = "WRONG_ACCOUNT"
    ALREADY_RESOLVED = "ALREADY_RESOLVED"
    ONLINE_PAYMENTS_OFF = "ONLINE_PAYMENTS_OFF"
    PAYMENT_PROVIDER_ERROR = "PAYMENT_PROVIDER_ERROR"
    NOT_PAYABLE = "NOT_PAYABLE"
    INVALID_IBAN = "INVALID_IBAN"
    # matching funds (colab/funding/funds.py)
    ORGANIZATION_NOT_VERIFIED = "ORGANIZATION_NOT_VERIFIED"
    BUDGET_BELOW_COMMITTED = "BUDGET_BELOW_COMMITTED"


#: codes that say who is asking is not allowed; GraphQL turns them into top-level errors
ACCESS_CODES = frozenset(
    {ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.TOKEN_EXPIRED, ErrorCode.RATE_LIMITED}
)


class ColabError(Exception):
    """An expected failure: a typed code, a French message for people, the input field."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    @property
    def errors(self) -> list[ColabError]:
        return [self]

    @property
    def is_access_error(self) -> bool:
        return self.code in ACCESS_CODES

    def __repr__(self) -> str:
        return f"ColabError({self.code.value}, {self.message!r}, field={self.field!r})"


class ColabErrors(ColabError):
    """Several input errors found at once, so a form can show them all."""

    def __init__(self, errors: Iterable[ColabError]) -> None:
        self._errors = list(errors)
        first = self._errors[0]
        super().__init__(first.code, first.message, first.field)

    @property
    def errors(self) -> list[ColabError]:
        return list(self._errors)


class ErrorCollector:
    """Gathers input errors; `raise_if_any()` raises them together."""

    def __init__(self) -> None:
        self.errors: list[ColabError] = []

    def add(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        self.errors.append(ColabError(code, message, field))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ColabErrors(self.errors)


def unauthenticated() -> ColabError:
    return ColabError(ErrorCode.UNAUTHENTICATED, "Connectez-vous pour faire cela.")


def forbidden(message: str = "Vous n'avez pas le droit de faire cela.") -> ColabError:
    return ColabError(ErrorCode.FORBIDDEN, message)
