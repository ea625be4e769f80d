"""Rate limits (the `limits` library): in memory by default, shared in Redis when REDIS_URL is set.

What is counted:
- log-in attempts, per account (the address typed) and per client IP: every attempt counts, before
  the password is checked, so 15 aliased `logIn` fields in one request are 15 attempts;
- sign-ups, per address and per client IP;
- GraphQL requests, per token (or per IP without one), weighted by their cost (`request_cost`).

Log-ins and sign-ups count in moving windows (every attempt remembered for the window: a burst at the edge
of a window gains nothing; they are few). The GraphQL cost, charged on every request, counts in a sliding
window counter: two counters per client, the previous window weighted by its overlap with the moving one,
so a burst at the edge gains little. A moving window kept one entry per unit of cost (a list of 18 units
costs 18), copied and trimmed on every hit in memory: its cost grew with the traffic of the last minute.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter, RateLimiter, SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string

from colab.config import Settings
from colab.errors import ColabError, ErrorCode

#: one field of a document costs this fraction of a request: cost = 1 + fields // FIELDS_PER_UNIT
FIELDS_PER_UNIT = 20


class RateLimited(ColabError):
    """Too many attempts, or too much cost, in the window; `retry_after` says in how many seconds to retry."""

    def __init__(self, retry_after: int, message: str = "Trop de tentatives. Réessayez un peu plus tard.") -> None:
        super().__init__(ErrorCode.RATE_LIMITED, message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class LimitSettings:
    log_in_per_account: str = "10 per 15 minutes"
    log_in_per_ip: str = "50 per 15 minutes"
    sign_up_per_ip: str = "10 per hour"
    graphql_cost: str = "1000 per minute"


def request_cost(field_count: int) -> int:
    """The weight of one GraphQL request: 1, plus 1 for every 20 fields its document selects."""
    return 1 + max(field_count, 0) // FIELDS_PER_UNIT


def _private(value: str) -> str:
    # addresses are hashed: Redis keys stay short and hold no one's email (longer than any address: cut)
    return hashlib.sha256(value[:400].strip().lower().encode()).hexdigest()[:32]


class RateLimits:
    """The lab's limits on one storage (one per app; Redis shares them between processes)."""

    def __init__(self, redis_url: str = "", prefix: str = "colab", settings: LimitSettings | None = None) -> None:
        if redis_url:
            uri = "async+" + redis_url if not redis_url.startswith("async+") else redis_url
            storage = storage_from_string(uri, implementation="redispy", key_prefix=prefix)
        else:
            storage = storage_from_string("async+memory://")
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(storage)
        self.cost_limiter = SlidingWindowCounterRateLimiter(storage)
        values = settings or LimitSettings()
        self.log_in_per_account = parse(values.log_in_per_account)
        self.log_in_per_ip = parse(values.log_in_per_ip)
        self.sign_up_per_ip = parse(values.sign_up_per_ip)
        self.graphql_cost = parse(values.graphql_cost)

    async def close(self) -> None:
        """Close the Redis connections (nothing to do in memory)."""
        client = getattr(getattr(self.storage, "bridge", None), "storage", None)
        if client is not None:
            await client.aclose()

    async def _hit(self, item: RateLimitItem, *keys: str, cost: int = 1, limiter: RateLimiter | None = None) -> None:
        limiter = limiter or self.limiter
        if not await limiter.hit(item, *keys, cost=cost):
            stats = await limiter.get_window_stats(item, *keys)
            raise RateLimited(max(1, math.ceil(stats.reset_time - time.time())))

    async def log_in_attempt(self, ip: str, email: str) -> None:
        """Count one log-in attempt; raises RateLimited past the account's or the IP's limit."""
        await self._hit(self.log_in_per_ip, "log-in-ip", ip)
        await self._hit(self.log_in_per_account, "log-in-account", _private(email))

    async def sign_up_attempt(self, ip: str, email: str) -> None:
        """Count one sign-up; raises RateLimited past the IP's limit or the address's (same limit as log-in)."""
        await self._hit(self.sign_up_per_ip, "sign-up-ip", ip)
        await self._hit(self.log_in_per_account, "sign-up-account", _private(email))

    async def graphql_request(self, client: str, cost: int) -> None:
        """Charge one GraphQL request's cost to its token (`token:<id>`) or IP (`ip:<address>`)."""
        try:
            await self._hit(self.graphql_cost, "graphql", client, cost=cost, limiter=self.cost_limiter)
        except RateLimited as limited:
            raise RateLimited(limited.retry_after, "Trop de requêtes. Réessayez un peu plus tard.") from None


def rate_limits_for(settings: Settings) -> RateLimits:
    limits = LimitSettings(
        log_in_per_account=settings.log_in_limit_per_account,
        log_in_per_ip=settings.log_in_limit_per_ip,
        sign_up_per_ip=settings.sign_up_limit_per_ip,
        graphql_cost=settings.graphql_cost_limit,
    )
    return RateLimits(settings.redis_url, settings.rate_limit_prefix, limits)
