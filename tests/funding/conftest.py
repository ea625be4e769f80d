"""The web client fixture, for the card's test through the project page."""

from tests.web.conftest import web  # noqa: F401
