"""Transfer pledges get a unique structured communication and instructions only their backer sees."""

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.funding.models import PaymentMethod, Pledge
from colab.payments import structured
from colab.payments.models import TransferInstruction
from colab.payments.transfers import assign_reference, instructions_for, transfer_instructions
from tests.conftest import actor_of, make_user
from tests.payments.factories import live_campaign, make_admin, make_pledge, reference_of


async def test_a_transfer_pledge_gets_a_valid_structured_communication(db: None) -> None:
    pledge = await make_pledge(amount_cents=2500)
    instruction = await TransferInstruction.get(pledge_id=pledge.id)
    assert structured.is_valid(instruction.reference)
    assert instruction.amount_cents == 2500
    assert (await Pledge.get(id=pledge.id)).transfer_reference == instruction.reference


async def test_every_pledge_has_its_own_communication(db: None) -> None:
    campaign = await live_campaign()
    backer = await make_user()
    pledges = [await make_pledge(campaign, backer, 500 + i) for i in range(20)]
    references = {await reference_of(p) for p in pledges}
    assert len(references) == 20


async def test_an_online_pledge_gets_no_communication(db: None) -> None:
    pledge = await make_pledge(method=PaymentMethod.ONLINE)
    assert not await TransferInstruction.exists(pledge_id=pledge.id)


async def test_assigning_twice_keeps_the_first_reference(db: None) -> None:
    pledge = await make_pledge()
    first = await reference_of(pledge)
    assert (await assign_reference(pledge.id, pledge.amount_cents)).reference == first


async def test_the_backer_sees_the_lab_account_the_amount_and_the_qr_code(db: None) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=4200)
    shown = await instructions_for(actor_of(backer), pledge.id)
    assert shown.iban == "BE71096123456769" and shown.iban_display == "BE71 0961 2345 6769"
    assert shown.bic == "GKCCBEBB" and shown.beneficiary == "Colab Wallonie ASBL"
    assert shown.amount_cents == 4200
    assert shown.structured_reference == structured.display(await reference_of(pledge))
    assert shown.qr_svg.startswith("<svg")


async def test_someone_else_learns_nothing_of_a_pledge(db: None) -> None:
    pledge = await make_pledge()
    stranger = actor_of(await make_user(name="Curieux"))
    with pytest.raises(ColabError) as refused:
        await instructions_for(stranger, pledge.id)
    assert refused.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(ColabError) as anonymous:
        await instructions_for(ANONYMOUS, pledge.id)
    assert anonymous.value.code is ErrorCode.UNAUTHENTICATED


async def test_an_admin_sees_any_pledge_instructions(db: None) -> None:
    pledge = await make_pledge()
    assert (await instructions_for(actor_of(await make_admin()), pledge.id)).pledge_id == pledge.id


async def test_a_pledge_without_instructions_is_not_found(db: None) -> None:
    with pytest.raises(ColabError) as refused:
        await transfer_instructions(999_999)
    assert refused.value.code is ErrorCode.NOT_FOUND
