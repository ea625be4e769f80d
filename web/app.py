"""The Starlette application factory: pages, /graphql, static files, sessions, Tortoise lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from tortoise.contrib.starlette import RegisterTortoise

import colab.domains  # noqa: F401  (registers the review subjects and the event subscribers)
from colab.acting.settings import configure_acting
from colab.api.app import create_graphql_app
from colab.config import Settings, load_settings
from colab.db import tortoise_config
from colab.payments.mollie_http import install_from_settings
from colab.ratelimits import rate_limits_for
from colab.worker import acting_of, inprocess_worker
from web.authentication import ColabAuthBackend
from web.errors import http_error, server_error
from web.limits import RequestLimits
from web.pages import routes as page_routes
from web.pages.payments import STATEMENT_UPLOAD
from web.readcache import ReadCacheFront
from web.security import SecurityHeadersMiddleware

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the lab; refuses to start in production with the development secret key."""
    settings = settings or load_settings()
    settings.check()
    configure_acting(acting_of(settings))  # crowdacting's hours for the services the pages and the API call
    install_from_settings(settings)  # Mollie, when MOLLIE_API_KEY is set (the in-process worker refunds too)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # RegisterTortoise (not a bare Tortoise.init) so every request under uvicorn sees the ORM
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
            async with inprocess_worker(settings):  # WORKER=inprocess (SQLite): the events are delivered here
                # what startup built (schema, models, templates) lives as long as the process: keep it out of
                # the collector's full passes, which would otherwise walk it all and stall every request
                gc.collect()
                gc.freeze()
                yield
        await app.state.limits.close()
        await graphql.read_cache.close()

    graphql = create_graphql_app(settings)
    app = Starlette(
        debug=settings.debug,
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),  # subscriptions (graphql-transport-ws)
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
            *page_routes(settings),
        ],
        middleware=[
            # anonymous reads the cache holds are answered before the rest (with the security headers)
            *(
                [Middleware(ReadCacheFront, store=graphql.read_cache, hsts=settings.production)]
                if settings.read_cache
                else []
            ),
            # first: every response gets the headers, refusals of the request limits included
            Middleware(SecurityHeadersMiddleware, hsts=settings.production, graphiql=settings.development),
            # sizes and NUL characters before anything reads the request (a bank statement may be larger)
            Middleware(RequestLimits, larger={STATEMENT_UPLOAD: settings.statement_max_bytes + 64 * 1024}),
            Middleware(
                SessionMiddleware,
                secret_key=str(settings.secret_key),
                session_cookie="colab_session",
                max_age=settings.session_lifetime_days * 24 * 3600,
                same_site="lax",
                https_only=settings.production,
            ),
            Middleware(AuthenticationMiddleware, backend=ColabAuthBackend()),
        ],
        exception_handlers={HTTPException: http_error, 500: server_error},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.limits = rate_limits_for(settings)
    app.state.read_cache = graphql.read_cache
    return app
