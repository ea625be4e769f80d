"""Flash messages survive until a page shows them, however many are queued."""

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from web.session import flash, pop_flashes


async def _flash(request: Request) -> Response:
    flash(request, request.query_params["m"])
    return Response(status_code=204)


async def _show(request: Request) -> Response:
    return JSONResponse(pop_flashes(request))


async def test_a_second_flash_before_any_page_is_kept() -> None:
    app = Starlette(
        routes=[Route("/flash", _flash), Route("/show", _show)],
        middleware=[Middleware(SessionMiddleware, secret_key="test")],
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        await client.get("/flash?m=un")
        await client.get("/flash?m=deux")
        assert (await client.get("/show")).json() == ["un", "deux"]
        assert (await client.get("/show")).json() == []
