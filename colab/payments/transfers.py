"""Bank transfers: every TRANSFER pledge gets its own structured communication when it is recorded, and the
backer is shown the lab's account, the amount, that communication and the EPC QR code to scan."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.actors import Actor, require_login
from colab.errors import ColabError, ErrorCode
from colab.events import subscribe
from colab.events.models import Event
from colab.funding.events import PledgeRecorded
from colab.funding.models import PaymentMethod, Pledge
from colab.funding.money import euros
from colab.payments import structured
from colab.payments.epc import epc_svg
from colab.payments.models import TransferInstruction
from colab.payments.settings import payment_settings


@dataclass(frozen=True)
class Instructions:
    iban: str
    bic: str
    beneficiary: str
    amount_cents: int
    #: `+++ddd/dddd/ddddd+++`
    structured_reference: str
    #: the EPC QR code, a standalone SVG document we generated (no user text in it but the lab's own settings)
    qr_svg: str
    pledge_id: int

    @property
    def iban_display(self) -> str:
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))

    @property
    def amount_display(self) -> str:
        return euros_fr(self.amount_cents)


def euros_fr(amount_cents: int) -> str:
    """25,00 € ; 1 250,00 € (French writing, a narrow no-break space between thousands)."""
    return euros(amount_cents, always_decimals=True, no_break=True)


@subscribe(PledgeRecorded)
async def give_structured_communication(event: PledgeRecorded, row: Event) -> None:
    """A transfer pledge gets a structured communication no other pledge has, in the recording transaction."""
    if event.method != PaymentMethod.TRANSFER.value:
        return
    await assign_reference(event.pledge_id, event.amount_cents)


async def assign_reference(pledge_id: int, amount_cents: int) -> TransferInstruction:
    """Idempotent: a pledge keeps its first reference. A random reference already taken is drawn again."""
    existing = await TransferInstruction.get_or_none(pledge_id=pledge_id)
    if existing is not None:
        return existing
    for _ in range(20):
        reference = structured.new_reference()
        if await TransferInstruction.exists(reference=reference):
            continue
        try:
            async with in_transaction():  # a savepoint: a collision does not abort the pledge's transaction
                instruction = await TransferInstruction.create(
                    pledge_id=pledge_id, reference=reference, amount_cents=amount_cents
                )
        except IntegrityError:
            continue
        await Pledge.filter(id=pledge_id).update(transfer_reference=reference)
        return instruction
    raise RuntimeError("no free structured communication found in 20 draws")  # 1e10 numbers: never in practice


def _not_found() -> ColabError:
    return ColabError(ErrorCode.NOT_FOUND, "Ce soutien n'existe pas ou ne se paie pas par virement.", "pledgeId")


async def transfer_instructions(pledge_id: int) -> Instructions:
    """What the backer needs to pay a transfer pledge (no permission check: see `instructions_for`)."""
    instruction = await TransferInstruction.get_or_none(pledge_id=pledge_id)
    if instruction is None:
        raise _not_found()
    bank = payment_settings()
    return Instructions(
        iban=bank.iban,
        bic=bank.bic,
        beneficiary=bank.beneficiary,
        amount_cents=instruction.amount_cents,
        structured_reference=structured.display(instruction.reference),
        qr_svg=epc_svg(
            name=bank.beneficiary,
            iban=bank.iban,
            bic=bank.bic,
            amount_cents=instruction.amount_cents,
            reference=instruction.reference,
            title="Code QR du virement (EPC)",
        ),
        pledge_id=pledge_id,
    )


async def instructions_for(actor: Actor, pledge_id: int) -> Instructions:
    """Only the backer (and the lab's admins) see a pledge's transfer instructions; others learn nothing."""
    user_id = require_login(actor)
    pledge = await Pledge.get_or_none(id=pledge_id).only("id", "backer_id")
    if pledge is None or (pledge.backer_id != user_id and not actor.is_admin):
        raise _not_found()
    return await transfer_instructions(pledge_id)
