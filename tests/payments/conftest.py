from collections.abc import AsyncIterator

import pytest

from tests.payments.fake_mollie import FakeMollie, running


@pytest.fixture
async def mollie() -> AsyncIterator[FakeMollie]:
    async with running() as fake:
        yield fake
