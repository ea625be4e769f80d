"""Payment pages: transfer instructions and QR code for the backer only, Mollie's webhook and return page, the
backer's refund account, and the admins' finance page (statement upload, lines, refunds)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from colab.actors import Role
from colab.funding.models import PaymentMethod, Pledge, PledgeStatus
from colab.payments.models import LineStatus, OnlinePayment, RefundInstruction, StatementLine
from colab.payments.structured import display
from tests.conftest import make_user
from tests.payments.factories import make_pledge, reference_of
from tests.payments.fake_mollie import FakeMollie, running
from tests.payments.statements import Entry, statement_02
from tests.web.conftest import csrf, log_in, post_form


@pytest.fixture
async def mollie() -> AsyncIterator[FakeMollie]:
    async with running() as fake:
        yield fake


async def test_the_backer_sees_the_transfer_instructions_and_the_qr_code(web: httpx.AsyncClient) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=2500)
    await log_in(web, backer)
    page = await web.get(f"/soutiens/{pledge.id}/virement")
    assert page.status_code == 200
    assert "BE71 0961 2345 6769" in page.text and "Colab Wallonie ASBL" in page.text
    assert display(await reference_of(pledge)) in page.text
    assert "25,00\u00a0€" in page.text
    assert f'src="/soutiens/{pledge.id}/qr.svg"' in page.text
    qr = await web.get(f"/soutiens/{pledge.id}/qr.svg")
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml")
    assert qr.text.startswith("<svg") and "no-store" in qr.headers["cache-control"]


@pytest.mark.parametrize("who", ["anonymous", "other"])
async def test_nobody_else_sees_a_pledge_instructions(web: httpx.AsyncClient, who: str) -> None:
    pledge = await make_pledge()
    if who == "other":
        await log_in(web, await make_user(name="Curieux"))
    for path in (f"/soutiens/{pledge.id}/virement", f"/soutiens/{pledge.id}/qr.svg"):
        response = await web.get(path)
        if who == "anonymous":
            assert response.status_code == 303 and response.headers["location"].startswith("/connexion")
        else:
            assert response.status_code == 404


async def test_paying_online_goes_to_mollie_and_the_webhook_pays(web: httpx.AsyncClient, mollie: FakeMollie) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=1250, method=PaymentMethod.ONLINE)
    await log_in(web, backer)
    token = await csrf(web, "/")
    started = await web.post(f"/soutiens/{pledge.id}/payer", data={"csrf_token": token})
    assert started.status_code == 303 and started.headers["location"].startswith("https://www.mollie.com/checkout/")
    payment = await OnlinePayment.get(pledge_id=pledge.id)
    waiting = await web.get(f"/soutiens/{pledge.id}/retour")
    assert "en cours de confirmation" in waiting.text

    mollie.set_status(payment.mollie_id, "paid")
    for _ in range(2):  # Mollie may call twice
        hook = await web.post("/paiements/mollie/webhook", data={"id": payment.mollie_id})
        assert hook.status_code == 200 and hook.text == ""
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID
    assert (
        "Merci ! Votre paiement de 12,50\u00a0€ est bien reçu." in (await web.get(f"/soutiens/{pledge.id}/retour")).text
    )


async def test_the_webhook_answers_the_same_for_unknown_ids(web: httpx.AsyncClient, mollie: FakeMollie) -> None:
    for data in ({"id": "tr_doesnotexist"}, {"id": "x" * 500}, {}):
        response = await web.post("/paiements/mollie/webhook", data=data)
        assert (response.status_code, response.text) == (200, "")
    assert mollie.requests == []


async def test_the_webhook_asks_mollie_to_call_again_when_it_is_down(
    web: httpx.AsyncClient, mollie: FakeMollie
) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    await log_in(web, backer)
    await web.post(f"/soutiens/{pledge.id}/payer", data={"csrf_token": await csrf(web, "/")})
    payment = await OnlinePayment.get(pledge_id=pledge.id)
    mollie.failing = 503
    assert (await web.post("/paiements/mollie/webhook", data={"id": payment.mollie_id})).status_code == 503


async def test_the_backer_gives_a_refund_account(web: httpx.AsyncClient) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer)
    await RefundInstruction.create(pledge_id=pledge.id, backer_id=backer.id, amount_cents=pledge.amount_cents)
    await log_in(web, backer)
    path = f"/soutiens/{pledge.id}/remboursement"
    wrong = await post_form(web, path, {"iban": "BE00 1234", "account_holder": "Marie"})
    assert wrong.status_code == 422 and "IBAN n'est pas valide" in wrong.text.replace("&#39;", "'")
    done = await post_form(web, path, {"iban": "BE68 5390 0754 7034", "account_holder": "Marie Dupont"})
    assert done.status_code == 303
    assert (await RefundInstruction.get(pledge_id=pledge.id)).iban == "BE68539007547034"


@pytest.mark.parametrize(("role", "status"), [(None, 303), (Role.CITIZEN, 403), (Role.MODERATOR, 403)])
async def test_only_admins_open_the_finance_page(web: httpx.AsyncClient, role: Role | None, status: int) -> None:
    if role is not None:
        await log_in(web, await make_user(role))
    assert (await web.get("/finances")).status_code == status


async def test_an_admin_uploads_a_statement_and_resolves_a_line(web: httpx.AsyncClient) -> None:
    admin = await make_user(Role.ADMIN, name="Admin Colab")
    pledge, other = await make_pledge(amount_cents=2500), await make_pledge(amount_cents=1000)
    xml = statement_02(
        [Entry("E1", "25.00", structured=await reference_of(pledge)), Entry("E2", "10.00", free_text="don serre")]
    )
    await log_in(web, admin)
    token = await csrf(web, "/finances")
    files = {"statement": ("releve.xml", xml, "application/xml")}
    uploaded = await web.post("/finances/releve", data={"csrf_token": token}, files=files)
    assert uploaded.status_code == 303
    page = await web.get("/finances")
    assert "1 paiement(s) rapproché(s), 1 ligne(s) à traiter" in page.text
    assert "Pas de communication structurée" in page.text
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID

    line = await StatementLine.get(status=LineStatus.UNMATCHED)
    resolved = await web.post(
        f"/finances/lignes/{line.id}", data={"csrf_token": token, "pledge_id": str(other.id), "action": "attach"}
    )
    assert resolved.status_code == 303
    assert (await Pledge.get(id=other.id)).status is PledgeStatus.PAID


async def test_a_hostile_statement_is_refused_on_the_page(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user(Role.ADMIN))
    token = await csrf(web, "/finances")
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    refused = await web.post(
        "/finances/releve", data={"csrf_token": token}, files={"statement": ("x.xml", xxe, "text/xml")}
    )
    assert refused.status_code == 422 and "root:" not in refused.text
    assert "DTD" in refused.text


async def test_a_huge_statement_is_refused_before_it_is_read(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user(Role.ADMIN))
    token = await csrf(web, "/finances")
    huge = b"<a>" + b"x" * (6 * 1024 * 1024) + b"</a>"
    refused = await web.post(
        "/finances/releve", data={"csrf_token": token}, files={"statement": ("big.xml", huge, "text/xml")}
    )
    assert refused.status_code == 413
